"""Tooling for development and measurement, not part of the registry itself:
the demo-data generator and its fast writers (`seed_demo`), the benchmark of
typical requests (`benchmark`), the demo accounts (`demo_admin`) and the
generator of the region boundaries (`geodata`, run by hand).

Installed only where wanted (the DEVTOOLS setting, on by default with DEBUG).
It may import the registry's apps; none of them imports it.
"""

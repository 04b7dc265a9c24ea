"""The region boundaries' generator (build_regions): run by a developer, it
writes entities/geodata/regions.json, which the registry reads at run time."""

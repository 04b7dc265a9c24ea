"""Whether the registry holds demo records, which every page then says."""

from core.freshness import cached_figure
from entities.models import Entity


def demo_data_present():
    """Any demo entity, in any state: one EXISTS, cached until the published
    data changes (seeding demo data, or deleting published records, moves it on)."""
    demo = Entity.objects.filter(is_demo=True)
    return cached_figure("demo-present", demo, demo.exists, key="demo-present")

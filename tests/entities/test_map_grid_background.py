"""The map's grid rebuilt in a thread of its own (entities.map_grid), as a
map that finds it behind the published data starts it by default. A module
of its own: the rebuild's connection sees only committed rows, so the test
commits, which no module-wide transaction may hold open around it."""

import pytest
from django.db import connection

from entities import map_grid
from entities.models import MapGridCell

from ..factories import EntityFactory


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's test database lives in memory, locked to another thread's connection",
)
def test_a_map_that_finds_the_grid_behind_rebuilds_it_in_the_background(settings):
    settings.MAP_GRID_REFRESH = "background"
    EntityFactory(name="Placed", region_id="TH-10")
    thread = map_grid.refresh()
    assert thread is not None
    thread.join(timeout=60)
    assert map_grid.is_current()
    assert sum(MapGridCell.objects.filter(level=0).values_list("count", flat=True)) == 1
    assert map_grid.cache.get(map_grid.BUILDING_KEY) is None

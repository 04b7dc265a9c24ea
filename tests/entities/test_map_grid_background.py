"""The map's grid rebuilt in a thread of its own (entities.map_grid), as a
map that finds it behind the published data starts it by default. A module
of its own: the rebuild's connection sees only committed rows, so the test
commits, which no module-wide transaction may hold open around it."""

import io
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections

from entities import map_grid
from entities.models import MapGridCell

from ..factories import EntityFactory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite's test database lives in memory, locked to another thread's connection",
    ),
]


def test_a_map_that_finds_the_grid_behind_rebuilds_it_in_the_background(settings):
    settings.MAP_GRID_REFRESH = "background"
    EntityFactory(name="Placed", region_id="TH-10")
    thread = map_grid.refresh()
    assert thread is not None
    thread.join(timeout=60)
    assert map_grid.is_current()
    assert sum(MapGridCell.objects.filter(level=0, facet="").values_list("count", flat=True)) == 1
    assert map_grid.cache.get(map_grid.BUILDING_KEY) is None


def test_two_rebuilds_at_once_count_each_entity_once(monkeypatch):
    # A rebuild in a thread, slowed while it counts; the command meanwhile.
    for index in range(3):
        EntityFactory(name=f"Placed {index}", region_id="TH-10")
    counting = map_grid._finest

    def slowly():
        time.sleep(1)
        return counting()

    monkeypatch.setattr(map_grid, "_finest", slowly)

    def rebuild_and_close():
        try:
            map_grid.rebuild()
        finally:
            connections.close_all()  # the thread's own connection

    first = threading.Thread(target=rebuild_and_close)
    first.start()
    time.sleep(0.3)
    call_command("refresh_map_grid", stdout=io.StringIO())
    first.join(timeout=60)
    for level in (0, map_grid.LEVELS):
        held = MapGridCell.objects.filter(level=level, facet="").values_list("count", flat=True)
        assert sum(held) == 3
    assert map_grid.is_current()

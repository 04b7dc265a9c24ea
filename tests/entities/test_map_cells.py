"""Where the map places entities and how it counts them by grid cell
(entities.map_cells)."""

import pytest

from entities import geography, map_cells
from entities.models import Entity


def published():
    return Entity.objects.published()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1,2,3",
        "1,2,3,4,5",
        "a,b,c,d",
        "nan,0,1,1",
        "0,0,inf,1",
        "-181,0,1,1",
        "0,-91,1,1",
        "0,0,181,1",
        "0,0,1,91",
        "5,0,4,1",
        "0,5,1,4",
        "1,1,1,2",
        # Forms float() takes that are not plain decimals
        "1e1,0,20,1",
        "0,0,1E1,1",
        " 97.3,5.6,105.7,20.5",
        "97.3, 5.6,105.7,20.5",
        "97.3,5.6,105.7,20.5\n",
        "9 7.3,5.6,105.7,20.5",
        "97_3,5.6,105.7,20.5",
        "97.,5.6,105.7,20.5",
        ".5,5.6,105.7,20.5",
        "97.3,5.6,١٠٥,20.5",
        "Infinity,0,1,1",
        "-nan,0,1,1",
        "0x10,0,20,1",
        "97.3,5.6,105.7,20.5,",
        None,
    ],
)
def test_a_bad_bbox_is_refused_naming_bbox(text):
    with pytest.raises(ValueError, match="bbox"):
        map_cells.parse_bbox(text)


def test_a_bbox_is_four_plain_decimals():
    assert map_cells.parse_bbox("97.3,5.6,105.7,20.5") == (97.3, 5.6, 105.7, 20.5)
    assert map_cells.parse_bbox("-180,-90.000,+180,90") == (-180, -90, 180, 90)
    assert map_cells.parse_bbox("097,5,105.0000001,20") == (97, 5, 105.0000001, 20)


@pytest.mark.parametrize(
    "text", ["", "x", "1.5", "-1", "19", None, " 5", "5\n", "+5", "1e1", "٥", "1_0", "0005"]
)
def test_a_bad_zoom_is_refused_naming_zoom(text):
    with pytest.raises(ValueError, match="zoom"):
        map_cells.parse_zoom(text)


def test_a_zoom_is_a_whole_number_up_to_the_maximum():
    assert map_cells.parse_zoom("0") == 0
    assert map_cells.parse_zoom("18") == map_cells.MAX_ZOOM == 18


def test_positions_are_stored_coordinates_else_the_regions_point(shared_registry):
    found = {pk: rest for pk, *rest in map_cells.positions(published())}
    th_coop, th_ce = shared_registry["th_coop"], shared_registry["th_ce"]
    assert found[th_coop.pk] == [16.4322, 102.8236, "locality"]
    latitude, longitude = geography.region_centroid("TH-50")
    assert found[th_ce.pk] == [latitude, longitude, "region"]
    assert set(found) == set(map_cells.placed(published()).values_list("pk", flat=True))


def test_cells_count_every_placed_entity_in_the_box(shared_registry):
    bbox = map_cells.region_bbox()
    for zoom in (0, 3, 5, 8, 12):
        found = map_cells.cells(published(), bbox, zoom)
        assert sum(cell.count for cell in found) == map_cells.placed(published()).count()
        assert len(found) <= map_cells.MAX_CELLS

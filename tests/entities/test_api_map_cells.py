"""The map's cells (/api/v1/map/cells/): the placed published entities of a
box counted by a grid, with the entity list's filters and its 400s."""

from urllib.parse import parse_qsl, urlsplit

import pytest

from entities import geography, map_cells
from entities.models import Entity

from ..factories import EntityFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/map/cells/"


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def cells(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_without_parameters_every_placed_published_entity_is_counted(api, entities):
    found = cells(api)
    bbox, zoom = map_cells.default_view()
    # Around every country's regions, widened to the lines of its cells.
    around = map_cells.region_bbox()
    assert bbox[:2] <= around[:2] and bbox[2:] >= around[2:]
    assert found["bbox"] == list(bbox)
    assert found["zoom"] == zoom == map_cells.fitted_zoom(around)
    assert found["cell_size"] == map_cells.cell_size(bbox, found["zoom"])
    assert all((edge / found["cell_size"]).is_integer() for edge in bbox)
    placed = map_cells.placed(Entity.objects.published()).count()
    assert found["count"] == sum(cell["count"] for cell in found["cells"]) == placed == 8
    assert len(found["cells"]) <= map_cells.MAX_CELLS


def test_a_cell_says_what_it_holds_and_where_it_leads(api, entities):
    vn_coop = entities["vn_coop"]
    found = cells(api, bbox="105.5,20.5,106,21.5", zoom="10")
    assert found["bbox"] == [105.5, 20.5, 106, 21.5]
    assert found["zoom"] == 10
    assert found["count"] == 1
    [cell] = found["cells"]
    size = 360 / 2**12
    column, row = int(105.804817 // size), int(21.028511 // size)
    assert cell == {
        "latitude": 21.028511,
        "longitude": 105.804817,
        "count": 1,
        "practising_all": 0,
        "assessed": 1,
        "share_practising_all": 0,
        "bbox": [column * size, row * size, (column + 1) * size, (row + 1) * size],
        "entity": {
            "id": vn_coop.pk,
            "name": "Dong Hoa Agricultural Cooperative",
            "url": f"http://testserver/entities/{vn_coop.pk}/",
        },
        "list_url": cell["list_url"],
    }
    link = urlsplit(cell["list_url"])
    assert (link.scheme, link.netloc, link.path) == ("http", "testserver", "/entities/")
    bbox = dict(parse_qsl(link.query))["bbox"]
    assert map_cells.parse_bbox(bbox) == tuple(cell["bbox"])


def test_a_share_is_a_whole_percentage_of_the_assessed(api, entities):
    # Chiang Mai's two entities, placed at the region's point: one practises
    # all seven, the other is not fully assessed (but assessed).
    latitude, longitude = geography.region_centroid("TH-50")
    box = ",".join(
        f"{number:.4f}"
        for number in (longitude - 0.01, latitude - 0.01, longitude + 0.01, latitude + 0.01)
    )
    [cell] = cells(api, bbox=box, zoom="12")["cells"]
    assert (cell["count"], cell["practising_all"], cell["assessed"]) == (2, 1, 2)
    assert cell["share_practising_all"] == 50
    assert cell["entity"] is None
    assert (cell["latitude"], cell["longitude"]) == (round(latitude, 6), round(longitude, 6))


def test_a_cell_of_none_assessed_has_no_share(api, entities):
    # The Naryn association: never assessed.
    found = cells(api, country="KG")
    [cell] = found["cells"]
    assert cell["assessed"] == 0
    assert cell["share_practising_all"] is None


def test_the_list_filters_apply_and_their_links_keep_them(api, entities):
    found = cells(api, country="vn", entity_type="cooperative", lacks="autonomy")
    listed = api.get(
        "/api/v1/entities/", {"country": "vn", "entity_type": "cooperative", "lacks": "autonomy"}
    ).json()
    assert found["count"] == listed["count"] == 1
    [cell] = found["cells"]
    assert cell["entity"]["id"] == entities["vn_coop"].pk
    query = parse_qsl(urlsplit(cell["list_url"]).query)
    assert query[:3] == [("country", "vn"), ("entity_type", "cooperative"), ("lacks", "autonomy")]
    assert query[3][0] == "bbox"


def test_the_default_box_is_around_the_countries_filtered_on(api, entities):
    found = cells(api, country="VN")
    assert found["bbox"] == list(map_cells.default_view(["VN"])[0])
    assert found["count"] == 2
    several = cells(api, country="VN,TH")
    assert several["bbox"] == list(map_cells.default_view(["VN", "TH"])[0])
    assert several["bbox"] != list(map_cells.default_view()[0])
    assert several["count"] == 5


def test_drafts_and_withdrawn_entities_are_never_counted(api, entities):
    for key in ("th_draft", "th_withdrawn"):
        Entity.objects.filter(pk=entities[key].pk).update(region_id="TH-50")
    found = cells(api, country="TH")
    assert found["count"] == 3


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"bbox": "1e1,0,20,1"}, "bbox"),
        ({"bbox": "5,0,4,1"}, "bbox"),
        ({"bbox": "0,0,200,1"}, "bbox"),
        ({"bbox": ""}, "bbox"),
        ({"bbox": ["0,0,1,1", "0,0,2,2"]}, "bbox"),
        ({"zoom": "19"}, "zoom"),
        ({"zoom": "1.5"}, "zoom"),
        ({"zoom": ""}, "zoom"),
        ({"zoom": ["3", "4"]}, "zoom"),
        ({"country": "XX"}, "country"),
        ({"practised_min": "9"}, "practised_min"),
        ({"entity_type": ""}, "entity_type"),
        ({"q": "a\x00b"}, "q"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(api, entities, params, named):
    response = api.get(URL, params)
    assert response.status_code == 400
    assert list(response.json()) == [named]
    assert all(isinstance(message, str) for message in response.json()[named])


def test_a_bad_filter_is_the_same_400_as_the_lists(api, entities):
    for params in ({"country": "XX"}, {"lacks": "nothing"}, {"year_min": "1990,2000"}):
        assert api.get(URL, params).json() == api.get("/api/v1/entities/", params).json()


def test_bad_filters_and_a_bad_box_are_named_together(api, entities):
    response = api.get(URL, {"country": "XX", "bbox": "5,5,4,4", "zoom": "x"})
    assert response.status_code == 400
    assert set(response.json()) == {"country", "bbox", "zoom"}


def test_cells_cost_at_most_three_queries_and_none_when_cached(
    api, entities, django_assert_max_num_queries, django_assert_num_queries
):
    api.get(URL, {"country": "TH", "entity_type": "other"})  # warm the cached codes
    # The cells of stored coordinates, those of regions' points, the names
    # of the entities alone in a cell.
    with django_assert_max_num_queries(3):
        first = api.get(URL, {"country": "KH,MN", "entity_type": "savings-group,cooperative"})
    assert first.json()["count"] == 2
    # Asked again, in other words, the cells come from the cache.
    with django_assert_num_queries(0):
        again = api.get(URL, {"entity_type": "Cooperative,savings-group", "country": "mn,kh"})
    # The same cells; their links keep the filters as this request gave them.
    assert without_links(again.json()) == without_links(first.json())
    assert (
        "entity_type=Cooperative,savings-group&country=mn,kh&bbox="
        in again.json()["cells"][0]["list_url"]
    )


def without_links(found):
    return [{**cell, "list_url": None} for cell in found["cells"]]


def test_the_cache_is_not_stale_after_a_publication(api, entities):
    before = cells(api, country="TH")["count"]
    draft = Entity.objects.get(pk=entities["th_draft"].pk)
    draft.region_id = "TH-40"
    draft.status = Entity.Status.PUBLISHED
    draft.save()
    assert cells(api, country="TH")["count"] == before + 1


def test_the_schema_describes_the_cells_and_their_parameters(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/v1/map/cells/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert parameters["bbox"]["schema"]["pattern"] == map_cells.BBOX_PATTERN
    assert parameters["zoom"]["schema"] == {"type": "integer", "minimum": 0, "maximum": 18}
    assert {"country", "entity_type", "lacks", "q", "practised_min"} <= set(parameters)
    assert "400" in operation["responses"]
    response = operation["responses"]["200"]["content"]["application/json"]["schema"]
    cell = schema["components"]["schemas"]["MapCell"]["properties"]
    assert response == {"$ref": "#/components/schemas/MapCells"}
    assert {"share_practising_all", "entity", "list_url", "bbox"} <= set(cell)


@pytest.mark.parametrize("latitude, longitude", [(14.0625, 101.25), (14.765625, 100.9)])
def test_each_cells_list_holds_exactly_what_it_counts(api, entities, latitude, longitude):
    # Entities on the grid's lines (at zoom 10, multiples of 360/4096 degrees:
    # 14.0625, 14.765625, 101.25) and on the box's west edge, beside them,
    # and the box cutting cells.
    for offset in (0, 0.000001, -0.000001):
        EntityFactory(
            country_id="TH",
            latitude=latitude + offset,
            longitude=longitude - offset,
            location_precision="exact",
        )
    box = "100.9,13.9,101.4,15.1"
    found = cells(api, bbox=box, zoom="10")
    west, south, east, north = map_cells.parse_bbox(box)
    listed = 0
    for cell in found["cells"]:
        cell_west, cell_south, cell_east, cell_north = cell["bbox"]
        assert west <= cell_west < cell_east <= east and south <= cell_south < cell_north <= north
        query = dict(parse_qsl(urlsplit(cell["list_url"]).query))
        in_list = api.get("/api/v1/entities/", {"bbox": query["bbox"]}).json()["count"]
        assert in_list == cell["count"], cell
        listed += in_list
    assert listed == found["count"] == api.get("/api/v1/entities/", {"bbox": box}).json()["count"]

"""No input makes the API answer 5xx: control characters, very long and
repeated values, bytes that are not UTF-8."""

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/entities/",
    "/api/v1/entities/export.csv",
    "/api/v1/countries/TH/stats/",
    "/api/v1/stats/?group_by=country&",
]

NASTY_QUERIES = [
    "q=%00",
    "q=ab%00cd",
    "q=%01%02%03%1b%7f",
    "q=" + "x" * 5000,
    "q=%F0%9F%92%A9%E2%80%AE",
    "q=%25%5F%5C",
    "q='%20OR%201=1;--",
    "country=" + "TH," * 500,
    "country=%00",
    "country=TH&country=VN&country=TH",
    "region=TH-10&region=%C0%AF",
    "practised_min=1e400",
    "practised_min=NaN",
    "practised_min=-0",
    "year_min=99999999999999999999999",
    "sdg=%00",
    "page=99999999999999999999999",
    "page_size=%00",
    "ordering=-name,-name,name",
    "ordering=%00",
    "lacks=,,,",
    "band=" + "a" * 10000,
]


@pytest.fixture
def entities(shared_registry):
    return shared_registry


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_hostile_parameters_never_cause_a_server_error(api, entities, endpoint, query):
    separator = "" if endpoint.endswith("&") else "?"
    response = api.get(f"{endpoint}{separator}{query}")
    assert response.status_code < 500
    if response.status_code == 400:
        assert response.json()  # names the parameter


@pytest.mark.parametrize("raw", [b"q=\xff\xfe", b"country=\xc3\x28", b"q=\xed\xa0\x80"])
def test_bytes_that_are_not_utf8_are_handled(api, entities, raw):
    response = api.generic("GET", "/api/v1/entities/", QUERY_STRING=raw.decode("latin-1"))
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/entities/abc/", "/api/v1/countries/TOOLONG/", "/api/v1/countries/T%00/"],
)
def test_malformed_paths_are_json_404s(api, entities, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    "name, values",
    [
        ("q", ["rice", "weavers"]),
        ("year_min", ["1990", "2000"]),
        ("registered", ["true", "false"]),
    ],
)
def test_a_single_valued_parameter_given_twice_is_a_400(api, name, values):
    response = api.get("/api/v1/entities/", {name: values})
    assert response.status_code == 400
    assert response.json() == {name: ["Give this parameter once."]}


def test_code_lists_take_several_values(api, entities):
    assert api.get("/api/v1/entities/", {"country": ["TH", "VN"]}).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["country=", "practised_min=", "registered=", "band=&country=TH", "page_size=", "ordering="],
)
def test_an_empty_parameter_is_a_400_that_names_it(api, query):
    response = api.get(f"/api/v1/entities/?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert name in response.json()


def test_an_empty_search_is_no_search(api, entities):
    everything = api.get("/api/v1/entities/").json()
    assert api.get("/api/v1/entities/?q=").json() == everything

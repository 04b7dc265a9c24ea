"""The releases in the API: /api/v1/releases/, and ?release=<number> on the
entity list, detail, statistics and export, answered from the release's
frozen entities whatever is published or withdrawn since."""

import csv
import io

import orjson
import pytest

from entities import citation
from entities.models import Entity
from entities.releases import freeze

from ..factories import EntityFactory, assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    rice = EntityFactory(name="Rice Cooperative", registered=True, registration_number="TH-1")
    rice.sdgs.set([1, 2])
    assess(rice, [3, 3, 3, 3, 3, 3, 3])
    weavers = EntityFactory(
        name="Weavers Group", country_id="VN", region_id="VN-HN", registered=False
    )
    assess(weavers, [3, 0, None, 2, 1, 0, 3])
    # Registered: unknown.
    savers = EntityFactory(name="Savers", country_id="VN", year_established=1999)
    release = freeze("2026-12 regional release")
    return {"rice": rice, "weavers": weavers, "savers": savers, "release": release}


def later_changes(world):
    """A withdrawal, a new assessment and a new publication after the release."""
    world["savers"].status = Entity.Status.WITHDRAWN
    world["savers"].save()
    assess(world["weavers"], [3, 3, 3, 3, 3, 3, 3], assessed_on="2026-01-01")
    EntityFactory(name="Newcomer", country_id="VN")


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def csv_rows(response):
    return list(csv.reader(io.StringIO(body(response))))


def test_the_releases_are_listed_with_counts_changes_and_citation(api, world):
    second = freeze("2027-01 update")
    listed = api.get("/api/v1/releases/").json()
    assert [each["number"] for each in listed] == [2, 1]
    first = listed[1]
    assert first["label"] == "2026-12 regional release"
    assert first["counts"]["entities"] == 3
    assert first["changes"] == {"previous": None}
    assert listed[0]["changes"]["added"] == {"count": 0}  # the ids are in its own object
    assert first["entities"].endswith("/api/v1/entities/?release=1")
    assert first["citation"].startswith("SSE Registry, 2026-12 regional release, http")
    assert first["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    one = api.get("/api/v1/releases/2/")
    assert one.json()["changes"]["added"] == {"count": 0, "ids": []}
    assert one["X-Data-As-Of"] == citation.iso(second.data_as_of)
    assert 'rel="license"' in one["Link"]
    assert api.get("/api/v1/releases/9/").status_code == 404


def test_a_release_answers_as_it_was_after_later_changes(api, world):
    urls = [
        "/api/v1/entities/?release=1",
        "/api/v1/entities/?release=1&country=VN",
        f"/api/v1/entities/{world['weavers'].pk}/?release=1",
        f"/api/v1/entities/{world['savers'].pk}/?release=1",
        "/api/v1/countries/VN/stats/?release=1",
        "/api/v1/stats/?group_by=country&release=1",
    ]
    before = {url: api.get(url).json() for url in urls}
    csv_before = csv_rows(api.get("/api/v1/entities/export.csv?release=1"))
    current_before = api.get("/api/v1/entities/").json()["count"]
    later_changes(world)
    assert api.get("/api/v1/entities/").json()["count"] == current_before  # one out, one in
    assert api.get(f"/api/v1/entities/{world['savers'].pk}/").status_code == 404
    assert api.get("/api/v1/countries/VN/stats/").json() != before[urls[4]]
    for url in urls:
        assert api.get(url).json() == before[url], url
    assert csv_rows(api.get("/api/v1/entities/export.csv?release=1")) == csv_before


def test_a_release_gives_the_api_objects_of_its_moment(api, world):
    current = api.get("/api/v1/entities/").json()
    detail = api.get(f"/api/v1/entities/{world['rice'].pk}/").json()
    assert api.get("/api/v1/entities/?release=1").json() == current
    assert api.get(f"/api/v1/entities/{world['rice'].pk}/?release=1").json() == detail
    # The same cells as the export of the current data.
    assert csv_rows(api.get("/api/v1/entities/export.csv?release=1")) == csv_rows(
        api.get("/api/v1/entities/export.csv")
    )


def test_a_release_keeps_registered_yes_no_and_unknown(api, world):
    frozen = dict(world["release"].entities.values_list("name", "registered"))
    assert frozen == {"Rice Cooperative": True, "Weavers Group": False, "Savers": None}
    later_changes(world)
    listed = api.get("/api/v1/entities/?release=1").json()["results"]
    assert {each["name"]: each["registered"] for each in listed} == frozen
    header, *rows = csv_rows(api.get("/api/v1/entities/export.csv?release=1"))
    column = header.index("registered")
    cells = {row[header.index("name")]: row[column] for row in rows}
    assert cells == {"Rice Cooperative": "true", "Weavers Group": "false", "Savers": ""}


def test_release_reproduces_the_counts_it_recorded(api, world):
    later_changes(world)
    release = world["release"]
    assert api.get("/api/v1/entities/?release=1").json()["count"] == release.counts["entities"]
    groups = api.get("/api/v1/stats/?group_by=country&release=1").json()["groups"]
    assert {group["key"]: group["entities"] for group in groups} == release.counts["by_country"]
    vietnam = api.get("/api/v1/countries/VN/stats/?release=1").json()
    assert vietnam["entities"] == release.counts["by_country"]["VN"]
    assert vietnam["by_region"] == {"VN-HN": 1, "unspecified": 1}


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("country=VN", ["Savers", "Weavers Group"]),
        ("sdg=2", ["Rice Cooperative"]),
        ("sdg=3", []),
        ("q=rice", ["Rice Cooperative"]),
        ("practises=autonomy", ["Rice Cooperative"]),
        ("lacks=autonomy", ["Weavers Group"]),
        ("band=all", ["Rice Cooperative"]),
        ("year_min=1990", ["Savers"]),
        ("region=VN-HN", ["Weavers Group"]),
        ("registered=true", ["Rice Cooperative"]),
        ("registered=false", ["Weavers Group"]),
        ("registered=unknown", ["Savers"]),
        ("ordering=-features_practised", ["Rice Cooperative", "Weavers Group", "Savers"]),
    ],
)
def test_the_filters_apply_to_a_release(api, world, query, names):
    later_changes(world)
    answer = api.get(f"/api/v1/entities/?release=1&{query}").json()
    assert [each["name"] for each in answer["results"]] == names
    stats = api.get(f"/api/v1/stats/?group_by=country&release=1&{query}").json()
    assert sum(group["entities"] for group in stats["groups"]) == len(names)


def test_cursor_paging_goes_through_a_release(api, world):
    later_changes(world)
    first = api.get("/api/v1/entities/?release=1&cursor=&page_size=2").json()
    second = api.get(first["next"]).json()
    names = [each["name"] for each in first["results"] + second["results"]]
    assert sorted(names) == ["Rice Cooperative", "Savers", "Weavers Group"]
    assert second["next"] is None


def test_answers_of_a_release_are_dated_by_it(api, world):
    later_changes(world)
    release = world["release"]
    for url in (
        "/api/v1/entities/?release=1",
        "/api/v1/stats/?group_by=sector&release=1",
        "/api/v1/entities/export.csv?release=1",
    ):
        response = api.get(url)
        assert response["X-Data-As-Of"] == citation.iso(release.data_as_of), url
        assert 'rel="license"' in response["Link"]
    response = api.get("/api/v1/entities/export.csv?release=1&country=VN")
    assert "sse-entities-release-1-VN-" in response["Content-Disposition"]
    metadata = api.get("/api/v1/entities/export.csv-metadata.json?release=1").json()
    assert "2026-12 regional release" in metadata["dc:bibliographicCitation"]
    assert metadata["dc:issued"]["@value"] == citation.iso(release.created_at)
    assert metadata["dc:modified"]["@value"] == citation.iso(release.data_as_of)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/entities/?release={release}",
        "/api/v1/entities/export.csv?release={release}",
        "/api/v1/countries/TH/stats/?release={release}",
        "/api/v1/stats/?group_by=country&release={release}",
    ],
)
@pytest.mark.parametrize("release", ["7", "0", "one", "-1", "", "1&release=1", "9" * 12])
def test_a_bad_or_unknown_release_is_a_400_naming_it(api, world, url, release):
    response = api.get(url.format(release=release))
    assert response.status_code == 400
    assert list(response.json()) == ["release"]


def test_one_entity_of_an_unknown_release_or_not_in_it_is_a_404(api, world):
    pk = world["rice"].pk
    assert api.get(f"/api/v1/entities/{pk}/?release=7").status_code == 404
    newcomer = EntityFactory(name="Newcomer")
    assert api.get(f"/api/v1/entities/{newcomer.pk}/?release=1").status_code == 404
    assert api.get(f"/api/v1/entities/{newcomer.pk}/").status_code == 200
    assert api.get(f"/api/v1/entities/{pk}/?release=x").status_code == 400


def test_geojson_is_of_the_current_data_only(api, world):
    response = api.get("/api/v1/entities.geojson?release=1")
    assert response.status_code == 400 and list(response.json()) == ["release"]


def test_the_schema_declares_release(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for path in (
        "/api/v1/entities/",
        "/api/v1/entities/{id}/",
        "/api/v1/entities/export.csv",
        "/api/v1/stats/",
        "/api/v1/countries/{code}/stats/",
    ):
        names = [parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]]
        assert "release" in names, path
    assert "/api/v1/releases/{number}/" in schema["paths"]


def test_a_release_downloads_as_json_with_its_citation_and_licence(api, world):
    detail = api.get(f"/api/v1/entities/{world['rice'].pk}/").json()
    later_changes(world)
    response = api.get("/api/v1/releases/1/entities.json")
    assert response.status_code == 200
    assert 'filename="sse-release-1-entities.json"' in response["Content-Disposition"]
    assert response["X-Data-As-Of"] == citation.iso(world["release"].data_as_of)
    data = orjson.loads(body(response))
    assert data["release"] == 1 and data["count"] == 3 == len(data["entities"])
    assert data["citation"].startswith(
        "SSE Registry, 2026-12 regional release, http://testserver/releases/1/, accessed "
    )
    assert data["licence"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    assert [each["id"] for each in data["entities"]] == sorted(
        each["id"] for each in data["entities"]
    )
    assert detail in data["entities"]
    assert api.get("/api/v1/releases/7/entities.json").status_code == 404


def test_a_release_object_links_its_downloads(api, world):
    release = api.get("/api/v1/releases/1/").json()
    assert release["csv"] == "http://testserver/api/v1/entities/export.csv?release=1"
    assert release["json"] == "http://testserver/api/v1/releases/1/entities.json"
    assert release["page"] == "http://testserver/releases/1/"
    assert api.get(release["csv"]).status_code == 200


def test_the_pages_csv_download_of_a_release(client, world):
    later_changes(world)
    response = client.get("/entities/export.csv?release=1")
    assert response.status_code == 200
    names = sorted(row[1] for row in csv_rows(response)[1:])
    assert names == ["Rice Cooperative", "Savers", "Weavers Group"]
    assert client.get("/entities/export.csv?release=7").status_code == 400

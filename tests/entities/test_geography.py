"""The region boundaries the maps draw (entities/geography.py, reading the
generated entities/geodata/regions.json): every region of the registry has a
shape or a labelled marker, each shape's point lies inside it, and the
module says where a point is, in plain Python."""

import json
import re
from decimal import Decimal

import pytest
from django.utils import translation

from entities import geography
from entities.models import Region

from ..source import ROOT, imported_modules

BANGKOK = (13.75, 100.5)
HANOI = (21.03, 105.85)
CHIANG_MAI_CITY = (18.79, 98.98)
BISHKEK = (42.87, 74.59)
COUNTRIES = ("KG", "KH", "MN", "TH", "VN")

SHAPES = [r for r in geography.regions() if r.status == geography.SHAPE]
MARKERS = [r for r in geography.regions() if r.status == geography.MARKER]


@pytest.mark.django_db
def test_every_region_in_the_database_has_a_shape_or_a_labelled_marker():
    stored = {
        code: (country, name)
        for code, country, name in Region.objects.values_list("code", "country_id", "name")
    }
    assert len(stored) == 197
    assert {r.code for r in geography.regions()} == set(stored)
    for code, (country, name) in stored.items():
        region = geography.region(code)
        assert (region.country, region.name) == (country, name)
        if region.status == geography.SHAPE:
            assert region.geometry["type"] in {"Polygon", "MultiPolygon"}
            assert region.path.startswith("M") and region.path.endswith("Z")
            assert region.reason == ""
        else:
            assert region.status == geography.MARKER, code
            assert region.geometry is None and region.path is None
            assert name in str(region.reason), code
            assert geography.in_country_bbox(country, *geography.region_centroid(code)), code


def test_the_regions_the_source_lacks_or_merges_are_the_known_markers():
    assert {r.code for r in MARKERS} == {"KG-GO", "TH-S", "KH-3", "KH-25"}
    assert len(SHAPES) == 193
    (outline,) = geography.outlines()
    assert outline.codes == ("KH-3", "KH-25") and outline.path.startswith("M")
    assert geography.outlines("TH") == ()


def test_a_markers_reason_is_translated_when_shown():
    reason = geography.region("TH-S").reason
    assert str(reason) == (
        "The source has no boundary of its own for Phatthaya: it lies within Chon Buri."
    )
    with translation.override("th"):
        assert "Phatthaya" in str(reason)


def test_each_shapes_point_lies_inside_its_shape_and_its_countrys_bbox():
    for region in SHAPES:
        lat, lon = geography.region_centroid(region.code)
        assert (lon, lat) == region.point
        assert geography.region_contains(region.code, lat, lon), region.code
        assert geography.in_country_bbox(region.country, lat, lon), region.code
        west, south, east, north = region.bbox
        assert west <= lon <= east and south <= lat <= north, region.code


def test_a_shape_does_not_contain_a_point_in_another_country():
    elsewhere = {
        country: next(r for r in SHAPES if r.country != country).point for country in COUNTRIES
    }
    for region in SHAPES:
        lon, lat = elsewhere[region.country]
        assert not geography.region_contains(region.code, lat, lon), region.code


def test_region_contains_knows_cities_and_their_neighbours():
    assert geography.region_contains("TH-10", *BANGKOK)
    assert not geography.region_contains("TH-11", *BANGKOK)
    assert geography.region_contains("TH-50", *CHIANG_MAI_CITY)
    assert not geography.region_contains("TH-57", *CHIANG_MAI_CITY)
    assert geography.region_contains("VN-HN", *HANOI)
    assert not geography.region_contains("TH-10", *HANOI)
    # Bishkek is a hole in Chuy's shape.
    assert geography.region_contains("KG-GB", *BISHKEK)
    assert not geography.region_contains("KG-C", *BISHKEK)


def test_region_contains_takes_decimals_and_strings_and_refuses_what_is_not_a_point():
    assert geography.region_contains("TH-10", Decimal("13.75"), Decimal("100.5"))
    assert geography.region_contains("TH-10", "13.75", "100.5")
    assert not geography.region_contains("TH-10", None, 100.5)
    assert not geography.region_contains("TH-10", "north", 100.5)
    assert not geography.region_contains("TH-10", float("nan"), 100.5)
    assert not geography.region_contains("XX-1", *BANGKOK)
    lat, lon = geography.region_centroid("TH-S")
    assert not geography.region_contains("TH-S", lat, lon)  # a marker has no shape


def test_the_country_bbox_of_thailand_holds_bangkok_and_not_hanoi():
    west, south, east, north = geography.country_bbox("TH")
    assert 97 < west < 98 and 5 < south < 6 and 105 < east < 106 and 20 < north < 21
    assert geography.in_country_bbox("TH", *BANGKOK)
    assert geography.in_country_bbox("TH", Decimal("13.75"), Decimal("100.5"))
    assert not geography.in_country_bbox("TH", *HANOI)
    assert geography.in_country_bbox("VN", *HANOI)
    assert not geography.in_country_bbox("XX", *BANGKOK)
    assert not geography.in_country_bbox("TH", None, None)
    assert geography.country_bbox("XX") is None


def test_regions_come_per_country_in_code_order():
    assert len(geography.regions()) == 197
    thai = geography.regions("TH")
    assert len(thai) == 78 and {r.country for r in thai} == {"TH"}
    assert [r.code for r in thai] == sorted(r.code for r in thai)
    assert geography.regions("XX") == ()
    assert geography.region("XX-1") is None and geography.region_centroid("XX-1") is None
    assert set(geography.countries()) == set(COUNTRIES)


def test_projection_puts_points_on_the_paths_drawing():
    assert geography.project(0, 0) == (0.0, 0.0)
    x, y = geography.project(*BANGKOK)
    assert (x, y) == geography.project(Decimal("13.75"), Decimal("100.5"))
    assert 11180 < x < 11200 and -1550 < y < -1540  # km east, and north is up (y < 0)
    assert geography.project(89.9, 0) == geography.project(85.06, 0)  # Mercator's edge
    with pytest.raises(ValueError):
        geography.project("north", 0)
    for country in COUNTRIES:
        x0, y0, x1, y1 = geography.country_projected_bbox(country)
        for region in geography.regions(country):
            x, y = geography.project(*geography.region_centroid(region.code))
            assert x0 <= x <= x1 and y0 <= y <= y1, region.code
            if region.path:
                numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", region.path)]
                xs, ys = numbers[0::2], numbers[1::2]
                assert x0 - 0.1 <= min(xs) and max(xs) <= x1 + 0.1, region.code
                assert y0 - 0.1 <= min(ys) and max(ys) <= y1 + 0.1, region.code


def test_the_data_file_names_its_source_licence_and_credit():
    header = json.loads(geography.DATA_FILE.read_text(encoding="utf-8"))["header"]
    assert "Natural Earth" in header["source"]
    assert header["licence"] == "public domain"
    assert header["credit"] == "Boundaries: Natural Earth"
    assert header["source_url"] == geography.SOURCE_URL
    assert "devtools.geodata.build_regions" in header["command"]
    assert geography.header() == header
    assert str(geography.CREDIT) == "Boundaries: Natural Earth (public domain)"
    assert geography.DATA_FILE.stat().st_size < 1_500_000


def test_the_registry_reads_the_boundaries_without_a_gis_library():
    for app in ("core", "research", "entities", "workflow", "sse_registry"):
        for path in sorted((ROOT / app).rglob("*.py")):
            for module in imported_modules(path):
                assert module.split(".")[0] != "shapely", f"{path.relative_to(ROOT)} imports it"


def test_the_committed_file_is_what_the_generator_writes(tmp_path):
    """Only where a developer has the generator's tools (shapely, Debian's
    qgis-common): the file is regenerated, not edited by hand."""
    pytest.importorskip("shapely")
    from devtools.geodata import build_regions

    if not build_regions.DEFAULT_GPKG.is_file():
        pytest.skip("no world_map.gpkg (apt-get install qgis-common)")
    output = tmp_path / "regions.json"
    build_regions.main(["--output", str(output)])
    assert output.read_bytes() == geography.DATA_FILE.read_bytes()

"""The map's grid counted in advance (entities.map_grid): the same cells as
counting the entities, read only while current, rebuilt when behind."""

import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.http import QueryDict

from core.freshness import published_data_changed
from entities import geography, map_cells, map_grid
from entities.filtersets import EntityFilterSet
from entities.models import (
    Entity,
    EntityType,
    MapGridCell,
    Region,
    Sector,
    SustainableDevelopmentGoal,
)
from research.framework import FEATURE_CODES, Band, Profile, score_field
from sse_registry import backups

from ..factories import EntityFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/map/cells/"
ORIGINS = [value for value, _ in Entity.Origin.choices]
DEPENDENCIES = [value for value, _ in Entity.Dependency.choices]


@pytest.fixture(scope="module")
def many(registry_of_module):
    """The registry's entities and 300 more across the five countries: most
    at coordinates within their country's box (some on the grid's lines),
    some placed by their region only, of every type, origin, sector and
    dependency, registered or not or unknown, contributing to none or some SDGs, some
    practising all seven features; and drafts, which no cell counts."""
    chance = random.Random(15)
    types = list(EntityType.objects.values_list("slug", flat=True))
    sectors = list(Sector.objects.values_list("pk", flat=True))[:4]
    goals = list(SustainableDevelopmentGoal.objects.values_list("pk", flat=True))[:3]
    made = []
    for index in range(300):
        country = geography.countries()[index % 5]
        regions = list(Region.objects.filter(country_id=country).values_list("code", flat=True))
        west, south, east, north = geography.country_bbox(country)
        fields = {
            "name": f"Grid entity {index:03d}",
            "country_id": country,
            "region_id": chance.choice(regions),
            "entity_type_id": chance.choice(types),
            "sector_id": chance.choice(sectors),
            "origin": chance.choice(ORIGINS),
            "dependency": chance.choice(DEPENDENCIES),
            "registered": chance.choice([True, False, None]),  # None: unknown
            "status": Entity.Status.DRAFT if index % 23 == 0 else Entity.Status.PUBLISHED,
        }
        if index % 4:  # three in four have coordinates
            latitude, longitude = chance.uniform(south, north), chance.uniform(west, east)
            if index % 7 == 0:  # on a line of the grid of level 6 (5.625°)
                latitude = round(latitude / 5.625) * 5.625
            fields.update(
                latitude=Decimal(f"{latitude:.6f}"),
                longitude=Decimal(f"{longitude:.6f}"),
                location_precision="locality",
            )
        if index % 3 == 0:  # practising all seven
            scores = dict.fromkeys(FEATURE_CODES, 3)
        elif index % 3 == 1:  # some lacking, some not assessed
            scores = {code: chance.choice([None, 0, 1, 2, 3]) for code in FEATURE_CODES}
        else:
            scores = {}
        profile = Profile.from_scores(scores)
        fields.update(
            {score_field(code): score for code, score in scores.items()},
            band=profile.band,
            features_practised=profile.features_practised,
        )
        made.append(Entity(**fields))
    Entity.objects.bulk_create(made)
    Entity.sdgs.through.objects.bulk_create(
        Entity.sdgs.through(entity_id=entity.pk, sustainabledevelopmentgoal_id=goal)
        for entity in made
        for goal in chance.sample(goals, chance.randint(0, len(goals)))
    )
    return registry_of_module


@pytest.fixture
def grid(many):
    map_grid.rebuild()
    assert map_grid.is_current()
    return many


def published():
    return Entity.objects.published()


def filtered(query):
    """(the filter set's cleaned data, the published entities it selects) of
    a list's query string, as the map's API reads them."""
    filterset = EntityFilterSet(QueryDict(query), queryset=published())
    assert filterset.is_valid(), filterset.errors
    return filterset.form.cleaned_data, filterset.qs


def counted(query, bbox, zoom):
    """The cells counted from the entities, as a map without the grid has them."""
    return map_cells.cells(filtered(query)[1], bbox, zoom)


def gridded(query, bbox, zoom):
    """The cells from the grid (None when it cannot answer)."""
    return map_grid.from_grid(*filtered(query), bbox, zoom)


def same_cells(from_grid, from_entities):
    """Equal but for the last digit of a mean position (sums in another order)."""
    assert len(from_grid) == len(from_entities)
    for mine, theirs in zip(from_grid, from_entities, strict=True):
        assert (mine.latitude, mine.longitude) == pytest.approx(
            (theirs.latitude, theirs.longitude), abs=2e-6
        )
        assert (mine.count, mine.practising_all, mine.assessed, mine.bbox, mine.entity) == (
            theirs.count,
            theirs.practising_all,
            theirs.assessed,
            theirs.bbox,
            theirs.entity,
        )


QUERIES = [
    "",
    "country=TH",
    "country=VN,KH",
    "country=MN&entity_type=cooperative",
    "entity_type=cooperative,association&origin=government,donor",
    "origin=community",
    "country=KG&origin=unknown&ordering=name",
    "lacks=autonomy",
    "country=VN&entity_type=cooperative&lacks=autonomy",
    "country=TH,KH&lacks=mutual_aid,mutual_aid",
    "practises=autonomy",
    "country=TH&origin=government&practises=democratic_governance",
    "sector=A",
    "country=VN&sector=A,C",
    "dependency=high,medium",
    "registered=true",
    "entity_type=cooperative&registered=false",
    "registered=unknown",
    "country=VN&registered=unknown",
    "band=all",
    "country=TH&band=some,none,unassessed",
    "practised_min=3",
    "practised_max=2",
    "country=VN&practised_min=2&practised_max=5",
    "sdg=1",
    "country=TH&sdg=2",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_grid_gives_the_cells_counting_the_entities_gives(grid, query):
    countries = filtered(query)[0]["country"] or ()
    views = [map_cells.default_view(countries)]
    views += [map_cells.default_view(closer=closer) for closer in (1, 2, 3, 4)]
    views += [((-180.0, -90.0, 180.0, 90.0), zoom) for zoom in (0, 1, 2)]
    # A box of its own on the lines of zoom 6's cells (360 / 256 degrees).
    views += [((95.625, 8.4375, 106.875, 22.5), 6)]
    facet = map_grid.answerable(filtered(query)[0], views[0][0])[0]
    kept = map_grid.LEVELS if facet == map_grid.ALL else map_grid.FACET_LEVELS
    answered = 0
    for bbox, zoom in views:
        from_grid = gridded(query, bbox, zoom)
        if map_grid.level_of(map_cells.cell_size(bbox, zoom)) > kept:
            assert from_grid is None, (bbox, zoom)  # counted from the entities
            continue
        assert from_grid is not None, (bbox, zoom)
        same_cells(from_grid, counted(query, bbox, zoom))
        answered += 1
    assert answered >= 6
    bbox, zoom = views[0]
    assert sum(cell.count for cell in gridded(query, bbox, zoom)) >= 1


def test_every_placed_published_entity_is_in_each_level(grid):
    placed = map_cells.placed(published()).count()
    for level in range(map_grid.LEVELS + 1):
        held = MapGridCell.objects.filter(level=level, facet="").values_list("count", flat=True)
        assert sum(held) == placed, level
        # Each entity in one row of each facet of values, but the SDGs'.
        for facet in ("sector", "dependency", "registered", "band"):
            held = MapGridCell.objects.filter(level=level, facet=facet)
            expected = placed if level <= map_grid.FACET_LEVELS else 0
            assert sum(held.values_list("count", flat=True)) == expected, (level, facet)


@pytest.mark.parametrize(
    "query, bbox, zoom",
    [
        ("lacks=autonomy,mutual_aid", None, None),  # two lacking: not held
        ("practises=autonomy,mutual_aid", None, None),
        ("sector=A&lacks=autonomy", None, None),  # two facets
        ("band=all&registered=true", None, None),
        ("q=cooperative", None, None),
        ("region=TH-10", None, None),
        ("year_min=2000", None, None),
        ("bbox=100,10,101,11", None, None),  # another box than the map's
        ("", (95.6, 8.4375, 106.875, 22.5), 6),  # an edge off the lines
        ("", (100.546875, 13.359375, 100.8984375, 13.7109375), 9),  # finer than kept
    ],
)
def test_the_grid_does_not_answer_what_it_does_not_hold(grid, query, bbox, zoom):
    if bbox is None:
        bbox, zoom = map_cells.default_view()
    assert gridded(query, bbox, zoom) is None


def test_a_grid_behind_the_published_data_is_not_read(grid):
    bbox, zoom = map_cells.default_view(["TH"])
    before = sum(cell.count for cell in map_grid.cells_of({}, published(), bbox, zoom))
    EntityFactory(name="Newly published", region_id="TH-10")
    assert not map_grid.is_current()
    assert map_grid.from_grid({}, published(), bbox, zoom) is None
    after = map_grid.cells_of({}, published(), bbox, zoom)
    assert sum(cell.count for cell in after) == before + 1


def test_a_map_that_finds_the_grid_behind_rebuilds_it_in_the_request(grid, settings):
    settings.MAP_GRID_REFRESH = "request"
    bbox, zoom = map_cells.default_view(["VN"])
    EntityFactory(name="Newly published", country_id="VN", region_id="VN-HN")
    found = map_grid.from_grid({"country": ["VN"]}, published(), bbox, zoom)
    assert map_grid.is_current()
    same_cells(found, counted("country=VN", bbox, zoom))


def test_one_rebuild_at_a_time(grid, settings):
    settings.MAP_GRID_REFRESH = "request"
    published_data_changed()
    map_grid.cache.add(map_grid.BUILDING_KEY, True)  # another process is at it
    assert map_grid.refresh() is None
    assert not map_grid.is_current()
    map_grid.cache.delete(map_grid.BUILDING_KEY)
    assert map_grid.refresh() is None
    assert map_grid.is_current()


def test_the_api_reads_the_grid_in_two_queries(
    api, grid, django_assert_num_queries, django_assert_max_num_queries
):
    api.get(URL, {"country": "MN"})  # warms the cached reference codes
    published_data_changed()
    map_grid.mark_current()  # nothing changed
    # 1. the grid's cells of the box; 2. the names of the entities alone in a cell
    with django_assert_max_num_queries(2):
        response = api.get(URL, {"country": "TH,KH", "origin": "community,donor"})
    found = response.json()
    bbox, zoom = map_cells.default_view(["TH", "KH"])
    assert found["bbox"] == list(bbox)
    expected = counted("country=TH,KH&origin=community,donor", bbox, zoom)
    assert found["count"] == sum(cell.count for cell in expected) > 0
    assert [cell["count"] for cell in found["cells"]] == [cell.count for cell in expected]


def test_the_command_counts_the_grid(many, capsys):
    call_command("refresh_map_grid")
    assert "The map's grid counted:" in capsys.readouterr().out
    assert map_grid.is_current()
    assert MapGridCell.objects.filter(level=0).exists()


def test_a_backup_leaves_the_grid_out():
    assert MapGridCell not in backups.backed_up_models()


def test_a_feature_lacking_counts_what_the_stored_profiles_say(grid, settings):
    # Profiled at a threshold of 2 (band "all"), then read at 3, before the
    # profiles are derived again: lacking autonomy, and in the band "all".
    EntityFactory(
        name="Profiled before the threshold moved",
        region_id="TH-10",
        band=Band.ALL,
        features_practised=7,
        **{score_field(code): 2 for code in FEATURE_CODES},
    )
    settings.SSE_PRACTISING_THRESHOLD = 3
    map_grid.rebuild()
    bbox, zoom = map_cells.default_view(["TH"])
    for query in ("country=TH&lacks=autonomy", "country=TH&practises=autonomy"):
        found = gridded(query, bbox, zoom)
        same_cells(found, counted(query, bbox, zoom))
    assert sum(cell.practising_all for cell in gridded("country=TH&lacks=autonomy", bbox, zoom))


def test_a_rebuild_that_fails_in_a_request_leaves_the_map_to_count(grid, settings, monkeypatch):
    settings.MAP_GRID_REFRESH = "request"
    published_data_changed()

    def fails():
        raise DatabaseError("the database went away")

    monkeypatch.setattr(map_grid, "rebuild", fails)
    bbox, zoom = map_cells.default_view()
    assert map_grid.from_grid({}, published(), bbox, zoom) is None
    assert map_grid.cache.get(map_grid.BUILDING_KEY) is None  # the next map tries again
    found = map_grid.cells_of({}, published(), bbox, zoom)
    same_cells(found, counted("", bbox, zoom))

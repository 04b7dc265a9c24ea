"""The tapestry page: entities × features coloured by score, and the same
picture aggregated by entity type."""

import math
import re
from html import unescape

import pytest

from entities.models import Entity
from entities.views import tapestry
from research.models import Feature

from .. import registry
from ..factories import EntityFactory, assess, profiles_refreshed_together

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def html_of(response):
    return response.content.decode()


def entity_rows(html):
    """(entity id, name) of each tapestry row, in page order."""
    return [
        (int(pk), unescape(name))
        for pk, name in re.findall(
            r'<th scope="row" class="entity"><a href="/entities/(\d+)/">'
            r"([^<]*)</a>",
            html,
        )
    ]


def group_labels(html):
    return [
        unescape(label.strip())
        for label in re.findall(r'<span class="group-label">([^<]*)<span', html)
    ]


def cells_of(html, entity):
    """(css class, shown value, screen-reader text) of each cell of one entity's row."""
    start = html.index(f'<a href="/entities/{entity.pk}/">')
    row = html[start : html.index("</tr>", start)]
    return [
        (css, unescape(shown), unescape(text))
        for css, shown, text in re.findall(
            r'<td class="cell"><span class="score ([\w-]+)"[^>]*>([^<]*)</span>'
            r'<span class="visually-hidden">([^<]*)</span></td>',
            row,
        )
    ]


def by_type(html):
    """Entity type -> (entity count, [the seven cells' text]) from the aggregated tapestry."""
    table = html[html.index('<table class="tapestry tapestry-by-type">') :]
    table = table[: table.index("</table>")]
    rows = {}
    for label, count, cells in re.findall(
        r'<th scope="row" class="entity">([^<]*)</th>\s*<td class="num practised">(\d+)</td>'
        r"(.*?)</tr>",
        table,
        flags=re.S,
    ):
        shown = re.findall(
            r'<td class="share [\w-]+"[^>]*>(?:<span aria-hidden="true">)?([^<]*)', cells
        )
        rows[unescape(label)] = (int(count), [text.strip() for text in shown])
    return rows


def test_a_filter_keeps_only_its_published_entities(client, entities):
    response = client.get("/tapestry/", {"country": "TH"})
    assert response.status_code == 200
    names = [name for _, name in entity_rows(html_of(response))]
    assert sorted(names) == sorted(entities[key].name for key in ("th_coop", "th_ce", "th_ce2"))


def test_unpublished_entities_and_private_fields_never_appear(client, entities):
    html = html_of(client.get("/tapestry/"))
    assert len(entity_rows(html)) == registry.PUBLISHED
    for key in ("th_draft", "th_withdrawn"):
        assert entities[key].name not in html
        assert f'href="/entities/{entities[key].pk}/"' not in html
    for value in registry.PRIVATE_VALUES:
        assert value not in html


def test_rows_are_grouped_by_country_and_sorted_by_features_practised(client, entities):
    html = html_of(client.get("/tapestry/"))
    assert group_labels(html) == ["Cambodia", "Kyrgyzstan", "Mongolia", "Thailand", "Viet Nam"]
    expected = [
        "kh_sg",
        "kg_assoc",
        "mn_coop",
        "th_ce",  # Thailand: 7 practised
        "th_coop",  # 6
        "th_ce2",  # 5 (two features not assessed)
        "vn_coop2",  # Viet Nam: 7
        "vn_coop",  # 5
    ]
    assert [pk for pk, _ in entity_rows(html)] == [entities[key].pk for key in expected]


def test_rows_grouped_by_entity_type_follow_the_type_order_then_practised_then_name(
    client, entities
):
    html = html_of(client.get("/tapestry/", {"group": "entity_type"}))
    assert group_labels(html) == [
        "Cooperative",
        "Association",
        "Community enterprise",
        "Savings group",
    ]
    expected = [
        "vn_coop2",  # cooperatives: 7 practised
        "th_coop",  # 6, "Ban Nong Bua…" before "Erdenesant…"
        "mn_coop",  # 6
        "vn_coop",  # 5
        "kg_assoc",  # association, not assessed
        "th_ce",  # community enterprises: 7
        "th_ce2",  # 5
        "kh_sg",  # savings group
    ]
    assert [pk for pk, _ in entity_rows(html)] == [entities[key].pk for key in expected]


def test_each_row_links_to_the_entity_page(client, entities):
    html = html_of(client.get("/tapestry/"))
    assert (
        f'<a href="/entities/{entities["mn_coop"].pk}/">Erdenesant Herders Cooperative</a>' in html
    )


def test_columns_follow_the_feature_order(client, entities):
    html = html_of(client.get("/tapestry/"))
    header = html[html.index("<thead>") : html.index("</thead>")]
    codes = re.findall(r'href="/methodology/#(\w+)"', header)
    assert codes == list(Feature.objects.order_by("position").values_list("code", flat=True))


def test_each_cell_states_its_score_in_words(client, entities):
    html = html_of(client.get("/tapestry/"))
    cells = cells_of(html, entities["th_coop"])  # 3, 3, 2, 2, 3, 0, 3
    assert [shown for _, shown, _ in cells] == ["3", "3", "2", "2", "3", "0", "3"]
    assert cells[5] == ("score-0", "0", "Autonomy and independence: 0 (absent)")
    assert cells[2] == ("score-2", "2", "Voluntary cooperation: 2 (substantial)")
    assert cells[0][2] == "Economic activity for social and environmental ends: 3 (full)"


def test_not_assessed_is_hatched_and_distinct_from_zero(client, entities):
    html = html_of(client.get("/tapestry/"))
    open_profile = cells_of(html, entities["th_ce2"])  # 3, 3, 3, None, None, 2, 2
    assert open_profile[3] == ("score-none", "–", "Mutual aid: not assessed")
    assert open_profile[4][0] == "score-none"
    unassessed = cells_of(html, entities["kg_assoc"])
    assert {css for css, _, _ in unassessed} == {"score-none"}
    assert "0" not in {shown for _, shown, _ in unassessed}
    # The legend explains both, and says not assessed is not 0.
    assert "Not assessed (never counted as 0)" in html
    assert '<span class="score score-0" aria-hidden="true">0</span> Absent' in html


def test_aggregated_tapestry_shows_each_types_share_practising_each_feature(client, entities):
    rows = by_type(html_of(client.get("/tapestry/")))
    assert list(rows) == [
        "Cooperative",
        "Association",
        "Community enterprise",
        "Savings group",
        "All types",
    ]
    # Four cooperatives: only Tan Phu practises autonomy; three of four democratic governance.
    assert rows["Cooperative"] == (4, ["100%", "100%", "100%", "100%", "75%", "25%", "100%"])
    # The association is not assessed at all: no share, not 0 %.
    assert rows["Association"] == (1, ["–"] * 7)
    # Mutual aid and democratic governance are assessed for one of the two enterprises.
    assert rows["Community enterprise"] == (2, ["100%"] * 7)
    assert rows["Savings group"] == (1, ["100%", "0%", "0%", "0%", "0%", "0%", "100%"])
    # Over the 8 published: autonomy practised by 3 of the 7 assessed on it.
    assert rows["All types"][0] == registry.PUBLISHED
    assert rows["All types"][1][5] == "43%"


def test_aggregated_tapestry_follows_the_filters(client, entities):
    rows = by_type(html_of(client.get("/tapestry/", {"country": "VN"})))
    assert list(rows) == ["Cooperative"]  # one type: no total row
    assert rows["Cooperative"] == (2, ["100%", "100%", "100%", "100%", "50%", "50%", "100%"])


def make_thai_cooperatives(count):
    with profiles_refreshed_together():
        for number in range(count):
            assess(EntityFactory(name=f"Coop {number:03d}", region_id="TH-10"), registry.FEW)


def test_aggregated_tapestry_counts_every_filtered_entity_not_only_the_page(client, db):
    make_thai_cooperatives(105)
    html = html_of(client.get("/tapestry/", {"country": "TH"}))
    assert len(entity_rows(html)) == 100
    assert by_type(html)["Cooperative"][0] == 105
    assert "Thailand <span" in html and "105 entities" in html  # the group's size over all pages


def test_paging_keeps_the_filters_and_the_grouping(client, db):
    make_thai_cooperatives(105)
    html = html_of(client.get("/tapestry/", {"country": "TH", "group": "entity_type"}))
    assert "Page 1 of 2" in html
    assert 'href="?country=TH&amp;group=entity_type&amp;page=2"' in html
    second = client.get("/tapestry/", {"country": "TH", "group": "entity_type", "page": "2"})
    assert len(entity_rows(html_of(second))) == 5
    assert 'href="?country=TH&amp;group=entity_type&amp;page=1"' in html_of(second)
    assert client.get("/tapestry/", {"country": "TH", "page": "3"}).status_code == 404


def test_an_unknown_grouping_is_a_400_that_names_the_parameter(client, entities):
    response = client.get("/tapestry/", {"group": "colour"})
    assert response.status_code == 400
    html = html_of(response)
    assert "Unknown value &#x27;colour&#x27; for group. Allowed: country, entity_type." in html
    assert entity_rows(html) == []
    assert '<form class="filters"' in html  # the page is still there to fix the choice


def test_a_bad_filter_value_is_a_400_with_the_message(client, entities):
    response = client.get("/tapestry/", {"band": "half"})
    assert response.status_code == 400
    assert "Unknown value &#x27;half&#x27;" in html_of(response)
    assert entity_rows(html_of(response)) == []


def test_the_filter_form_keeps_its_state_and_offers_the_grouping(client, entities):
    html = html_of(
        client.get("/tapestry/", {"country": "th", "lacks": "autonomy", "group": "entity_type"})
    )
    assert 'value="TH" checked' in html
    assert 'value="autonomy" checked' in html
    assert 'name="group" value="entity_type" checked' in html
    assert 'hx-get="/tapestry/"' in html
    assert 'href="/entities/?country=th&amp;lacks=autonomy"' in html  # the same set as a list
    # In words too, for a printed page or a phone where the form is out of sight.
    assert "Country: <strong>Thailand</strong>" in html
    assert "Lacks all of: <strong>Autonomy and independence</strong>" in html


def test_htmx_requests_get_only_the_results(client, entities):
    response = client.get("/tapestry/", {"country": "VN"}, HTTP_HX_REQUEST="true")
    html = html_of(response)
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert 'id="region-filter" hx-swap-oob="true"' in html


@pytest.mark.parametrize("count", [1, 60])
def test_tapestry_costs_the_same_queries_for_any_number_of_entities(
    client, django_assert_num_queries, count
):
    make_thai_cooperatives(count)
    # Warm the cached reference codes and rows (features, countries, types and
    # sectors: entities.reference) and the counts by country and type (one
    # GROUP BY with a conditional count per feature: the aggregated tapestry,
    # the group sizes and the paginator's count), cached until the published
    # data changes.
    client.get("/tapestry/", {"country": "TH"})
    client.get("/tapestry/", {"country": "TH", "group": "entity_type"})
    # 1. the page of entities with country, region, type, sector and assessment
    # 2. the form's regions of TH
    with django_assert_num_queries(2):
        response = client.get("/tapestry/", {"country": "TH"})
    assert len(entity_rows(html_of(response))) == count
    with django_assert_num_queries(2):
        client.get("/tapestry/", {"country": "TH", "group": "entity_type"})


@pytest.mark.parametrize("group", ["country", "entity_type"])
@pytest.mark.parametrize("page_size", [1, 2, 3, 7])
def test_pages_read_group_by_group_show_every_entity_once_in_one_order(
    client, entities, monkeypatch, group, page_size
):
    """A page is read group by group (entities.views.tapestry.GroupedRows);
    page after page, the rows are those of one sort of every entity: group
    order, then most features practised (not assessed last), name and id."""
    monkeypatch.setattr(tapestry, "PAGE_SIZE", page_size)
    grouping = tapestry.GROUPINGS[group]
    expected = list(
        Entity.objects.published()
        .order_by(*grouping.order, *tapestry.WITHIN_GROUP)
        .values_list("pk", flat=True)
    )
    shown = []
    for number in range(1, math.ceil(len(expected) / page_size) + 1):
        page = client.get("/tapestry/", {"group": group, "page": number})
        shown += [pk for pk, _ in entity_rows(html_of(page))]
    assert shown == expected


def test_a_page_over_many_groups_costs_three_queries(
    client, entities, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(tapestry, "PAGE_SIZE", 7)
    client.get("/tapestry/")  # warms the reference rows and the counts
    # The part of Cambodia's group on the page, the groups it holds whole
    # (Kyrgyzstan, Mongolia, Thailand), and the part of Viet Nam's.
    with django_assert_num_queries(3):
        html = html_of(client.get("/tapestry/"))
    assert group_labels(html) == ["Cambodia", "Kyrgyzstan", "Mongolia", "Thailand", "Viet Nam"]
    assert len(entity_rows(html)) == 7


def test_the_cached_counts_follow_a_publication(client, db):
    make_thai_cooperatives(2)
    assert "2 entities" in html_of(client.get("/tapestry/", {"country": "TH"}))
    late = EntityFactory(name="Late cooperative", status=Entity.Status.DRAFT, region_id="TH-10")
    assert "2 entities" in html_of(client.get("/tapestry/", {"country": "TH"}))
    late.status = Entity.Status.PUBLISHED
    late.save()
    html = html_of(client.get("/tapestry/", {"country": "TH"}))
    assert "3 entities" in html
    assert "Late cooperative" in html


def test_the_legend_follows_the_practising_threshold(client, settings, entities):
    settings.SSE_PRACTISING_THRESHOLD = 3
    html = html_of(client.get("/tapestry/"))
    assert "A feature counts as practised from a score of 3." in html
    assert '</span> Full <span class="muted">(practised)</span>' in html
    assert "</span> Substantial</li>" in html

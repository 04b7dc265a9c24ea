"""The methodology page: features, scale, rules and data collection."""

import re
from html import unescape

import pytest

from research.agreement import agreement_summary
from research.framework import FEATURE_CODES
from research.models import Assessment, Feature
from research.reliability import paired_units

from ..factories import EntityFactory, assess

pytestmark = pytest.mark.django_db


def page(client):
    response = client.get("/methodology/")
    assert response.status_code == 200
    return unescape(response.content.decode())


def section(html, anchor):
    start = html.index(f'id="{anchor}"')
    end = html.find('<section class="feature-section"', start + 1)
    return html[start : end if end != -1 else None]


def band_range(html, label):
    match = re.search(rf"<tr><th scope=\"row\">{label}</th><td>([^<]*)</td></tr>", html)
    return match.group(1)


def test_lists_the_seven_features_with_an_anchor_and_all_their_guidance(client):
    html = page(client)
    features = list(Feature.objects.all())
    assert len(features) == 7
    for feature in features:
        text = section(html, feature.code)
        assert f"{feature.position}. {feature.name}" in text
        assert feature.definition in text
        for _, label, guidance in feature.guidance_by_level():
            assert guidance in text
            assert str(label) in text
        assert feature.adoption_guidance in text
        assert f'href="/entities/?lacks={feature.code}"' in text
    assert 'href="#autonomy"' in html  # the table of contents
    positions = [html.index(f'id="{feature.code}"') for feature in features]
    assert positions == sorted(positions)


def test_feature_texts_come_from_the_database(client):
    Feature.objects.filter(pk="mutual_aid").update(adoption_guidance="Start a rotating fund.")
    assert "Start a rotating fund." in section(page(client), "mutual_aid")


def test_explains_the_scale_and_that_not_assessed_is_never_zero(client):
    html = page(client)
    scale = html[html.index('id="scale"') : html.index('id="rules"')]
    for label in ("Absent", "Emerging", "Substantial", "Full", "Not assessed"):
        assert label in scale
    assert "Never the same as 0" in scale
    assert "neither practised nor lacking" in scale


def test_shows_the_default_threshold_and_band_limits(client):
    html = page(client)
    assert "when its score is at least <strong>2</strong>, the practising threshold" in html
    assert band_range(html, "All seven") == "7 of 7"
    assert band_range(html, "Most") == "4–6 of 7"
    assert band_range(html, "Some") == "1–3 of 7"
    assert band_range(html, "None") == "0 of 7"


def test_follows_a_changed_practising_threshold(client, settings):
    settings.SSE_PRACTISING_THRESHOLD = 3
    html = page(client)
    assert "when its score is at least <strong>3</strong>, the practising threshold" in html
    scale = html[html.index('id="scale"') : html.index('id="rules"')]
    practised = re.findall(r"</span>\s+(\w+)</th><td>[^<]*</td><td>(Yes|No)</td>", scale)
    assert practised == [
        ("Full", "Yes"),
        ("Substantial", "No"),
        ("Emerging", "No"),
        ("Absent", "No"),
    ]
    # Example A (3, 2, 1, 2, 0, 2, 3) now practises only the two features scored 3.
    assert "with the current threshold of 3" in html
    assert "2 of 7" in html[html.index("Entity A") : html.index("Entity B")]


def test_follows_changed_band_limits(client, settings):
    settings.SSE_BAND_MOST_MIN = 5
    settings.SSE_BAND_SOME_MIN = 2
    html = page(client)
    assert band_range(html, "Most") == "5–6 of 7"
    assert band_range(html, "Some") == "2–4 of 7"
    assert band_range(html, "None") == "0–1 of 7"


def test_explains_how_the_data_is_collected(client):
    html = page(client)
    collection = html[html.index('id="collection"') :]
    for _, label in Assessment.Method.choices:
        assert f"<dt>{label}</dt>" in collection
    assert "Only published entities are public" in collection
    assert "latest published assessment" in collection
    assert "National researchers" in collection


def test_costs_one_query(client, django_assert_num_queries):
    # 1. the features, 2. whether any demo record exists (the banner), 3-5. when
    # the published data last changed (the footer); 2-5 cached until the
    # published data changes; 6. the fingerprint of the pairs of assessments,
    # 7. the pairs (none, so no scores to read), cached until the pairs change
    with django_assert_num_queries(7):
        client.get("/methodology/")
    with django_assert_num_queries(2):
        client.get("/methodology/")


# --- agreement between assessors ---


def agreement_section(html):
    return html[html.index('<h2 id="agreement"') :]


def assessed_twice(first_scores, second_scores, country="TH"):
    entity = EntityFactory(country_id=country)
    first = assess(entity, first_scores)
    assess(entity, second_scores, independent_of=first, status=Assessment.Status.IN_REVIEW)


def table_rows(section):
    """Each row of the agreement table: its header and its cells' texts."""
    return [
        (header, re.findall(r'<td class="num">([^<]*)</td>', cells))
        for header, cells in re.findall(
            r'<tr>\s*<th scope="row">([^<]*)</th>(.*?)</tr>', section, flags=re.S
        )
    ]


def test_agreement_says_when_no_entity_was_assessed_twice(client):
    section = agreement_section(page(client))

    assert "No entity has been assessed twice yet." in section
    assert "<table" not in section
    assert 'href="#agreement"' in page(client)


def test_agreement_table_shows_research_agreements_figures(client):
    assessed_twice([3, 2, 1, 2, 0, 2, 3], [3, 2, 1, 2, 0, 2, 3])
    assessed_twice([1, 3, 2, 0, 3, 1, 2], [1, 2, 2, 0, 3, 1, 3])
    assessed_twice([2, 3, 3, 1, 0, 2, 2], [2, 3, 3, 1, 1, 2, 2], country="VN")

    section = agreement_section(page(client))

    assert "3 entities have been assessed twice" in section
    assert (
        'class="table-scroll" role="region" tabindex="0" aria-labelledby="agreement-caption"'
        in section
    )
    assert '<caption id="agreement-caption">' in section
    summary = agreement_summary(paired_units())
    names = dict(Feature.objects.values_list("code", "name"))
    expected = [(names[code], summary["features"][code]) for code in FEATURE_CODES] + [
        ("All features", summary["overall"])
    ]
    rows = table_rows(section)
    assert len(rows) == 8
    for (header, cells), (name, figures) in zip(rows, expected, strict=True):
        assert header == name
        assert cells[0] == str(figures["n_units"])
        assert cells[1] == ("–" if figures["alpha"] is None else f"{figures['alpha']:.2f}")
        assert cells[4] == f"{round(figures['exact_agreement'] * 100)}%"
        assert cells[5] == f"{round(figures['practising_agreement'] * 100)}%"
    # All features: 21 units, three of which differ by one point (two on the
    # second Thai entity, one on the Vietnamese), so 18 of 21 the same score.
    overall = dict(rows)["All features"]
    assert overall[0] == "21"
    assert overall[4] == "86%"
    low, high = summary["overall"]["alpha_interval"]
    assert overall[2] == f"{low:.2f} to {high:.2f}"
    assert "0.8 or more is commonly taken as reliable" in section
    assert "scored at least 2" in section

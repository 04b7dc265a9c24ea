"""The methodology page: features, scale, rules and data collection."""

import re
from html import unescape

import pytest

from research.models import Assessment, Feature

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
    # published data changes
    with django_assert_num_queries(5):
        client.get("/methodology/")

"""A researcher records an entity and its seven scores on one admin page."""

import json
import re
from decimal import Decimal

import pytest
from django.templatetags.static import static
from django.urls import reverse

from entities.models import Entity
from research.framework import FEATURE_CODES, Band
from research.models import Assessment, Feature, Score

from ..admin_forms import ADD_URL, PREFIX, entity_post, no_identifiers
from ..factories import (
    EntityFactory,
    assess,
    profiles_refreshed_together,
    researcher,
    signed_version,
)

pytestmark = pytest.mark.django_db


def test_add_page_shows_each_feature_with_its_scoring_guidance(admin_client):
    page = admin_client.get(ADD_URL).content.decode()
    for feature in Feature.objects.all():
        assert feature.name in page
        assert feature.guidance_full[:40] in page
    assert 'name="assessments-0-score__autonomy"' in page
    assert "Not assessed" in page


def test_researcher_adds_an_entity_with_its_seven_scores(admin_client, admin_user):
    response = admin_client.post(ADD_URL, entity_post([3, 3, 2, 2, 3, 0, None]))
    assert response.status_code == 302, response.context["errors"]

    entity = Entity.objects.get()
    assert entity.name_local == "วิสาหกิจชุมชนข้าวอินทรีย์บ้านหนองบัว"
    assert entity.created_by == admin_user
    assert sorted(entity.sdgs.values_list("number", flat=True)) == [1, 2]

    assessment = Assessment.objects.get(entity=entity)
    assert assessment.assessor == admin_user  # defaults to whoever records it
    scores = dict(assessment.scores.values_list("feature_id", "score"))
    assert scores == dict(zip(FEATURE_CODES, [3, 3, 2, 2, 3, 0, None], strict=True))
    assert assessment.scores.get(feature_id="autonomy").evidence == "Seen: autonomy"
    # New records are drafts: nothing public yet.
    assert (entity.status, assessment.status) == ("draft", "draft")
    assert entity.current_assessment is None

    # A reviewer (here the superuser) publishes the entity and its assessment.
    publish = reverse("admin:entities_entity_transition", args=[entity.pk, "publish"])
    response = admin_client.post(publish, {"version": str(entity.version)})
    assert response.status_code == 302
    entity.refresh_from_db()
    assessment.refresh_from_db()
    assert (entity.status, assessment.status) == ("published", "published")
    assert entity.current_assessment == assessment
    assert entity.features_practised == 5
    assert entity.profile.lacking == ["autonomy"]
    assert entity.band == Band.UNASSESSED


def test_out_of_range_score_is_refused_with_a_message_naming_the_feature(admin_client):
    response = admin_client.post(ADD_URL, entity_post([3, 3, 2, 2, 3, 5, 3]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Autonomy and independence: choose a score from 0 to 3" in page
    assert not Entity.objects.exists()
    assert not Score.objects.exists()


def test_score_without_evidence_is_refused_naming_the_feature(admin_client):
    data = entity_post([3, 3, 2, 2, 3, 1, 3])
    data[f"{PREFIX}-0-evidence__mutual_aid"] = "  "
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Mutual aid: give the evidence for this score." in response.content.decode()
    assert not Entity.objects.exists()


def test_region_of_another_country_is_refused_with_a_message(admin_client):
    response = admin_client.post(ADD_URL, entity_post([3] * 7, region="VN-HN"))
    assert response.status_code == 200
    assert "The region must belong to the entity&#x27;s country." in response.content.decode()
    # Under the region, where it is chosen (what a browser without the
    # script narrowing the list posts).
    form = response.context["adminform"].form
    assert form.errors["region"] == ["The region must belong to the entity's country."]
    assert not Entity.objects.exists()


def region_choices(client):
    field = client.get(ADD_URL).context["adminform"].form.fields["region"]
    return [(str(value), label) for value, label in field.choices]


def test_a_researcher_of_one_country_is_offered_its_regions_alone(client):
    client.force_login(researcher("KG"))
    choices = region_choices(client)
    assert choices[0] == ("", "---------")
    assert choices[1:] and all(code.startswith("KG-") for code, _label in choices[1:])
    assert ("KG-C", "Chuy (KG-C)") in choices


def test_the_regions_of_several_countries_are_grouped_by_country(client):
    client.force_login(researcher("KG", "MN"))
    choices = region_choices(client)
    groups = {label: [code for code, _name in regions] for label, regions in choices[1:]}
    assert list(groups) == ["Kyrgyzstan", "Mongolia"]
    assert all(code.startswith("KG-") for code in groups["Kyrgyzstan"])
    assert all(code.startswith("MN-") for code in groups["Mongolia"])
    page = client.get(ADD_URL).content.decode()
    assert "/static/js/region-choices.js" in page


def test_a_likely_duplicate_is_named_with_its_region_number_and_a_link(admin_client):
    same = EntityFactory(name="Ban Nong Bua Organic Rice Community Enterprise", region_id="TH-40")
    similar = EntityFactory(name="Ban Nong Bua Organic Rice Community Enterprises")
    response = admin_client.post(ADD_URL, entity_post([3, 3, 2, 2, 3, 0, None]))

    assert response.status_code == 200
    [warning] = response.context["adminform"].form.non_field_errors()
    change = reverse("admin:entities_entity_change", args=[same.pk])
    other = reverse("admin:entities_entity_change", args=[similar.pk])
    assert warning == (
        "This looks like an entity already in the registry: "
        f'<a href="{change}" target="_blank">Ban Nong Bua Organic Rice Community Enterprise</a>'
        f" (Khon Kaen, #{same.pk}, same name), "
        f'<a href="{other}" target="_blank">Ban Nong Bua Organic Rice Community Enterprises</a>'
        f" (#{similar.pk}, very similar name). "
        "If it is a different entity, tick “This is a different entity, not a duplicate” "
        "and save again."
    )
    assert warning in response.content.decode()  # rendered as links, not escaped
    assert not Entity.objects.filter(created_by__isnull=False).exists()


def test_editing_a_score_updates_the_stored_profile(admin_client):
    entity = EntityFactory()
    assessment = assess(entity, [3, 3, 3, 3, 3, 3, 3])
    url = reverse("admin:entities_entity_change", args=[entity.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        **{name: value for name, value in form.initial.items() if value is not None},
        "country": "TH",
        "entity_type": "cooperative",
        "sector": "A",
        "version": signed_version(entity),
        "origin": "unknown",
        "dependency": "unknown",
        f"{PREFIX}-TOTAL_FORMS": "1",
        f"{PREFIX}-INITIAL_FORMS": "1",
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "1000",
        f"{PREFIX}-0-id": str(assessment.pk),
        f"{PREFIX}-0-entity": str(entity.pk),
        f"{PREFIX}-0-assessed_on": "2025-03-01",
        f"{PREFIX}-0-method": "interview",
        f"{PREFIX}-0-version": signed_version(assessment),
        **no_identifiers(),
    }
    data.pop("sdgs", None)
    for code in FEATURE_CODES:
        data[f"{PREFIX}-0-score__{code}"] = "3"
        data[f"{PREFIX}-0-evidence__{code}"] = "Bylaws and minutes"
    data[f"{PREFIX}-0-score__autonomy"] = "1"

    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    entity.refresh_from_db()
    assert entity.profile.lacking == ["autonomy"]
    assert entity.band == Band.MOST
    assert Score.objects.get(assessment=assessment, feature_id="autonomy").score == 1


def test_changelist_filters_by_band_and_searches_local_names(admin_client):
    thai = EntityFactory(name="Rice growers", name_local="กลุ่มผู้ปลูกข้าว")
    assess(thai, [3] * 7)
    other = EntityFactory(name="Weavers")
    assess(other, [0] * 7)
    url = reverse("admin:entities_entity_changelist")

    by_band = admin_client.get(url, {"band": Band.ALL})
    assert list(by_band.context["cl"].result_list) == [thai]

    by_local_name = admin_client.get(url, {"q": "ผู้ปลูกข้าว"})
    assert list(by_local_name.context["cl"].result_list) == [thai]


@pytest.mark.parametrize(
    ("posted", "stored"), [("true", True), ("false", False), ("unknown", None), ("", None)]
)
def test_registered_is_chosen_as_yes_no_or_unknown(admin_client, posted, stored):
    select = admin_client.get(ADD_URL).content.decode()
    assert '<select name="registered"' in select
    for value, label in (("unknown", "Unknown"), ("true", "Yes"), ("false", "No")):
        assert f'<option value="{value}"' in select and f">{label}</option>" in select
    number = "TH-CE-0042" if stored else ""
    data = entity_post([3] * 7, registered=posted, registration_number=number)
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    assert Entity.objects.get().registered is stored


def test_a_registration_number_of_an_entity_not_known_to_be_registered_is_refused(admin_client):
    response = admin_client.post(ADD_URL, entity_post([3] * 7, registered="unknown"))
    assert response.status_code == 200
    assert "A registration number is only recorded for a registered entity." in (
        response.content.decode()
    )
    assert not Entity.objects.exists()


def test_changelist_filters_by_registered_yes_no_or_unknown(admin_client):
    yes = EntityFactory(name="Registered", registered=True)
    no = EntityFactory(name="Not registered", registered=False)
    unknown = EntityFactory(name="Not known")
    url = reverse("admin:entities_entity_changelist")
    page = admin_client.get(url).content.decode()
    assert "?registered__isnull=True" in page  # the filter's "Unknown"
    for query, expected in (
        ({"registered__exact": "1"}, yes),
        ({"registered__exact": "0"}, no),
        ({"registered__isnull": "True"}, unknown),
    ):
        found = admin_client.get(url, query)
        assert list(found.context["cl"].result_list) == [expected]


def test_changelist_costs_the_same_queries_for_many_entities(
    admin_client, django_assert_max_num_queries
):
    with profiles_refreshed_together():
        for _ in range(30):
            assess(EntityFactory(), [3, 2, 1, 0, 3, 2, 1])
    url = reverse("admin:entities_entity_changelist")
    # session, user, count, page with country and type joined, and the
    # list filters' choices: nothing per row.
    with django_assert_max_num_queries(12):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 30


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:entities_country_changelist",
        "admin:entities_region_changelist",
        "admin:entities_entitytype_changelist",
        "admin:entities_sector_changelist",
        "admin:research_feature_changelist",
        "admin:research_assessment_changelist",
    ],
)
def test_reference_data_and_assessments_are_listed_for_staff(admin_client, url_name):
    assert admin_client.get(reverse(url_name)).status_code == 200


def test_country_working_definition_is_editable(admin_client):
    url = reverse("admin:entities_country_change", args=["MN"])
    response = admin_client.post(
        url,
        {
            "name_en": "Mongolia",
            "name_mn": "Монгол",
            "phase": "2",
            "working_definition": "Herder cooperatives…",
        },
    )
    assert response.status_code == 302
    from entities.models import Country

    mongolia = Country.objects.get(pk="MN")
    assert mongolia.working_definition == "Herder cooperatives…"
    assert (mongolia.name, mongolia.name_en, mongolia.name_mn) == (
        "Mongolia",
        "Mongolia",
        "Монгол",
    )


def test_features_cannot_be_added_or_deleted_but_their_texts_can_be_edited(admin_client):
    assert admin_client.get(reverse("admin:research_feature_add")).status_code == 403
    feature = Feature.objects.get(pk="autonomy")
    url = reverse("admin:research_feature_change", args=["autonomy"])
    data = {
        "name_en": "Autonomy and independence",
        "definition_en": feature.definition,
        "guidance_absent_en": feature.guidance_absent,
        "guidance_emerging_en": feature.guidance_emerging,
        "guidance_substantial_en": feature.guidance_substantial,
        "guidance_full_en": feature.guidance_full,
        "adoption_guidance_en": "Hold an assembly that adopts its own bylaws.",
    }
    assert admin_client.post(url, data).status_code == 302
    assert Feature.objects.get(pk="autonomy").adoption_guidance.startswith("Hold an assembly")


# --- coordinates ------------------------------------------------------------------


def test_typed_coordinates_are_saved_rounded_to_six_places(admin_client):
    data = entity_post(
        [3] * 7, latitude=" 16,43221987 ", longitude="102.8236°", location_precision="exact"
    )
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    entity = Entity.objects.get()
    assert (entity.latitude, entity.longitude) == (Decimal("16.432220"), Decimal("102.823600"))
    assert entity.location_precision == "exact"


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        (
            {"latitude": "95", "longitude": "100"},
            "latitude",
            "The latitude must be between -90 and 90",
        ),
        (
            {"latitude": "13.7", "longitude": "-200.5"},
            "longitude",
            "The longitude must be between -180 and 180",
        ),
        (
            {"latitude": "13°45′N", "longitude": "100.5"},
            "latitude",
            "Write the latitude as a number of degrees, e.g. 13.7563.",
        ),
        ({"latitude": "13.7"}, "longitude", "Give the longitude too: coordinates are a pair."),
        ({"longitude": "100.5"}, "latitude", "Give the latitude too: coordinates are a pair."),
        (
            {"latitude": "13.7", "longitude": "100.5", "location_precision": ""},
            "location_precision",
            "Say how precise the coordinates are",
        ),
        (
            {"location_precision": "exact"},
            "location_precision",
            "Leave the precision blank when there are no coordinates.",
        ),
    ],
)
def test_a_wrong_coordinate_is_refused_with_a_message_under_its_field(
    admin_client, typed, field, message
):
    data = entity_post([3] * 7, **{"location_precision": "locality", **typed})
    response = admin_client.post(ADD_URL, data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert list(form.errors) == [field]
    assert message in form.errors[field][0]
    assert not Entity.objects.exists()


def test_a_researchers_save_round_trips_the_coordinates(client):
    user = researcher("TH")
    client.force_login(user)
    assert (
        client.post(
            ADD_URL,
            entity_post(
                [3] * 7,
                latitude="16.4322",
                longitude="102.8236",
                location_precision="locality",
                **{f"{PREFIX}-TOTAL_FORMS": "0"},
            ),
        ).status_code
        == 302
    )
    entity = Entity.objects.get()
    url = reverse("admin:entities_entity_change", args=[entity.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    html = page.content.decode()
    assert 'name="latitude" value="16.4322"' in html
    assert 'inputmode="decimal"' in html
    assert "Decimal degrees, -90 to 90" in html  # the help on the range
    # The page posted back as the browser shows it: nothing changes.
    data = {
        name: form[name].value()
        for name in form.fields
        if form[name].value() not in (None, False) and name != "sdgs"
    }
    data.update(
        {
            "sdgs": [str(pk) for pk in form["sdgs"].value()],
            f"{PREFIX}-TOTAL_FORMS": "0",
            f"{PREFIX}-INITIAL_FORMS": "0",
            f"{PREFIX}-MIN_NUM_FORMS": "0",
            f"{PREFIX}-MAX_NUM_FORMS": "1000",
            **no_identifiers(),
        }
    )
    history = entity.history.count()
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    entity.refresh_from_db()
    assert (entity.latitude, entity.longitude) == (Decimal("16.432200"), Decimal("102.823600"))
    assert entity.location_precision == "locality"
    latest = entity.history.latest()
    assert entity.history.count() == history + 1
    assert latest.prev_record.latitude == latest.latitude
    # Cleared: both coordinates and the precision go.
    data = {**data, "version": signed_version(entity)}
    data.update(latitude="", longitude="", location_precision="")
    assert client.post(url, data).status_code == 302
    entity.refresh_from_db()
    assert (entity.latitude, entity.longitude, entity.location_precision) == (None, None, "")


def picker_data(html):
    """The data the form's map reads (a json_script element)."""
    match = re.search(
        r'<script id="coordinate-picker-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, "the form carries no data for its map"
    return json.loads(match.group(1))


def test_the_form_loads_the_map_as_static_files_and_still_saves_typed_numbers(client):
    user = researcher("TH")
    client.force_login(user)
    html = client.get(ADD_URL).content.decode()
    # The vendored Leaflet and the picker, as files (no inline script), and inert data.
    assert f'<script src="{static("vendor/leaflet/leaflet.js")}" defer></script>' in html
    assert f'<script src="{static("js/coordinate-picker.js")}" defer></script>' in html
    assert f'href="{static("vendor/leaflet/leaflet.css")}"' in html
    scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attributes for attributes in scripts), scripts
    data = picker_data(html)
    assert data["regionsUrl"] == "/api/v1/regions/?format=geojson&country="
    assert data["countries"]["TH"] == [97.3514, 5.6299, 105.651, 20.445]
    assert data["tileUrl"] == ""
    assert (data["latitude"], data["longitude"]) == (None, None)
    # The typed numbers are the form, as without the map.
    data = entity_post(
        [3] * 7,
        latitude="13.75633",
        longitude="100.50177",
        location_precision="exact",
        **{f"{PREFIX}-TOTAL_FORMS": "0"},
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["errors"]
    entity = Entity.objects.get()
    assert (entity.latitude, entity.longitude) == (Decimal("13.756330"), Decimal("100.501770"))
    # A page the researcher may only read carries the stored place for its map.
    entity.status = Entity.Status.IN_REVIEW
    entity.save()
    page = client.get(reverse("admin:entities_entity_change", args=[entity.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="latitude"' not in html
    data = picker_data(html)
    assert (data["country"], data["latitude"], data["longitude"]) == ("TH", 13.75633, 100.50177)


def test_entity_page_names_the_links_to_its_assessments(admin_client):
    entity = EntityFactory()
    html = admin_client.get(reverse("admin:entities_entity_change", args=[entity.pk])).content
    assert "<label>All assessments:</label>" in html.decode()

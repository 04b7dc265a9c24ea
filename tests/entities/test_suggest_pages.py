"""The public's suggestion forms: "Suggest a correction" on every entity page
and "Suggest an entity we are missing" on the list and the home page; what
they store (only the fields that change, old → new), what they refuse (each
with a message and a 4xx, never a 500: too long, too many links, the hidden
field filled in, too many posts, a region of another country), a second post
of the same form, and a suggester's e-mail address kept off every public
page."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from entities.models import Entity, Suggestion
from entities.suggestions import new_token

from ..factories import EntityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entity():
    return EntityFactory(
        name="Baan Rak Weavers",
        country_id="TH",
        region_id="TH-50",
        locality="Chiang Mai",
        members=40,
        website="https://weavers.example.org/",
        description="Hand-woven cotton.",
    )


def token_of(response):
    return re.search(r'name="token" value="([0-9a-f]{32})"', response.content.decode())[1]


def correction_data(entity, client, **changes):
    """The correction form as a browser posts it: prefilled, then changed."""
    response = client.get(reverse("suggest-correction", args=[entity.pk]))
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if name == "confirm_listed":
            continue
        data[name] = "" if value is None else field.prepare_value(value)
    data = {name: "" if value is None else str(value) for name, value in data.items()}
    data.update({"note": "", "sources": "", "email": ""})
    data.update(changes)
    return data


def new_data(**values):
    data = {
        "token": new_token(),
        "country": "TH",
        "name": "Doi Tung Coffee Growers",
        "entity_type": "cooperative",
        "sector": "A",
        "region": "TH-57",
        "note": "Founded by the growers of three villages.",
        "sources": "https://coffee.example.org/about\nProvincial cooperative office",
        "email": "",
    }
    data.update(values)
    return data


# --- The links and the forms ------------------------------------------------------


def test_every_entity_page_links_to_its_correction_form(client, entity):
    page = client.get(reverse("entity-detail", args=[entity.pk])).content.decode()
    assert f'href="/entities/{entity.pk}/suggest/"' in page
    assert "Suggest a correction" in page


@pytest.mark.parametrize("name", ["home", "entity-list"])
def test_the_list_and_home_page_link_to_the_new_entity_form(client, name):
    page = client.get(reverse(name)).content.decode()
    assert 'href="/suggest/"' in page
    assert "Suggest an entity we are missing" in page


def test_the_correction_form_is_prefilled_with_the_public_values(client, entity):
    response = client.get(reverse("suggest-correction", args=[entity.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Baan Rak Weavers"' in page
    assert 'value="Chiang Mai"' in page
    assert "Hand-woven cotton." in page
    assert "csrfmiddlewaretoken" in page
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_no_correction_of_an_entity_not_published(client):
    draft = EntityFactory(status=Entity.Status.DRAFT)
    assert client.get(reverse("suggest-correction", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("language", ["th", "vi", "km", "ky", "mn"])
def test_the_forms_speak_every_language(client, entity, language):
    with translation.override(language):
        new_url = reverse("suggest-new")
        correction_url = reverse("suggest-correction", args=[entity.pk])
    assert new_url.startswith(f"/{language}/")
    for url in (new_url, correction_url):
        response = client.get(url)
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()


# --- What a correction stores ----------------------------------------------------


def test_a_correction_stores_only_the_fields_that_change_and_shows_old_to_new(client, entity):
    data = correction_data(
        entity, client, members="55", locality="Mae Rim", email="suggester@example.org"
    )
    response = client.post(reverse("suggest-correction", args=[entity.pk]), data)
    assert response.status_code == 200, response.content.decode()[:2000]
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == Suggestion.Kind.CORRECTION
    assert suggestion.entity == entity
    assert suggestion.country_id == "TH"
    assert suggestion.proposed == {"locality": "Mae Rim", "members": 55}
    assert suggestion.previous == {"locality": "Chiang Mai", "members": 40}
    assert suggestion.status == Suggestion.Status.PENDING
    assert suggestion.language == "en"
    page = response.content.decode()
    assert "<del>Chiang Mai</del>" in page and "<ins>Mae Rim</ins>" in page
    assert "suggester@example.org" not in page
    entity.refresh_from_db()
    assert entity.locality == "Chiang Mai"  # nothing changes until handled and published


def test_a_correction_that_changes_nothing_and_says_nothing_is_refused(client, entity):
    data = correction_data(entity, client)
    response = client.post(reverse("suggest-correction", args=[entity.pk]), data)
    assert response.status_code == 400
    assert "Change at least one field" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_note_alone_is_a_correction(client, entity):
    data = correction_data(entity, client, note="It closed in 2024.")
    response = client.post(reverse("suggest-correction", args=[entity.pk]), data)
    assert response.status_code == 200
    assert Suggestion.objects.get().proposed == {}


def test_a_suggestion_in_thai_is_recorded_in_thai(client, entity):
    with translation.override("th"):
        url = reverse("suggest-correction", args=[entity.pk])
    data = correction_data(entity, client, members="41")
    assert client.post(url, data).status_code == 200
    assert Suggestion.objects.get().language == "th"


# --- Validated as the admin validates -------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"entity_type": "no-such-type"}, "entity_type", "Select a valid choice"),
        ({"sector": "Z"}, "sector", "Select a valid choice"),
        ({"region": "VN-01"}, "region", "Select a valid choice"),
        ({"year_established": "1200"}, None, "between 1800 and 2100"),
        ({"members": "-4"}, "members", "greater than or equal to 0"),
        ({"latitude": "123", "longitude": "100", "location_precision": "exact"}, "latitude", ""),
        ({"latitude": "13.7", "longitude": "", "location_precision": "exact"}, "longitude", ""),
        ({"website": "javascript:alert(1)"}, "website", "Enter a valid URL"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_a_correction_is_checked_by_the_entitys_own_validation(
    client, entity, changes, field, message
):
    data = correction_data(entity, client, **changes)
    response = client.post(reverse("suggest-correction", args=[entity.pk]), data)
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "__all__")
    assert errors, form.errors
    assert message in " ".join(errors)
    assert not Suggestion.objects.exists()


def test_a_new_entitys_region_must_be_of_its_country(client):
    response = client.post(reverse("suggest-new"), new_data(region="VN-01"))
    assert response.status_code == 400
    assert response.context["form"].errors["region"] == [
        "The region must belong to the entity's country."
    ]


# --- A new entity -----------------------------------------------------------------


def test_a_new_entity_is_stored_with_the_fields_given(client):
    response = client.post(reverse("suggest-new"), new_data())
    assert response.status_code == 200, response.content.decode()[:3000]
    suggestion = Suggestion.objects.get()
    assert suggestion.kind == Suggestion.Kind.NEW
    assert suggestion.entity is None
    assert suggestion.country_id == "TH"
    assert suggestion.proposed == {
        "name": "Doi Tung Coffee Growers",
        "entity_type": "cooperative",
        "sector": "A",
        "region": "TH-57",
    }
    assert suggestion.sources == (
        "https://coffee.example.org/about\nProvincial cooperative office"
    )


def test_a_new_entity_already_published_is_shown_with_links_and_sent_once_confirmed(client):
    listed = EntityFactory(name="Doi Tung Coffee Growers", country_id="TH")
    hidden = EntityFactory(name="Doi-Tung coffee growers!", country_id="TH", status="draft")
    data = new_data(name="doi tung COFFEE growers")
    response = client.post(reverse("suggest-new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This may already be listed:" in page
    assert f'href="/entities/{listed.pk}/"' in page
    assert f"/entities/{hidden.pk}/" not in page  # only published entities are named
    assert 'name="confirm_listed"' in page
    assert not Suggestion.objects.exists()
    response = client.post(reverse("suggest-new"), {**data, "confirm_listed": "on"})
    assert response.status_code == 200
    assert Suggestion.objects.count() == 1


def test_the_same_website_is_a_likely_listing_too(client):
    EntityFactory(name="Something Else", country_id="TH", website="http://www.coffee.example.org")
    response = client.post(reverse("suggest-new"), new_data(website="https://coffee.example.org/"))
    assert "This may already be listed:" in response.content.decode()


# --- Abuse ------------------------------------------------------------------------


def test_posted_twice_is_one_suggestion(client):
    data = new_data()
    first = client.post(reverse("suggest-new"), data)
    second = client.post(reverse("suggest-new"), data)
    assert first.status_code == second.status_code == 200
    assert Suggestion.objects.count() == 1
    assert "Thank you" in second.content.decode()


def test_a_form_without_its_token_is_refused(client):
    response = client.post(reverse("suggest-new"), new_data(token="not-a-token"))
    assert response.status_code == 400
    assert "open it again" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_the_hidden_field_filled_in_is_refused_and_nothing_stored(client):
    response = client.post(reverse("suggest-new"), new_data(homepage="http://spam.example"))
    assert response.status_code == 400
    assert "could not be sent" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_the_hidden_field_is_out_of_sight_and_of_the_tab_order(client):
    page = client.get(reverse("suggest-new")).content.decode()
    assert re.search(r'<div class="hp" aria-hidden="true">', page)
    assert re.search(r'name="homepage"[^>]*tabindex="-1"', page)


def test_script_payloads_are_rendered_inert(client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    data = new_data(name=f"Coop {payload}", note=payload, sources=payload)
    response = client.post(reverse("suggest-new"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert" in page
    # A refused form shows the payload back inert too.
    response = client.post(reverse("suggest-new"), new_data(token=new_token(), note=payload * 300))
    assert response.status_code == 400
    assert "<script>alert" not in response.content.decode()


def test_ten_thousand_links_are_refused(client):
    links = " ".join(f"https://spam{i}.example" for i in range(10_000))
    response = client.post(reverse("suggest-new"), new_data(note=links[:4999]))
    assert response.status_code == 400
    assert "web links" in response.content.decode()
    response = client.post(reverse("suggest-new"), new_data(sources="\n".join(["x"] * 10_000)))
    assert response.status_code == 400
    assert not Suggestion.objects.exists()


def test_more_links_than_allowed_are_refused(client, settings):
    settings.SUGGESTION_MAX_LINKS = 3
    sources = "\n".join(f"https://source{i}.example.org" for i in range(4))
    response = client.post(reverse("suggest-new"), new_data(sources=sources))
    assert response.status_code == 400
    assert "At most 3 web links" in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("note", "x" * 5001),
        ("sources", "y" * 2001),
        ("sources", "\n".join(f"line {i}" for i in range(21))),
        ("description", "z" * 5001),
    ],
)
def test_over_long_texts_are_refused(client, field, value):
    response = client.post(reverse("suggest-new"), new_data(**{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Suggestion.objects.exists()


def test_a_note_of_a_megabyte_is_refused(client):
    response = client.post(reverse("suggest-new"), new_data(note="x" * 1024 * 1024))
    assert response.status_code in (400, 413)
    assert not Suggestion.objects.exists()


def test_a_body_over_the_request_limit_is_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
    response = client.post(reverse("suggest-new"), new_data(note="x" * 1024 * 1024))
    assert response.status_code == 413


def test_a_hundred_posts_a_minute_from_one_address_are_429(client):
    statuses = [
        client.post(reverse("suggest-new"), new_data(token=new_token())).status_code
        for _ in range(100)
    ]
    assert statuses[0] == 200
    assert 429 in statuses
    refused = client.post(reverse("suggest-new"), new_data(token=new_token()))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many suggestions" in refused.content.decode()
    assert Suggestion.objects.count() < 100


def test_another_address_may_still_post_until_the_global_limit(settings):
    settings.SUGGESTION_RATE = "2/minute"
    settings.SUGGESTION_GLOBAL_RATE = "3/minute"
    url = reverse("suggest-new")
    one, two = Client(REMOTE_ADDR="192.0.2.1"), Client(REMOTE_ADDR="192.0.2.2")
    assert [one.post(url, new_data(token=new_token())).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert two.post(url, new_data(token=new_token())).status_code == 200
    assert two.post(url, new_data(token=new_token())).status_code == 429  # everyone's limit


def test_a_stranger_may_not_post_to_an_unknown_method(client):
    assert client.put(reverse("suggest-new")).status_code == 405


# --- The e-mail address is private ----------------------------------------------


def test_the_email_never_appears_on_a_public_page_or_the_api(client, entity, api):
    data = correction_data(entity, client, members="60", email="secret-person@example.org")
    client.post(reverse("suggest-correction", args=[entity.pk]), data)
    assert Suggestion.objects.get().email == "secret-person@example.org"
    for url in (
        reverse("entity-detail", args=[entity.pk]),
        reverse("entity-list"),
        reverse("home"),
        reverse("entity-download"),
        reverse("api:entity-list"),
        reverse("api:entity-detail", args=[entity.pk]),
        reverse("suggest-correction", args=[entity.pk]),
    ):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"secret-person" not in body, url
    # Nor does the history keep it.
    assert not any("secret-person" in str(row.__dict__) for row in Suggestion.history.all())


def test_the_same_content_from_a_fresh_copy_of_the_form_is_one_suggestion(client):
    client.post(reverse("suggest-new"), new_data())
    again = client.post(reverse("suggest-new"), new_data(token=new_token()))
    assert again.status_code == 200
    assert Suggestion.objects.count() == 1
    other = client.post(reverse("suggest-new"), new_data(token=new_token(), note="More."))
    assert other.status_code == 200
    assert Suggestion.objects.count() == 2

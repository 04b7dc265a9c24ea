"""Languages: the public pages' language in their address (/th/…, English
without a prefix), the switcher on public and admin pages, the admin's language
chosen by its user, the API in English, the interface strings of the message
files, and the features' names and texts translated as data, each untranslated
text falling back to English."""

import importlib
import re
from html import unescape

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from research.framework import Band, ScoreLevel
from research.models import Feature

pytestmark = pytest.mark.django_db

SET_LANGUAGE = "/i18n/setlang/"


def in_language(language, path):
    return path if language == "en" else f"/{language}{path}"


def choose(client, language, next_url="/methodology/"):
    """Chooses ``language`` with the switcher on the page at ``next_url``;
    returns the address it leads to."""
    response = client.post(SET_LANGUAGE, {"language": language, "next": next_url})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
    return response["Location"]


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def labels(language):
    with translation.override(language):
        return [str(label) for _, label in [*ScoreLevel.choices, *Band.choices]]


@pytest.mark.parametrize("language", ["km", "ky", "mn", "th", "vi"])
def test_choosing_a_language_translates_feature_names_and_score_labels(client, language):
    address = choose(client, language)
    assert address == f"/{language}/methodology/"
    html = page(client, address)
    assert f'<html lang="{language}">' in html
    for feature in Feature.objects.all():
        translated = getattr(feature, f"name_{language}")
        assert translated and translated != feature.name_en
        assert f"{feature.position}. {translated}</h3>" in html
        assert f"{feature.position}. {feature.name_en}" not in html
    translated = labels(language)
    assert not set(translated) & set(labels("en"))  # every label has a translation
    for label in translated:
        assert label in html


def test_switcher_keeps_the_page_and_its_query_string(client):
    html = page(client, "/entities/?country=TH&band=all")
    # A public page asks for itself in another language: no token, no cookie.
    assert '<form class="language-switcher" method="get" action="/i18n/page/">' in html
    assert 'name="csrfmiddlewaretoken"' not in html
    assert '<input type="hidden" name="next" value="/entities/?country=TH&band=all">' in html
    assert '<label for="language-switcher-select">' in html
    assert '<option value="en" lang="en" selected>English</option>' in html


def test_switcher_names_each_language_in_itself_whatever_the_page_language(client):
    html = page(client, choose(client, "th", "/"))
    for code, name in settings.LANGUAGES:
        selected = " selected" if code == "th" else ""
        assert f'<option value="{code}" lang="{code}"{selected}>{name}</option>' in html


def test_a_text_without_translation_falls_back_to_english(client):
    Feature.objects.filter(pk="autonomy").update(name_km="ស្វ័យភាព", definition_km=None)
    Feature.objects.filter(pk="mutual_aid").update(name_km=None)
    html = page(client, choose(client, "km"))
    assert '<html lang="km">' in html
    autonomy = Feature.objects.get(pk="autonomy")
    assert "ស្វ័យភាព" in html
    assert autonomy.definition_en in html
    assert "Mutual aid" in html  # no Khmer name: English


def test_entity_page_follows_the_language(client):
    from ..factories import EntityFactory, assess

    entity = EntityFactory()
    assess(entity, [3, 3, 2, 0, 1, None, 2])
    html = page(client, choose(client, "vi", f"/entities/{entity.pk}/"))
    assert Feature.objects.get(pk="mutual_aid").name_vi in html
    with translation.override("vi"):
        heading = translation.gettext("The seven features")
    assert heading != "The seven features" and heading in html  # the message files
    assert entity.country.name_vi in html  # reference data, translated


def test_switcher_is_on_admin_pages_including_the_login_page(admin_client):
    login = page(Client(), reverse("admin:login"))
    assert 'class="language-switcher"' in login
    html = page(admin_client, reverse("admin:index"))
    assert 'class="language-switcher"' in html
    assert '<input type="hidden" name="next" value="/admin/">' in html
    assert "css/admin.css" in html
    assert '<div id="site-name"><a href="/admin/">SSE Registry</a></div>' in html


def test_admin_offers_each_feature_text_in_every_language(admin_client):
    url = reverse("admin:research_feature_change", args=["autonomy"])
    html = page(admin_client, url)
    for code, _ in settings.LANGUAGES:
        for field in ("name", "definition", "guidance_full", "adoption_guidance"):
            assert f'name="{field}_{code}"' in html
    assert 'value="Tự chủ và độc lập"' in html


def test_admin_saves_a_translation_and_keeps_blank_names_apart(admin_client):
    autonomy = Feature.objects.get(pk="autonomy")
    data = {
        f"{field}_en": getattr(autonomy, f"{field}_en")
        for field in (
            "name",
            "definition",
            "guidance_absent",
            "guidance_emerging",
            "guidance_substantial",
            "guidance_full",
            "adoption_guidance",
        )
    }
    data.update(name_th=autonomy.name_th, definition_th="นิยามภาษาไทย", name_km="")
    url = reverse("admin:research_feature_change", args=["autonomy"])
    assert admin_client.post(url, data).status_code == 302
    autonomy.refresh_from_db()
    assert autonomy.definition_th == "นิยามภาษาไทย"
    assert autonomy.name_km is None  # blank names are NULL, so they never collide
    assert autonomy.name_en == "Autonomy and independence"
    with translation.override("th"):
        assert autonomy.definition == "นิยามภาษาไทย"


def test_features_endpoint_answers_in_english_by_default(api):
    features = api.get("/api/v1/features/").json()
    assert features[5]["name"] == "Autonomy and independence"
    assert features[5]["guidance"][3]["label"] == "Full"
    thai = api.get("/api/v1/features/", HTTP_ACCEPT_LANGUAGE="th").json()
    assert thai[5]["name"] == "การปกครองตนเองและความเป็นอิสระ"


# The language in the address.


@pytest.mark.parametrize(
    ("page_now", "language", "leads_to"),
    [
        ("/entities/?country=TH&band=all", "th", "/th/entities/?country=TH&band=all"),
        ("/th/entities/?country=TH&band=all", "vi", "/vi/entities/?country=TH&band=all"),
        ("/vi/countries/VN/", "en", "/countries/VN/"),
        ("/km/", "mn", "/mn/"),
    ],
)
def test_switcher_leads_to_the_same_page_and_query_in_the_chosen_language(
    client, page_now, language, leads_to
):
    assert choose(client, language, page_now) == leads_to


def test_a_shared_link_opens_in_its_language_whoever_follows_it(client):
    # A stranger's browser asks for English and has no cookie.
    html = page(client, "/th/countries/TH/")
    assert '<html lang="th">' in html
    assert 'href="/th/countries/"' in html
    # A reader who chose Khmer before still gets the linked page in Thai,
    # and an address without a prefix in English.
    choose(client, "km")
    assert '<html lang="th">' in page(client, "/th/tapestry/")
    english = client.get("/tapestry/", HTTP_ACCEPT_LANGUAGE="km")
    assert '<html lang="en">' in english.content.decode()
    assert english["Content-Language"] == "en"
    assert "Accept-Language" not in english.get("Vary", "")


def test_the_language_stays_across_the_pages_links(client):
    html = page(client, "/vi/")
    for path in ("/countries/", "/entities/", "/map/", "/tapestry/", "/compare/", "/methodology/"):
        assert f'href="/vi{path}"' in html
    assert 'href="/entities/"' not in html


def test_every_page_names_its_other_languages(client):
    html = page(client, "/th/entities/?country=TH")
    for code, _name in settings.LANGUAGES:
        address = "http://testserver" + in_language(code, "/entities/?country=TH")
        assert f'<link rel="alternate" hreflang="{code}" href="{address}">' in html
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/entities/?country=TH">'
        in html
    )


def test_an_unknown_language_prefix_is_not_found(client):
    assert client.get("/fr/countries/").status_code == 404
    assert client.get("/th/api/v1/features/").status_code == 404


def test_admin_speaks_the_language_its_user_chose(admin_client):
    choose(admin_client, "vi", "/admin/")
    response = admin_client.get("/admin/")
    assert '<html lang="vi"' in response.content.decode()
    assert "Accept-Language" in response["Vary"]
    assert 'hreflang="' not in response.content.decode()  # one address, every language


def test_the_api_answers_in_english_whatever_the_request_says(api):
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    countries = api.get("/api/v1/countries/", HTTP_ACCEPT_LANGUAGE="th").json()
    assert "Thailand" in [country["name"] for country in countries]
    entities = api.get("/api/v1/entities/", HTTP_ACCEPT_LANGUAGE="vi")
    assert entities["Content-Language"] == "en"


def test_features_endpoint_says_it_varies_with_the_language(api):
    response = api.get("/api/v1/features/", HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9")
    assert "Accept-Language" in response["Vary"]
    assert response.json()[5]["name"] == "Tự chủ và độc lập"
    schema = api.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/v1/features/"]["get"]["parameters"]
    assert "Accept-Language" in [parameter["name"] for parameter in parameters]


# The reference data, translated as data.


@pytest.fixture
def thai_coop(db):
    from entities.models import Region

    from ..factories import EntityFactory, assess

    region = Region.objects.filter(country_id="TH").exclude(name_local="").first()
    entity = EntityFactory(country_id="TH", region=region, entity_type_id="cooperative")
    assess(entity, [3, 3, 3, 3, 3, 3, 3])
    return entity


@pytest.mark.parametrize("language", ["km", "ky", "mn", "th", "vi"])
def test_every_language_has_the_reference_data_in_it(language):
    """Each name reads in the language, as its file has it (a name written
    alike, such as Indonesia in Vietnamese, is the English one)."""
    from entities.models import Country, EntityType, Sector, SustainableDevelopmentGoal

    names = importlib.import_module(f"entities.migrations._reference_names_{language}")
    files = {
        Country: names.COUNTRIES,
        EntityType: {slug: row["name"] for slug, row in names.ENTITY_TYPES.items()},
        Sector: names.SECTORS,
        SustainableDevelopmentGoal: names.SDGS,
    }
    with translation.override(language):
        for model, expected in files.items():
            shown = {row.pk: row.name for row in model.objects.all()}
            assert shown == expected
        for kind in EntityType.objects.all():
            assert kind.description != kind.description_en


def test_the_list_names_country_type_sector_and_region_in_the_readers_language(client, thai_coop):
    html = page(client, "/th/entities/?country=TH")
    country, kind = thai_coop.country, thai_coop.entity_type
    meta = f"{kind.name_th} · {country.name_th}, {thai_coop.region.name_local} · "
    assert meta + thai_coop.sector.name_th in html
    # A reader of another language sees the region's common name.
    html = page(client, "/vi/entities/?country=TH")
    assert f"{country.name_vi}, {thai_coop.region.name} · " in html


def test_the_entity_page_names_its_region_locally_for_the_countrys_readers(client, thai_coop):
    region = thai_coop.region
    thai = page(client, f"/th/entities/{thai_coop.pk}/")
    assert f"<td>{region.name_local} <span" not in thai
    assert f"<td>{region.name_local}</td>" in thai
    english = page(client, f"/entities/{thai_coop.pk}/")
    assert f'<td>{region.name} <span lang="th">({region.name_local})</span></td>' in english


def test_the_api_and_the_csv_keep_the_english_names(api, thai_coop):
    body = api.get(f"/api/v1/entities/{thai_coop.pk}/", HTTP_ACCEPT_LANGUAGE="th").json()
    assert body["country_name"] == "Thailand"
    assert body["region_name"] == thai_coop.region.name
    csv = b"".join(api.get("/th/entities/export.csv?country=TH").streaming_content)
    assert b"Thailand" in csv


# Fonts: served by the registry itself, covering every language's script.

SCRIPT_SAMPLES = {
    "th": "ก",  # Thai
    "km": "ក",  # Khmer
    "vi": "ệ",  # Vietnamese
    "ky": "ң",  # Kyrgyz Cyrillic (cyrillic-ext)
    "mn": "ү",  # Mongolian Cyrillic (cyrillic-ext)
}


def font_faces():
    from django.contrib.staticfiles import finders

    with open(finders.find("vendor/fonts/fonts.css"), encoding="utf-8") as file:
        css = file.read()
    for rule in re.findall(r"@font-face \{(.*?)\}", css, re.S):
        family = re.search(r'font-family: "([^"]+)"', rule)[1]
        weight = int(re.search(r"font-weight: (\d+)", rule)[1])
        url = re.search(r'url\("([^"]+)"\)', rule)[1]
        ranges = []
        for part in re.search(r"unicode-range: ([^;]+);", rule)[1].split(","):
            first, _, last = part.strip().removeprefix("U+").partition("-")
            ranges.append((int(first, 16), int(last or first, 16)))
        yield family, weight, url, ranges


@pytest.mark.parametrize("language", SCRIPT_SAMPLES)
def test_a_served_font_covers_each_languages_script_in_both_weights(language):
    point = ord(SCRIPT_SAMPLES[language])
    for weight in (400, 700):
        assert any(
            first <= point <= last
            for _family, face_weight, _url, ranges in font_faces()
            if face_weight == weight
            for first, last in ranges
        ), (language, weight)


def test_the_font_files_are_served_by_the_registry(client):
    from django.contrib.staticfiles import finders

    faces = list(font_faces())
    assert len(faces) == 14
    for _family, _weight, url, _ranges in faces:
        assert finders.find(f"vendor/fonts/{url}"), url
    for path in ("/th/", "/admin/login/"):
        html = page(client, path)
        assert 'href="/static/vendor/fonts/fonts.css"' in html
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html

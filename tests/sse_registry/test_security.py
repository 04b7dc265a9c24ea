"""Security: stored and reflected markup rendered inert on every page, chart,
API view and admin page; injection and NUL bytes in every parameter answered
400; oversized bodies refused with 413; CSRF enforced; framing refused; the
session rotated on sign-in; and no URL that takes a national researcher to
another country's drafts, nor any public URL that shows a draft.

Covered elsewhere and not repeated here: formula injection in the CSV exports
(tests/entities/test_api_export.py and tests/workflow/test_import.py), odd bytes never causing a
5xx in the API (tests/entities/test_api_robustness.py), each filter's 400 naming its
parameter (tests/entities/test_api_filters.py), the security headers of four pages
(tests/sse_registry/test_production.py), the scoping of the admin's list, search, filters
and autocomplete and the refusal of another country's record on its admin
pages (tests/workflow/test_workflow_roles.py), and import rows naming another
country's entity (tests/workflow/test_import.py).
"""

import re
import subprocess
from base64 import b64encode
from unittest import mock
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.authtoken.models import Token

from entities.filtersets import EntityFilterSet
from entities.models import (
    Country,
    CountryRecommendation,
    Entity,
    EntityType,
    Region,
    Sector,
    Suggestion,
    SustainableDevelopmentGoal,
)
from entities.views import chart_downloads
from research.models import Assessment, Feature, Score
from workflow.transitions import TRANSITIONS

from ..admin_forms import entity_form_data
from ..factories import EntityFactory, UserFactory, assess, researcher, reviewer
from ..importing import another_row, csv_upload, preview

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


# --- 1. Stored and reflected markup ---------------------------------------------

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
)
PAYLOAD = " ".join(PAYLOADS)
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
# What a payload looks like when it reaches a page as markup, not text.
LIVE = ("<script>alert", "<img src=x", "<svg onload", 'href="javascript:', "href='javascript:")


def assert_inert(response):
    body = response.content.decode()
    live = [marker for marker in LIVE if marker in body]
    assert not live, f"{response.wsgi_request.get_full_path()}: live markup {live}"
    return body


@pytest.fixture(scope="module")
def stored(module_db):
    """A published Thai entity whose every free text, and every reference text
    it shows (country, region, type, sector, SDG, feature), holds the payloads;
    its website is a javascript: address written past the form's validation."""
    Country.objects.filter(pk="TH").update(name=f"Thailand {PAYLOAD}", working_definition=PAYLOAD)
    Region.objects.filter(pk="TH-50").update(name=f"R {PAYLOAD}", name_local=f"L {PAYLOAD}")
    EntityType.objects.filter(pk="cooperative").update(name=f"T {PAYLOAD}", description=PAYLOAD)
    Sector.objects.filter(pk="A").update(name=f"S {PAYLOAD}")
    SustainableDevelopmentGoal.objects.filter(pk=1).update(name=f"G {PAYLOAD}")
    Feature.objects.filter(pk="mutual_aid").update(
        name_en=f"F {PAYLOAD}",
        definition_en=PAYLOAD,
        guidance_full_en=PAYLOAD,
        adoption_guidance_en=PAYLOAD,
    )
    entity = EntityFactory(
        name=f"N {PAYLOAD}",
        name_local=f"NL {PAYLOAD}",
        region_id="TH-50",
        locality=PAYLOAD,
        legal_form=PAYLOAD,
        registered=True,
        registration_number=PAYLOAD,
        description=PAYLOAD,
        sources=f"{PAYLOAD}\nsecond {PAYLOAD}",
        website="javascript:alert(1)",
        internal_notes=PAYLOAD,
    )
    entity.sdgs.add(1)
    assessment = assess(entity, [3, 3, 3, 1, 3, None, 2], notes=PAYLOAD)
    Score.objects.filter(assessment=assessment).update(evidence=PAYLOAD)
    entity.locality = f"changed {PAYLOAD}"  # a change for the history pages to show
    entity.save()
    Entity.objects.filter(pk=entity.pk).update(review_comment=PAYLOAD)
    assess(EntityFactory(name="Hop tac xa", country_id="VN"), [2] * 7)  # to compare with
    yield {"entity": entity, "assessment": assessment, "reviewer": reviewer("xss-reviewer")}


def public_urls(stored):
    pk = stored["entity"].pk
    return [
        "/",
        "/countries/",
        "/countries/th/",
        "/compare/?country=TH&country=VN",
        "/entities/",
        "/entities/?country=TH&region=TH-50",
        f"/entities/{pk}/",
        "/tapestry/",
        "/tapestry/?group=entity_type",
        "/methodology/",
    ]


# The browsable API: the JSON itself carries the text as it is (a JSON string
# is not markup, and it is served as application/json with nosniff).
BROWSABLE = [
    "/api/v1/entities/?format=api",
    "/api/v1/entities/{pk}/?format=api",
    "/api/v1/countries/?format=api",
    "/api/v1/countries/TH/?format=api",
    "/api/v1/regions/?format=api&country=TH",
    "/api/v1/entity-types/?format=api",
    "/api/v1/sectors/?format=api",
    "/api/v1/features/?format=api",
    "/api/v1/stats/?group_by=entity_type&format=api",
]


def test_public_pages_and_their_charts_show_stored_markup_as_text(client, stored):
    for url in public_urls(stored):
        body = assert_inert(client.get(url))
        assert ESCAPED in body, url
    for url in ["/entities/", "/tapestry/"]:  # the htmx partials
        assert ESCAPED in assert_inert(client.get(url, HTTP_HX_REQUEST="true"))


@pytest.mark.parametrize("url", ["/", "/countries/th/", "/compare/?country=TH&country=VN"])
def test_svg_chart_labels_are_escaped(client, stored, url):
    charts = re.findall(r"<svg.*?</svg>", client.get(url).content.decode(), re.DOTALL)
    assert charts
    assert any(ESCAPED in chart for chart in charts)


def test_a_javascript_website_is_shown_as_text_not_as_a_link(client, stored):
    body = client.get(f"/entities/{stored['entity'].pk}/").content.decode()
    assert "<td>javascript:alert(1)</td>" in body
    assert 'href="javascript' not in body


def test_a_web_address_stays_a_link(client, db):
    entity = EntityFactory(website="https://coop.example.org/?a=1&b=2")
    body = client.get(f"/entities/{entity.pk}/").content.decode()
    assert '<a href="https://coop.example.org/?a=1&amp;b=2" rel="nofollow noopener">' in body


@pytest.mark.parametrize("url", BROWSABLE)
def test_browsable_api_shows_stored_markup_as_text(client, stored, url):
    body = assert_inert(client.get(url.format(pk=stored["entity"].pk)))
    assert "&lt;script&gt;" in body


def test_json_and_csv_carry_text_as_data_not_as_a_page(api, stored):
    pk = stored["entity"].pk
    response = api.get(f"/api/v1/entities/{pk}/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["name"] == f"N {PAYLOAD}"
    assert response["X-Content-Type-Options"] == "nosniff"
    export = api.get("/api/v1/entities/export.csv")
    assert export["Content-Type"].startswith("text/csv")
    assert export["Content-Disposition"].startswith("attachment")


def admin_urls(stored):
    entity, assessment = stored["entity"], stored["assessment"]
    history_id = entity.history.latest().history_id
    return [
        reverse("admin:entities_entity_changelist"),
        reverse("admin:entities_entity_changelist") + "?q=N",
        reverse("admin:entities_entity_change", args=[entity.pk]),
        reverse("admin:entities_entity_history", args=[entity.pk]),
        reverse("admin:entities_entity_simple_history", args=[entity.pk, history_id]),
        reverse("admin:entities_entity_transition", args=[entity.pk, "withdraw"]),
        reverse("admin:research_assessment_changelist"),
        reverse("admin:research_assessment_change", args=[assessment.pk]),
        reverse("admin:research_assessment_history", args=[assessment.pk]),
        reverse("admin:research_feature_changelist"),
        reverse("admin:research_feature_change", args=["mutual_aid"]),
        reverse("admin:entities_region_changelist"),
        reverse("admin:entities_region_change", args=["TH-50"]),
        reverse("admin:entities_country_change", args=["TH"]),
        reverse("admin:entities_entitytype_changelist"),
        reverse("admin:entities_sector_changelist"),
        reverse("admin:entities_sustainabledevelopmentgoal_changelist"),
    ]


def test_admin_pages_show_stored_markup_as_text(stored):
    client = logged_in(stored["reviewer"])
    for url in admin_urls(stored):
        response = client.get(url)
        assert response.status_code == 200, url
        assert ESCAPED in assert_inert(response), url


def test_admin_messages_name_a_record_as_text(stored):
    client = logged_in(stored["reviewer"])
    entity = stored["entity"]
    url = reverse("admin:entities_entity_transition", args=[entity.pk, "withdraw"])
    response = client.post(url, {"version": entity.version}, follow=True)
    assert "withdrawn" in assert_inert(response)


def test_import_preview_and_its_errors_show_markup_as_text(client, db):
    client.force_login(researcher("TH"))
    rows = [
        another_row(f"Imported {PAYLOAD}", legal_form=PAYLOAD, description=PAYLOAD),
        another_row(f"Imported {PAYLOAD}", country=PAYLOAD, website="javascript:alert(1)"),
    ]
    response = preview(client, csv_upload(rows))
    assert response.status_code == 200
    body = assert_inert(response)
    assert ESCAPED in body
    assert not Entity.objects.filter(name__startswith="Imported").exists()


REFLECTED = [
    ("/entities/", {"q": PAYLOAD[:60]}),
    ("/entities/", {"country": PAYLOAD}),
    ("/tapestry/", {"group": PAYLOAD, "region": PAYLOAD}),
    ("/compare/", {"country": PAYLOAD}),
    ("/api/v1/entities/", {"format": "api", "country": PAYLOAD}),
    ("/api/v1/stats/", {"format": "api", "group_by": PAYLOAD}),
    ("/admin/login/", {"next": PAYLOAD}),
]


@pytest.mark.parametrize(("url", "params"), REFLECTED)
def test_parameters_echoed_back_are_text(client, db, url, params):
    response = client.get(url, params)
    assert response.status_code in (200, 400)
    assert_inert(response)


def test_admin_search_echoed_back_is_text(stored):
    response = logged_in(stored["reviewer"]).get(
        reverse("admin:entities_entity_changelist"), {"q": PAYLOAD}
    )
    assert_inert(response)


# --- 2. Injection and NUL bytes in every parameter -------------------------------

FILTERS = list(EntityFilterSet.base_filters)  # a new filter is covered by itself
SQL = ("' OR 1=1 --", "1; DROP TABLE entities_entity")
NULS = ("\x00", "TH\x00", "ab\x00cd")
# Where the filters are read, and the other parameters each place takes. The
# country statistics and the tapestry read the filters as the grouped
# statistics and the list do (the same view code), so a few stand for all there.
ENDPOINTS = {
    "/api/v1/entities/": [*FILTERS, "page", "page_size", "cursor"],
    "/api/v1/entities/export.csv": FILTERS,
    "/api/v1/stats/?group_by=country&": [*FILTERS, "group_by"],
    "/api/v1/countries/TH/stats/": ["country", "q", "practises"],
    "/entities/": [*FILTERS, "page"],
    "/tapestry/": ["country", "q", "practises", "group", "page"],
    "/compare/": ["country"],
}
CASES = [(endpoint, name) for endpoint, names in ENDPOINTS.items() for name in names]


@pytest.fixture(scope="module")
def few_entities(module_db):
    for country in ("TH", "VN"):
        assess(EntityFactory(country_id=country), [3, 2, 1, 0, 3, 2, 1])
    yield Entity.objects.count()


def get(client, endpoint, name, value):
    separator = "" if endpoint.endswith("&") else "?"
    return client.get(f"{endpoint}{separator}{urlencode({name: value})}")


def is_api(endpoint):
    return endpoint.startswith("/api/")


def assert_refused_naming(response, endpoint, name):
    assert response.status_code == 400
    if is_api(endpoint):
        assert name in response.json(), response.json()
    else:
        assert 'role="alert"' in response.content.decode()
        assert name in response.content.decode()


@pytest.mark.parametrize(("endpoint", "name"), CASES)
def test_injection_and_nul_bytes_in_a_parameter(client, few_entities, endpoint, name):
    # SQL is only ever a value: a 400 where the value is checked, a miss for text.
    for value in SQL:
        response = get(client, endpoint, name, value)
        if name == "q":  # free text: a quote is legitimate and simply matches nothing
            assert response.status_code == 200
            if endpoint == "/api/v1/entities/":
                assert response.json()["count"] == 0
        elif (name == "page" and not is_api(endpoint)) or name == "cursor":
            assert response.status_code == 404  # paging: no such page
        else:
            assert_refused_naming(response, endpoint, name)
    # A NUL is refused everywhere: PostgreSQL cannot compare text that holds one.
    for value in NULS:
        response = get(client, endpoint, name, value)
        assert_refused_naming(response, endpoint, name)
        message = response.json()[name] if is_api(endpoint) else response.content.decode()
        assert "Null characters are not allowed." in str(message)
    assert Entity.objects.count() == few_entities


@pytest.mark.parametrize("decoded", ["p=abc", "p=1\x00", "p=9" + "9" * 30, "o=-1", "x=1", "'"])
def test_a_forged_cursor_is_a_404_not_a_server_error(api, few_entities, decoded):
    # Its position went to the id lookup as it was: a 500 (a silent first page
    # for the last two).
    cursor = b64encode(decoded.encode()).decode()
    response = api.get("/api/v1/entities/", {"cursor": cursor})
    assert response.status_code == 404
    assert "Not a cursor this API gave out" in response.json()["detail"]


def test_htmx_partials_refuse_a_nul_byte_too(client, few_entities):
    for url in ["/entities/", "/tapestry/"]:
        response = client.get(url, {"q": "a\x00"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 400


# Hostile queries to the public pages, each once a server error: a 400 that
# says what is wrong.
HOSTILE_URLS = [
    ("/compare/?" + "&".join(["country=TH"] * 101), "Give at most 100 values."),
    ("/entities/?" + "&".join(["country=TH"] * 101), "Give at most 100 values."),
    ("/tapestry/?" + "&".join(["country=TH"] * 101), "Give at most 100 values."),
]


@pytest.mark.parametrize(("url", "message"), HOSTILE_URLS)
def test_a_hostile_query_is_a_400_with_a_message(client, few_entities, url, message):
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.content.decode()


NUL_ADDRESSES = [
    "/api/v1/countries/T%00/stats/",
    "/countries/t%00/",
    "/entities/1%00/",
    "/admin/entities/country/%00/change/",
    "/admin/entities/entity/1/history/%00/",
]


@pytest.mark.parametrize("path", NUL_ADDRESSES)
def test_a_nul_byte_in_an_address_names_nothing(few_entities, path):
    client = logged_in(reviewer())
    response = client.get(path)
    assert response.status_code == 404
    if is_api(path):
        assert "detail" in response.json()


# PostgreSQL refuses NUL in any text it is asked to compare: each of these was
# a server error there before the middleware refused NUL (and passes on SQLite
# regardless). Admin lists, filters and autocomplete are the library's own code.
ADMIN_NUL_QUERIES = [
    ("admin:entities_entity_changelist", {"country__code__exact": "\x00"}),
    ("admin:entities_entity_changelist", {"status": "\x00"}),
    ("admin:entities_entity_changelist", {"band": "\x00"}),
    ("admin:entities_region_changelist", {"country__code__exact": "\x00"}),
    ("admin:research_assessment_changelist", {"entity__country__code__exact": "\x00"}),
    (
        "admin:autocomplete",
        {"app_label": "entities", "model_name": "entity", "field_name": "country", "term": "\x00"},
    ),
]


@pytest.mark.parametrize(("name", "params"), ADMIN_NUL_QUERIES)
def test_admin_refuses_a_nul_byte_in_its_lists_and_autocomplete(few_entities, name, params):
    response = logged_in(reviewer()).get(reverse(name), params)
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


# Each of these fields was a server error on PostgreSQL: the admin's
# autocomplete widget looks the posted value up to show it again with the
# form's errors.
NUL_FORMS = [
    ("admin:entities_entity_change", "country"),
    ("admin:entities_entity_change", "sector"),
    ("admin:entities_entity_add", "region"),
    ("admin:research_assessment_add", "entity"),
]


@pytest.mark.parametrize(("name", "field"), NUL_FORMS)
def test_a_nul_byte_in_a_form_is_a_400_naming_the_field(few_entities, name, field):
    entity = Entity.objects.first()
    url = reverse(name, args=[entity.pk] if name.endswith("change") else [])
    data = {**entity_form_data(entity), field: "TH\x00"}
    response = logged_in(reviewer()).post(url, data)
    assert response.status_code == 400
    assert f"Null characters are not allowed. (In: {field}.)" in response.content.decode()


def test_an_imported_file_with_a_nul_byte_is_refused_with_a_message(client, db):
    # Its rows previewed cleanly and then failed at confirmation on PostgreSQL.
    client.force_login(researcher("TH"))
    response = preview(client, csv_upload([another_row("Ban Huai Hom", legal_form="a\x00b")]))
    assert response.status_code == 400
    assert "The file is not in UTF-8" in response.content.decode()


def test_a_bad_history_version_is_a_404_not_an_error(few_entities):
    entity = Entity.objects.first()
    url = reverse("admin:entities_entity_simple_history", args=[entity.pk, "abc"])
    assert logged_in(reviewer()).get(url).status_code == 404


# --- 3. Bodies too large ----------------------------------------------------------


@pytest.fixture
def small_limits(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2**14  # 0.015625 MB
    settings.IMPORT_MAX_BYTES = 2**18  # 0.25 MB
    return settings


@pytest.fixture
def never_parsed():
    """Fails the test if any multipart body is parsed."""
    with mock.patch.object(
        MultiPartParser, "parse", side_effect=AssertionError("parsed")
    ) as parse:
        yield parse


def test_a_large_form_body_is_a_413_page(client, small_limits):
    body = "username=" + "x" * 2**20
    response = client.post("/admin/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>Too large</h1>" in page
    assert "The request is 1.0 MB; the limit is 0.015625 MB." in page


def test_a_large_api_body_is_a_413_in_json(api, small_limits):
    response = api.post("/api/v1/entities/", {"name": "x" * 2**20}, format="json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request is 1.0 MB; the limit is 0.015625 MB."}


def test_form_fields_over_djangos_limit_are_a_413_not_a_400(client, small_limits):
    # Under the import's limit, so the body is read; Django then finds its
    # form fields too large (RequestDataTooBig, which it turns into a 400).
    client.force_login(researcher("TH"))
    upload = SimpleUploadedFile("entities.csv", b"name\n")
    response = client.post(
        reverse("admin:entities_entity_import"),
        {"resource": "0", "import_file": upload, "padding": "x" * 2**15},
    )
    assert response.status_code == 413
    assert "its form fields exceed 0.015625 MB" in response.content.decode()


def test_an_import_far_over_the_limit_is_refused_unread(client, small_limits, never_parsed):
    client.force_login(researcher("TH"))
    upload = SimpleUploadedFile("entities.csv", b"x" * 2**20)
    response = client.post(reverse("admin:entities_entity_import"), {"import_file": upload})
    assert response.status_code == 413
    assert "The upload is 1.0 MB; a spreadsheet may be at most 0.25 MB." in (
        response.content.decode()
    )


def test_an_import_just_over_the_limit_is_a_413_with_the_form(client, small_limits):
    client.force_login(researcher("TH"))
    upload = SimpleUploadedFile("entities.csv", b"x" * (small_limits.IMPORT_MAX_BYTES + 1))
    response = client.post(
        reverse("admin:entities_entity_import"), {"resource": "0", "import_file": upload}
    )
    assert response.status_code == 413
    assert "The file is 0.3 MB; the limit is 0.25 MB. Split the file." in (
        response.content.decode()
    )


def test_an_import_within_the_limit_is_read(client, small_limits):
    client.force_login(researcher("TH"))
    assert preview(client, csv_upload([another_row("Ban Huai Hom")])).status_code == 200


# --- 4. CSRF ----------------------------------------------------------------------


def csrf_client(user=None):
    """A client that checks CSRF as a browser's request is checked, holding
    the CSRF cookie (so what is missing is the token in the form only)."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    # The admin's sign-in page (or, signed in, its home) has forms: the CSRF
    # cookie is set. The public pages set none (they are cacheable).
    client.get("/admin/login/", follow=True)
    assert client.cookies["csrftoken"].value
    return client


def test_admin_login_needs_the_csrf_token(db):
    UserFactory(username="staffer", is_staff=True)
    client = csrf_client()
    data = {"username": "staffer", "password": PASSWORD}
    assert client.post(reverse("admin:login"), data).status_code == 403
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("admin:login"), {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302  # the same sign-in with the token works


def test_admin_change_and_transition_need_the_csrf_token(db):
    entity = EntityFactory(name="Ban Hom Weavers", status=Entity.Status.DRAFT)
    client = csrf_client(researcher("TH"))
    change = reverse("admin:entities_entity_change", args=[entity.pk])
    assert client.post(change, entity_form_data(entity, name="Renamed")).status_code == 403
    submit = reverse("admin:entities_entity_transition", args=[entity.pk, "submit"])
    assert client.post(submit, {"version": entity.version}).status_code == 403
    entity.refresh_from_db()
    assert (entity.name, entity.status) == ("Ban Hom Weavers", Entity.Status.DRAFT)


def test_admin_logout_needs_the_csrf_token(db):
    client = csrf_client(reviewer())
    assert client.post(reverse("admin:logout")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 200  # still signed in


def test_import_needs_the_csrf_token(db):
    client = csrf_client(researcher("TH"))
    upload = csv_upload([another_row("Ban Huai Hom")])
    response = client.post(
        reverse("admin:entities_entity_import"), {"resource": "0", "import_file": upload}
    )
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()


def test_language_switch_needs_the_csrf_token(db):
    client = csrf_client()
    response = client.post("/i18n/setlang/", {"language": "th", "next": "/"})
    assert response.status_code == 403
    assert "django_language" not in response.cookies


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_read_only_api_refuses_every_write(db, method):
    entity = EntityFactory(name="Ban Hom Weavers")
    count = Entity.objects.count()
    user = reviewer()
    token = Token.objects.create(user=user)
    for path in ["/api/v1/entities/", f"/api/v1/entities/{entity.pk}/"]:
        # A session without the CSRF token is refused before anything else...
        session = getattr(csrf_client(user), method)(path, {"name": "x"}, "application/json")
        assert session.status_code == 403, path
        assert "CSRF" in session.json()["detail"]
        # ...and with a token, or anonymously, the method is not allowed at all.
        bearer = getattr(Client(), method)(
            path, {"name": "x"}, "application/json", HTTP_AUTHORIZATION=f"Token {token.key}"
        )
        assert bearer.status_code == 405, path
        assert getattr(Client(), method)(path).status_code == 405, path
    entity.refresh_from_db()
    assert entity.name == "Ban Hom Weavers"
    assert Entity.objects.count() == count


# --- 5. Framing -------------------------------------------------------------------
# tests/sse_registry/test_production.py checks /, /entities/, /api/v1/entities/ and the admin
# login page; here the other kinds of answer: admin pages, the browsable API,
# JSON errors, CSV, the API docs, partials and the refusals of limits.py.


def assert_not_frameable(response):
    assert response["X-Frame-Options"] == "DENY"
    directives = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/admin/entities/entity/", {}),
        ("/admin/entities/entity/add/", {}),
        ("/api/v1/entities/?format=api", {}),
        ("/api/v1/entities/?country=XX", {}),
        ("/api/v1/entities/999999/", {}),
        ("/api/v1/entities/export.csv", {}),
        ("/api/docs/", {}),
        ("/api/schema/", {}),
        ("/entities/", {"HTTP_HX_REQUEST": "true"}),
        ("/entities/999999/", {}),
        ("/entities/?q=%00", {}),
        ("/healthz", {}),
    ],
)
def test_no_answer_may_be_framed(admin_client, path, headers):
    assert_not_frameable(admin_client.get(path, **headers))


def test_a_refused_large_body_may_not_be_framed_either(client, small_limits):
    response = client.post("/admin/login/", "x" * 2**15, content_type="text/plain")
    assert response.status_code == 413
    assert_not_frameable(response)


# --- 6. Sessions ------------------------------------------------------------------


def sign_in(client, username):
    client.get(reverse("admin:login"))
    response = client.post(
        reverse("admin:login"),
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302
    return response


def test_signing_in_gives_a_new_session_and_csrf_token(db):
    UserFactory(username="staffer", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    # A session that exists before signing in (one an attacker could have planted).
    before = SessionStore()
    before["planted"] = True
    before.save()
    client.cookies["sessionid"] = before.session_key
    client.get(reverse("admin:login"))
    csrf_before = client.cookies["csrftoken"].value

    response = sign_in(client, "staffer")
    after = client.cookies["sessionid"].value
    assert after != before.session_key
    assert not SessionStore().exists(before.session_key)  # the old key is gone
    assert response.cookies["sessionid"]["httponly"]
    assert client.cookies["csrftoken"].value != csrf_before


def test_signing_out_ends_the_session(db):
    UserFactory(username="staffer", is_staff=True)
    client = Client(enforce_csrf_checks=True)
    sign_in(client, "staffer")
    key = client.cookies["sessionid"].value
    token = client.cookies["csrftoken"].value
    response = client.post(reverse("admin:logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert not SessionStore().exists(key)
    assert client.cookies["sessionid"].value == ""  # the cookie is deleted
    assert client.get(reverse("admin:index")).status_code == 302  # to the login page


# --- 7. Another country's drafts, through every URL -------------------------------

SECRETS = (
    "Bi Mat Secret",
    "secret-notes",
    "secret-evidence",
    "secret-draft-evidence",
    "secret-suggestion-note",
    "secret-suggester@example.org",
)


@pytest.fixture(scope="module")
def world(module_db):
    """A Thai researcher (with a session and an API token), and Viet Nam's
    records they must never reach: a draft entity with a draft assessment, and
    a draft assessment of a published entity. Each secret text is in SECRETS."""
    thai = researcher("TH", username="somchai")
    vn_draft = EntityFactory(
        name="Hop tac xa Bi Mat Secret", country_id="VN", status=Entity.Status.DRAFT
    )
    assessment = assess(vn_draft, [3] * 7, status=Assessment.Status.DRAFT, notes="secret-notes")
    Score.objects.filter(assessment=assessment).update(evidence="secret-evidence")
    vn_published = EntityFactory(name="Hop tac xa Cong Khai", country_id="VN")
    assess(vn_published, [2] * 7)
    newer = assess(vn_published, [0] * 7, status=Assessment.Status.DRAFT, assessed_on="2026-01-01")
    Score.objects.filter(assessment=newer).update(evidence="secret-draft-evidence")
    own = EntityFactory(name="Ban Hom Weavers", status=Entity.Status.DRAFT)
    # Viet Nam's own recommendation: public in its report, out of the Thai
    # researcher's admin.
    recommendation = CountryRecommendation.objects.create(
        country_id="VN", feature_id="autonomy", text_en="Keep the members in charge."
    )
    # A suggestion from the public for Viet Nam: out of the Thai researcher's
    # admin, and its note and suggester's address on no public page.
    suggestion = Suggestion.objects.create(
        kind=Suggestion.Kind.CORRECTION,
        entity=vn_published,
        country_id="VN",
        proposed={"members": 12},
        note="secret-suggestion-note",
        email="secret-suggester@example.org",
        language="en",
        token="0" * 32,
    )
    yield {
        "thai": thai,
        "token": Token.objects.create(user=thai).key,
        "vn_researcher": researcher("VN", username="lan"),
        "reviewer": reviewer("world-reviewer"),
        Entity: vn_draft,
        Assessment: assessment,
        "published": vn_published,
        "own": own,
        CountryRecommendation: recommendation,
        Suggestion: suggestion,
    }


def named_patterns(patterns=None, namespace=""):
    """(name, pattern) of every named URL pattern of the site."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


PATTERNS = dict(named_patterns())


def admin_model(name):
    """The model of an admin URL name such as admin:entities_entity_change."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model
    return None


def target(world, model):
    """The record of ``model`` the URLs are tried with: Viet Nam's draft for
    entities and assessments, any row of the others."""
    if model in world:
        return world[model]
    return model._default_manager.order_by("pk").first()


def pk_of(world, model):
    record = target(world, model)
    return str(record.pk) if record is not None else "1"


# How to fill each URL parameter, by its name. A URL with a parameter missing
# here fails test_every_url_can_be_tried: add how to try it.
def fill_object_id(world, name):
    return [pk_of(world, admin_model(name) or Entity)]


def fill_content_type_id(world, name):
    return [str(ContentType.objects.get_for_model(Entity).pk)]


def fill_name(world, name):
    """A schema's name, or an admin transition's."""
    if name == "murmurations-schema":
        return ["sse_registry_features-v1.0.0"]
    return list(TRANSITIONS[admin_model(name)])


def fill_pk(world, name):
    entity_pages = (
        "api:entity-detail",
        "entity-detail",
        "murmurations-profile",
        "embed-entity",
        "og-entity",
    )
    if name in (*entity_pages, "suggest-correction"):
        # The draft, and a published entity whose newer assessment is a draft.
        return [str(world[Entity].pk), str(world["published"].pk)]
    details = {
        "api:country-detail": Country,
        "api:region-detail": Region,
        "api:entity-type-detail": EntityType,
        "api:sector-detail": Sector,
        "api:feature-detail": Feature,
    }
    if name not in details:
        pytest.fail(f"fill_pk: name the model of {name}'s pk")
    return [pk_of(world, details[name])]


FILLERS = {
    "object_id": fill_object_id,
    "content_type_id": fill_content_type_id,
    "name": fill_name,
    "pk": fill_pk,
    "id": lambda world, name: [str(world["vn_researcher"].pk)],
    # A country's code; a vocabulary's concept (a value public whatever the country).
    "code": lambda world, name: ["community"] if name == "vocab-concept" else ["VN", "vn"],
    "scheme": lambda world, name: ["origins", "entity-types"],
    "number": lambda world, name: ["1"],  # a release's (releases freeze published data only)
    "extension": lambda world, name: ["csv", "xlsx"],
    "app_label": lambda world, name: ["entities", "research", "auth"],
    # The charts as files: every kind (the entity's profile first, for QUERIES).
    "kind": lambda world, name: sorted(
        chart_downloads.KINDS, key=lambda kind: kind != "entity-profile"
    ),
    "fmt": lambda world, name: ["ttl", "jsonld"] if name == "vocab-file" else ["svg"],
}


def urls_of(world, name):
    """Every URL of the named pattern, with each parameter filled by FILLERS
    (and a version of the history of Viet Nam's record for simple_history's
    pattern, whose groups are positional)."""
    pattern = PATTERNS[name]
    regex = pattern.pattern.regex
    if regex.groups and not regex.groupindex:
        record = target(world, admin_model(name))
        return [reverse(name, args=[record.pk, record.history.latest().history_id])]
    combinations = [{}]
    for parameter in regex.groupindex:
        values = FILLERS[parameter](world, name)
        combinations = [
            {**kwargs, parameter: value} for kwargs in combinations for value in values
        ]
    return [reverse(name, kwargs=kwargs) for kwargs in combinations]


def probes(world, name):
    """The URLs to try for ``name``, with queries that ask for Viet Nam."""
    urls = urls_of(world, name)
    queries = QUERIES.get(name, lambda world: [])(world)
    return urls + [f"{urls[0]}?{query}" for query in queries]


def autocomplete_queries(world):
    fields = []
    for model, model_admin in admin.site._registry.items():
        admins = [
            (model, model_admin),
            *((inline.model, inline) for inline in model_admin.inlines),
        ]
        for source, options in admins:
            meta = source._meta
            fields += [
                f"app_label={meta.app_label}&model_name={meta.model_name}"
                f"&field_name={field}&term=Bi+Mat"
                for field in options.autocomplete_fields
            ]
    return fields


QUERIES = {
    "admin:entities_entity_changelist": lambda world: [
        "country__code__exact=VN",
        "q=Bi+Mat",
        "status__exact=draft",
    ],
    "admin:research_assessment_changelist": lambda world: [
        f"entity__id__exact={world[Entity].pk}",
        "entity__country__code__exact=VN",
        "q=Bi+Mat",
    ],
    "admin:entities_entity_export": lambda world: ["country__code__exact=VN"],
    "admin:research_assessment_add": lambda world: [f"entity={world[Entity].pk}"],
    "admin:autocomplete": autocomplete_queries,
    "api:entity-list": lambda world: ["country=VN", "q=Bi+Mat", "cursor=", "ordering=-name"],
    "api:entity-export": lambda world: ["country=VN", "q=Bi+Mat"],
    "entity-list": lambda world: ["country=VN", "q=Bi+Mat"],
    "tapestry": lambda world: ["country=VN", "group=entity_type"],
    "compare": lambda world: ["country=VN&country=TH"],
    "chart-download": lambda world: [f"entity={world[Entity].pk}"],
    "region-report-pdf": lambda world: ["country=VN"],
    "api:stats": lambda world: ["group_by=country"],
}


def addresses_a_secret(world, url):
    """Whether the URL names one of Viet Nam's draft records itself."""
    records = [world[Entity], world[Assessment], world[Suggestion]]
    return any(
        f"/{record._meta.model_name}/{record.pk}/" in url
        or (
            record is world[Entity]
            and (f"entities/{record.pk}/" in url or f"/og/entity/{record.pk}." in url)
        )
        for record in records
    )


@pytest.fixture(scope="module")
def visitors(world):
    """Who tries the URLs, each signed in once for the module: the Thai
    researcher's session and API token, anonymous, and a reviewer."""
    return {
        "Thai researcher": logged_in(world["thai"]),
        "Thai token": Client(HTTP_AUTHORIZATION=f"Token {world['token']}"),
        "anonymous": Client(),
        "reviewer": logged_in(world["reviewer"]),
    }


def visitors_of(visitors, name):
    """The reviewer rightly sees every draft in the admin: elsewhere no draft
    may show, whoever asks."""
    if name.startswith("admin:"):
        return {who: client for who, client in visitors.items() if who != "reviewer"}
    return visitors


def assert_no_secret(response, who, url):
    assert response.status_code < 500, f"{who} {url}: {response.status_code}"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/pdf":  # its text is compressed
        content = subprocess.run(
            ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
        ).stdout
    leaked = [secret for secret in SECRETS if secret.encode() in content]
    assert not leaked, f"{who} {url} shows {leaked}"


def test_every_url_can_be_tried():
    """A URL pattern whose parameters this module cannot fill fails here, so
    every URL, including one added later, is tried below."""
    unknown = {
        f"{name}: {parameter}"
        for name, pattern in PATTERNS.items()
        for parameter in pattern.pattern.regex.groupindex
        if parameter not in FILLERS
    }
    assert not unknown, "add how to fill these to FILLERS: " + ", ".join(sorted(unknown))


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_no_url_shows_another_countrys_drafts(world, visitors, name):
    for url in probes(world, name):
        for who, client in visitors_of(visitors, name).items():
            response = client.get(url)
            assert_no_secret(response, who, url)
            if addresses_a_secret(world, url) and who != "reviewer":
                assert response.status_code in (302, 403, 404), f"{who} {url}"


def test_htmx_partials_show_no_draft(world, visitors):
    for who, client in visitors.items():
        for url in ["/entities/?country=VN", "/tapestry/?country=VN"]:
            response = client.get(url, HTTP_HX_REQUEST="true")
            assert response.templates[0].name.endswith("_results.html")
            assert_no_secret(response, who, url)


def vn_unchanged(world):
    entity, assessment = world[Entity], world[Assessment]
    entity_now = Entity.objects.get(pk=entity.pk)
    assessment_now = Assessment.objects.get(pk=assessment.pk)
    assert (entity_now.name, entity_now.status, entity_now.version) == (
        entity.name,
        entity.status,
        entity.version,
    )
    assert (assessment_now.status, assessment_now.version) == (
        assessment.status,
        assessment.version,
    )
    assert assessment_now.scores.filter(evidence="secret-evidence").count() == 7


@pytest.mark.parametrize(
    "name",
    sorted(
        name
        for name in PATTERNS
        if admin_model(name) in (Entity, Assessment) and "object_id" in str(PATTERNS[name].pattern)
    )
    + ["admin:entities_entity_simple_history", "admin:research_assessment_simple_history"],
)
def test_no_url_changes_another_countrys_drafts(world, visitors, name):
    thai = visitors["Thai researcher"]
    entity = world[Entity]
    data = {
        **entity_form_data(entity, name="Taken over"),
        "post": "yes",  # confirms a deletion
        "comment": "taken over",
    }
    for url in urls_of(world, name):
        response = thai.post(url, data)
        assert response.status_code == 403, url
    vn_unchanged(world)


def test_a_crafted_action_on_another_countrys_draft_changes_nothing(world, visitors):
    thai = visitors["Thai researcher"]
    for model, action in [(Entity, "transition_submit"), (Assessment, "transition_submit")]:
        record = world[model]
        opts = model._meta
        thai.post(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            {"action": action, "_selected_action": f"{record.pk},{record.version}"},
        )
    vn_unchanged(world)


@pytest.mark.parametrize("selected", ["1,abc", "1,1\x00", "1,-1", "1,99999999999999999999"])
def test_a_malformed_selection_is_a_400_on_every_database(admin_client, selected):
    # tests/workflow/test_workflow_concurrency.py sends one without a comma; these have
    # one, and PostgreSQL failed on their version (SQLite compares anything).
    response = admin_client.post(
        reverse("admin:entities_entity_changelist"),
        {"action": "transition_publish", "_selected_action": selected},
    )
    assert response.status_code == 400


def test_an_own_record_with_another_countrys_version_id_is_not_found(world, visitors):
    own, history_id = world["own"], world[Entity].history.latest().history_id
    url = reverse("admin:entities_entity_simple_history", args=[own.pk, history_id])
    assert visitors["Thai researcher"].get(url).status_code == 404


def test_exporting_another_countrys_draft_by_id_gives_nothing(world, visitors):
    response = visitors["Thai researcher"].post(
        reverse("admin:entities_entity_export"),
        {"resource": "0", "format": "0", "export_items": [world[Entity].pk]},
    )
    assert_no_secret(response, "Thai researcher", "export")

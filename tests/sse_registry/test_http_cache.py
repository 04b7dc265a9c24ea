"""HTTP caching of the public answers (core/http_cache.py): an ETag from the
published-data version of what an answer shows, 304 for a client that holds
it, the rendered answer kept per version, and nothing personal cached."""

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils.http import http_date, parse_http_date
from rest_framework.authtoken.models import Token

from core import http_cache
from entities.models import Entity
from workflow.transitions import ENTITY_TRANSITIONS, apply

from ..factories import EntityFactory, UserFactory, reviewer

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/",
    "/countries/th/",
    "/th/countries/th/",
    "/entities/?country=TH",
    "/tapestry/?country=TH",
    "/methodology/",
    "/api/v1/entities/?country=TH",
    "/api/v1/countries/TH/stats/",
]


@pytest.fixture
def entities():
    return {code: EntityFactory(country_id=code) for code in ("TH", "VN")}


def publish(country, capture):
    draft = EntityFactory(country_id=country, status=Entity.Status.DRAFT)
    with capture(execute=True):
        apply(reviewer(), [draft], ENTITY_TRANSITIONS["publish"])


@pytest.mark.parametrize("address", PUBLIC)
def test_a_public_answer_is_public_with_an_etag_and_no_cookie(client, entities, address):
    response = client.get(address)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    control = response["Cache-Control"]
    assert "public" in control and "max-age=60" in control
    assert "stale-while-revalidate=600" in control
    varies = {v.strip() for v in response["Vary"].split(",")}
    assert {"Accept", "HX-Request"} <= varies
    assert "Cookie" not in varies  # the same answer whatever cookies a visitor has
    assert not response.cookies  # no session, CSRF or language cookie
    again = client.get(address, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again["ETag"] == response["ETag"]
    assert again.content == b""


def test_a_publication_in_a_country_changes_its_etags_and_not_anothers(
    client, entities, django_capture_on_commit_callbacks
):
    thai = {a: client.get(a)["ETag"] for a in ("/countries/th/", "/entities/?country=TH")}
    vietnamese = client.get("/countries/vn/")["ETag"]
    entity = client.get(f"/entities/{entities['VN'].pk}/")["ETag"]
    home = client.get("/")["ETag"]

    publish("TH", django_capture_on_commit_callbacks)

    for address, etag in thai.items():
        response = client.get(address, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200 and response["ETag"] != etag
    assert client.get("/countries/vn/", HTTP_IF_NONE_MATCH=vietnamese).status_code == 304
    assert (
        client.get(f"/entities/{entities['VN'].pk}/", HTTP_IF_NONE_MATCH=entity).status_code == 304
    )
    # The region's pages show every country.
    assert client.get("/", HTTP_IF_NONE_MATCH=home).status_code == 200


def test_a_change_of_what_every_page_shows_changes_every_etag(client, entities):
    etag = client.get("/countries/vn/")["ETag"]
    country = entities["VN"].country
    country.name = "Viet Nam (renamed)"
    country.save()
    response = client.get("/countries/vn/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "Viet Nam (renamed)" in response.content.decode()


def test_the_kept_answer_equals_a_fresh_one(client, entities, settings, django_assert_num_queries):
    settings.HTTP_CACHE_PAGES = True
    first = client.get("/countries/th/")
    with django_assert_num_queries(0):  # the version is in the cache, the answer too
        kept = client.get("/countries/th/")
    assert kept.status_code == 200 and kept.content == first.content
    assert kept["ETag"] == first["ETag"] and kept["Content-Type"] == first["Content-Type"]
    settings.HTTP_CACHE_PAGES = False
    assert client.get("/countries/th/").content == first.content


def test_answers_differ_by_what_they_vary_on(client, entities):
    page = client.get("/entities/?country=TH")["ETag"]
    partial = client.get("/entities/?country=TH", HTTP_HX_REQUEST="true")["ETag"]
    assert page != partial
    json = client.get("/api/v1/countries/TH/stats/")
    english = client.get("/api/v1/countries/TH/stats/", HTTP_ACCEPT_LANGUAGE="th")
    assert json["ETag"] != english["ETag"]
    assert "Accept-Language" in json["Vary"]


def test_signed_in_users_and_token_clients_get_private_answers(client, api, entities):
    user = UserFactory(username="partner")
    key = Token.objects.create(user=user).key
    response = api.get("/api/v1/entities/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not response.has_header("ETag")
    client.force_login(reviewer())
    for address in ("/countries/th/", "/admin/", "/api/v1/entities/?country=TH"):
        control = client.get(address)["Cache-Control"]
        assert "private" in control and "no-store" in control


def test_the_language_switch_sets_no_cookie_and_keeps_the_page(client):
    response = client.get("/i18n/page/", {"language": "th", "next": "/entities/?country=TH"})
    assert response.status_code == 302
    assert response["Location"] == "/th/entities/?country=TH"
    assert not response.cookies
    page = client.get("/countries/th/").content.decode()
    assert 'method="get" action="/i18n/page/"' in page and "csrfmiddlewaretoken" not in page
    # Another site, or a language the registry does not speak: no harm.
    assert (
        client.get("/i18n/page/", {"language": "th", "next": "https://evil.example/"})["Location"]
        == "/th/"
    )
    assert client.get("/i18n/page/", {"language": "xx", "next": "/map/"})["Location"] == "/map/"


def test_a_kept_api_answer_equals_a_fresh_one_within_the_rate_limit(
    api, entities, settings, django_assert_num_queries
):
    settings.HTTP_CACHE_PAGES = True
    settings.API_ANON_RATE = "3/minute"
    first = api.get("/api/v1/entities/?country=TH")
    with django_assert_num_queries(0):  # the version, the counter and the answer: the cache
        kept = api.get("/api/v1/entities/?country=TH")
    assert kept.status_code == 200 and kept.content == first.content
    for header in ("ETag", "Content-Type", "Link", "X-Data-As-Of", "Cache-Control"):
        assert kept[header] == first[header], header
    again = api.get("/api/v1/entities/?country=TH", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # The fourth request of the minute is over the limit, kept answer or not.
    refused = api.get("/api/v1/entities/?country=TH")
    assert refused.status_code == 429
    assert "Retry-After" in refused and refused.json()["detail"]
    settings.HTTP_CACHE_PAGES = False
    settings.API_ANON_RATE = "1000/minute"
    assert api.get("/api/v1/entities/?country=TH").content == first.content


def test_answers_kept_for_one_host_are_not_served_to_another(api, entities, settings):
    settings.HTTP_CACHE_PAGES = True
    settings.ALLOWED_HOSTS = ["registry.example", "www.registry.example"]
    one = api.get("/api/v1/entities/?country=TH", HTTP_HOST="registry.example")
    other = api.get("/api/v1/entities/?country=TH", HTTP_HOST="www.registry.example")
    assert "http://registry.example/api/v1/entities/" in one.content.decode()
    assert "http://www.registry.example/api/v1/entities/" in other.content.decode()
    assert one["ETag"] != other["ETag"]


def test_while_an_answer_is_rendered_the_one_before_it_is_served(
    client, entities, settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    settings.HTTP_CACHE_PAGES = True
    before = client.get("/countries/th/")
    publish("TH", django_capture_on_commit_callbacks)
    # Another request is rendering the new answer (its lock is taken): this
    # one gets the answer before it, with that answer's own validator.
    current = validator_of(client, "/countries/th/")
    cache.add(f"page-rendering:{current}", 1, 30)
    with django_assert_num_queries(0):  # nothing rendered
        meanwhile = client.get("/countries/th/")
    assert meanwhile.content == before.content and meanwhile["ETag"] == before["ETag"]
    # Once rendered, the new answer.
    cache.delete(f"page-rendering:{current}")
    fresh = client.get("/countries/th/")
    assert fresh["ETag"] == current != before["ETag"]


def test_with_no_answer_before_it_a_request_renders_its_own(client, entities, settings):
    settings.HTTP_CACHE_PAGES = True
    current = validator_of(client, "/countries/vn/")
    cache.add(f"page-rendering:{current}", 1, 30)
    response = client.get("/countries/vn/")
    assert response.status_code == 200 and response["ETag"] == current


def test_a_streamed_export_is_kept_once_sent_whole(api, entities, settings):
    settings.HTTP_CACHE_PAGES = True
    first = api.get("/api/v1/entities/export.csv?country=TH")
    body = b"".join(first.streaming_content)
    kept = api.get("/api/v1/entities/export.csv?country=TH")
    assert not kept.streaming and kept.content == body
    assert kept["Content-Disposition"] == first["Content-Disposition"]
    assert kept["Content-Type"] == first["Content-Type"] and kept["ETag"] == first["ETag"]


def validator_of(client, address):
    request = RequestFactory().get(address)
    return http_cache.validator(request)


def test_an_entity_page_follows_its_country_even_after_a_move(
    client, entities, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.HTTP_CACHE_PAGES = True
    entity = entities["TH"]
    address = f"/entities/{entity.pk}/"
    first = client.get(address)
    with django_assert_num_queries(0):  # its country and its page: the cache
        assert client.get(address)["ETag"] == first["ETag"]
    entity.country_id, entity.region = "VN", None
    with django_capture_on_commit_callbacks(execute=True):
        entity.save()
    moved = client.get(address)["ETag"]
    assert moved != first["ETag"]
    # Now a publication in Viet Nam changes it, and one in Thailand does not.
    publish("TH", django_capture_on_commit_callbacks)
    assert client.get(address)["ETag"] == moved
    publish("VN", django_capture_on_commit_callbacks)
    assert client.get(address)["ETag"] != moved


@pytest.mark.parametrize("address", ["/countries/th/", "/api/v1/entities/?country=TH"])
def test_last_modified_is_the_data_s_last_change_and_answers_if_modified_since(
    client, entities, address, django_capture_on_commit_callbacks
):
    publish("VN", django_capture_on_commit_callbacks)
    first = client.get(address)
    modified = parse_http_date(first["Last-Modified"])
    assert abs(modified - time.time()) < 60
    same = client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert same.status_code == 304 and same["ETag"] == first["ETag"]
    earlier = http_date(modified - 3600)
    assert client.get(address, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # If-None-Match takes precedence over the date.
    both = client.get(
        address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], HTTP_IF_NONE_MATCH='"other"'
    )
    assert both.status_code == 200
    # A later change anywhere makes the date older than the data.
    time.sleep(1.1)
    publish("KH", django_capture_on_commit_callbacks)
    after = client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert after.status_code == 200
    assert parse_http_date(after["Last-Modified"]) > modified

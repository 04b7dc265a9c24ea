"""Anonymous and token clients have separate rate limits; over the limit is a
429 with Retry-After. Partners' tokens are issued by staff in the admin."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from ..factories import EntityFactory, UserFactory
from ..live import redis_available

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.API_ANON_RATE = "3/minute"
    settings.API_TOKEN_RATE = "5/minute"


def statuses(client, count, **headers):
    return [client.get("/api/v1/sectors/", **headers).status_code for _ in range(count)]


def test_anonymous_clients_get_a_429_with_retry_after_over_their_limit(api, limits):
    assert statuses(api, 3) == [200, 200, 200]
    response = api.get("/api/v1/sectors/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "detail" in response.json()


def test_a_partner_token_gets_its_own_higher_limit(api, limits):
    token = Token.objects.create(user=UserFactory(username="partner"))
    assert statuses(api, 3) == [200, 200, 200]
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert statuses(api, 6, **auth) == [200] * 5 + [429]


def test_a_wrong_token_is_refused(api, limits):
    response = api.get("/api/v1/sectors/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert response.status_code == 401


def test_staff_issue_tokens_in_the_admin(admin_client):
    partner = UserFactory(username="partner-agency")
    response = admin_client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": partner.pk})
    assert response.status_code == 302
    assert Token.objects.filter(user=partner).exists()


def shared_counters(location):
    return {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "sse-test",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }


@pytest.mark.skipif(not redis_available(), reason="no Redis on 127.0.0.1:6379")
@pytest.mark.xdist_group("redis-15")
def test_limits_are_counted_in_redis(api, settings, limits):
    # Across gunicorn worker processes: tests/core/test_live_server.py.
    import redis

    settings.CACHES = shared_counters("redis://127.0.0.1:6379/15")
    store = redis.Redis(host="127.0.0.1", port=6379, db=15)
    store.flushdb()
    try:
        assert statuses(api, 2) == [200, 200]
        assert len(store.keys("sse-test:*throttle_anon*")) == 1
        assert statuses(api, 2) == [200, 429]
    finally:
        store.flushdb()


def test_limits_keep_counting_per_process_while_redis_is_down(api, settings, limits, caplog):
    settings.CACHES = shared_counters("redis://127.0.0.1:9/0")  # nothing listens there
    assert statuses(api, 4) == [200, 200, 200, 429]
    assert "rate limits count per process" in caplog.text


def test_pages_and_api_answer_from_the_database_while_redis_is_down(
    client, settings, limits, caplog
):
    # As configured with REDIS_URL, but nothing listens on port 9.
    unreachable = shared_counters("redis://127.0.0.1:9/0")
    unreachable["default"] = {
        **unreachable["throttle"],
        "OPTIONS": {**unreachable["throttle"]["OPTIONS"], "IGNORE_EXCEPTIONS": True},
    }
    settings.CACHES = unreachable
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    EntityFactory(country_id="TH")
    for url in ["/api/v1/entities/?country=TH", "/api/v1/countries/TH/stats/", "/entities/"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/api/v1/entities/?country=TH").json()["count"] == 1
    # Monitoring sees it.
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["cache"] == "unavailable"


def test_a_made_up_forwarded_for_does_not_escape_the_anonymous_limit(api, settings):
    settings.API_ANON_RATE = "60/minute"
    codes = [
        api.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR=f"10.9.0.{n}").status_code
        for n in range(65)
    ]
    assert codes == [200] * 60 + [429] * 5


def test_behind_one_trusted_proxy_the_address_it_appends_is_the_client(api, settings, limits):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    # The client's own (made-up) entries come first; the proxy appends the address it saw.
    first = [
        api.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR=f"10.9.0.{n}, 198.51.100.4", **proxy)
        for n in range(4)
    ]
    assert [response.status_code for response in first] == [200, 200, 200, 429]
    other = api.get("/api/v1/sectors/", HTTP_X_FORWARDED_FOR="198.51.100.5", **proxy)
    assert other.status_code == 200

"""Partners send their token as `Authorization: Token <key>` or, as clients
generated from the OpenAPI schema do, `Authorization: Bearer <key>`. A token
the API does not know, or a malformed header, is a 401 that says so, never a
silent anonymous answer."""

import pytest
from rest_framework.authtoken.models import Token

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def key():
    return Token.objects.create(user=UserFactory(username="partner")).key


@pytest.fixture
def limits(settings):
    settings.API_ANON_RATE = "2/minute"
    settings.API_TOKEN_RATE = "4/minute"


def statuses(api, count, authorization):
    return [
        api.get("/api/v1/sectors/", HTTP_AUTHORIZATION=authorization).status_code
        for _ in range(count)
    ]


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "bearer", "TOKEN"])
def test_either_keyword_authenticates_with_the_partners_limit(api, key, limits, keyword):
    assert statuses(api, 5, f"{keyword} {key}") == [200] * 4 + [429]


@pytest.mark.parametrize("keyword", ["Token", "Bearer"])
@pytest.mark.parametrize(
    "credentials",
    [
        "0" * 40,  # well-formed, unknown
        "not-a-real-token",
        "a" * 41,
        "ab\x00cd",
        "cl\xe9",
    ],
)
def test_an_unknown_token_is_a_401_that_says_so(api, keyword, credentials):
    response = api.get("/api/v1/sectors/", HTTP_AUTHORIZATION=f"{keyword} {credentials}")
    assert response.status_code == 401
    assert "Unknown token" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token, Bearer"


@pytest.mark.parametrize(
    "header", ["Token", "Bearer", "Bearer  ", "Bearer two words", "Token a b"]
)
def test_a_malformed_token_header_is_a_401_that_shows_the_form(api, header):
    response = api.get("/api/v1/sectors/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert "Authorization: Bearer <key>" in response.json()["detail"]


def test_the_token_of_a_deactivated_partner_is_refused(api, key):
    partner = Token.objects.get(key=key).user
    partner.is_active = False
    partner.save()
    response = api.get("/api/v1/sectors/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401


def test_other_schemes_are_not_ours_and_stay_anonymous(api):
    # e.g. a staging site's HTTP basic authentication at the proxy
    response = api.get("/api/v1/sectors/", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert response.status_code == 200

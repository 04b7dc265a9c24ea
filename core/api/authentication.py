"""Partners' tokens: `Authorization: Token <key>`, DRF's own form, or
`Authorization: Bearer <key>`, the form that clients generated from the
OpenAPI schema send. A header with either keyword is a claim to be a partner:
if the key is unknown or the header malformed, the answer is a 401 that says
so, not an anonymous answer with the anonymous limit."""

import re

from django.conf import settings
from django.utils.translation import gettext as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed

KEYWORDS = ("Token", "Bearer")
# DRF's keys are 40 hexadecimal characters; anything far from that is not
# looked up (a NUL would be a database error on PostgreSQL).
KEY = re.compile(r"[0-9A-Za-z_-]{1,40}")


class TokenAuthentication(authentication.TokenAuthentication):
    keywords = KEYWORDS

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts:
            return None
        given = parts[0].decode("latin-1").lower()
        if given not in {keyword.lower() for keyword in self.keywords}:
            return None  # another scheme (e.g. a proxy's basic authentication)
        if len(parts) != 2:
            raise AuthenticationFailed(
                _(
                    "Malformed Authorization header. Send the token as "
                    "`Authorization: Bearer <key>` or `Authorization: Token <key>`."
                )
            )
        return self.authenticate_credentials(parts[1].decode("latin-1"))

    def authenticate_header(self, request):
        return ", ".join(self.keywords)  # a 401 names both forms

    def authenticate_credentials(self, key):
        token = None
        if KEY.fullmatch(key):
            token = self.get_model().objects.select_related("user").filter(key=key).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(
                _("Unknown token: check the key, or ask the registry's staff for a new one.")
            )
        return token.user, token


class SessionAuthentication(authentication.SessionAuthentication):
    """A signed-in user's session (the browsable API), read only when the
    request carries a session cookie: without one nobody is signed in, and
    the session left untouched adds no `Vary: Cookie` to a public answer
    (which a shared cache could not use)."""

    def authenticate(self, request):
        if settings.SESSION_COOKIE_NAME not in request._request.COOKIES:
            return None
        return super().authenticate(request)


class TokenSchemes(OpenApiAuthenticationExtension):
    """The two forms in the OpenAPI schema. Each is enough on its own, and
    every operation may also be called without either (the anonymous limit)."""

    target_class = TokenAuthentication
    name = ["tokenAuth", "bearerAuth"]

    def get_security_definition(self, auto_schema):
        return [
            {
                "type": "apiKey",
                "in": "header",
                "name": "Authorization",
                "description": "A partner's token after the word Token: `Token <key>`.",
            },
            {
                "type": "http",
                "scheme": "bearer",
                "description": "A partner's token as a bearer token: `Bearer <key>`.",
            },
        ]

    def get_security_requirement(self, auto_schema):
        return [{name: []} for name in self.name]


class SignedInSessionScheme(SessionScheme):
    """The session, in the schema as DRF's own (cookieAuth)."""

    target_class = SessionAuthentication

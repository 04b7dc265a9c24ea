"""Settings for SSE Registry, read from environment variables.

One module for every environment: development, tests and production differ only
in the environment they run in. The helpers below fail loudly on a bad value.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_text(name, default):
    """A line of text; unset or blank, the default."""
    value = os.environ.get(name, "").strip()
    if "\n" in value or "\r" in value:
        raise ImproperlyConfigured(f"{name} must be one line, not {value!r}")
    return value or default


def env_url(name, default):
    """An absolute http(s) address, fit for a Link header; unset or blank, the default."""
    value = env_text(name, default)
    parts = urlsplit(value)
    if (
        parts.scheme not in {"https", "http"}
        or not parts.netloc
        or any(c in value for c in '<>" ')
    ):
        raise ImproperlyConfigured(f"{name} must be an http(s) address, not {value!r}")
    return value


def env_origins(name):
    """Origins (``https://host[:port]``), space- or comma-separated, fit for a
    CSP source list; unset or blank, none."""
    origins = os.environ.get(name, "").replace(",", " ").split()
    for origin in origins:
        parts = urlsplit(origin)
        if (
            parts.scheme not in {"https", "http"}
            or not parts.netloc
            or parts.path not in {"", "/"}
            or parts.query
            or parts.fragment
            or any(c in origin for c in "'\";")
        ):
            raise ImproperlyConfigured(
                f"{name} must be http(s) origins such as https://partner.example.org, "
                f"not {origin!r}"
            )
    return [origin.rstrip("/") for origin in origins]


def env_optional_url(name):
    """An absolute http(s) address as env_url checks it, or "" when unset or blank."""
    if not os.environ.get(name, "").strip():
        return ""
    return env_url(name, "")


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "development-only-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "sse_registry.apps.RegistryAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "sse_registry.apps.RegistryStaticFilesConfig",  # django.contrib.staticfiles
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_guid",
    "simple_history",
    "concurrency",
    "import_export",
    "axes",
    "csp",
    "entities",
    "research",
    "workflow",
    # The project as an app of its own: its operations commands (backup, restore).
    "sse_registry",
]

# Development tooling (demo data, the benchmark, demo accounts: seed_demo,
# benchmark, demo_admin), on by default in development only. Production-like
# runs that need demo data (make serve, the load test, API fuzzing) set
# DEVTOOLS=true for the seeding command alone.
DEVTOOLS = env_bool("DEVTOOLS", DEBUG)
if DEVTOOLS:
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    # The request id (X-Request-ID: the proxy's, or a new one), then one JSON
    # log line per request with its duration and SQL query count.
    "django_guid.middleware.guid_middleware",
    "core.observability.RequestLogMiddleware",
    # Public reads go to the read replica when there is one.
    "core.routing.PublicReadsMiddleware",
    # Every API answer states the data's licence and date (Link, X-Data-As-Of).
    "entities.citation.CitationHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app itself (compressed, hashed names, cached for a
    # year), so no separate file server or CDN is needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the public pages' address, the admin user's choice, the
    # API's English (core/i18n.py).
    "core.i18n.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.limits.RequestLimitsMiddleware",  # 413 by size, 400 for NUL, before any view
    "django_htmx.middleware.HtmxMiddleware",
    # Who made each change, for the history of entities and assessments.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Anonymous public answers: ETag from the published-data version, 304
    # before any view, the rendered answer kept per version (core/http_cache.py).
    "core.http_cache.PublicCacheMiddleware",
    # A save that loses the optimistic-lock race after its form validated:
    # 409 with templates/409.html.
    "concurrency.middleware.ConcurrencyMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "sse_registry.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The footer's licence, "data as of" and how to cite the page.
                "entities.citation.context",
                # The page in every language, for its hreflang links.
                "core.i18n.language_links",
            ],
        },
    },
]

WSGI_APPLICATION = "sse_registry.wsgi.application"

# SQLite in the project folder is the embedded default; production sets
# DATABASE_URL=postgres://user:password@host:5432/name.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# A streaming replica of the primary takes the public reads (pages, API, export,
# statistics); writes, the admin and sign-in stay on the primary
# (core/routing.py). Tests mirror it onto the primary's test database.
if DATABASE_REPLICA_URL := os.environ.get("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.routing.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("km", "ភាសាខ្មែរ"),
    ("ky", "Кыргызча"),
    ("mn", "Монгол"),
    ("th", "ภาษาไทย"),
    ("vi", "Tiếng Việt"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Counts on the pages in the reader's way (1,751; 1.751 in Vietnamese). Years,
# ids and page numbers in links are written with |unlocalize; JSON and CSV are
# not localized at all.
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["sse_registry.formats"]

# The features' texts are data translated per language (django-modeltranslation);
# an untranslated text falls back to English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production (`collectstatic` first), files get content-hashed names and
    # compressed copies; while debugging they are served as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# While debugging, WhiteNoise serves the files where they are and picks up edits.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Source maps are for developers' tools: served, but not worth compressing
# (half of collectstatic's time).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]

# --- HTTPS and cookies ----------------------------------------------------------
# Production sits behind a reverse proxy that terminates TLS. With DEBUG off
# every setting below defaults to the strict choice; each can be relaxed by its
# variable (e.g. `make serve`, plain HTTP on the loopback).
PRODUCTION = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
# The proxy's header saying the client's request was HTTPS.
if env_bool("BEHIND_TLS_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
# Browsers may be told to use HTTPS only before their first visit (hstspreload.org).
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# How many proxies in front of the registry append to X-Forwarded-For (the
# documented nginx: 1). 0: the header is ignored and the connection's address
# is the client's. The rate limits, the sign-in lock-out and the request log
# all take the client's address from this (core/client_address.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}")

# The map of entities (/map/) draws the registry's own boundaries; a background
# of map tiles only when a deployment names a tile server, e.g.
# https://tile.example.org/{z}/{x}/{y}.png, and the attribution its terms ask
# for. That server's origin is then the only one added to the CSP's img-src.
# The map's grid counted in advance (entities.map_grid) is rebuilt when a map
# finds it behind the published data: "background" (in a thread of the
# process that found it), "request" (within that request) or "manual" (only
# by `manage.py refresh_map_grid`; until then maps count the entities).
MAP_GRID_REFRESH = os.environ.get("MAP_GRID_REFRESH", "background")
if MAP_GRID_REFRESH not in {"background", "request", "manual"}:
    raise ImproperlyConfigured(
        f"MAP_GRID_REFRESH must be background, request or manual, not {MAP_GRID_REFRESH!r}"
    )

# The pages a change of the published data touched (the home page, and each
# changed country's page and list) are drawn again once it has committed, so
# that their first reader finds the figures cached (entities.warming):
# "background" (in a thread of the writing process), "request" (within the
# request that made the change) or "off".
WARM_PAGES = os.environ.get("WARM_PAGES", "background")
if WARM_PAGES not in {"background", "request", "off"}:
    raise ImproperlyConfigured(
        f"WARM_PAGES must be background, request or off, not {WARM_PAGES!r}"
    )

# HTTP caching of anonymous public answers (core/http_cache.py): how long a
# browser or proxy may use one without asking (seconds), how long it may serve
# it stale while asking again, and how long the rendered answer is kept in the
# shared cache for its data version. HTTP_CACHE_BUILD names the code's build
# in the validators (default: a digest of the code's files).
HTTP_CACHE_MAX_AGE = env_int("HTTP_CACHE_MAX_AGE", 60)
HTTP_CACHE_STALE = env_int("HTTP_CACHE_STALE", 600)
HTTP_CACHE_KEPT_SECONDS = env_int("HTTP_CACHE_KEPT_SECONDS", 24 * 60 * 60)
HTTP_CACHE_PAGES = env_bool("HTTP_CACHE_PAGES", True)  # false: validators only, nothing kept
HTTP_CACHE_BUILD = env_text("HTTP_CACHE_BUILD", "")

MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "").strip()


def _tile_origin(url):
    if not url:
        return []
    parts = urlsplit(url)
    if parts.scheme not in {"https", "http"} or not parts.netloc or "{" in parts.netloc:
        raise ImproperlyConfigured(
            f"MAP_TILE_URL must be an http(s) address with a fixed host, not {url!r}"
        )
    return [f"{parts.scheme}://{parts.netloc}"]


# Content-Security-Policy (django-csp): scripts and everything else only from
# the site itself; no inline script, no plugin, no framing. Every asset is
# served by the app (no CDN). Inline style attributes stay allowed: some
# library templates (django-simple-history's, Swagger UI) carry them, and a
# style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", *_tile_origin(MAP_TILE_URL)],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}


# Embedding (/embed/…, docs/deploy.md): the compact views of the list, the
# map, the tapestry and an entity may be framed by the sites at these origins
# (space- or comma-separated, e.g. "https://partner.example.org
# https://news.example.com"), and by the registry's own pages; empty: by any
# site. Every other page refuses to be framed (frame-ancestors 'none' above,
# and X-Frame-Options DENY).
EMBED_FRAME_ANCESTORS = env_origins("EMBED_FRAME_ANCESTORS")
# How long browsers and shared caches may keep an embedded view, in seconds
# (Cache-Control: public, max-age=…); 0: not cached.
EMBED_CACHE_SECONDS = env_int("EMBED_CACHE_SECONDS", 300)
if EMBED_CACHE_SECONDS < 0:
    raise ImproperlyConfigured(f"EMBED_CACHE_SECONDS must be 0 or more, not {EMBED_CACHE_SECONDS}")

# The licence the published data is offered under, and the name a citation
# gives the registry: stated in every page's footer, the API's and the CSV's
# Link headers, the CSV's description and the reports (entities/citation.py).
SITE_NAME = env_text("SITE_NAME", "SSE Registry")
DATA_LICENCE_NAME = env_text("DATA_LICENCE_NAME", "CC BY 4.0")
DATA_LICENCE_URL = env_url("DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/")

# The seven-feature framework: when a score counts as practising a feature, and
# the limits of the bands. Stored profiles are derived with these values, so run
# `manage.py refresh_profiles` after changing them.
SSE_PRACTISING_THRESHOLD = env_int("SSE_PRACTISING_THRESHOLD", 2)
SSE_BAND_MOST_MIN = env_int("SSE_BAND_MOST_MIN", 4)
SSE_BAND_SOME_MIN = env_int("SSE_BAND_SOME_MIN", 1)

# Review: a published assessment is due for review this many months after
# it was assessed, unless its country sets its own number (Country admin).
# The due date is computed on reading (research/review_due.py): a change
# takes effect at once.
REVIEW_DUE_MONTHS = env_int("REVIEW_DUE_MONTHS", 24)
if REVIEW_DUE_MONTHS < 1:
    raise ImproperlyConfigured(f"REVIEW_DUE_MONTHS must be at least 1, not {REVIEW_DUE_MONTHS}")

# E-mail (the daily reminders, `manage.py send_reminders`): SMTP as the
# environment says; with DEBUG on, printed on the console instead.
EMAIL_BACKEND = (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env_text("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_text("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_text("DEFAULT_FROM_EMAIL", "sse-registry@localhost")
# The registry's address as its users reach it, for the links in e-mails.
SITE_URL = env_url("SITE_URL", "http://127.0.0.1:8000")

# Murmurations (entities/murmurations, docs/deploy.md): the index told of each
# published entity's profile at <SITE_URL>/murmurations/entities/<id>.json,
# e.g. https://index.murmurations.network (the registry adds /v2/nodes). Unset:
# off. What could not be sent waits for `manage.py send_murmurations`.
MURMURATIONS_INDEX_URL = env_optional_url("MURMURATIONS_INDEX_URL")
# How long one request to the index may take, in seconds.
MURMURATIONS_TIMEOUT = env_int("MURMURATIONS_TIMEOUT", 10)
if MURMURATIONS_TIMEOUT < 1:
    raise ImproperlyConfigured(
        f"MURMURATIONS_TIMEOUT must be at least 1, not {MURMURATIONS_TIMEOUT}"
    )
# Whether the profiles name the registry's own schema of the seven features
# among their linked_schemas: an index validates a profile against each one
# it names, so turn it off for an index whose library lacks it (the profiles
# keep the fields either way).
MURMURATIONS_LINK_FEATURES_SCHEMA = env_bool("MURMURATIONS_LINK_FEATURES_SCHEMA", True)

# A shared cache (Redis) makes rate limits and cached figures hold across
# worker processes; without REDIS_URL each process keeps its own.
# When Redis is unreachable, the cache answers "nothing cached" at once
# (django-redis ignoring its exceptions, with short timeouts): pages and API
# keep answering from the database. Rate limits then count per process
# (core/api/throttles.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
_REDIS_OPTIONS = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5}
_LOCAL_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {**_REDIS_OPTIONS, "IGNORE_EXCEPTIONS": True},
        }
        if REDIS_URL
        else _LOCAL_CACHE
    ),
    # Rate-limit counters: the same Redis, but its errors are raised, so that
    # the throttles know to count in "local" instead of not counting at all.
    "throttle": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _REDIS_OPTIONS,
        }
        if REDIS_URL
        else _LOCAL_CACHE
    ),
    "local": {**_LOCAL_CACHE, "LOCATION": "local"},
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "sse_registry.cache"

# Suggestions from the public (/suggest/, /entities/<id>/suggest/): posts of
# the form per client address and from everyone together (the same shared
# counters as the API's limits), the most web links one may hold, and the
# days after which a suggester's e-mail address is deleted
# (manage.py purge_suggestion_emails, also run by send_reminders).
SUGGESTION_RATE = os.environ.get("SUGGESTION_RATE", "10/hour")
SUGGESTION_GLOBAL_RATE = os.environ.get("SUGGESTION_GLOBAL_RATE", "200/hour")
SUGGESTION_MAX_LINKS = env_int("SUGGESTION_MAX_LINKS", 10)
SUGGESTION_EMAIL_DAYS = env_int("SUGGESTION_EMAIL_DAYS", 90)
if SUGGESTION_EMAIL_DAYS < 1:
    raise ImproperlyConfigured(
        f"SUGGESTION_EMAIL_DAYS must be at least 1, not {SUGGESTION_EMAIL_DAYS}"
    )

API_MAX_PAGE_SIZE = 500
# Requests per second, minute, hour or day: anonymous clients, and partners
# with a token issued by staff in the admin.
API_ANON_RATE = os.environ.get("API_ANON_RATE", "60/minute")
API_TOKEN_RATE = os.environ.get("API_TOKEN_RATE", "600/minute")
# PNG files of the charts (/charts/<kind>.png), drawn on the server: per
# client address, as the API's anonymous rate.
CHART_PNG_RATE = os.environ.get("CHART_PNG_RATE", "20/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.TokenAuthentication",
        "core.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": [
        # orjson: the same JSON as DRF's renderer, in a fifth of the time
        # (a tenth of an entity list request's time; docs/performance.md).
        "drf_orjson_renderer.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "core.api.negotiation.ContentNegotiation",
    "DEFAULT_FILTER_BACKENDS": ["core.api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "core.api.throttles.AnonymousRateThrottle",
        "core.api.throttles.TokenRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "SSE Registry API",
    "DESCRIPTION": (
        "Published social and solidarity economy entities of the programme's countries, "
        "their scores on the seven SSE features, and statistics. Read-only. Anonymous "
        "clients are rate-limited; partners use a token issued by staff for a higher "
        "limit, sent as `Authorization: Bearer <key>` or `Authorization: Token <key>`. "
        "Every operation may be called with or without a token."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1/",  # tags and operation ids start after it
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.describe_code_lists",
        "core.api.schema.describe_ordering",
        "core.api.schema.describe_bounds",
        "core.api.schema.add_error_responses",
        "entities.citation.describe_headers",
    ],
}

# Sign-in: an account is locked at one client address after repeated failed
# logins there, and an address as a whole after many more on any accounts
# (django-axes, with the two limits in sse_registry/lockout.py). So failures
# for one name, made up or not, lock no other account out until the address's
# own, higher limit, even where many people share an address. Each lock-out
# is logged.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = env_int("AXES_IP_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "sse_registry.lockout.SignInLockouts"
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# History (django-simple-history): reverting from the history page would skip
# the review workflow, so it is off; history is read-only.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Optimistic locking (django-concurrency): a save based on an old version of a
# record is refused and the person asked to reload.

# Spreadsheet import (django-import-export): all or nothing, in one transaction.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# The largest file accepted. Rows are checked for the whole file at once and
# written in batches with their history: 50,000 rows (a CSV of some 40 MB)
# preview and confirm within a minute or two each on the 2-core reference
# machine (figures: docs/workflow.md).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 64 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
# An upload that passed its preview waits this long for its confirmation; one
# person's waiting uploads take at most this many bytes (the oldest make room).
IMPORT_PENDING_MINUTES = env_int("IMPORT_PENDING_MINUTES", 30)
IMPORT_PENDING_MAX_BYTES = env_int("IMPORT_PENDING_MAX_BYTES", IMPORT_MAX_BYTES)

# --- Logs ------------------------------------------------------------------------
# On standard error, for the process manager to collect. In production one JSON
# object per line (LOG_FORMAT=json, the default with DEBUG off): every request
# (method, path, status, duration, SQL queries, user) on sse_registry.requests,
# security events on sse_registry.security, errors on django.request; each with
# the request id that the X-Request-ID response header also carries.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
# The development server prints its own line per request.
LOG_REQUESTS = env_bool("LOG_REQUESTS", not DEBUG)
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": False,  # a proxy's own request ids are kept as they are
    "EXPOSE_HEADER": False,
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {
            "()": "django_guid.log_filters.CorrelationId",
            "correlation_id_field": "request_id",
        }
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s %(request_id)s",
            "rename_fields": {
                "asctime": "time",
                "levelname": "level",
                "name": "logger",
                "process": "pid",
            },
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL},
        # 4xx answers are in the request log already; server errors come with
        # their traceback.
        "django.request": {"level": "ERROR"},
        "sse_registry": {"handlers": [], "level": LOG_LEVEL},
        "sse_registry.requests": {"level": "INFO" if LOG_REQUESTS else "WARNING"},
        "axes": {"level": "WARNING"},
        "django_guid": {"level": "WARNING"},
    },
}

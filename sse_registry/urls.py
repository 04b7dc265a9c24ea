from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from core import i18n
from entities.urls import (
    murmurations_urlpatterns,
    oembed_urlpatterns,
    vocabulary_urlpatterns,
)

from . import views

admin.site.site_header = _("SSE Registry")
admin.site.site_title = _("SSE Registry admin")
admin.site.index_title = _("Registry administration")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", i18n.set_language, name="set_language"),
    path("i18n/page/", i18n.language_page, name="language_page"),
    path("api/v1/", include("sse_registry.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own,
    # so the page needs no inline script (Content-Security-Policy).
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api_docs.html"),
        name="api-docs",
    ),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    *vocabulary_urlpatterns,
    *murmurations_urlpatterns,
    *oembed_urlpatterns,
]
# The public pages carry their language: /th/countries/TH/ in Thai, English
# without a prefix (core/i18n.py).
urlpatterns += i18n_patterns(path("", include("entities.urls")), prefix_default_language=False)

handler400 = "core.limits.bad_request"
handler404 = "sse_registry.api.views.not_found"
handler500 = "sse_registry.views.server_error"

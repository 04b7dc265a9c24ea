from django.urls import path, re_path

from .views import (
    chart_downloads,
    countries,
    download,
    listing,
    map,
    methodology,
    murmurations,
    oembed,
    releases,
    report_pdf,
    reports,
    sharing,
    suggest,
    tapestry,
    vocab,
)

urlpatterns = [
    path("", countries.home, name="home"),
    path("countries/", countries.country_list, name="country-list"),
    path("countries/<str:code>/", countries.country_detail, name="country-detail"),
    path("countries/<str:code>/report/", reports.country_report, name="country-report"),
    path(
        "countries/<str:code>/report.pdf",
        report_pdf.country_report_pdf,
        name="country-report-pdf",
    ),
    path("report/", reports.region_report, name="region-report"),
    path("report.pdf", report_pdf.region_report_pdf, name="region-report-pdf"),
    path("compare/", countries.compare, name="compare"),
    path("entities/", listing.entity_list, name="entity-list"),
    path("entities/<int:pk>/", listing.entity_detail, name="entity-detail"),
    path("entities/<int:pk>/suggest/", suggest.suggest_correction, name="suggest-correction"),
    path("suggest/", suggest.suggest_new, name="suggest-new"),
    path("entities/export.csv", download.entity_download, name="entity-download"),
    path(
        "entities/export.essglobal.csv",
        download.entity_download_essglobal,
        name="entity-download-essglobal",
    ),
    path(
        "entities/export.csv-metadata.json",
        download.entity_download_metadata,
        name="entity-download-metadata",
    ),
    path("tapestry/", tapestry.tapestry, name="tapestry"),
    path("map/", map.entity_map_page, name="entity-map"),
    re_path(
        r"^charts/(?P<kind>[a-z0-9-]+)\.(?P<fmt>svg|png)$",
        chart_downloads.chart_download,
        name="chart-download",
    ),
    path("methodology/", methodology.methodology, name="methodology"),
    path("releases/", releases.release_list, name="release-list"),
    path("releases/<int:number>/", releases.release_detail, name="release-detail"),
    path("vocab/", vocab.vocabulary_index, name="vocab-index"),
    # Compact, read-only views for other sites' pages (entities.views.embedding).
    path("embed/list/", listing.entity_list_embed, name="embed-list"),
    path("embed/map/", map.entity_map_embed, name="embed-map"),
    path("embed/tapestry/", tapestry.tapestry_embed, name="embed-tapestry"),
    path("embed/entity/<int:pk>/", listing.entity_embed, name="embed-entity"),
    # The preview images of shared pages (entities.views.sharing).
    path("og/entity/<int:pk>.png", sharing.entity_image, name="og-entity"),
    path("og/country/<str:code>.png", sharing.country_image, name="og-country"),
]

# oEmbed: one endpoint for the pages of every language (their addresses say it).
oembed_urlpatterns = [
    path("oembed", oembed.oembed, name="oembed"),
]

# The vocabularies' files and addresses are the same in every language: they
# are outside the language prefixes (sse_registry/urls.py includes them).
vocabulary_urlpatterns = [
    re_path(
        r"^vocab/(?P<scheme>[a-z0-9-]+)\.(?P<fmt>jsonld|ttl)$",
        vocab.vocabulary_file,
        name="vocab-file",
    ),
    path("vocab/<slug:scheme>", vocab.scheme_address, name="vocab-scheme"),
    path("vocab/<slug:scheme>/<str:code>", vocab.concept_address, name="vocab-concept"),
]

# The Murmurations profiles and schema: stable addresses, the same in every
# language, outside the language prefixes too.
murmurations_urlpatterns = [
    path(
        "murmurations/entities/<int:pk>.json",
        murmurations.entity_profile,
        name="murmurations-profile",
    ),
    re_path(
        r"^murmurations/schemas/(?P<name>[a-z0-9_]+-v[0-9]+\.[0-9]+\.[0-9]+)\.json$",
        murmurations.schema,
        name="murmurations-schema",
    ),
]

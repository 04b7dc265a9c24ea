from django.urls import path, re_path

from .views import (
    chart_downloads,
    countries,
    download,
    listing,
    map,
    methodology,
    murmurations,
    releases,
    report_pdf,
    reports,
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

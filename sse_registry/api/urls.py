from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter

from entities.api.agreement import AgreementView
from entities.api.map import MapCellsView
from entities.api.views import (
    CountryStatisticsView,
    CountryViewSet,
    EntityTypeViewSet,
    EntityViewSet,
    GroupedStatisticsView,
    RegionViewSet,
    ReleaseViewSet,
    SectorViewSet,
)
from research.api.views import FeatureViewSet

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False  # formats are negotiated, not put in paths


router = Router()
router.register("entities", EntityViewSet, basename="entity")
router.register("countries", CountryViewSet, basename="country")
router.register("regions", RegionViewSet, basename="region")
router.register("entity-types", EntityTypeViewSet, basename="entity-type")
router.register("sectors", SectorViewSet, basename="sector")
router.register("features", FeatureViewSet, basename="feature")
router.register("releases", ReleaseViewSet, basename="release")

urlpatterns = [
    path(
        "entities/export.csv",
        EntityViewSet.as_view({"get": "export"}),
        name="entity-export",
    ),
    path(
        "entities/export.csv-metadata.json",
        EntityViewSet.as_view({"get": "export_metadata"}),
        name="entity-export-metadata",
    ),
    path(
        "entities/export.essglobal.csv",
        EntityViewSet.as_view({"get": "export_essglobal"}),
        name="entity-export-essglobal",
    ),
    path(
        "entities.geojson",
        EntityViewSet.as_view({"get": "geojson"}),
        name="entity-geojson",
    ),
    path(
        "countries/<str:code>/stats/",
        CountryStatisticsView.as_view(),
        name="country-stats",
    ),
    re_path(
        r"^releases/(?P<number>[0-9]{1,9})/entities\.json$",
        ReleaseViewSet.as_view({"get": "entities"}),
        name="release-entities",
    ),
    path("stats/", GroupedStatisticsView.as_view(), name="stats"),
    path("map/cells/", MapCellsView.as_view(), name="map-cells"),
    path("agreement/", AgreementView.as_view(), name="agreement"),
    path("", include(router.urls)),
]

import re

import orjson
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, renderers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from core.filters import GIVEN_TWICE
from core.freshness import cached_count
from entities import citation, essglobal_export, linked_data, map_cells, public
from entities.export import (
    METADATA_MEDIA_TYPE,
    METADATA_SUFFIX,
    csv_lines,
    csv_metadata,
    export_filename,
    frozen_csv_lines,
)
from entities.filtersets import EntityFilterSet, RegionFilterSet, ReleasedEntityFilterSet
from entities.models import Country, Entity, EntityType, Region, Release, Sector
from entities.releases import frozen_object, frozen_summary, json_chunks, released_entities
from entities.statistics import GROUPS, grouped_statistics, statistics

from . import geojson
from .pagination import EntityPagination
from .renderers import JSONLDRenderer
from .representation import Summaries, detail_rows, published_summaries
from .serializers import (
    CountryDetailSerializer,
    CountrySerializer,
    EntityDetailSerializer,
    EntityFeatureCollectionSerializer,
    EntitySerializer,
    EntityTypeSerializer,
    GroupedStatisticsSerializer,
    RegionFeatureCollectionSerializer,
    RegionSerializer,
    ReleaseDetailSerializer,
    ReleaseSerializer,
    SectorSerializer,
    StatisticsSerializer,
)


def asks_geojson(request):
    """Whether the request asks for GeoJSON (`?format=geojson`): its answer
    is GeoJSON, its errors JSON, whatever the Accept header says (whatever
    the method, too, so that a refused method is a 405, not a 404 for an
    unknown format)."""
    return request.query_params.get("format") == "geojson"


# --- ?release=<number>: the figures as of a release --------------------------------

RELEASE_PATTERN = "[0-9]{1,9}"
RELEASE_PARAMETER = OpenApiParameter(
    "release",
    {"type": "integer", "minimum": 1, "maximum": 999_999_999},
    description="A release's number (`/api/v1/releases/`): the answer as of that release, "
    "from its frozen entities, whatever was published or withdrawn since.",
)


def requested_release(request, *, unknown_is_404=False):
    """The release ``?release=`` names (None without one). A bad or unknown
    number is a 400 naming the parameter (a 404 for one entity's object)."""
    values = request.query_params.getlist("release")
    if not values:
        return None
    if len(values) > 1:
        raise ValidationError({"release": [str(GIVEN_TWICE)]})
    value = values[0].strip()
    if not re.fullmatch(RELEASE_PATTERN, value):
        raise ValidationError(
            {"release": ["A release's number, e.g. 1 (the releases: /api/v1/releases/)."]}
        )
    release = Release.objects.filter(number=int(value)).first()
    if release is None:
        message = f"No release {int(value)}; the releases are listed at /api/v1/releases/."
        raise NotFound(message) if unknown_is_404 else ValidationError({"release": [message]})
    return release


class AsOfRelease:
    """A view that answers ``?release=`` from that release's frozen entities
    (the entity filters apply to them alike), its answers dated by the
    release's data_as_of."""

    release = None
    unknown_release_is_404 = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.release = requested_release(request, unknown_is_404=self.unknown_release_is_404)

    @property
    def filterset_class(self):
        return EntityFilterSet if self.release is None else ReleasedEntityFilterSet

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.release is not None and 'rel="license"' not in response.get("Link", ""):
            citation.add_headers(response, as_of=self.release.data_as_of)
        return response


# The boundaries change only with a release; the ETag tells a client when.
REGIONS_CACHE_CONTROL = "public, max-age=86400"


@extend_schema_view(
    list=extend_schema(
        summary="Published entities, filtered and paged",
        description=(
            "With `?format=geojson`, the same as `/api/v1/entities.geojson`: every placed "
            "entity the filters select as GeoJSON, streamed (paging does not apply)."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "geojson"],
                description="Default: json (the page of entities); geojson: every placed "
                "entity the filters select, as a FeatureCollection (current data only: "
                "not with `release`).",
            ),
            RELEASE_PARAMETER,
        ],
        responses={
            (200, "application/json"): EntitySerializer(many=True),
            (200, geojson.MEDIA_TYPE): EntityFeatureCollectionSerializer,
        },
    ),
    retrieve=extend_schema(
        summary="One published entity with its current assessment",
        description=(
            "With `Accept: application/ld+json` or `?format=jsonld`, the entity as linked "
            "data: the JSON-LD document its page carries (a schema.org Organization with "
            "ESSGlobal's organisational structure and activity, its feature scores, and "
            "the data's licence on the registry's record, `subjectOf`). Current data only: "
            "not with `release`."
        ),
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "jsonld"],
                description="Default: json; jsonld: the entity as JSON-LD (as "
                "`Accept: application/ld+json`).",
            ),
            RELEASE_PARAMETER,
        ],
        responses={
            (200, "application/json"): EntityDetailSerializer,
            (200, linked_data.MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="A JSON-LD document: a schema.org Organization.",
            ),
        },
    ),
)
class EntityViewSet(AsOfRelease, viewsets.ReadOnlyModelViewSet):
    pagination_class = EntityPagination

    def initial(self, request, *args, **kwargs):
        self.unknown_release_is_404 = self.action == "retrieve"
        super().initial(request, *args, **kwargs)
        if self.release is not None and self.wants_geojson():
            raise ValidationError({"release": ["GeoJSON is of the current data only."]})
        if self.release is not None and self.wants_linked_data():
            raise ValidationError({"release": ["JSON-LD is of the current data only."]})
        if self.release is not None and self.action == "export_essglobal":
            raise ValidationError({"release": ["The ESSGlobal CSV is of the current data only."]})

    def get_queryset(self):
        """The published entities as the rows their JSON and CSV are made of
        (with ``release``, the release's frozen entities)."""
        if self.release is not None:
            return released_entities(self.release)
        if self.action == "export_essglobal":
            return essglobal_export.rows(Entity.objects.published())
        if self.action == "retrieve":
            return detail_rows(Entity.objects.published())
        return published_summaries()

    def list(self, request, *args, **kwargs):
        if self.wants_geojson():
            self.paginator.check_parameters(request)
            return self.geojson(request)
        rows = self.filter_queryset(self.get_queryset())
        if self.release is not None:
            page = self.paginate_queryset(rows.values("id", "detail"))
            prefix = public.address_prefix("api:entity-detail", request)
            return self.get_paginated_response(
                [frozen_summary(row["detail"], prefix) for row in page]
            )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(Summaries(request).many(page))

    def retrieve(self, request, *args, **kwargs):
        if self.wants_linked_data():
            row = get_object_or_404(linked_data.rows(Entity.objects.published()), pk=kwargs["pk"])
            same_as = public.same_as_of([row["id"]]).get(row["id"], [])
            return Response(linked_data.document(row, request, same_as))
        if self.release is not None:
            frozen = get_object_or_404(self.get_queryset().only("detail"), entity_id=kwargs["pk"])
            prefix = public.address_prefix("api:entity-detail", request)
            return Response(frozen_object(frozen.detail, prefix))
        row = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        return Response(Summaries(request).detail(row))

    def get_serializer_class(self):
        return EntityDetailSerializer if self.action == "retrieve" else EntitySerializer

    def wants_geojson(self):
        return self.action == "geojson" or (self.action == "list" and asks_geojson(self.request))

    def wants_linked_data(self):
        """Whether content negotiation chose JSON-LD (one entity's object only)."""
        return isinstance(getattr(self.request, "accepted_renderer", None), JSONLDRenderer)

    def get_renderers(self):
        renderers_ = super().get_renderers()
        if self.action == "retrieve":
            renderers_.append(JSONLDRenderer())
        return renderers_

    def finalize_response(self, request, response, *args, **kwargs):
        if self.action == "retrieve":
            patch_vary_headers(response, ["Accept"])
            if response.status_code >= 400 and self.wants_linked_data():
                # An error is JSON, whatever was asked.
                request.accepted_renderer = self.get_renderers()[0]
                request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def perform_content_negotiation(self, request, force=False):
        exports = ("export", "export_metadata", "export_essglobal", "geojson")
        if self.action in exports or asks_geojson(request):
            # Success streams CSV or GeoJSON whatever was asked; errors are always JSON.
            renderer = renderers.JSONRenderer()
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        summary="The filtered entities as CSV",
        operation_id="entities_export_csv",
        parameters=[RELEASE_PARAMETER],
        description=(
            "Every entity the same filters select, one row each, with one column per "
            "feature score (named by feature code). UTF-8 with a byte-order mark; "
            "streamed, so any size fits. Text that a spreadsheet would run as a formula "
            "is prefixed with a quote. The file is named after the filters that narrow "
            "it and the date, e.g. sse-entities-TH-cooperative-2026-12-06.csv."
        ),
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
        filters=True,
    )
    def export(self, request):
        queryset, filename = self.export_filtered(request)
        lines = csv_lines if self.release is None else frozen_csv_lines
        response = StreamingHttpResponse(lines(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        described_by = self.address(request, request.path + METADATA_SUFFIX)
        return citation.add_headers(response, described_by=described_by, as_of=self.as_of())

    @extend_schema(
        summary="The description of the filtered entities' CSV (CSV on the Web)",
        operation_id="entities_export_csv_metadata",
        parameters=[RELEASE_PARAMETER],
        description=(
            "The W3C CSV-on-the-Web metadata of `/api/v1/entities/export.csv` with the same "
            "filters: its address (`url`), title, publisher, licence (`dc:license`), the "
            "date the published data last changed (`dc:modified`), how to cite it "
            "(`dc:bibliographicCitation`) and its columns (`tableSchema`: each column's "
            "header cell, title, datatype and description). The CSV's `Link` header points "
            'here (`rel="describedby"`).'
        ),
        responses={
            (200, METADATA_MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.OBJECT, description="A CSVW table description."
            )
        },
        filters=True,
    )
    def export_metadata(self, request):
        _queryset, filename = self.export_filtered(request)
        csv_url = self.address(request, request.path.removesuffix(METADATA_SUFFIX))
        as_of = self.as_of()
        metadata = csv_metadata(
            csv_url,
            title=f"{settings.SITE_NAME}: {filename}",
            as_of=as_of,
            release=self.release.label if self.release is not None else None,
            issued=self.release.created_at if self.release is not None else None,
        )
        response = HttpResponse(
            orjson.dumps(metadata, option=orjson.OPT_INDENT_2),
            content_type=METADATA_MEDIA_TYPE,
        )
        return citation.add_headers(response, as_of=as_of)

    @extend_schema(
        summary="The filtered entities as the SSE data commons' standard CSV (ESSGlobal)",
        operation_id="entities_export_essglobal_csv",
        description=(
            "Every entity the same filters select, one row each, in the columns of the "
            "Solidarity Economy Association's standard CSV, in their order: Identifier, Name, "
            "Description, Organisational Structure, Primary Activity, Activities, Street "
            "Address, Locality, Region, Postcode, Country ID, Territory ID, Website, Phone, "
            "Email, Twitter, Facebook, Companies House Number, Qualifiers, Membership Type, "
            "Latitude, Longitude, Geo Container, Geo Container Latitude, Geo Container "
            "Longitude. The organisational structure and activities are ESSGlobal concept "
            "URIs; Country ID is the ISO 3166-1 alpha-2 code; Region the region's name; the "
            "Geo Container the region's address in this API, with its point. What the "
            "registry does not record or keeps private (the contacts) is empty. UTF-8 with a "
            "byte-order mark, streamed; text a spreadsheet would run as a formula is prefixed "
            "with a quote. Current data only: not with `release`."
        ),
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
        filters=True,
    )
    def export_essglobal(self, request):
        queryset, filename = self.export_filtered(request)
        filename = filename.replace("sse-entities", "sse-entities-essglobal", 1)
        response = StreamingHttpResponse(
            essglobal_export.csv_lines(queryset, request),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return citation.add_headers(response, as_of=self.as_of())

    def export_filtered(self, request):
        """The CSV's rows and file name; a bad filter is a 400."""
        queryset = self.filter_queryset(self.get_queryset())
        filters = self.filterset_class(request.query_params, queryset=queryset)
        filters.is_valid()
        filename = export_filename(filters.form)
        if self.release is not None:
            filename = filename.replace(
                "sse-entities", f"sse-entities-release-{self.release.number}", 1
            )
        return queryset, filename

    def as_of(self):
        """When the data answered last changed: the release's, or the current data's."""
        return self.release.data_as_of if self.release is not None else citation.data_as_of()

    @staticmethod
    def address(request, path):
        """The absolute address of ``path`` with the request's own query."""
        query = request.META.get("QUERY_STRING", "")
        return request.build_absolute_uri(f"{path}?{query}" if query else path)

    @extend_schema(
        summary="The filtered entities as GeoJSON",
        operation_id="entities_geojson",
        description=(
            "A GeoJSON FeatureCollection of every entity the same filters select that a "
            "map can place: at its stored coordinates, or, without them, at its region's "
            "centre (precision `region`). Each Feature's properties are the entity as in "
            "the list, plus `precision`. Streamed, so any size fits; the header "
            "X-Unplaced-Count says how many of the filtered entities have neither "
            "coordinates nor a region and are left out. Also at "
            "`/api/v1/entities/?format=geojson`."
        ),
        responses={
            (200, geojson.MEDIA_TYPE): OpenApiResponse(
                EntityFeatureCollectionSerializer,
                description="The placed entities; the header X-Unplaced-Count, how many "
                "of the filtered entities have neither coordinates nor a region.",
            )
        },
        filters=True,
    )
    def geojson(self, request):
        queryset = self.filter_queryset(self.get_queryset())  # a bad filter: 400
        unplaced = cached_count(map_cells.unplaced(queryset))
        response = StreamingHttpResponse(
            geojson.entity_collection(queryset, request), content_type=geojson.MEDIA_TYPE
        )
        response["X-Unplaced-Count"] = str(unplaced)
        return response


def get_country(code, queryset=Country.objects):
    """The country of a case-insensitive alpha-2 code, or a 404."""
    stored_code = Country.stored_code(code)
    if stored_code is None:
        raise NotFound(f"No country with code {code[:10]!r}.")
    try:
        return queryset.get(pk=stored_code)
    except Country.DoesNotExist:
        raise NotFound(f"No country with code {code[:10]!r}.") from None


@extend_schema_view(
    list=extend_schema(summary="The programme's countries"),
    retrieve=extend_schema(summary="One country with its national working definition"),
)
class CountryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Country.objects.with_published_counts().order_by("name")
    lookup_value_regex = Country.CODE_PATTERN
    pagination_class = None
    filter_backends = []

    def get_serializer_class(self):
        return CountryDetailSerializer if self.action == "retrieve" else CountrySerializer

    def get_object(self):
        return get_country(self.kwargs[self.lookup_field], self.get_queryset())


class PublishedStatisticsView(AsOfRelease, generics.GenericAPIView):
    """Figures over the published entities that the entity list's filters
    select (with ``release``, over that release's)."""

    pagination_class = None

    def get_queryset(self):
        if self.release is not None:
            return released_entities(self.release)
        return Entity.objects.published()


class CountryStatisticsView(PublishedStatisticsView):
    serializer_class = StatisticsSerializer

    @extend_schema(
        summary="Statistics of a country's published entities",
        description="Accepts the entity list's filters, applied within the country.",
        filters=True,
        parameters=[RELEASE_PARAMETER],
    )
    def get(self, request, code):
        country = get_country(code)
        entities = self.filter_queryset(self.get_queryset().filter(country=country))
        return Response(statistics(entities))


def group_names(group_by):
    """Display name of each group key."""
    if group_by == "origin":
        return dict(Entity.Origin.choices)
    if group_by == "dependency":
        return dict(Entity.Dependency.choices)
    model = {"country": Country, "entity_type": EntityType, "sector": Sector}[group_by]
    return {obj.pk: obj.name for obj in model.objects.all()}


class GroupedStatisticsView(PublishedStatisticsView):
    serializer_class = GroupedStatisticsSerializer

    @extend_schema(
        summary="Statistics per country, entity type, sector, origin or dependency",
        description="The figures of a country's statistics for each group, over the "
        "published entities that the entity list's filters select.",
        filters=True,
        parameters=[
            OpenApiParameter(
                "group_by", str, enum=list(GROUPS), required=True, description="How to group."
            ),
            RELEASE_PARAMETER,
        ],
    )
    def get(self, request):
        group_by = request.query_params.get("group_by", "")
        if group_by not in GROUPS:
            raise ValidationError(
                {"group_by": [f"Required; one of: {', '.join(GROUPS)} (not {group_by[:40]!r})."]}
            )
        entities = self.filter_queryset(self.get_queryset())
        groups = grouped_statistics(entities, GROUPS[group_by])
        names = group_names(group_by)
        return Response(
            {
                "group_by": group_by,
                "groups": [
                    {"key": key, "name": str(names.get(key, key)), **figures}
                    for key, figures in sorted(groups.items(), key=lambda item: str(item[0]))
                    if key is not None
                ],
            }
        )


@extend_schema_view(
    list=extend_schema(
        summary="First-level regions (ISO 3166-2)",
        description=(
            "With `format=geojson`, their boundaries as a GeoJSON FeatureCollection "
            "(Natural Earth, public domain): each region's shape, or a Point with "
            "`marker: true` and the reason where the boundaries have none of its own. "
            "Served with an ETag and cached by clients for a day."
        ),
        parameters=[
            OpenApiParameter("format", str, enum=["json", "geojson"], description="Default: json.")
        ],
        responses={
            (200, "application/json"): RegionSerializer(many=True),
            (200, geojson.MEDIA_TYPE): RegionFeatureCollectionSerializer,
        },
    )
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.order_by("country_id", "name")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    pagination_class = None

    FORMATS = ("json", "geojson", "api")  # "api": the browsable API, as on every endpoint

    def perform_content_negotiation(self, request, force=False):
        # The list's `format` is one of FORMATS, any other value a 400 in JSON;
        # the boundaries are bytes of their own, the browsable API negotiated.
        format_asked = request.query_params.get("format", "api")
        if self.action in ("list", None) and format_asked != "api":
            renderer = renderers.JSONRenderer()  # for errors; the boundaries are bytes
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)

    def list(self, request, *args, **kwargs):
        formats = request.query_params.getlist("format")
        if len(formats) > 1:
            raise ValidationError({"format": [str(GIVEN_TWICE)]})
        if formats and formats[0] not in self.FORMATS:
            raise ValidationError({"format": [f"One of: {', '.join(self.FORMATS)}."]})
        if not asks_geojson(request):
            return super().list(request, *args, **kwargs)
        filterset = self.filter_backends[0]().get_filterset(request, self.queryset, self)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        body, etag = geojson.region_collection(filterset.form.cleaned_data["country"] or [])
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(body, content_type=geojson.MEDIA_TYPE)
        response["ETag"] = etag
        response["Cache-Control"] = REGIONS_CACHE_CONTROL
        return response


@extend_schema_view(list=extend_schema(summary="Entity types"))
class EntityTypeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = EntityType.objects.all()
    serializer_class = EntityTypeSerializer
    pagination_class = None
    filter_backends = []


@extend_schema_view(list=extend_schema(summary="Sectors: ISIC Rev. 4 sections"))
class SectorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Sector.objects.all()
    serializer_class = SectorSerializer
    pagination_class = None
    filter_backends = []


@extend_schema_view(
    list=extend_schema(summary="The releases: frozen, citable snapshots of the published data"),
    retrieve=extend_schema(summary="One release, with the ids of the entities it changed"),
)
class ReleaseViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Release.objects.order_by("-number")
    lookup_field = "number"
    lookup_value_regex = RELEASE_PATTERN
    pagination_class = None
    filter_backends = []

    def get_serializer_class(self):
        return ReleaseDetailSerializer if self.action == "retrieve" else ReleaseSerializer

    def retrieve(self, request, *args, **kwargs):
        release = self.get_object()
        response = Response(self.get_serializer(release).data)
        return citation.add_headers(response, as_of=release.data_as_of)

    def perform_content_negotiation(self, request, force=False):
        if self.action == "entities":  # JSON, streamed, whatever was asked
            renderer = renderers.JSONRenderer()
            return renderer, renderer.media_type
        return super().perform_content_negotiation(request, force)

    @extend_schema(
        summary="A release's entities as one JSON file",
        operation_id="releases_entities_json",
        description=(
            "The release (number, label, dates, licence, citation, count) and `entities`: "
            "every entity it froze, each the object `/api/v1/entities/{id}/?release=` "
            "gives, in id order. Streamed, so any size fits."
        ),
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="The release and its entities."
            )
        },
    )
    def entities(self, request, number):
        release = self.get_object()
        prefix = public.address_prefix("api:entity-detail", request)
        page = request.build_absolute_uri(reverse("release-detail", args=[release.number]))
        response = StreamingHttpResponse(
            json_chunks(release, prefix, page), content_type="application/json"
        )
        filename = f"sse-release-{release.number}-entities.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return citation.add_headers(response, as_of=release.data_as_of)

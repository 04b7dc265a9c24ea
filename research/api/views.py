from django.utils import translation
from django.utils.cache import patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from core.i18n import language_from_header
from research.models import Feature

from .serializers import FeatureSerializer

ACCEPT_LANGUAGE = OpenApiParameter(
    "Accept-Language",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=(
        "The language of the features' names and texts and of the score labels: "
        "en (default), km, ky, mn, th or vi. The rest of the API is in English."
    ),
)


@extend_schema_view(
    list=extend_schema(summary="The seven SSE features", parameters=[ACCEPT_LANGUAGE]),
    retrieve=extend_schema(parameters=[ACCEPT_LANGUAGE]),
)
class FeatureViewSet(viewsets.ReadOnlyModelViewSet):
    """The only endpoint that answers in the language ``Accept-Language``
    names: the features' texts are what a partner shows its own readers."""

    queryset = Feature.objects.all()
    serializer_class = FeatureSerializer
    pagination_class = None
    filter_backends = []

    def dispatch(self, request, *args, **kwargs):
        with translation.override(language_from_header(request)):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        patch_vary_headers(response, ("Accept-Language",))
        return response

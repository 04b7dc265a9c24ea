from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from research.models import Feature

from .serializers import FeatureSerializer


@extend_schema_view(list=extend_schema(summary="The seven SSE features"))
class FeatureViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Feature.objects.all()
    serializer_class = FeatureSerializer
    pagination_class = None
    filter_backends = []

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from entities.filtersets import EntityFilterSet
from entities.models import Country, Entity, EntityType, Sector
from research.models import Feature
from research.statistics import GROUPS, grouped_statistics

from .serializers import FeatureSerializer, GroupedStatisticsSerializer


@extend_schema_view(list=extend_schema(summary="The seven SSE features"))
class FeatureViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Feature.objects.all()
    serializer_class = FeatureSerializer
    pagination_class = None
    filter_backends = []


def group_names(group_by):
    """Display name of each group key."""
    if group_by == "origin":
        return dict(Entity.Origin.choices)
    if group_by == "dependency":
        return dict(Entity.Dependency.choices)
    model = {"country": Country, "entity_type": EntityType, "sector": Sector}[group_by]
    return {obj.pk: obj.name for obj in model.objects.all()}


class GroupedStatisticsView(generics.GenericAPIView):
    filterset_class = EntityFilterSet
    serializer_class = GroupedStatisticsSerializer
    pagination_class = None

    def get_queryset(self):
        return Entity.objects.published()

    @extend_schema(
        summary="Statistics per country, entity type, sector, origin or dependency",
        description="The figures of a country's statistics for each group, over the "
        "published entities that the entity list's filters select.",
        filters=True,
        parameters=[
            OpenApiParameter(
                "group_by", str, enum=list(GROUPS), required=True, description="How to group."
            )
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

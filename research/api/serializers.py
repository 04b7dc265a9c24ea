from rest_framework import serializers

from research.framework import FEATURE_CODES
from research.models import Feature
from research.statistics import GROUPS


class ScoreLevelGuidanceSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    label = serializers.CharField()
    guidance = serializers.CharField()


class FeatureSerializer(serializers.ModelSerializer):
    guidance = serializers.SerializerMethodField()

    class Meta:
        model = Feature
        fields = ["code", "position", "name", "definition", "guidance", "adoption_guidance"]

    def get_guidance(self, feature) -> ScoreLevelGuidanceSerializer(many=True):
        return [
            {"score": score, "label": str(label), "guidance": text}
            for score, label, text in feature.guidance_by_level()
        ]


# The serializers below only describe the statistics in the OpenAPI schema;
# research.statistics builds the figures themselves.


class FeatureStatisticsSerializer(serializers.Serializer):
    assessed = serializers.IntegerField(help_text="Entities with a score for the feature.")
    practising = serializers.IntegerField(help_text="Entities at or above the threshold.")
    share_practising = serializers.FloatField(
        allow_null=True, help_text="practising / assessed; null when none is assessed."
    )
    mean_score = serializers.FloatField(allow_null=True)


class FeatureStatisticsByCodeSerializer(serializers.Serializer):
    def get_fields(self):
        return {code: FeatureStatisticsSerializer() for code in FEATURE_CODES}


def counts(help_text):
    return serializers.DictField(child=serializers.IntegerField(), help_text=help_text)


class StatisticsSerializer(serializers.Serializer):
    entities = serializers.IntegerField()
    by_type = counts("Entity type slug -> entities.")
    by_sector = counts("ISIC section -> entities.")
    by_origin = counts("Origin -> entities.")
    by_dependency = counts("Dependency -> entities.")
    by_region = counts("ISO 3166-2 code (or 'unspecified') -> entities.")
    by_band = counts("Band (as an entity's `band`; `unassessed`: not fully assessed) -> entities.")
    practised_histogram = serializers.ListField(
        child=serializers.IntegerField(),
        min_length=8,
        max_length=8,
        help_text="Entities practising 0, 1, … 7 features (entities with no score at all "
        "are not counted).",
    )
    features = FeatureStatisticsByCodeSerializer()


class GroupStatisticsSerializer(StatisticsSerializer):
    key = serializers.CharField()
    name = serializers.CharField()


class GroupedStatisticsSerializer(serializers.Serializer):
    group_by = serializers.ChoiceField(choices=list(GROUPS))
    groups = GroupStatisticsSerializer(many=True)

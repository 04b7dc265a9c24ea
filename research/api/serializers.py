from rest_framework import serializers

from research.models import Feature


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

"""What partners receive. An entity's fields are those entities.public
declares, in its order."""

from django.urls import reverse
from django.utils import translation
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from entities import citation, coordinates, map_cells, public, releases
from entities.models import (
    Country,
    Entity,
    EntityType,
    ExternalIdentifier,
    IdentifierScheme,
    LocationPrecision,
    Region,
    Release,
    Sector,
)
from entities.statistics import GROUPS
from research.framework import FEATURE_CODES, SCORE_MAX, SCORE_MIN, Band
from research.models import Assessment, Score


def band_help():
    """Each band's value with the name the pages give it, in English."""
    with translation.override("en"):
        named = ", ".join(f"`{value}` ({label})" for value, label in Band.choices)
        return (
            f"The band of features practised: {named}. `{Band.UNASSESSED.value}` "
            f"({Band.UNASSESSED.label}): at least one of the seven features has no score "
            "yet, whatever the others, including an entity not assessed at all. The limits "
            "of the other bands are on the methodology page (/methodology/)."
        )


class ProfileSerializer(serializers.Serializer):
    """Feature code -> current score (0–3), or null when not assessed."""

    def get_fields(self):
        return {
            code: serializers.IntegerField(
                min_value=SCORE_MIN, max_value=SCORE_MAX, allow_null=True, read_only=True
            )
            for code in FEATURE_CODES
        }


class OptionalURLField(serializers.URLField):
    """A URL, or null where none is recorded (rather than an empty string)."""

    def to_representation(self, value):
        return value or None


class OptionalChoiceField(serializers.ChoiceField):
    """One of the choices, or null where none is recorded (rather than "")."""

    def to_representation(self, value):
        return super().to_representation(value) if value else None


def coordinate_field(name, help_text):
    digits, places = coordinates.DIGITS[name]
    return serializers.DecimalField(
        max_digits=digits,
        decimal_places=places,
        coerce_to_string=False,
        allow_null=True,
        min_value=-coordinates.LIMITS[name],
        max_value=coordinates.LIMITS[name],
        help_text=help_text,
    )


PRECISION_HELP = (
    "What the coordinates mark: `exact`, the entity's address; `locality`, its village, "
    "town or district; `region`, only its region's centre. Null when the entity has no "
    "coordinates (a map may still place it at its region's centre; that is not stored)."
)


class EntitySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:entity-detail")
    country = serializers.CharField(source="country_id", help_text="ISO 3166-1 alpha-2 code.")
    country_name = serializers.CharField(source="country.name")
    region = serializers.CharField(
        source="region_id", allow_null=True, help_text="ISO 3166-2 code."
    )
    region_name = serializers.CharField(source="region.name", allow_null=True)
    entity_type = serializers.CharField(source="entity_type_id")
    sector = serializers.CharField(source="sector_id", help_text="ISIC Rev. 4 section letter.")
    registered = serializers.BooleanField(
        allow_null=True,
        help_text=(
            "Legally registered: true or false, or null (an empty cell in the CSV) when "
            "the sources do not say."
        ),
    )
    sdgs = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    profile = ProfileSerializer(source="profile.scores", read_only=True)
    features_practised = serializers.IntegerField(
        allow_null=True,
        min_value=0,
        max_value=len(FEATURE_CODES),
        help_text="Features scored at or above the practising threshold; null if none assessed.",
    )
    lacking = serializers.ListField(
        child=serializers.ChoiceField(choices=FEATURE_CODES),
        source="profile.lacking",
        help_text="Assessed features scored below the practising threshold.",
    )
    band = serializers.ChoiceField(choices=Band.choices, help_text=band_help())
    website = OptionalURLField(allow_null=True)
    assessed_on = serializers.DateField(
        source="current_assessment.assessed_on", allow_null=True, default=None
    )
    latitude = coordinate_field(
        "latitude", "Decimal degrees north of the equator (WGS 84), six places; null if unknown."
    )
    longitude = coordinate_field(
        "longitude", "Decimal degrees east of Greenwich (WGS 84), six places; null if unknown."
    )
    location_precision = OptionalChoiceField(
        choices=LocationPrecision.choices, allow_null=True, help_text=PRECISION_HELP
    )

    class Meta:
        model = Entity
        fields = list(public.SUMMARY)
        read_only_fields = fields


class ScoreSerializer(serializers.ModelSerializer):
    feature = serializers.CharField(source="feature_id")

    class Meta:
        model = Score
        fields = ["feature", "score", "evidence"]


class CurrentAssessmentSerializer(serializers.ModelSerializer):
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ["assessed_on", "method", "scores"]


class AssessmentScoresSerializer(ProfileSerializer):
    """Feature code -> the assessment's score (0–3), or null when not assessed."""


class PublishedAssessmentSerializer(serializers.ModelSerializer):
    scores = AssessmentScoresSerializer(source="profile.scores", read_only=True)

    class Meta:
        model = Assessment
        fields = ["assessed_on", "method", "scores"]


class SameAsSerializer(serializers.ModelSerializer):
    """One of the entity's identifiers in another register or map of the SSE."""

    scheme = serializers.ChoiceField(
        choices=IdentifierScheme.choices,
        help_text=(
            "The register or map: `ica` (International Cooperative Alliance), `kvm` (Karte "
            "von morgen), `gogocarto`, `murmurations`, `wikidata`, `national_registry`, "
            "`essglobal` (the Solidarity Economy Association's data), `other`."
        ),
    )
    value = serializers.CharField(help_text="The identifier as that register writes it.")
    url = OptionalURLField(allow_null=True, help_text="The record's page there; null if none.")

    class Meta:
        model = ExternalIdentifier
        fields = list(public.IDENTIFIER_FIELDS)


class EntityDetailSerializer(EntitySerializer):
    assessment = CurrentAssessmentSerializer(
        source="current_assessment", allow_null=True, read_only=True
    )
    is_demo = serializers.BooleanField(
        read_only=True,
        help_text=(
            "True for a demonstration record made up to try the registry out "
            "(not a real entity); false for every real one."
        ),
    )

    assessments = PublishedAssessmentSerializer(
        source="assessments.published",
        many=True,
        read_only=True,
        help_text=(
            "The entity's published assessments, latest first: the first is the current "
            "one (`assessment`, which also has the evidence). Empty if none is published."
        ),
    )
    same_as = SameAsSerializer(
        source="external_identifiers.all",
        many=True,
        read_only=True,
        help_text=(
            "The same entity in other registers and maps of the SSE (the data commons), "
            "by scheme and identifier; empty if none is recorded."
        ),
    )

    class Meta(EntitySerializer.Meta):
        fields = list(public.DETAIL)
        read_only_fields = fields


class CountrySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:country-detail")
    entities = serializers.IntegerField(
        source="published_entities", help_text="Number of published entities."
    )

    class Meta:
        model = Country
        fields = ["code", "url", "name", "phase", "entities"]


class CountryDetailSerializer(CountrySerializer):
    class Meta(CountrySerializer.Meta):
        fields = [*CountrySerializer.Meta.fields, "working_definition"]


class RegionSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country_id")

    class Meta:
        model = Region
        fields = ["code", "name", "name_local", "country"]


class EntityTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntityType
        fields = ["slug", "name", "description"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["code", "name"]


# The serializers below only describe the statistics in the OpenAPI schema;
# entities.statistics builds the figures themselves.


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


# The map's cells, described for the OpenAPI schema (entities.api.map builds them).


def bbox_field(help_text):
    return serializers.ListField(
        child=serializers.FloatField(), min_length=4, max_length=4, help_text=help_text
    )


class MapCellEntitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    url = serializers.URLField(help_text="The entity's public page.")


class MapCellSerializer(serializers.Serializer):
    latitude = serializers.FloatField(help_text="The mean latitude of the cell's entities.")
    longitude = serializers.FloatField(help_text="The mean longitude of the cell's entities.")
    count = serializers.IntegerField(min_value=1, help_text="Entities placed in the cell.")
    practising_all = serializers.IntegerField(
        min_value=0, help_text="Of them, those practising all seven features."
    )
    assessed = serializers.IntegerField(
        min_value=0, help_text="Of them, those with at least one feature assessed."
    )
    share_practising_all = serializers.IntegerField(
        min_value=0,
        max_value=100,
        allow_null=True,
        help_text="practising_all / assessed as a whole percentage; null when none is assessed.",
    )
    bbox = bbox_field("The cell's west, south, east and north edges.")
    entity = MapCellEntitySerializer(
        allow_null=True, help_text="The entity, when the cell holds exactly one; else null."
    )
    list_url = serializers.URLField(
        help_text="The public list of the cell's entities: the request's filters and the "
        "cell's bbox."
    )


class MapCellsSerializer(serializers.Serializer):
    bbox = bbox_field("The box counted in: west, south, east, north.")
    zoom = serializers.IntegerField(min_value=0, max_value=map_cells.MAX_ZOOM)
    cell_size = serializers.FloatField(help_text="The side of a cell in degrees.")
    count = serializers.IntegerField(help_text="Placed entities in the box (the cells' sum).")
    cells = MapCellSerializer(many=True, help_text="South to north, then west to east.")


# GeoJSON, described for the OpenAPI schema (entities.api.geojson builds it).


def schema_field(schema, help_text=""):
    """A string described by ``schema`` inline."""

    @extend_schema_field({"type": "string", **schema})
    class Field(serializers.CharField):
        pass

    return Field(help_text=help_text)


def constant(*values):
    """GeoJSON's "type" member: one of ``values``. A pattern rather than an
    enum, which the schema would name after the member, "type", in each of
    its components."""
    return schema_field({"pattern": f"^({'|'.join(values)})$"})


class PointSerializer(serializers.Serializer):
    type = constant("Point")
    coordinates = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        help_text="Longitude and latitude, in that order (WGS 84).",
    )


class EntityFeaturePropertiesSerializer(EntitySerializer):
    precision = schema_field(
        {"enum": LocationPrecision.values},
        help_text="What the point marks: the entity's stored coordinates and their precision, "
        "or `region`, its region's centre, when it has no coordinates (its latitude, "
        "longitude and location_precision stay null).",
    )

    class Meta(EntitySerializer.Meta):
        fields = [*EntitySerializer.Meta.fields, "precision"]
        read_only_fields = fields


class EntityFeatureSerializer(serializers.Serializer):
    type = constant("Feature")
    id = serializers.IntegerField(help_text="The entity's id.")
    geometry = PointSerializer()
    properties = EntityFeaturePropertiesSerializer(
        help_text="The entity as in the list, and the point's precision."
    )


@extend_schema_serializer(many=False)  # one collection, even from a list
class EntityFeatureCollectionSerializer(serializers.Serializer):
    type = constant("FeatureCollection")
    features = EntityFeatureSerializer(many=True)


class GeometrySerializer(serializers.Serializer):
    type = constant("Polygon", "MultiPolygon", "Point")
    coordinates = serializers.ListField(
        child=serializers.JSONField(),
        help_text="As GeoJSON's geometry of the type: longitude before latitude.",
    )


class RegionFeaturePropertiesSerializer(serializers.Serializer):
    code = serializers.CharField(
        allow_null=True, help_text="ISO 3166-2 code; null for an outline."
    )
    name = serializers.CharField(allow_null=True, help_text="Null for an outline.")
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    marker = serializers.BooleanField(
        required=False,
        help_text="Present (true) when the boundaries have no shape of the region's own: "
        "the geometry is then a Point where a map draws it.",
    )
    reason = serializers.CharField(required=False, help_text="Why a marker has no shape.")
    outline = serializers.BooleanField(
        required=False,
        help_text="Present (true) on a shape the boundaries draw for several regions at "
        "once, each of them a marker: a map draws it without a region of its own.",
    )
    codes = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="An outline's regions (ISO 3166-2 codes).",
    )


class RegionFeatureSerializer(serializers.Serializer):
    type = constant("Feature")
    id = serializers.CharField(help_text="The region's ISO 3166-2 code, or an outline's id.")
    geometry = GeometrySerializer()
    properties = RegionFeaturePropertiesSerializer()


@extend_schema_serializer(many=False)  # one collection, even from a list
class RegionFeatureCollectionSerializer(serializers.Serializer):
    type = constant("FeatureCollection")
    features = RegionFeatureSerializer(many=True)


# --- Releases ---------------------------------------------------------------------


class ReleaseCountsSerializer(serializers.Serializer):
    entities = serializers.IntegerField(help_text="Published entities frozen.")
    assessed = serializers.IntegerField(help_text="Of them, those with at least one score.")
    practising_all = serializers.IntegerField(help_text="Of them, those practising all seven.")
    assessments = serializers.IntegerField(help_text="Their published assessments.")
    by_country = counts("Country code -> entities.")


class ReleaseChangeSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    ids = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="The entities' ids (in a release's own object only).",
    )


class ReleaseChangesSerializer(serializers.Serializer):
    previous = serializers.IntegerField(
        allow_null=True, help_text="The previous release's number; null for the first release."
    )
    added = ReleaseChangeSerializer(required=False, help_text="In this release, not the previous.")
    withdrawn = ReleaseChangeSerializer(
        required=False, help_text="In the previous release, not this one."
    )
    changed = ReleaseChangeSerializer(
        required=False, help_text="In both, their public object different."
    )


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()


def absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


class ReleaseSerializer(serializers.ModelSerializer):
    """A release as the API lists it; its own object adds the changed entities' ids."""

    url = serializers.SerializerMethodField()
    counts = ReleaseCountsSerializer()
    changes = serializers.SerializerMethodField()
    entities = serializers.SerializerMethodField(help_text="The release's entities in the API.")
    page = serializers.SerializerMethodField(help_text="The release's page.")
    csv = serializers.SerializerMethodField(
        help_text="Its entities as CSV (the export's columns)."
    )
    json = serializers.SerializerMethodField(help_text="Its entities' objects as one JSON file.")
    citation = serializers.SerializerMethodField(help_text="How to cite the release.")
    licence = serializers.SerializerMethodField()

    with_ids = False

    class Meta:
        model = Release
        fields = [
            "number",
            "url",
            "label",
            "created_at",
            "data_as_of",
            "notes",
            "counts",
            "changes",
            "entities",
            "page",
            "csv",
            "json",
            "citation",
            "licence",
        ]

    def path(self, release, view_name):
        return absolute(self.context.get("request"), reverse(view_name, args=[release.number]))

    def get_url(self, release) -> str:
        return self.path(release, "api:release-detail")

    @extend_schema_field(ReleaseChangesSerializer)
    def get_changes(self, release):
        if self.with_ids:
            return release.changes
        return {
            key: {"count": value["count"]} if isinstance(value, dict) else value
            for key, value in release.changes.items()
        }

    def get_entities(self, release) -> str:
        entities = absolute(self.context.get("request"), reverse("api:entity-list"))
        return f"{entities}?release={release.number}"

    def get_csv(self, release) -> str:
        export = absolute(self.context.get("request"), reverse("api:entity-export"))
        return f"{export}?release={release.number}"

    def get_json(self, release) -> str:
        return self.path(release, "api:release-entities")

    def get_page(self, release) -> str:
        return self.path(release, "release-detail")

    def get_citation(self, release) -> str:
        return releases.release_citation(release, self.get_page(release))

    @extend_schema_field(LicenceSerializer)
    def get_licence(self, release):
        licence = citation.licence()
        return {"name": licence.name, "url": licence.url}


class ReleaseDetailSerializer(ReleaseSerializer):
    with_ids = True


# --- agreement between assessors (research.reliability) -------------------------


def share_field(help_text):
    return serializers.FloatField(min_value=0, max_value=1, allow_null=True, help_text=help_text)


class AgreementFiguresSerializer(serializers.Serializer):
    n_units = serializers.IntegerField(
        min_value=0,
        help_text="Pairable units: an entity's feature scored by at least two assessors.",
    )
    alpha = serializers.FloatField(
        allow_null=True,
        help_text="Krippendorff's alpha (ordinal, on the scores 0-3): 1 is perfect agreement, "
        "0 no more than chance. Null where undefined (too few units, or every score the same).",
    )
    alpha_interval = serializers.ListField(
        child=serializers.FloatField(),
        min_length=2,
        max_length=2,
        allow_null=True,
        help_text="The 95 % bootstrap interval of alpha: [low, high] (1,000 draws, seed 0).",
    )
    kappa = serializers.FloatField(
        allow_null=True,
        help_text="Cohen's weighted kappa (linear weights); only where every unit has "
        "exactly two scores.",
    )
    exact_agreement = share_field("The share of units whose assessors gave the same score.")
    practising_agreement = share_field(
        "The share of units whose assessors agree on whether the feature is practised "
        "(every score at or above the threshold, or every one below it)."
    )


class CountryAgreementSerializer(AgreementFiguresSerializer):
    n_entities = serializers.IntegerField(min_value=0, help_text="Entities assessed twice.")


class AgreementByFeatureSerializer(serializers.Serializer):
    def get_fields(self):
        return {code: AgreementFiguresSerializer() for code in FEATURE_CODES}


class AgreementSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(
        help_text="The practising threshold the practising agreement uses."
    )
    n_entities = serializers.IntegerField(
        min_value=0,
        help_text="Entities assessed twice: with a submitted independent second assessment.",
    )
    features = AgreementByFeatureSerializer(help_text="Feature code -> its figures.")
    overall = AgreementFiguresSerializer(
        help_text="Every feature's units pooled (each entity's feature a unit)."
    )
    countries = serializers.DictField(
        child=CountryAgreementSerializer(),
        help_text="Country code -> that country's overall figures (only countries with an "
        "entity assessed twice).",
    )

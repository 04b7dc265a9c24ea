import operator
import re
from functools import reduce

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.db.models.lookups import StartsWith
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from entities import coordinates
from entities.indexes import CoveringIndex, NullsLastIndex
from entities.search import NameKeyField, SearchTextField, name_key, refuse_invisible
from entities.vocabularies import ACTIVITY_CHOICES, STRUCTURE_CHOICES, MatchKind
from research import review_due
from research.framework import (
    FEATURE_CODES,
    SCORE_MAX,
    SCORE_MIN,
    Band,
    Profile,
    lacking_q,
    practising_q,
    score_field,
)

# --- Reference data (seeded by data migrations) -------------------------------


class CountryQuerySet(models.QuerySet):
    def with_published_counts(self):
        """Each country annotated with ``published_entities``."""
        return self.annotate(
            published_entities=models.Count("entities", filter=published_q("entities__"))
        )


class Country(models.Model):
    class Phase(models.IntegerChoices):
        PHASE_1 = 1, _("Phase 1")
        PHASE_2 = 2, _("Phase 2 (current)")

    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    phase = models.PositiveSmallIntegerField(_("programme phase"), choices=Phase.choices)
    working_definition = models.TextField(
        _("national working definition of the SSE"),
        blank=True,
        help_text=_("As written by the country study."),
    )
    review_months = models.PositiveSmallIntegerField(
        _("months until review"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many months after its assessment a published record of this country is "
            "due for review. Blank: the registry's default."
        ),
    )

    objects = CountryQuerySet.as_manager()

    # A code as an address may give it: two Latin letters in either case. It is
    # stored in capitals (the constraint below).
    CODE_PATTERN = "[A-Za-z]{2}"

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_alpha2"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def months_until_review(self):
        return review_due.months_for(self.review_months)

    @classmethod
    def stored_code(cls, code):
        """The code as stored, from one given in either case; None when ``code``
        is no alpha-2 code, so that odd bytes never reach the database."""
        return code.upper() if re.fullmatch(cls.CODE_PATTERN, code) else None


# The language each country's regions have their local names in.
COUNTRY_LANGUAGES = {"KH": "km", "KG": "ky", "MN": "mn", "TH": "th", "VN": "vi"}


def shown_region_name(country_id, name, name_local):
    """A region's name as a page shows it: the local-script name to a reader
    of the country's language, the common name to any other."""
    if name_local and COUNTRY_LANGUAGES.get(country_id) == get_language():
        return name_local
    return name


class Region(models.Model):
    # The ISO 3166-2 code starts with the country's alpha-2 code and a hyphen
    # ("TH-50"); the Entity constraint below relies on that to keep an entity's
    # region inside its country in the database itself.
    code = models.CharField(_("ISO 3166-2 code"), max_length=6, primary_key=True)
    country = models.ForeignKey(
        Country, models.PROTECT, related_name="regions", verbose_name=_("country")
    )
    name = models.CharField(_("name"), max_length=100)
    name_local = models.CharField(_("name in the local script"), max_length=100, blank=True)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__startswith=Concat(F("country"), Value("-"))),
                name="region_code_within_country",
            ),
            models.UniqueConstraint(fields=["country", "name"], name="region_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def shown_name(self):
        return shown_region_name(self.country_id, self.name, self.name_local)

    @property
    def local_language(self):
        """The language of ``name_local`` (its ``lang`` on a page)."""
        return COUNTRY_LANGUAGES.get(self.country_id, "")


class EntityType(models.Model):
    slug = models.SlugField(_("code"), max_length=40, primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Its closest concept in the SSE data commons' vocabulary (entities.vocabularies).
    essglobal_structure = models.CharField(
        _("ESSGlobal organisational structure"),
        max_length=5,
        choices=STRUCTURE_CHOICES,
        blank=True,
        help_text=_("The closest concept of ESSGlobal's vocabulary; blank where none fits."),
    )
    essglobal_match = models.CharField(
        _("match to ESSGlobal"),
        max_length=10,
        choices=MatchKind.choices,
        blank=True,
        help_text=_(
            "How close that concept is: the same, close, or broader than this type "
            "(SKOS exactMatch, closeMatch, broadMatch)."
        ),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("entity type")
        verbose_name_plural = _("entity types")
        constraints = [
            models.CheckConstraint(
                condition=Q(essglobal_structure="", essglobal_match="")
                | (~Q(essglobal_structure="") & Q(essglobal_match__in=MatchKind.values)),
                name="entity_type_essglobal_match_with_structure",
                violation_error_message=_(
                    "Give the ESSGlobal concept and how close it is, or neither."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class Sector(models.Model):
    """A section of ISIC Rev. 4 (A–U)."""

    code = models.CharField(_("ISIC section"), max_length=1, primary_key=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    # ESSGlobal's activity for the section: a01…a21 are A…U (entities.vocabularies).
    essglobal_activity = models.CharField(
        _("ESSGlobal activity"), max_length=3, choices=ACTIVITY_CHOICES, blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-U]$"), name="sector_isic_section"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.name}"


class SustainableDevelopmentGoal(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="sdg_number_range"
            ),
        ]

    def __str__(self):
        return f"SDG {self.number}: {self.name}"


class CountryRecommendation(models.Model):
    """A country's own recommendation on adopting one feature, written by a
    reviewer: shown in the country's report above the feature's generic
    adoption guidance. The text is translated per language (entities.translation),
    and its history kept there too (registered after the translated columns)."""

    country = models.ForeignKey(
        Country, models.CASCADE, related_name="recommendations", verbose_name=_("country")
    )
    feature = models.ForeignKey(
        "research.Feature",
        models.PROTECT,
        related_name="country_recommendations",
        verbose_name=_("feature"),
    )
    text = models.TextField(
        _("recommendation"),
        help_text=_(
            "What entities of this country that lack the feature can do to adopt it; "
            "shown in the country's report above the generic adoption guidance."
        ),
    )

    class Meta:
        ordering = ["country", "feature__position"]
        verbose_name = _("country recommendation")
        verbose_name_plural = _("country recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "feature"], name="country_recommendation_once"
            ),
        ]

    def __str__(self):
        return f"{self.country} — {self.feature}"


# --- The registry -------------------------------------------------------------


class EntityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


def published_q(prefix=""):
    """What ``EntityQuerySet.published`` selects, as a condition for where a
    queryset cannot go: an index's condition, or an aggregate's filter on the
    entities at ``prefix`` (a lookup path such as ``"entities__"``)."""
    return Q(**{f"{prefix}status": EntityStatus.PUBLISHED})


class Origin(models.TextChoices):
    COMMUNITY = "community", _("Community or grassroots")
    GOVERNMENT = "government", _("Government-induced")
    DONOR = "donor", _("Donor- or NGO-induced")
    COMPANY = "company", _("Company-initiated")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Dependency(models.TextChoices):
    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    UNKNOWN = "unknown", _("Unknown")


class LocationPrecision(models.TextChoices):
    """How precisely an entity's coordinates place it."""

    EXACT = "exact", _("Exact address")
    LOCALITY = "locality", _("Locality")
    REGION = "region", _("Region's centre")


def review_due_q(country_field, date_field, start=None, end=None):
    """Records whose review falls due on or after ``start`` and before
    ``end`` (either may be None: unbounded), as a condition on the date they
    were assessed (``date_field``) and their country (``country_field``).

    Countries sharing a number of months until review make one range on the
    date; a registry without overrides makes a single range, with no
    condition on the country."""
    groups = {}
    overrides = Country.objects.filter(review_months__isnull=False)
    for code, months in overrides.values_list("code", "review_months"):
        groups.setdefault(months, []).append(code)
    overridden = [code for codes in groups.values() for code in codes]
    ranges = [(review_due.default_months(), ~Q(**{f"{country_field}__in": overridden}))]
    ranges += [(months, Q(**{f"{country_field}__in": codes})) for months, codes in groups.items()]
    conditions = []
    for months, countries in ranges:
        dates = Q(**{f"{date_field}__isnull": False})
        if start is not None:
            dates &= Q(**{f"{date_field}__gte": review_due.assessed_before(start, months)})
        if end is not None:
            dates &= Q(**{f"{date_field}__lt": review_due.assessed_before(end, months)})
        conditions.append(dates & countries if overridden else dates)
    return reduce(operator.or_, conditions)


def review_state_q(state, today, country_field="country", date_field="current_assessed_on"):
    """The records in a review state (research.review_due.ReviewState) on ``today``."""
    soon = review_due.add_months(today, review_due.DUE_SOON_MONTHS)
    bounds = {
        review_due.ReviewState.OVERDUE: (None, today),
        review_due.ReviewState.DUE_SOON: (today, soon),
        review_due.ReviewState.NOT_DUE: (soon, None),
    }[state]
    return review_due_q(country_field, date_field, *bounds)


class EntityQuerySet(models.QuerySet):
    def published(self):
        """The entities the public may see: the one way to them."""
        return self.filter(published_q())

    def with_profile(self):
        """Everything a public listing shows, in a constant number of queries.

        The current profile lives in the entity's own columns (kept by
        entities.profiles.refresh_profiles), so it costs no query per entity.
        """
        return self.select_related(
            "country", "region", "entity_type", "sector", "current_assessment"
        ).prefetch_related("sdgs")

    def practising(self, *codes):
        """Entities that practise every one of the given features."""
        return self.filter(practising_q(*codes))

    def lacking(self, *codes):
        """Entities assessed on, and below the threshold for, every given feature."""
        return self.filter(lacking_q(*codes))

    def in_review_state(self, state, today):
        """Entities whose current published assessment is in a review state
        (overdue, due soon, not due) on ``today``; withdrawn ones are never due."""
        return self.exclude(status=EntityStatus.WITHDRAWN).filter(review_state_q(state, today))

    def by_external_identifier(self, scheme, value):
        """The entity a partner's record is of: the one holding the identifier
        ``value`` in ``scheme`` (ExternalIdentifier), for a re-import to find
        what it imported before. At most one entity matches."""
        return self.filter(
            external_identifiers__scheme=scheme,
            external_identifiers__value=ExternalIdentifier.normalised(scheme, value),
        )

    def listed_under(self, country_code, names, website=""):
        """Entities of ``country_code`` with one of ``names`` (either script,
        compared by their name keys: case, spacing, punctuation and Latin
        accents set aside) or the same website (without scheme, "www." or
        trailing slash): what a new entity may already be (the public
        suggestion form asks it of published entities only)."""
        keys = {key for key in (name_key(name) for name in names) if key}
        condition = Q(name_key__in=keys) | Q(name_local_key__in=keys) if keys else Q(pk=None)
        bare = re.sub(r"^[a-z][a-z0-9+.-]*://(www\.)?", "", website.strip().lower()).rstrip("/")
        if bare:
            condition |= Q(
                website__iregex=r"^[a-z][a-z0-9+.-]*://(www\.)?" + re.escape(bare) + "/?$"
            )
        return self.filter(country_id=country_code).filter(condition)

    def due_for_review(self, today):
        """Entities whose review is overdue or falls due within DUE_SOON_MONTHS."""
        soon = review_due.add_months(today, review_due.DUE_SOON_MONTHS)
        return self.exclude(status=EntityStatus.WITHDRAWN).filter(
            review_due_q("country", "current_assessed_on", None, soon)
        )


PAIR_MESSAGE = _("Give both the latitude and the longitude, or neither.")
PRECISION_MESSAGE = _(
    "Give the precision of the location with the coordinates, and only with them."
)


# The stored profile (see Entity.set_profile), named here for the history's exclusions.
PROFILE_FIELDS_DERIVED = (
    "current_assessment",
    "current_assessed_on",
    *(score_field(code) for code in FEATURE_CODES),
    "features_practised",
    "band",
)


# What the map's cells count of each entity (its id, band and count of
# features practised) and the filters most maps ask for; their indexes carry
# these columns.
MAP_CELL_COLUMNS = ["id", "band", "features_practised", "country", "entity_type"]


def tapestry_index(group, name):
    """The published entities of each group in the tapestry's order."""
    return NullsLastIndex(
        group,
        F("features_practised").desc(nulls_last=True),
        "name",
        "id",
        condition=published_q(),
        name=name,
    )


def coordinate_range(field):
    """The database's check that a coordinate, when given, is within its range."""
    limit = coordinates.LIMITS[field]
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__range": (-limit, limit)}),
        name=f"entity_{field}_range",
        violation_error_message=coordinates.RANGE_MESSAGES[field],
    )


class Entity(models.Model):
    Status = EntityStatus
    Origin = Origin
    Dependency = Dependency
    LocationPrecision = LocationPrecision

    # Public facts.
    name = models.CharField(_("name"), max_length=255, validators=[refuse_invisible])
    name_local = models.CharField(
        _("name in the local script"),
        max_length=255,
        blank=True,
        validators=[refuse_invisible],
        help_text=_("Khmer, Kyrgyz or Mongolian Cyrillic, Thai, Vietnamese…"),
    )
    country = models.ForeignKey(
        Country, models.PROTECT, related_name="entities", verbose_name=_("country")
    )
    region = models.ForeignKey(
        Region,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="entities",
        verbose_name=_("region"),
    )
    locality = models.CharField(_("locality"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=coordinates.DIGITS["latitude"][0],
        decimal_places=coordinates.DIGITS["latitude"][1],
        null=True,
        blank=True,
        validators=coordinates.validators("latitude"),
        help_text=_("Decimal degrees, -90 to 90: north of the equator is positive."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=coordinates.DIGITS["longitude"][0],
        decimal_places=coordinates.DIGITS["longitude"][1],
        null=True,
        blank=True,
        validators=coordinates.validators("longitude"),
        help_text=_("Decimal degrees, -180 to 180: east of Greenwich is positive."),
    )
    location_precision = models.CharField(
        _("precision of the location"),
        max_length=10,
        choices=LocationPrecision.choices,
        blank=True,
        help_text=_(
            "What the coordinates mark: the exact address, the locality (village, town or "
            "district), or only the region's centre. Blank when there are no coordinates."
        ),
    )
    entity_type = models.ForeignKey(
        EntityType, models.PROTECT, related_name="entities", verbose_name=_("entity type")
    )
    legal_form = models.CharField(
        _("national legal form"),
        max_length=200,
        blank=True,
        help_text=_("In the country's own terms."),
    )
    sector = models.ForeignKey(
        Sector, models.PROTECT, related_name="entities", verbose_name=_("sector (ISIC)")
    )
    year_established = models.PositiveSmallIntegerField(
        _("year established"), null=True, blank=True
    )
    # Yes, no, or unknown (None): many sources do not say, and unknown is not "no".
    registered = models.BooleanField(
        _("registered"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Legally registered: yes, no, or unknown when the sources do not say."),
    )
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    origin = models.CharField(
        _("origin"), max_length=20, choices=Origin.choices, default=Origin.UNKNOWN
    )
    dependency = models.CharField(
        _("dependency on government and donors"),
        max_length=20,
        choices=Dependency.choices,
        default=Dependency.UNKNOWN,
    )
    members = models.PositiveIntegerField(_("members"), null=True, blank=True)
    women_share = models.PositiveSmallIntegerField(
        _("women members (%)"), null=True, blank=True, help_text=_("Share of members, 0–100.")
    )
    workers = models.PositiveIntegerField(_("workers"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal,
        blank=True,
        related_name="entities",
        verbose_name=_("SDGs it contributes to"),
    )
    sources = models.TextField(_("public sources"), blank=True, help_text=_("One per line."))

    search_text = SearchTextField(source_fields=("name", "name_local", "locality", "description"))
    # For flagging likely duplicates: same country and the same key.
    name_key = NameKeyField(source_field="name")
    name_local_key = NameKeyField(source_field="name_local")

    # Private fields: never on a public page, in the public API or an export.
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    internal_notes = models.TextField(_("internal notes"), blank=True)

    # Record keeping.
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(
        _("reviewer's comment"),
        blank=True,
        editable=False,
        help_text=_("Why a reviewer returned the record to draft."),
    )
    version = IntegerVersionField(
        _("version"),
        help_text=_("Changes on every save; a save based on an older version is refused."),
    )
    is_demo = models.BooleanField(_("demo record"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )

    # The current profile: derived from the latest published assessment by
    # entities.profiles.refresh_profiles and stored here, so that lists,
    # filters and statistics over a million entities need no join or
    # aggregate over the scores. Never edited by hand.
    current_assessment = models.OneToOneField(
        "research.Assessment",
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("current assessment"),
    )
    # The current assessment's date, from which its review falls due
    # (research.review_due): the review filters read it here, by country.
    current_assessed_on = models.DateField(_("assessed on"), null=True, editable=False)
    score_economic_activity = models.PositiveSmallIntegerField(null=True, editable=False)
    score_collective_interest = models.PositiveSmallIntegerField(null=True, editable=False)
    score_voluntary_cooperation = models.PositiveSmallIntegerField(null=True, editable=False)
    score_mutual_aid = models.PositiveSmallIntegerField(null=True, editable=False)
    score_democratic_governance = models.PositiveSmallIntegerField(null=True, editable=False)
    score_autonomy = models.PositiveSmallIntegerField(null=True, editable=False)
    score_people_over_capital = models.PositiveSmallIntegerField(null=True, editable=False)
    features_practised = models.PositiveSmallIntegerField(
        _("features practised"), null=True, editable=False
    )
    band = models.CharField(
        _("band"), max_length=12, choices=Band.choices, default=Band.UNASSESSED, editable=False
    )

    objects = EntityQuerySet.as_manager()
    # Every create, change, status transition and delete, with who and when.
    # The derived profile, the search copies and the lock version are left
    # out: they follow from the recorded fields.
    history = HistoricalRecords(
        excluded_fields=[
            "search_text",
            "name_key",
            "name_local_key",
            "version",
            "updated_at",
            *PROFILE_FIELDS_DERIVED,
        ],
        m2m_fields=[sdgs],
    )

    # The status and country the row had when loaded (None for a new entity),
    # so that a save can tell when a record leaves publication or its country
    # (entities.freshness).
    loaded_status = None
    loaded_country = None

    # Fields that must never leave the internal side of the registry: the public
    # outputs read only what entities.public declares, which refuses these.
    PRIVATE_FIELDS = ("contact_person", "contact_email", "contact_phone", "internal_notes")

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        permissions = [
            ("review_entity", _("Can publish, withdraw or return entities to draft")),
        ]
        indexes = [
            models.Index(fields=["country", "name_key"], name="entity_country_key_idx"),
            models.Index(fields=["country", "name_local_key"], name="entity_country_lkey_idx"),
            models.Index(fields=["registration_number"], name="entity_registration_idx"),
            # The public list in its order: all of it, and one country's. The
            # rows are read in order until the page is full, with no filter
            # left to the planner's guess (a country's entities may all come
            # late in name order).
            models.Index(
                fields=["name", "id"],
                condition=published_q(),
                name="entity_published_name_idx",
            ),
            models.Index(
                fields=["country", "name", "id"],
                condition=published_q(),
                name="entity_published_country_idx",
            ),
            # The tapestry: each group (a country, an entity type) in its order,
            # most features practised first (see entities.views.tapestry).
            tapestry_index("country", "entity_tapestry_country_idx"),
            tapestry_index("entity_type", "entity_tapestry_type_idx"),
            # The admin's list, in its order: everyone's, and one country's.
            models.Index(fields=["name", "id"], name="entity_name_id_idx"),
            models.Index(fields=["country", "name", "id"], name="entity_country_name_idx"),
            models.Index(fields=["name_local"], name="entity_name_local_idx"),
            models.Index(fields=["origin"], name="entity_origin_idx"),
            models.Index(fields=["dependency"], name="entity_dependency_idx"),
            models.Index(fields=["band"], name="entity_band_idx"),
            models.Index(fields=["features_practised"], name="entity_practised_idx"),
            models.Index(fields=["updated_at"], name="entity_updated_idx"),
            # The work queues (workflow.queues): the records not published, a
            # small share of the table, by status and oldest change, and by
            # status and country (a reviewer's counts per country, read from
            # the index alone).
            models.Index(
                fields=["status", "updated_at", "id"],
                condition=~published_q(),
                name="entity_queue_idx",
            ),
            models.Index(
                fields=["status", "country", "id"],
                condition=~published_q(),
                name="entity_queue_country_idx",
            ),
            # The review filters: a range of the current assessment's date,
            # one per country or for all (review_due_q).
            models.Index(fields=["current_assessed_on"], name="entity_assessed_idx"),
            models.Index(
                fields=["country", "current_assessed_on"], name="entity_country_assessed_idx"
            ),
            # The map's cells (entities.map_cells): published entities with
            # coordinates, by position (a plain B-tree: the grid is computed
            # in SQL from ranges of latitude and longitude), and those
            # without, by region; each holding what a cell counts and the
            # commonest filters, so that PostgreSQL reads the index alone.
            CoveringIndex(
                fields=["latitude", "longitude"],
                covering=MAP_CELL_COLUMNS,
                condition=published_q() & Q(latitude__isnull=False),
                name="entity_published_cells_idx",
            ),
            CoveringIndex(
                fields=["region"],
                covering=MAP_CELL_COLUMNS,
                condition=published_q() & Q(latitude__isnull=True),
                name="entity_published_no_coords_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True)
                | StartsWith(F("region"), Concat(F("country"), Value("-"))),
                name="entity_region_in_country",
                violation_error_message=_("The region must belong to the entity's country."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=EntityStatus.values), name="entity_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values), name="entity_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(dependency__in=Dependency.values), name="entity_dependency_valid"
            ),
            models.CheckConstraint(condition=Q(band__in=Band.values), name="entity_band_valid"),
            models.CheckConstraint(
                condition=Q(women_share__isnull=True) | Q(women_share__lte=100),
                name="entity_women_share_percent",
                violation_error_message=_("The share of women members is a percentage, 0–100."),
            ),
            models.CheckConstraint(
                condition=Q(year_established__isnull=True)
                | Q(year_established__gte=1800, year_established__lte=2100),
                name="entity_year_established_range",
                violation_error_message=_("The year established must be between 1800 and 2100."),
            ),
            models.CheckConstraint(
                # "Not null" too: a check whose condition is null (unknown) passes.
                condition=Q(registered__isnull=False, registered=True) | Q(registration_number=""),
                name="entity_registration_number_needs_registered",
                violation_error_message=_(
                    "A registration number is only recorded for a registered entity."
                ),
            ),
            coordinate_range("latitude"),
            coordinate_range("longitude"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="entity_coordinates_pair",
                violation_error_message=PAIR_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, location_precision="")
                | Q(latitude__isnull=False, location_precision__in=LocationPrecision.values),
                name="entity_location_precision_with_coordinates",
                violation_error_message=PRECISION_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(features_practised__isnull=True)
                | Q(features_practised__lte=len(FEATURE_CODES)),
                name="entity_features_practised_range",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{score_field(code)}__isnull": True})
                    | Q(**{f"{score_field(code)}__range": (SCORE_MIN, SCORE_MAX)}),
                    name=f"entity_{score_field(code)}_range",
                )
                for code in FEATURE_CODES
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def from_db(cls, db, field_names, values):
        entity = super().from_db(db, field_names, values)
        entity.loaded_status = entity.__dict__.get("status")
        entity.loaded_country = entity.__dict__.get("country_id")
        return entity

    def clean_fields(self, exclude=None):
        """The fields' own checks, then the coordinates' (each message under
        the field it is about; skipped when one of them is left out or has an
        error already)."""
        errors = {}
        try:
            super().clean_fields(exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        skipped = set(exclude or ()) | set(errors)
        if not skipped & {"latitude", "longitude", "location_precision"}:
            errors.update(self.coordinate_errors())
        if errors:
            raise ValidationError(errors)

    def coordinate_errors(self):
        """{field: message} for coordinates that are not a pair, or a
        precision that does not go with them."""
        has_latitude, has_longitude = self.latitude is not None, self.longitude is not None
        if has_latitude != has_longitude:
            missing = "longitude" if has_latitude else "latitude"
            return {
                missing: _("Give the longitude too: coordinates are a pair.")
                if missing == "longitude"
                else _("Give the latitude too: coordinates are a pair.")
            }
        if has_latitude and not self.location_precision:
            return {
                "location_precision": _(
                    "Say how precise the coordinates are: an exact address, a locality, "
                    "or the region's centre."
                )
            }
        if not has_latitude and self.location_precision:
            return {
                "location_precision": _("Leave the precision blank when there are no coordinates.")
            }
        return {}

    @property
    def coordinates(self):
        """(latitude, longitude) as stored, or None."""
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude

    @property
    def coordinates_text(self):
        """ "latitude, longitude" as the page writes them (13.7563, 100.5018); "" for none."""
        if self.coordinates is None:
            return ""
        return f"{coordinates.text(self.latitude)}, {coordinates.text(self.longitude)}"

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED

    @property
    def website_link(self):
        """The website as a link target, only when it is a web address: a value
        written past the form's validation (the database, a loader) never
        becomes a live javascript: or data: link."""
        return self.website if self.website.lower().startswith(("http://", "https://")) else ""

    @property
    def profile(self):
        return Profile.from_scores(
            {code: getattr(self, score_field(code)) for code in FEATURE_CODES}
        )

    def set_profile(self, assessment_id, profile, assessed_on=None):
        """Store a derived profile on the entity (no save; the caller saves)."""
        self.current_assessment_id = assessment_id
        self.current_assessed_on = assessed_on
        for code in FEATURE_CODES:
            setattr(self, score_field(code), profile.scores[code])
        self.features_practised = profile.features_practised
        self.band = profile.band

    PROFILE_FIELDS = PROFILE_FIELDS_DERIVED
    PROFILE_ATTNAMES = ("current_assessment_id", *PROFILE_FIELDS[1:])

    def review_due_on(self):
        """When the current published assessment falls due for review; None without one."""
        if self.current_assessed_on is None:
            return None
        return review_due.review_due(self.current_assessed_on, self.country.months_until_review)


# --- Links to the SSE data commons ---------------------------------------------


class IdentifierScheme(models.TextChoices):
    """Where else an entity is recorded."""

    ICA = "ica", _("International Cooperative Alliance")
    KVM = "kvm", _("Karte von morgen")
    GOGOCARTO = "gogocarto", _("GoGoCarto")
    MURMURATIONS = "murmurations", _("Murmurations")
    WIKIDATA = "wikidata", _("Wikidata")
    NATIONAL_REGISTRY = "national_registry", _("National registry")
    ESSGLOBAL = "essglobal", _("ESSGlobal (Solidarity Economy Association)")
    OTHER = "other", _("Other")


class ExternalIdentifier(models.Model):
    """The entity's identifier in another register or map of the SSE: shown
    publicly as "Same as", read back by an import to find the entity it made
    before (``EntityQuerySet.by_external_identifier``). One record elsewhere
    is one entity here: a scheme's value is held once."""

    Scheme = IdentifierScheme

    entity = models.ForeignKey(
        Entity,
        models.CASCADE,
        related_name="external_identifiers",
        verbose_name=_("entity"),
    )
    scheme = models.CharField(_("scheme"), max_length=20, choices=IdentifierScheme.choices)
    value = models.CharField(
        _("identifier"),
        max_length=255,
        validators=[refuse_invisible],
        help_text=_("As the other register writes it, e.g. Q42 in Wikidata."),
    )
    url = models.URLField(
        _("address"), max_length=500, blank=True, help_text=_("The record's page there, if any.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "value"]
        verbose_name = _("identifier elsewhere")
        verbose_name_plural = _("identifiers elsewhere")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "value"],
                name="external_identifier_once",
                violation_error_message=_(
                    "Another entity already holds this identifier: a record elsewhere is "
                    "one entity here."
                ),
            ),
            models.CheckConstraint(
                condition=Q(scheme__in=IdentifierScheme.values),
                name="external_identifier_scheme_valid",
            ),
            models.CheckConstraint(condition=~Q(value=""), name="external_identifier_value_given"),
        ]

    def __str__(self):
        return f"{self.get_scheme_display()}: {self.value}"

    def save(self, *args, **kwargs):
        self.value = self.normalised(self.scheme, self.value)
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self.value = self.normalised(self.scheme, self.value)
        super().clean_fields(exclude)

    @staticmethod
    def normalised(scheme, value):
        """``value`` as stored: without surrounding spaces; a Wikidata item's
        Q in capitals."""
        value = (value or "").strip()
        return value.upper() if scheme == IdentifierScheme.WIKIDATA else value

    @property
    def link(self):
        """The address as a link target, only when it is a web address."""
        return self.url if self.url.lower().startswith(("http://", "https://")) else ""


class Provenance(models.Model):
    """Where an imported entity's data came from: one row per source record.
    Staff read it all in the admin; the public page gives only an attribution
    ("Source: …, licence …"), and only when the licence requires one."""

    entity = models.ForeignKey(
        Entity, models.CASCADE, related_name="provenance", verbose_name=_("entity")
    )
    source_name = models.CharField(
        _("source"), max_length=200, help_text=_("The data set or map, e.g. Karte von morgen.")
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    record_id = models.CharField(
        _("record in the source"), max_length=255, blank=True, help_text=_("Its identifier there.")
    )
    licence = models.CharField(
        _("licence"), max_length=100, help_text=_("e.g. ODbL 1.0, CC BY 4.0.")
    )
    licence_url = models.URLField(_("licence address"), max_length=500, blank=True)
    attribution_required = models.BooleanField(
        _("attribution required"),
        default=False,
        help_text=_("The licence requires naming the source where the data is shown."),
    )
    retrieved_on = models.DateField(_("retrieved on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["source_name", "record_id"]
        verbose_name = _("provenance")
        verbose_name_plural = _("provenance")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "source_name", "record_id"], name="provenance_once_per_record"
            ),
        ]

    def __str__(self):
        return f"{self.source_name} ({self.licence})"


class MapGridCell(models.Model):
    """The map's grid counted in advance (entities.map_grid): the published
    placed entities of one cell of one level, of one country, entity type and
    origin, and of one value of one facet (or all of them), with what a map's
    cell shows of them. Derived from the entities, rebuilt whole when the
    published data has changed, never edited; left out of backups."""

    level = models.PositiveSmallIntegerField()  # the cells' side is 360 / 2**level degrees
    row = models.IntegerField()  # floor(latitude / side)
    column = models.IntegerField()  # floor(longitude / side)
    country_id = models.CharField(max_length=2)
    entity_type_id = models.CharField(max_length=40)
    origin = models.CharField(max_length=20)
    # The filter whose entities the row holds (map_grid.FACETS), and its
    # value: a sector's code, a feature's code practised or lacking, …; both
    # empty for the row of all of them.
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=40)
    count = models.PositiveIntegerField()
    practising_all = models.PositiveIntegerField()
    assessed = models.PositiveIntegerField()
    latitude_sum = models.FloatField()
    longitude_sum = models.FloatField()
    first = models.BigIntegerField()  # the lowest entity id: the entity of a cell of one

    class Meta:
        indexes = [
            models.Index(
                fields=["level", "facet", "value", "row", "column"], name="map_grid_cell_idx"
            ),
        ]

    def __str__(self):
        return f"{self.level}/{self.row}/{self.column} {self.country_id} {self.entity_type_id}"


# --- Releases -----------------------------------------------------------------


class Immutable(Exception):
    """Raised on an attempt to change or delete a release or its rows."""


class ReleaseQuerySet(models.QuerySet):
    def delete(self):
        raise Immutable(_("A release is never deleted."))


class Release(models.Model):
    """A numbered, dated, immutable snapshot of everything published at one
    moment (entities.releases.freeze): its entities are ReleasedEntity rows.
    Made once, in one transaction, and never changed or deleted after."""

    number = models.PositiveIntegerField(_("number"), unique=True, editable=False)
    label = models.CharField(
        _("label"),
        max_length=100,
        unique=True,
        help_text=_("How the release is cited, e.g. “2026-12 regional release”."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("created by"),
    )
    data_as_of = models.DateTimeField(
        _("data as of"),
        null=True,
        editable=False,
        help_text=_("When the frozen data last changed."),
    )
    # {"entities", "assessed", "practising_all", "assessments", "by_country": {code: n}}
    counts = models.JSONField(_("counts"), default=dict, editable=False)
    # Against the previous release: {"previous": number or None, "added": {"count", "ids"},
    # "withdrawn": {…}, "changed": {…}}; the first release has "previous": None.
    changes = models.JSONField(_("changes"), default=dict, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="release_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}: {self.label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise Immutable(_("A release never changes after it is made."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(_("A release is never deleted."))


class ReleasedEntityQuerySet(models.QuerySet):
    """The frozen entities of releases, with what the entity filters
    (entities.filtersets) and the statistics (entities.statistics) call on
    Entity's queryset, over the same column names."""

    def published(self):
        """Every frozen entity was published when its release was made."""
        return self

    def practising(self, *codes):
        return self.filter(practising_q(*codes))

    def lacking(self, *codes):
        return self.filter(lacking_q(*codes))

    def delete(self):
        raise Immutable(_("A release is never deleted."))


def frozen_reference(model, **kwargs):
    """A frozen entity's reference to ``model`` (country, type…): protected
    by Django, as reference data in use is, without the database's check of
    each row written (a freeze writes a million rows, each already checked as
    an entity) and not indexed on its own (the rows are always read within
    their release)."""
    return models.ForeignKey(
        model, models.PROTECT, related_name="+", db_index=False, db_constraint=False, **kwargs
    )


class ReleasedEntity(models.Model):
    """One published entity as a release froze it: its public JSON as the API
    gave it then (``detail``: the entity's object, without the link, which
    depends on the address asked; the list's object is its first keys), a
    digest of ``detail`` to tell which entities changed between releases,
    and the columns the filters and the statistics read, under Entity's
    names. Written by entities.releases.freeze only, never changed."""

    release = models.ForeignKey(Release, models.CASCADE, related_name="entities")
    entity_id = models.BigIntegerField()
    detail = models.TextField()  # JSON, keys in the API's order
    digest = models.CharField(max_length=64)  # SHA-256 of detail, hex

    name = models.CharField(max_length=255)
    search_text = models.TextField()  # as Entity.search_text: entities.search.matching reads it
    country = frozen_reference(Country)
    region = frozen_reference(Region, null=True)
    entity_type = frozen_reference(EntityType)
    sector = frozen_reference(Sector)
    year_established = models.PositiveSmallIntegerField(null=True)
    registered = models.BooleanField(null=True)  # None: unknown
    origin = models.CharField(max_length=20)
    dependency = models.CharField(max_length=20)
    sdgs = models.TextField()  # " 1 5 12 ": the goals' numbers between spaces; "" for none
    latitude = models.DecimalField(
        max_digits=coordinates.DIGITS["latitude"][0],
        decimal_places=coordinates.DIGITS["latitude"][1],
        null=True,
    )
    longitude = models.DecimalField(
        max_digits=coordinates.DIGITS["longitude"][0],
        decimal_places=coordinates.DIGITS["longitude"][1],
        null=True,
    )
    location_precision = models.CharField(max_length=10)
    updated_at = models.DateTimeField()
    score_economic_activity = models.PositiveSmallIntegerField(null=True)
    score_collective_interest = models.PositiveSmallIntegerField(null=True)
    score_voluntary_cooperation = models.PositiveSmallIntegerField(null=True)
    score_mutual_aid = models.PositiveSmallIntegerField(null=True)
    score_democratic_governance = models.PositiveSmallIntegerField(null=True)
    score_autonomy = models.PositiveSmallIntegerField(null=True)
    score_people_over_capital = models.PositiveSmallIntegerField(null=True)
    features_practised = models.PositiveSmallIntegerField(null=True)
    band = models.CharField(max_length=12)

    objects = ReleasedEntityQuerySet.as_manager()

    # The columns written from the frozen entity's row (entities.releases).
    PLAIN_COLUMNS = (
        "name",
        "country_id",
        "region_id",
        "entity_type_id",
        "sector_id",
        "year_established",
        "registered",
        "origin",
        "dependency",
        "latitude",
        "longitude",
        "location_precision",
        "updated_at",
        *(score_field(code) for code in FEATURE_CODES),
        "features_practised",
        "band",
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("released entity")
        verbose_name_plural = _("released entities")
        constraints = [
            models.UniqueConstraint(fields=["release", "entity_id"], name="released_entity_once"),
        ]
        indexes = [
            # A release's list in its default order.
            models.Index(fields=["release", "name", "id"], name="released_entity_name_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise Immutable(_("A release never changes after it is made."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(_("A release is never deleted."))


# --- Murmurations ----------------------------------------------------------------


class MurmurationsNotice(models.Model):
    """What the Murmurations index is still to be told of an entity: that its
    profile is there to be indexed (post) or that it is gone (delete).

    Written in the transaction that publishes, changes, withdraws or deletes
    the entity, sent after it commits and, while the index can't be reached
    or refuses, again by ``manage.py send_murmurations``
    (entities.murmurations.index). One notice per entity at most: a later
    change replaces an unsent one. Sent, it is deleted."""

    class Action(models.TextChoices):
        POST = "post", _("Register the profile")
        DELETE = "delete", _("Remove the profile")

    # No foreign key: the notice of a deleted entity outlives it.
    entity_id = models.BigIntegerField(_("entity"), unique=True)
    profile_url = models.URLField(_("profile address"), max_length=500)
    action = models.CharField(_("action"), max_length=6, choices=Action.choices)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_try_at = models.DateTimeField(_("next try"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["next_try_at", "id"]
        verbose_name = _("Murmurations notice")
        verbose_name_plural = _("Murmurations notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=["post", "delete"]), name="murmurations_notice_action"
            ),
        ]
        indexes = [models.Index(fields=["next_try_at"], name="murmurations_notice_due_idx")]

    def __str__(self):
        return f"{self.action} {self.profile_url}"


# --- Suggestions from the public ---------------------------------------------


class SuggestionKind(models.TextChoices):
    NEW = "new", _("a missing entity")
    CORRECTION = "correction", _("a correction")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    MERGED = "merged", _("merged")
    REJECTED = "rejected", _("rejected")


class Suggestion(models.Model):
    """A correction of a published entity, or an entity the registry is
    missing, sent by anyone through the public form (entities.suggestions).

    ``proposed`` holds the public fields suggested, field -> value as JSON
    (a reference by its code, a decimal as text): for a correction only the
    fields that change. Nothing here is public: a researcher of the country or
    a reviewer handles it in the admin (workflow.suggestions), into a draft
    that only a reviewer publishes. The suggester's e-mail address is private
    and deleted after ``SUGGESTION_EMAIL_DAYS`` days; the history never keeps
    it."""

    Kind = SuggestionKind
    Status = SuggestionStatus

    kind = models.CharField(_("kind"), max_length=12, choices=SuggestionKind.choices)
    entity = models.ForeignKey(
        Entity,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("entity corrected"),
    )
    country = models.ForeignKey(
        Country, models.PROTECT, related_name="suggestions", verbose_name=_("country")
    )
    proposed = models.JSONField(_("fields proposed"), default=dict, blank=True)
    # The entity's values of those fields when the suggestion was sent: the
    # "old" of the changes shown, whatever the entity became since.
    previous = models.JSONField(_("values when sent"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    sources = models.TextField(_("sources"), blank=True)
    email = models.EmailField(_("suggester's e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # The form's one-time token: the same form posted twice is one suggestion.
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
    )
    reason = models.TextField(_("reason"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    result = models.ForeignKey(
        Entity,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resulting entity"),
    )

    # The e-mail address stays out of the history, so that deleting it
    # deletes it (entities.suggestions.purge_emails).
    history = HistoricalRecords(excluded_fields=["email", "token", "updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        indexes = [
            models.Index(fields=["status", "country", "created_at"], name="suggestion_queue_idx"),
            models.Index(
                fields=["created_at"],
                condition=~Q(email=""),
                name="suggestion_email_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SuggestionKind.values), name="suggestion_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_valid"
            ),
        ]

    def __str__(self):
        if self.kind == SuggestionKind.CORRECTION and self.entity_id:
            return _("Suggestion %(number)s: correct “%(name)s”") % {
                "number": self.pk,
                "name": self.entity.name if self.entity else "",
            }
        return _("Suggestion %(number)s: add “%(name)s”") % {
            "number": self.pk,
            "name": self.proposed.get("name", ""),
        }

    @property
    def is_pending(self):
        return self.status == SuggestionStatus.PENDING

from concurrency.fields import IntegerVersionField
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .framework import FEATURE_CODES, SCORE_MAX, SCORE_MIN, Profile, ScoreLevel


class Feature(models.Model):
    """One of the seven SSE features. The code is fixed; the texts are data."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)
    position = models.PositiveSmallIntegerField(_("position"), unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    definition = models.TextField(_("definition"))
    guidance_absent = models.TextField(_("guidance for 0 (absent)"))
    guidance_emerging = models.TextField(_("guidance for 1 (emerging)"))
    guidance_substantial = models.TextField(_("guidance for 2 (substantial)"))
    guidance_full = models.TextField(_("guidance for 3 (full)"))
    adoption_guidance = models.TextField(
        _("adoption guidance"),
        help_text=_("What an entity that lacks this feature can do to adopt it."),
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        constraints = [
            models.CheckConstraint(condition=Q(code__in=FEATURE_CODES), name="feature_code_known"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=len(FEATURE_CODES)),
                name="feature_position_range",
            ),
        ]

    def __str__(self):
        return self.name

    def guidance_by_level(self):
        """(level, label, guidance) for each score level, lowest first."""
        texts = (
            self.guidance_absent,
            self.guidance_emerging,
            self.guidance_substantial,
            self.guidance_full,
        )
        return [
            (level.value, level.label, text) for level, text in zip(ScoreLevel, texts, strict=True)
        ]


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    # An original that an agreed assessment settled (Assessment.reconciles):
    # kept as it was, never the entity's profile.
    RECONCILED = "reconciled", _("Reconciled")


class Method(models.TextChoices):
    DESK_REVIEW = "desk_review", _("Desk review")
    INTERVIEW = "interview", _("Interview")
    SURVEY = "survey", _("Survey")
    SITE_VISIT = "site_visit", _("Site visit")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")


class AssessmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=AssessmentStatus.PUBLISHED)

    def latest_first(self):
        return self.order_by("-assessed_on", "-id")

    def independent(self):
        """Second assessments made independently of another (the pairs of the
        agreement figures), once submitted."""
        return self.filter(independent_of__isnull=False).exclude(status=AssessmentStatus.DRAFT)


class Assessment(models.Model):
    """One researcher's judgement of one entity at one date."""

    Status = AssessmentStatus
    Method = Method

    entity = models.ForeignKey(
        "entities.Entity",
        models.CASCADE,
        db_index=False,  # assessment_entity_status_idx starts with entity
        related_name="assessments",
        verbose_name=_("entity"),
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("assessor"),
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    review_comment = models.TextField(
        _("reviewer's comment"),
        blank=True,
        editable=False,
        help_text=_("Why a reviewer returned the assessment to draft."),
    )
    # A second assessment a reviewer asked for: made without seeing this one
    # (workflow.blindness), then set beside it to measure agreement. RESTRICT,
    # not PROTECT: neither of a pair is deleted alone, but deleting their
    # entity deletes both.
    independent_of = models.ForeignKey(
        "self",
        models.RESTRICT,
        null=True,
        blank=True,
        editable=False,
        related_name="independent_assessments",
        verbose_name=_("independent second assessment of"),
    )
    # The agreed assessment a reviewer recorded from an independent second
    # assessment and the one it repeats: the entity's profile from then on.
    # RESTRICT, as independent_of.
    reconciles = models.OneToOneField(
        "self",
        models.RESTRICT,
        null=True,
        blank=True,
        editable=False,
        related_name="agreed_assessment",
        verbose_name=_("agreed from the independent assessment"),
    )
    version = IntegerVersionField(
        _("version"),
        help_text=_("Changes on every save; a save based on an older version is refused."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        ordering = ["-assessed_on", "-id"]
        get_latest_by = ["assessed_on", "id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        permissions = [
            ("review_assessment", _("Can publish assessments or return them to draft")),
        ]
        indexes = [
            models.Index(
                fields=["entity", "status", "assessed_on"], name="assessment_entity_status_idx"
            ),
            # The work queues (workflow.queues): drafts and submitted
            # assessments, a small share of them, by status, whether asked
            # for independently, and oldest change.
            models.Index(
                fields=["status", "independent_of", "updated_at", "id"],
                condition=Q(status__in=[AssessmentStatus.DRAFT, AssessmentStatus.IN_REVIEW]),
                name="assessment_queue_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="assessment_method_valid"
            ),
            models.CheckConstraint(
                condition=~Q(independent_of=F("pk")), name="assessment_not_independent_of_itself"
            ),
        ]

    # The status as the row held it when read (None for a new one): a save
    # that takes an assessment out of publication changes what the public sees.
    loaded_status = None

    def __str__(self):
        return f"{self.entity} — {self.assessed_on:%Y-%m-%d}"

    @classmethod
    def from_db(cls, db, field_names, values):
        assessment = super().from_db(db, field_names, values)
        assessment.loaded_status = assessment.__dict__.get("status")
        return assessment

    @property
    def profile(self):
        """The assessment's scores as a profile (a feature without a score is
        not assessed). Prefetch ``scores`` when reading it for many."""
        return Profile.from_scores({score.feature_id: score.score for score in self.scores.all()})


class Score(models.Model):
    """The score and evidence for one feature in one assessment."""

    # No single-column indexes: score_one_per_feature starts with the
    # assessment, and an index on seven feature values over millions of
    # scores would cost every insert and serve no query.
    assessment = models.ForeignKey(
        Assessment,
        models.CASCADE,
        db_index=False,
        related_name="scores",
        verbose_name=_("assessment"),
    )
    feature = models.ForeignKey(
        Feature, models.PROTECT, db_index=False, related_name="scores", verbose_name=_("feature")
    )
    score = models.PositiveSmallIntegerField(
        _("score"),
        choices=ScoreLevel.choices,
        null=True,
        blank=True,
        help_text=_("Empty means not assessed, which is never the same as 0."),
    )
    evidence = models.TextField(_("evidence"), blank=True)

    # Scores change only through their assessment's form or an import, both of
    # which save the assessment too, so the assessment's version guards them.
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "feature__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "feature"], name="score_one_per_feature"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="score_range",
                violation_error_message=_("A score is 0, 1, 2 or 3, or empty (not assessed)."),
            ),
        ]

    def __str__(self):
        return f"{self.feature_id}: {self.score}"

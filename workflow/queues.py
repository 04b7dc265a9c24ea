"""What waits for each person: the work queues, each defined once here, on
the admin's home page and in the daily reminder (``reminders``).

A researcher sees their drafts, what a reviewer returned to them (with the
comment), what they submitted and awaits review, the records of their
countries due for review (research.review_due) and the independent second
assessments asked of them; a reviewer sees what awaits review (oldest first,
by country), what was returned and not yet resubmitted, and the independent
assessments to agree with their first. Both see the suggestions from the
public pending in their countries (entities.Suggestion). Each queue is a filter of an admin
list (``QueueFilter``, parameter ``queue``), so its count and its link show
the same records, within the user's countries.

The reminder reads the same queues (``due_for_review``, ``returned_entities``,
``returned_assessments``, ``review_queue_size``). Two differences are
deliberate:

- it tells a researcher the "returned" queue of their countries (every draft
  returned there, whoever made it), not only "returned_to_me": the country's
  researchers share its returns, and a draft whose maker has left is still
  told to someone;
- it lists an assessment returned together with its entity once, with the
  entity (``returned_assessments``: the queue's assessments but those).
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entities.models import Entity, Suggestion
from research.models import Assessment

from .rules import is_reviewer
from .scoping import country_codes, scope

E, A = Entity.Status, Assessment.Status
SHOWN = 5  # records named under each queue; the rest are one link away


@dataclass
class Queue:
    key: str
    title: str
    model: type
    # The records of the queue for a user: (user, queryset) -> queryset.
    records: object
    oldest_first: bool = False
    items: list = field(default_factory=list)
    count: int = 0
    by_country: list = field(default_factory=list)
    href: str = ""

    @property
    def what(self):
        """What the queue holds: "entities" or "assessments"."""
        return self.model._meta.verbose_name_plural

    @property
    def slug(self):
        return f"{self.key}-{self.model._meta.model_name}"

    def link(self, record):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])

    @property
    def rows(self):
        """The records shown, with their links and, when returned, the comment."""
        return [
            {
                "record": record,
                "href": self.link(record),
                "comment": getattr(record, "review_comment", ""),
            }
            for record in self.items
        ]


def _mine(queryset, user):
    """Records the user made: entities they created, assessments they assess."""
    if queryset.model is Assessment:
        return queryset.filter(assessor=user)
    return queryset.filter(created_by=user)


def _not_independent(queryset):
    return queryset.filter(independent_of=None) if queryset.model is Assessment else queryset


# Each queue: (user, the records in the user's countries, today) -> its records.
QUEUES = {
    "my_drafts": lambda user, qs, today: _not_independent(_mine(qs, user)).filter(
        status="draft", review_comment=""
    ),
    "returned_to_me": lambda user, qs, today: (
        _mine(qs, user).filter(status="draft").exclude(review_comment="")
    ),
    "submitted": lambda user, qs, today: _not_independent(_mine(qs, user)).filter(
        status="in_review"
    ),
    "due": lambda user, qs, today: qs.due_for_review(today),
    "assigned_second": lambda user, qs, today: qs.filter(
        assessor=user, status=A.DRAFT, independent_of__isnull=False
    ),
    "awaiting_review": lambda user, qs, today: _not_independent(qs).filter(status="in_review"),
    "returned": lambda user, qs, today: qs.filter(status="draft").exclude(review_comment=""),
    "to_reconcile": lambda user, qs, today: qs.filter(
        status=A.IN_REVIEW, independent_of__isnull=False, agreed_assessment__isnull=True
    ),
    "suggestions": lambda user, qs, today: qs.filter(status=Suggestion.Status.PENDING),
}
TITLES = {
    "my_drafts": _("My drafts"),
    "returned_to_me": _("Returned to me with a comment"),
    "submitted": _("Submitted, awaiting review"),
    "due": _("Due for review"),
    "assigned_second": _("Second assessments asked of me"),
    "awaiting_review": _("Awaiting review, oldest first"),
    "returned": _("Returned, not yet resubmitted"),
    "to_reconcile": _("Disagreements to reconcile"),
    "suggestions": _("Suggestions from the public, oldest first"),
}
RESEARCHER = [
    ("my_drafts", Entity),
    ("my_drafts", Assessment),
    ("returned_to_me", Entity),
    ("returned_to_me", Assessment),
    ("submitted", Entity),
    ("submitted", Assessment),
    ("due", Entity),
    ("assigned_second", Assessment),
    ("suggestions", Suggestion),
]
REVIEWER = [
    ("awaiting_review", Entity),
    ("awaiting_review", Assessment),
    ("to_reconcile", Assessment),
    ("returned", Entity),
    ("returned", Assessment),
    ("suggestions", Suggestion),
]
COUNTRY = {Entity: "country", Assessment: "entity__country", Suggestion: "country"}


# The order a queue's records are shown in: the oldest change first, but
# the records due for review, the longest overdue first.
ORDERING = {"due": ["current_assessed_on", "pk"], "suggestions": ["created_at", "pk"]}
OLDEST_FIRST = ["updated_at", "pk"]


def ordering(key):
    return ORDERING.get(key, OLDEST_FIRST)


def queue_records(key, user, model, today=None):
    """The records of queue ``key`` for ``user`` among ``model``'s, in the
    user's countries (``today``: the day the "due" queue is counted on)."""
    records = scope(model.objects.all(), user, COUNTRY[model])
    return QUEUES[key](user, records, today or timezone.localdate())


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def queues_for(user):
    """The queues of ``user``'s role, each with its count, its first records
    (oldest first) and the link to all of them; a reviewer's with their
    count per country."""
    reviewing = reviews(user)
    shown = []
    for key, model in REVIEWER if reviewing else RESEARCHER:
        records = queue_records(key, user, model)
        if model in (Assessment, Suggestion):
            records = records.select_related("entity")
        queue = Queue(key, TITLES[key], model, records)
        queue.count = records.count()
        queue.items = list(records.order_by(*ordering(key))[:SHOWN])
        queue.href = f"{_changelist(model)}?queue={key}"
        if reviewing and queue.count:
            country = COUNTRY[model]
            queue.by_country = list(
                records.order_by().values_list(country).annotate(n=Count("pk")).order_by(country)
            )
        shown.append(queue)
    return shown


class QueueFilter(admin.SimpleListFilter):
    """The list's records of one work queue (``?queue=``) for whoever asks."""

    title = _("work queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        keys = [key for key, model in [*RESEARCHER, *REVIEWER] if model is model_admin.model]
        return [(key, TITLES[key]) for key in dict.fromkeys(keys)]

    def queryset(self, request, queryset):
        key = self.value()
        if key not in QUEUES:
            return queryset
        return QUEUES[key](request.user, queryset, timezone.localdate())


class QueueOrderingMixin:
    """For a ModelAdmin with QueueFilter: a queue's list opens in the queue's
    order (oldest first; due for review: the longest overdue first)."""

    def get_ordering(self, request):
        key = request.GET.get(QueueFilter.parameter_name)
        if key in QUEUES:
            return ordering(key)
        return super().get_ordering(request)


# --- roles --------------------------------------------------------------------


def reviews(user):
    """Whether ``user`` reviews (entities or assessments): the reviewer's queues."""
    return is_reviewer(user, Entity) or is_reviewer(user, Assessment)


def is_researcher(user):
    """A person who works on some countries only (reviewers work on all)."""
    codes = country_codes(user)
    return codes is not None and bool(codes)


# --- the daily reminder -------------------------------------------------------------


def due_for_review(user, today=None):
    """The "due" queue: the entities of the user's countries whose current
    published assessment is overdue for review or falls due within
    research.review_due.DUE_SOON_MONTHS, the longest overdue first. Each
    answers ``review_due_on()`` (with ``country`` selected)."""
    records = queue_records("due", user, Entity, today)
    return records.select_related("country").order_by(*ordering("due"))


def returned_entities(user):
    """The "returned" queue's entities in the user's countries: drafts a
    reviewer returned with a comment, not submitted again since (submitting
    clears the comment), by name."""
    records = queue_records("returned", user, Entity)
    return records.select_related("country").order_by("name", "id")


def returned_assessments(user):
    """The "returned" queue's assessments in the user's countries, but those
    returned with their entity (a draft entity with a comment), which are told
    with the entity."""
    records = queue_records("returned", user, Assessment).exclude(
        entity__status=E.DRAFT, entity__review_comment__gt=""
    )
    return records.select_related("entity").order_by("id")


@dataclass(frozen=True)
class QueueSize:
    """A reviewer's queues in numbers: the entities and assessments awaiting
    review, and the independent assessments to agree with their first."""

    entities: int
    assessments: int
    to_reconcile: int = 0

    def __bool__(self):
        return bool(self.entities or self.assessments or self.to_reconcile)


def review_queue_size(user):
    """How many records wait in ``user``'s reviewer queues (in their countries)."""
    return QueueSize(
        entities=queue_records("awaiting_review", user, Entity).count(),
        assessments=queue_records("awaiting_review", user, Assessment).count(),
        to_reconcile=queue_records("to_reconcile", user, Assessment).count(),
    )

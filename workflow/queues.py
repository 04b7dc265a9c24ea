"""The work queues on the admin's home page: what waits for each person.

A researcher sees their drafts, what a reviewer returned to them (with the
comment), what they submitted and awaits review, the records of their
countries due for review (research.review_due) and the independent second
assessments asked of them; a reviewer sees what awaits review (oldest first,
by country), what was returned and not yet resubmitted, and the independent
assessments to agree with their first. Each queue is a filter of an admin
list (``QueueFilter``, parameter ``queue``), so its count and its link show
the same records, within the user's countries.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entities.models import Entity
from research.models import Assessment

from .rules import is_reviewer
from .scoping import scope

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
            {"record": record, "href": self.link(record), "comment": record.review_comment}
            for record in self.items
        ]


def _mine(queryset, user):
    """Records the user made: entities they created, assessments they assess."""
    if queryset.model is Assessment:
        return queryset.filter(assessor=user)
    return queryset.filter(created_by=user)


def _not_independent(queryset):
    return queryset.filter(independent_of=None) if queryset.model is Assessment else queryset


QUEUES = {
    "my_drafts": lambda user, qs: _not_independent(_mine(qs, user)).filter(
        status="draft", review_comment=""
    ),
    "returned_to_me": lambda user, qs: (
        _mine(qs, user).filter(status="draft").exclude(review_comment="")
    ),
    "submitted": lambda user, qs: _not_independent(_mine(qs, user)).filter(status="in_review"),
    "due": lambda user, qs: qs.due_for_review(timezone.localdate()),
    "assigned_second": lambda user, qs: qs.filter(
        assessor=user, status=A.DRAFT, independent_of__isnull=False
    ),
    "awaiting_review": lambda user, qs: _not_independent(qs).filter(status="in_review"),
    "returned": lambda user, qs: qs.filter(status="draft").exclude(review_comment=""),
    "to_reconcile": lambda user, qs: qs.filter(
        status=A.IN_REVIEW, independent_of__isnull=False, agreed_assessment__isnull=True
    ),
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
]
REVIEWER = [
    ("awaiting_review", Entity),
    ("awaiting_review", Assessment),
    ("to_reconcile", Assessment),
    ("returned", Entity),
    ("returned", Assessment),
]
COUNTRY = {Entity: "country", Assessment: "entity__country"}


def queue_records(key, user, model):
    """The records of queue ``key`` for ``user`` among ``model``'s, in the
    user's countries."""
    return QUEUES[key](user, scope(model.objects.all(), user, COUNTRY[model]))


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def queues_for(user):
    """The queues of ``user``'s role, each with its count, its first records
    (oldest first) and the link to all of them; a reviewer's with their
    count per country."""
    reviewing = is_reviewer(user, Entity) or is_reviewer(user, Assessment)
    shown = []
    for key, model in REVIEWER if reviewing else RESEARCHER:
        records = queue_records(key, user, model)
        if model is Assessment:
            records = records.select_related("entity")
        queue = Queue(key, TITLES[key], model, records)
        queue.count = records.count()
        queue.items = list(records.order_by("updated_at", "pk")[:SHOWN])
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
        return QUEUES[key](request.user, queryset)


class QueueOrderingMixin:
    """For a ModelAdmin with QueueFilter: a queue's list opens oldest first."""

    def get_ordering(self, request):
        if request.GET.get(QueueFilter.parameter_name) in QUEUES:
            return ["updated_at", "pk"]
        return super().get_ordering(request)

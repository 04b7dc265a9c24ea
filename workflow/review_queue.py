"""What waits for each person: the records of a researcher's countries due
for review, their drafts returned with a reviewer's comment, and the size of
the reviewers' queue. The reminders (manage.py send_reminders) read them; so
will the work queues in the admin."""

from dataclasses import dataclass

from django.utils import timezone

from entities.models import Entity
from research.models import Assessment

from .rules import is_reviewer
from .scoping import country_codes, scope


def due_for_review(user, today=None):
    """The entities of the user's countries whose current published
    assessment is overdue for review or falls due within
    research.review_due.DUE_SOON_MONTHS, the longest overdue first. Each
    answers ``review_due_on()`` (with ``country`` selected)."""
    today = today or timezone.localdate()
    entities = scope(Entity.objects.due_for_review(today), user)
    return entities.select_related("country").order_by("current_assessed_on", "id")


def returned_entities(user):
    """Draft entities of the user's countries that a reviewer returned with a
    comment, not submitted again since (submitting clears the comment)."""
    drafts = Entity.objects.filter(status=Entity.Status.DRAFT).exclude(review_comment="")
    return scope(drafts, user).select_related("country").order_by("name", "id")


def returned_assessments(user):
    """Draft assessments of the user's countries returned with a comment on
    their own (one returned with its entity is told with the entity)."""
    drafts = (
        Assessment.objects.filter(status=Assessment.Status.DRAFT)
        .exclude(review_comment="")
        .exclude(entity__status=Entity.Status.DRAFT, entity__review_comment__gt="")
    )
    return scope(drafts, user, "entity__country").select_related("entity").order_by("id")


@dataclass(frozen=True)
class QueueSize:
    entities: int
    assessments: int

    def __bool__(self):
        return bool(self.entities or self.assessments)


def review_queue_size():
    """How many entities and assessments await review (in review)."""
    return QueueSize(
        entities=Entity.objects.filter(status=Entity.Status.IN_REVIEW).count(),
        assessments=Assessment.objects.filter(status=Assessment.Status.IN_REVIEW).count(),
    )


def is_researcher(user):
    """A person who works on some countries only (reviewers work on all)."""
    codes = country_codes(user)
    return codes is not None and bool(codes)


def reviews(user):
    return is_reviewer(user, Entity) or is_reviewer(user, Assessment)

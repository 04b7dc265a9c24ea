"""Status transitions of entities and assessments: submit, publish, return to
draft (with the reviewer's comment) and withdraw.

Each transition is a save() of every record it moves, so the history records
it (with the label and comment as the change reason) and the optimistic lock
refuses it if a record changed since it was loaded.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.observability import security_event
from entities.models import Entity
from entities.profiles import refresh_profiles
from research.models import Assessment

from .rules import can_edit, can_view, is_reviewer

E, A = Entity.Status, Assessment.Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # what the button says
    done: str  # what the message after it says
    sources: frozenset
    target: str
    review: bool  # only reviewers; otherwise whoever may edit the record
    needs_comment: bool = False


ENTITY_TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit", _("Submit for review"), _("submitted for review"),
            frozenset({E.DRAFT}), E.IN_REVIEW, review=False,
        ),
        Transition(
            "publish", _("Publish"), _("published"),
            frozenset({E.DRAFT, E.IN_REVIEW, E.WITHDRAWN}), E.PUBLISHED, review=True,
        ),
        Transition(
            "return", _("Return to draft"), _("returned to draft"),
            frozenset({E.IN_REVIEW, E.PUBLISHED, E.WITHDRAWN}), E.DRAFT, review=True,
            needs_comment=True,
        ),
        Transition(
            "withdraw", _("Withdraw"), _("withdrawn"),
            frozenset({E.DRAFT, E.IN_REVIEW, E.PUBLISHED}), E.WITHDRAWN, review=True,
        ),
    ]
}  # fmt: skip

ASSESSMENT_TRANSITIONS = {
    t.name: t
    for t in [
        Transition(
            "submit", _("Submit for review"), _("submitted for review"),
            frozenset({A.DRAFT}), A.IN_REVIEW, review=False,
        ),
        Transition(
            "publish", _("Publish"), _("published"),
            frozenset({A.DRAFT, A.IN_REVIEW}), A.PUBLISHED, review=True,
        ),
        Transition(
            "return", _("Return to draft"), _("returned to draft"),
            frozenset({A.IN_REVIEW, A.PUBLISHED}), A.DRAFT, review=True, needs_comment=True,
        ),
    ]
}  # fmt: skip

TRANSITIONS = {Entity: ENTITY_TRANSITIONS, Assessment: ASSESSMENT_TRANSITIONS}


def cascaded(transition, entity_status):
    """What an entity's transition does to its assessments, as (transition,
    statuses it moves): submitting an entity submits its drafts; publishing it
    publishes those in review (and its drafts, when a reviewer publishes a
    draft entity directly); returning it returns those in review."""
    if transition.name == "submit":
        return ASSESSMENT_TRANSITIONS["submit"], {A.DRAFT}
    if transition.name == "publish":
        moved = {A.IN_REVIEW, A.DRAFT} if entity_status == E.DRAFT else {A.IN_REVIEW}
        return ASSESSMENT_TRANSITIONS["publish"], moved
    if transition.name == "return":
        return ASSESSMENT_TRANSITIONS["return"], {A.IN_REVIEW}
    return None, set()


def allowed(user, record, transition):
    if record.status not in transition.sources or not can_view(user, record):
        return False
    if independent(record) and transition.name == "publish":
        return False  # agreed with the first instead (workflow.independent)
    if transition.review:
        return is_reviewer(user, type(record))
    return can_edit(user, record)


def independent(record):
    return isinstance(record, Assessment) and record.independent_of_id is not None


def available(user, record):
    return [t for t in TRANSITIONS[type(record)].values() if allowed(user, record, t)]


def _move(record, transition, comment):
    record.status = transition.target
    if transition.needs_comment:
        record.review_comment = comment
    elif transition.target != E.WITHDRAWN:
        record.review_comment = ""
    record._change_reason = f"{transition.label}: {comment}" if comment else str(transition.label)
    record.save()


def apply(user, records, transition, comment=""):
    """Move every record the user may move; return (moved, skipped).

    All or nothing: one transaction; a record changed by someone else since it
    was loaded raises concurrency's RecordModifiedError and nothing is moved.
    """
    moved, skipped, entity_ids = [], [], set()
    with transaction.atomic():
        for record in records:
            if not allowed(user, record, transition):
                skipped.append(record)
                continue
            status_before = record.status
            _move(record, transition, comment)
            moved.append(record)
            if isinstance(record, Assessment):
                entity_ids.add(record.entity_id)
                continue
            cascade, statuses = cascaded(transition, status_before)
            # An independent second assessment moves on its own (its assessor
            # submits it; a reviewer agrees it), never with its entity.
            cascading = record.assessments.filter(status__in=statuses, independent_of=None)
            for assessment in cascading.select_for_update():
                _move(assessment, cascade, comment)
                entity_ids.add(record.pk)
        refresh_profiles(sorted(entity_ids))
    if moved:
        _log(user, moved, transition)
    return moved, skipped


def _log(user, moved, transition):
    """Publications and the other review decisions, as security events."""
    published = transition.target == E.PUBLISHED
    security_event(
        "published" if published else "status_changed",
        "published" if published else f"moved to {transition.target}",
        user=user.get_username(),
        transition=transition.name,
        records=",".join(f"{r._meta.label_lower}:{r.pk}" for r in moved),
    )

"""Independent second assessments, and the agreed assessment made from a pair.

A reviewer asks a second researcher of the entity's country to assess it
again (``ask``): a draft assessment of theirs, ``independent_of`` the first.
Until they submit it, that researcher is *blind* to the entity's other
assessments: the admin's lists, pages, history and the entity's page show
them none of those assessments' scores or evidence (``hide_from_blind``).
Once submitted, a reviewer sets the two side by side and records the agreed
scores (``reconcile``): a new published assessment, the entity's profile,
keeping both originals (the second, and the first unless it was published,
become "reconciled": kept, never a profile). The pairs of first and
submitted second assessments are what research.agreement measures.

The published profile stays public on the registry's own pages; blindness is
about the assessments' scores and evidence in the back office, where the
second researcher works.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from entities.profiles import refresh_profiles
from research.models import Assessment, Feature, Score

from .rules import is_reviewer
from .scoping import PERMISSIONS_BACKEND, in_scope, working_in

A = Assessment.Status
# An assessment a second one may be asked of: one a researcher has submitted.
ASKABLE = (A.IN_REVIEW, A.PUBLISHED)


class Refused(ValueError):
    """What cannot be done, with the reason for the person asking."""


# --- blindness ----------------------------------------------------------------


def blind_entity_ids(user):
    """The entities on which ``user`` has an independent assessment still in
    draft (a subquery)."""
    return Assessment.objects.filter(
        assessor=user, status=A.DRAFT, independent_of__isnull=False
    ).values("entity_id")


def hide_from_blind(queryset, user):
    """``queryset`` (assessments) without those ``user`` may not see while
    assessing their entity independently: every other assessment of it."""
    if not user.is_authenticated:
        return queryset
    return queryset.exclude(Q(entity_id__in=blind_entity_ids(user)) & ~Q(assessor=user))


# --- asking ---------------------------------------------------------------


def researchers_for(first):
    """Who may be asked to assess ``first``'s entity independently: active
    users who may change assessments in its country, but its own assessor
    (one query)."""
    may_assess = get_user_model().objects.with_perm(
        "research.change_assessment", backend=PERMISSIONS_BACKEND
    )
    working_there = working_in(may_assess, first.entity.country_id)
    return list(working_there.exclude(pk=first.assessor_id).order_by("username"))


def can_ask(user, first):
    return (
        is_reviewer(user, Assessment)
        and first.status in ASKABLE
        and first.independent_of_id is None
        and in_scope(user, first.entity.country_id)
    )


def ask(reviewer, first, researcher):
    """A draft assessment of ``first``'s entity for ``researcher`` to make
    without seeing ``first``; its seven scores empty. Refused (with why) when
    the reviewer may not ask, or the researcher may not be asked."""
    if not can_ask(reviewer, first):
        raise Refused(_("Only a reviewer may ask for a second assessment of a submitted one."))
    if researcher not in researchers_for(first):
        raise Refused(_("Ask a researcher of the entity's country other than its first assessor."))
    if first.independent_assessments.filter(assessor=researcher).exists():
        raise Refused(_("This researcher has already been asked to assess it."))
    with transaction.atomic():
        second = Assessment(
            entity_id=first.entity_id,
            assessor=researcher,
            assessed_on=timezone.localdate(),
            method=first.method,
            independent_of=first,
        )
        second._change_reason = _("Independent second assessment asked for by %(reviewer)s") % {
            "reviewer": reviewer.get_username()
        }
        second.save()
        bulk_create_with_history(
            [Score(assessment=second, feature=feature) for feature in Feature.objects.all()], Score
        )
    return second


# --- reconciling -------------------------------------------------------------


def can_reconcile(user, second):
    return (
        is_reviewer(user, Assessment)
        and second.independent_of_id is not None
        and second.status == A.IN_REVIEW
        and in_scope(user, second.entity.country_id)
        and not Assessment.objects.filter(reconciles=second).exists()
    )


def side_by_side(second):
    """For each feature, in order: the feature, the first's and the second's
    Score (None where a score row is missing)."""
    first = second.independent_of
    scores = {
        (score.assessment_id, score.feature_id): score
        for score in Score.objects.filter(assessment__in=[first, second])
    }
    return [
        (feature, scores.get((first.pk, feature.pk)), scores.get((second.pk, feature.pk)))
        for feature in Feature.objects.all()
    ]


def reconcile(reviewer, second, agreed):
    """Record the agreed assessment from ``second`` and the one it repeats:
    ``agreed`` maps each feature's code to (score or None, evidence). It is
    published at once (a reviewer agreed it) and becomes the entity's profile;
    both originals are kept."""
    if not can_reconcile(reviewer, second):
        raise Refused(_("Only a submitted independent assessment not yet agreed can be agreed."))
    first = second.independent_of
    with transaction.atomic():
        outcome = Assessment(
            entity_id=second.entity_id,
            assessor=reviewer,
            assessed_on=max(first.assessed_on, second.assessed_on),
            method=first.method,
            status=A.PUBLISHED,
            reconciles=second,
            notes=_("Agreed by %(reviewer)s from assessments %(first)s and %(second)s.")
            % {"reviewer": reviewer.get_username(), "first": first.pk, "second": second.pk},
        )
        outcome._change_reason = _("Agreed from an independent second assessment")
        outcome.save()
        bulk_create_with_history(
            [
                Score(assessment=outcome, feature=feature, score=score, evidence=evidence)
                for feature in Feature.objects.all()
                for score, evidence in [agreed[feature.code]]
            ],
            Score,
        )
        for original in (second, first):
            if original.status != A.PUBLISHED:
                original.status = A.RECONCILED
                original._change_reason = _("Reconciled")
                original.save()
        refresh_profiles([second.entity_id])
    return outcome

"""The admin's "review due" filter on entities and on assessments: review
overdue, due within 3 months, not due (research.review_due). It reads the
current published assessment's date (the entity's copy of it); an
assessment is listed only when it is its entity's current one."""

from django.contrib import admin
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entities.models import Entity, review_state_q
from research.models import Assessment
from research.review_due import ReviewState


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return ReviewState.choices

    def queryset(self, request, queryset):
        state = self.value()
        if state not in dict(ReviewState.choices):
            return queryset
        return self.in_state(queryset, state, timezone.localdate())


class EntityReviewFilter(ReviewDueFilter):
    def in_state(self, queryset, state, today):
        return queryset.in_review_state(state, today)


class AssessmentReviewFilter(ReviewDueFilter):
    def in_state(self, queryset, state, today):
        """The current assessments in the state. A current assessment's date
        is its entity's copy of it, so the condition is put on the entity,
        whose indexes serve it, and each entity leads to its assessment."""
        current = queryset.filter(
            status=Assessment.Status.PUBLISHED, entity__current_assessment=F("pk")
        ).exclude(entity__status=Entity.Status.WITHDRAWN)
        return current.filter(
            review_state_q(state, today, "entity__country", "entity__current_assessed_on")
        )

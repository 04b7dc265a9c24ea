"""The admin's "review due" filter on entities and on assessments: review
overdue, due within 3 months, not due (research.review_due). It reads the
current published assessment's date: an entity's stored copy of it, or an
assessment that is its entity's current one."""

from django.contrib import admin
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entities.models import review_state_q
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
        current = queryset.filter(
            status=Assessment.Status.PUBLISHED, entity__current_assessment=F("pk")
        )
        return current.filter(review_state_q(state, today, "entity__country", "assessed_on"))

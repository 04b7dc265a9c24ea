from django.conf import settings
from django.contrib import admin
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from simple_history.template_utils import HistoricalRecordContextHelper

from entities.profiles import refresh_profiles
from research.models import Assessment, Feature, Score
from research.translation import FeatureTranslationOptions

from .assessment_form import ASSESSMENT_FIELDS, assessment_form_class, feature_fieldsets
from .base import HistoryAdmin


class AssessmentFormMixin:
    """Builds the assessment form and its per-feature fieldsets from the
    features as they are now in the database (their names and guidance are data)."""

    def _features(self, request):
        # get_fieldsets and get_form(set) both need them; load them once a request.
        if not hasattr(request, "_sse_features"):
            request._sse_features = list(Feature.objects.all())
        return request._sse_features

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": [*ASSESSMENT_FIELDS, "status"]}),
            *feature_fieldsets(self._features(request)),
        ]

    def assessment_form(self, request):
        form = assessment_form_class(self._features(request))
        form.base_fields["assessor"].initial = request.user.pk
        form.base_fields["assessed_on"].initial = timezone.localdate
        return form


def fill_assessor(request, assessments):
    """Save assessments, recording whoever enters one as its assessor unless
    somebody else was named."""
    for assessment in assessments:
        if assessment.assessor_id is None:
            assessment.assessor = request.user
        assessment.save()


def scores_prefetch():
    return Prefetch("scores", queryset=Score.objects.order_by("feature__position"))


@admin.register(Assessment)
class AssessmentAdmin(AssessmentFormMixin, HistoryAdmin):
    country_field = "entity__country"
    list_display = ["entity", "entity_country", "assessed_on", "method", "status", "assessor"]
    list_filter = ["status", "method", "entity__country"]
    list_select_related = ["entity__country", "assessor"]
    search_fields = ["entity__name", "entity__name_local"]
    autocomplete_fields = ["entity", "assessor"]
    date_hierarchy = "assessed_on"
    show_full_result_count = False

    def get_fieldsets(self, request, obj=None):
        first, *features = super().get_fieldsets(request, obj)
        return [
            (None, {"fields": ["entity", *ASSESSMENT_FIELDS, "status", "review_comment"]}),
            *features,
        ]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = self.assessment_form(request)
        return super().get_form(request, obj, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(scores_prefetch())

    def related_history(self, assessment):
        """The history of the assessment's scores, below its own."""
        scores = list(
            Score.history.filter(assessment_id=assessment.pk)
            .select_related("history_user", "feature")
            .order_by("feature__position", "id", "history_date", "history_id")
        )
        for earlier, later in zip(scores, scores[1:], strict=False):
            if earlier.id == later.id:
                delta = later.diff_against(earlier, foreign_keys_are_objs=True)
                helper = HistoricalRecordContextHelper(Score, later)
                later.history_delta_changes = helper.context_for_delta_changes(delta)
        return {"related_history": scores, "related_history_title": _("History of its scores")}

    @admin.display(description=_("country"), ordering="entity__country__name")
    def entity_country(self, obj):
        return obj.entity.country

    def save_model(self, request, obj, form, change):
        fill_assessor(request, [obj])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_profiles([form.instance.entity_id])

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_profiles([obj.entity_id])

    def delete_queryset(self, request, queryset):
        entity_ids = list(queryset.values_list("entity_id", flat=True).distinct())
        super().delete_queryset(request, queryset)
        refresh_profiles(entity_ids)


@admin.register(Feature)
class FeatureAdmin(TranslationAdmin):
    list_display = ["position", "name", "code"]
    list_display_links = ["name"]
    readonly_fields = ["code", "position"]

    def get_fieldsets(self, request, obj=None):
        # English first: the source text that every language falls back to.
        # Then one folded group per other language, for its translator.
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        fieldsets = [
            (None, {"fields": ["code", "position"]}),
            (
                _("English: the source text, shown wherever a translation is missing"),
                {"fields": self.text_fields(default)},
            ),
        ]
        for code, name in settings.LANGUAGES:
            if code != default:
                title = format_html('<span lang="{}">{}</span> ({})', code, name, code)
                fieldsets.append(
                    (title, {"fields": self.text_fields(code), "classes": ["collapse"]})
                )
        return fieldsets

    @staticmethod
    def text_fields(language):
        return [
            build_localized_fieldname(name, language) for name in FeatureTranslationOptions.fields
        ]

    # The seven features are fixed by the framework; only their texts change.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

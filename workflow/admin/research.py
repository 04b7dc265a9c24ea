from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from modeltranslation.utils import build_localized_fieldname
from simple_history.template_utils import HistoricalRecordContextHelper

from entities.profiles import refresh_profiles
from research.framework import ScoreLevel
from research.models import Assessment, Feature, Score
from research.translation import FeatureTranslationOptions

from .. import independent
from ..admin_site import missing_record
from ..independent import hide_from_blind
from ..queues import QueueFilter, QueueOrderingMixin
from .assessment_form import ASSESSMENT_FIELDS, assessment_form_class, feature_fieldsets
from .base import HistoryAdmin
from .review_filters import AssessmentReviewFilter


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


def reconcile_rows(request, rows):
    """The reconciliation form's rows: per feature, the two scores and what
    the form holds (posted back, or the score both gave and the first's
    evidence to begin with)."""
    shown = []
    for feature, first, second in rows:
        agree = first is not None and second is not None and first.score == second.score
        if request.method == "POST":
            chosen = request.POST.get(f"score-{feature.code}", "")
            evidence = request.POST.get(f"evidence-{feature.code}", "")
        else:
            chosen = "" if not agree or first.score is None else str(first.score)
            evidence = first.evidence if first is not None else ""
        shown.append(
            {
                "feature": feature,
                "first": first,
                "second": second,
                "agree": agree,
                "chosen": chosen,
                "evidence": evidence,
            }
        )
    return shown


def scores_prefetch():
    return Prefetch("scores", queryset=Score.objects.order_by("feature__position"))


@admin.register(Assessment)
class AssessmentAdmin(QueueOrderingMixin, AssessmentFormMixin, HistoryAdmin):
    country_field = "entity__country"
    list_display = ["entity", "entity_country", "assessed_on", "method", "status", "assessor"]
    list_filter = [QueueFilter, "status", "method", "entity__country", AssessmentReviewFilter]
    list_select_related = ["entity__country", "assessor"]
    search_fields = ["entity__name", "entity__name_local"]
    autocomplete_fields = ["entity", "assessor"]
    date_hierarchy = "assessed_on"
    show_full_result_count = False

    def get_fieldsets(self, request, obj=None):
        first, *features = super().get_fieldsets(request, obj)
        return [
            (
                None,
                {"fields": ["entity", *ASSESSMENT_FIELDS, "status", "review_comment", "pairing"]},
            ),
            *features,
        ]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = self.assessment_form(request)
        return super().get_form(request, obj, **kwargs)

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related(scores_prefetch())
        # A researcher assessing an entity independently sees none of its
        # other assessments: lists, pages and history alike.
        return hide_from_blind(queryset, request.user)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "pairing"]

    @admin.display(description=_("independent assessment"))
    def pairing(self, obj):
        """What the assessment is to another: a second made independently of
        it, or the agreed one made from such a pair."""
        parts = []
        if obj.independent_of_id:
            parts.append(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("An independent second assessment of"),
                    reverse("admin:research_assessment_change", args=[obj.independent_of_id]),
                    obj.independent_of_id,
                )
            )
        if obj.reconciles_id:
            parts.append(
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Agreed from the independent assessment"),
                    reverse("admin:research_assessment_change", args=[obj.reconciles_id]),
                    obj.reconciles_id,
                )
            )
        return format_html_join(mark_safe("<br>"), "{}", ((part,) for part in parts)) or "—"

    # --- independent second assessments (workflow.independent) ----------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/independent/",
                self.admin_site.admin_view(self.ask_view),
                name="research_assessment_ask_independent",
            ),
            path(
                "<path:object_id>/reconcile/",
                self.admin_site.admin_view(self.reconcile_view),
                name="research_assessment_reconcile",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            tools = []
            if independent.can_ask(request.user, obj):
                tools.append(
                    (
                        reverse("admin:research_assessment_ask_independent", args=[obj.pk]),
                        _("Ask for an independent second assessment"),
                    )
                )
            if independent.can_reconcile(request.user, obj):
                tools.append(
                    (
                        reverse("admin:research_assessment_reconcile", args=[obj.pk]),
                        _("Agree the two assessments"),
                    )
                )
            context["extra_tools"] = tools
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _page(self, request, template, title, status=200, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": title,
                **context,
            },
            status=status,
        )

    def ask_view(self, request, object_id):
        """A reviewer names the researcher who assesses the entity again, blind."""
        first = self.get_object(request, unquote(object_id))
        if first is None:
            return missing_record(request, self, unquote(object_id))
        if not independent.can_ask(request.user, first):
            raise PermissionDenied
        researchers = independent.researchers_for(first)
        error = None
        if request.method == "POST":
            chosen = [
                user for user in researchers if str(user.pk) == request.POST.get("researcher")
            ]
            if not chosen:
                error = _("Choose one of the researchers listed.")
            else:
                try:
                    second = independent.ask(request.user, first, chosen[0])
                except independent.Refused as refused:
                    error = str(refused)
                else:
                    self.message_user(
                        request,
                        _("%(researcher)s is asked to assess “%(entity)s” independently.")
                        % {"researcher": chosen[0].get_username(), "entity": first.entity},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:research_assessment_change", args=[second.pk])
                    )
        return self._page(
            request,
            "admin/research/assessment/ask_independent.html",
            _("Ask for an independent second assessment"),
            status=400 if error else 200,
            first=first,
            researchers=researchers,
            asked=first.independent_assessments.select_related("assessor"),
            error=error,
        )

    def reconcile_view(self, request, object_id):
        """The two assessments side by side; the reviewer records the agreed one."""
        second = self.get_object(request, unquote(object_id))
        if second is None:
            return missing_record(request, self, unquote(object_id))
        if not independent.can_reconcile(request.user, second):
            raise PermissionDenied
        rows = independent.side_by_side(second)
        levels = [str(value) for value, _label in ScoreLevel.choices]
        agreed, errors = {}, []
        if request.method == "POST":
            for feature, _first, _second in rows:
                value = request.POST.get(f"score-{feature.code}", "")
                if value not in ["", *levels]:
                    errors.append(feature.name)
                    continue
                evidence = request.POST.get(f"evidence-{feature.code}", "").strip()
                agreed[feature.code] = (int(value) if value else None, evidence)
            if not errors:
                try:
                    outcome = independent.reconcile(request.user, second, agreed)
                except independent.Refused as refused:
                    errors.append(str(refused))
                else:
                    self.message_user(
                        request,
                        _("The agreed assessment of “%(entity)s” is published.")
                        % {"entity": second.entity},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:research_assessment_change", args=[outcome.pk])
                    )
        return self._page(
            request,
            "admin/research/assessment/reconcile.html",
            _("Agree the two assessments"),
            status=400 if errors else 200,
            second=second,
            first=second.independent_of,
            rows=reconcile_rows(request, rows),
            levels=ScoreLevel.choices,
            errors=errors,
        )

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

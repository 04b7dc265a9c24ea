from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from research.admin import AssessmentFormMixin, fill_assessor, scores_prefetch
from research.models import Assessment
from research.services import refresh_profiles

from .models import Country, Entity, EntityType, Region, Sector, SustainableDevelopmentGoal


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "phase"]
    list_filter = ["phase"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_local", "country"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["code", "name", "name_local"]


@admin.register(EntityType)
class EntityTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    search_fields = ["slug", "name"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["name"]


class AssessmentInline(AssessmentFormMixin, admin.StackedInline):
    """The entity's assessments, each with its seven scores, on the entity's page."""

    model = Assessment
    classes = ["assessments"]
    verbose_name = _("assessment with its seven scores")
    verbose_name_plural = _("assessments")
    autocomplete_fields = ["assessor"]

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1

    def get_formset(self, request, obj=None, **kwargs):
        kwargs["form"] = self.assessment_form(request)
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("assessor")
            .prefetch_related(scores_prefetch())
        )


class BandFilter(admin.SimpleListFilter):
    title = _("band")
    parameter_name = "band"

    def lookups(self, request, model_admin):
        return Entity._meta.get_field("band").choices

    def queryset(self, request, queryset):
        return queryset.filter(band=self.value()) if self.value() else queryset


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "name_local",
        "country",
        "entity_type",
        "status",
        "features_practised",
        "band",
        "updated_at",
    ]
    list_filter = ["status", "country", "entity_type", "sector", "origin", BandFilter]
    list_select_related = ["country", "entity_type"]
    search_fields = ["name", "name_local"]
    autocomplete_fields = ["country", "region", "entity_type", "sector"]
    filter_horizontal = ["sdgs"]
    readonly_fields = ["features_practised", "band", "created_by", "created_at", "updated_at"]
    show_full_result_count = False
    inlines = [AssessmentInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            None,
            {"fields": ["name", "name_local", "status"]},
        ),
        (
            _("Where and what"),
            {
                "fields": [
                    ("country", "region"),
                    "locality",
                    ("entity_type", "sector"),
                    "legal_form",
                    "year_established",
                    ("registered", "registration_number"),
                ]
            },
        ),
        (
            _("Origin and dependency"),
            {"fields": [("origin", "dependency")]},
        ),
        (
            _("Size and contribution"),
            {"fields": [("members", "women_share", "workers"), "sdgs"]},
        ),
        (
            _("Public description"),
            {"fields": ["description", "website", "sources"]},
        ),
        (
            _("Private: never shown publicly"),
            {
                "fields": [
                    ("contact_person", "contact_email", "contact_phone"),
                    "internal_notes",
                ],
                "classes": ["private-fields"],
            },
        ),
        (
            _("Current profile (from the latest published assessment)"),
            {
                "fields": [
                    ("features_practised", "band"),
                    ("created_by", "created_at", "updated_at"),
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Assessment:
            fill_assessor(request, formset.save(commit=False))
            formset.save_m2m()
        else:
            super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_profiles([form.instance.pk])

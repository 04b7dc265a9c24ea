from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import connections, models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from core.forms import VersionCheckMixin
from entities import coordinates, geography
from entities.models import (
    Country,
    Entity,
    EntityType,
    ExternalIdentifier,
    Provenance,
    Region,
    Sector,
    SustainableDevelopmentGoal,
)
from entities.profiles import refresh_profiles
from entities.search import matching
from research.models import Assessment
from workflow.duplicates import likely_duplicates, links_to_matches
from workflow.imports.admin import EntityImportExportMixin
from workflow.independent import hide_from_blind
from workflow.queues import QueueFilter, QueueOrderingMixin
from workflow.rules import can_edit, can_view, editable
from workflow.scoping import country_codes
from workflow.transitions import ENTITY_TRANSITIONS, allowed, apply

from .base import CountryScopedChoicesMixin, HistoryAdmin
from .research import AssessmentFormMixin, fill_assessor, scores_prefetch
from .review_filters import EntityReviewFilter


class EstimatedCountPaginator(Paginator):
    """The admin list's paginator. Its count is exact, except for a whole
    large table on PostgreSQL: there the planner's estimate (pg_class.reltuples,
    kept by ANALYZE and autovacuum) stands in, since counting a million rows
    on every page view costs a scan for a figure nobody reads to the unit."""

    ESTIMATE_FROM = 100_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if connections[queryset.db].vendor == "postgresql" and not queryset.query.where:
            with connections[queryset.db].cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                estimate = int(cursor.fetchone()[0])
            if estimate >= self.ESTIMATE_FROM:
                return estimate
        return queryset.count()


# The reference data's names are translated per language (entities.translation):
# their admins give a field for each language.
@admin.register(Country)
class CountryAdmin(CountryScopedChoicesMixin, TranslationAdmin):
    scope_field = "code"
    list_display = ["code", "name", "phase", "review_months"]
    list_filter = ["phase"]
    search_fields = ["code", "name"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []


@admin.register(Region)
class RegionAdmin(CountryScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["code", "name", "name_local", "country"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["code", "name", "name_local"]


@admin.register(EntityType)
class EntityTypeAdmin(TranslationAdmin):
    list_display = ["name", "slug", "position", "essglobal_structure", "essglobal_match"]
    search_fields = ["slug", "name"]


@admin.register(Sector)
class SectorAdmin(TranslationAdmin):
    list_display = ["code", "name", "essglobal_activity"]
    search_fields = ["code", "name"]


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(TranslationAdmin):
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
        queryset = (
            super()
            .get_queryset(request)
            .select_related("assessor")
            .prefetch_related(scores_prefetch())
        )
        # Only the assessments the user may edit are here; the others are read
        # on their own pages (linked from "Assessments" below the form). None
        # but their own while they assess the entity independently.
        return hide_from_blind(editable(queryset, request.user), request.user)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "status"]


class EntityPartInline:
    """An inline of records that are part of the entity: whoever may edit
    the entity (its country, its status: workflow.rules) edits them, and
    whoever may see it sees them."""

    def has_view_permission(self, request, obj=None):
        return obj is None or can_view(request.user, obj)

    def has_add_permission(self, request, obj=None):
        if obj is None:
            return request.user.has_perm("entities.add_entity")
        return can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and can_edit(request.user, obj)


class ExternalIdentifierInline(EntityPartInline, admin.TabularInline):
    """The entity's identifiers in other registers and maps of the SSE."""

    model = ExternalIdentifier
    fields = ["scheme", "value", "url"]
    extra = 0
    classes = ["external-identifiers"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class ProvenanceInline(admin.TabularInline):
    """Where an imported entity's data came from: written by the import, read here."""

    model = Provenance
    fields = [
        "source_name",
        "source_url",
        "record_id",
        "licence",
        "licence_url",
        "attribution_required",
        "retrieved_on",
    ]
    readonly_fields = fields
    extra = 0
    classes = ["provenance"]

    def has_view_permission(self, request, obj=None):
        return obj is None or can_view(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BandFilter(admin.SimpleListFilter):
    title = _("band")
    parameter_name = "band"

    def lookups(self, request, model_admin):
        return Entity._meta.get_field("band").choices

    def queryset(self, request, queryset):
        return queryset.filter(band=self.value()) if self.value() else queryset


def region_choices(regions):
    """The region list's choices: grouped by country (the user's countries;
    a script narrows the list to the chosen country's group,
    ``static/js/region-choices.js``), or flat when the regions are of one
    country."""
    by_country = {}
    for region in regions.select_related("country"):
        by_country.setdefault(region.country, []).append((region.pk, str(region)))
    blank = [("", "---------")]
    if len(by_country) == 1:
        return blank + next(iter(by_country.values()))
    groups = sorted(by_country.items(), key=lambda item: str(item[0]))
    return blank + [(str(country), choices) for country, choices in groups]


class EntityForm(VersionCheckMixin, forms.ModelForm):
    """The entity's form (its fields come from EntityAdmin.fieldsets), which
    flags likely duplicates before saving a new name, and refuses a region
    of another country under the region (as the database would)."""

    confirmed_distinct = forms.BooleanField(
        label=_("This is a different entity, not a duplicate"),
        required=False,
        widget=forms.HiddenInput,  # shown once a likely duplicate is flagged
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in coordinates.LIMITS:
            if name in self.fields:
                generated = self.fields[name]
                self.fields[name] = coordinates.CoordinateField(
                    name,
                    required=False,
                    label=generated.label,
                    help_text=generated.help_text,
                    disabled=generated.disabled,
                )

    def clean(self):
        cleaned = super().clean()
        region, country = cleaned.get("region"), cleaned.get("country")
        if region is not None and country is not None and region.country_id != country.pk:
            self.add_error("region", _("The region must belong to the entity's country."))
        if self.errors or cleaned.get("confirmed_distinct"):
            return cleaned
        watched = ["country", "name", "name_local", "registration_number"]
        if self.instance.pk and not set(watched) & set(self.changed_data):
            return cleaned
        country = cleaned.get("country")
        duplicates = likely_duplicates(
            country.pk if country else None,
            cleaned.get("name", ""),
            cleaned.get("name_local", ""),
            cleaned.get("registration_number", ""),
            exclude_pk=self.instance.pk,
        )
        if duplicates:
            self.fields["confirmed_distinct"].widget = forms.CheckboxInput()
            raise forms.ValidationError(
                format_html(
                    "{} {}. {}",
                    _("This looks like an entity already in the registry:"),
                    links_to_matches(duplicates),
                    _(
                        "If it is a different entity, tick “This is a different entity, "
                        "not a duplicate” and save again."
                    ),
                ),
                code="duplicate",
            )
        return cleaned


SAVE_AND_SUBMIT = "_saveandsubmit"


def coordinate_picker(obj):
    """What the entity form's map (static/js/coordinate-picker.js) needs: where
    to ask for a country's boundaries, the countries' boxes to frame, the tile
    server if one is set, its words in the user's language, and the stored
    place and country for a page the user may only read."""
    return {
        "regionsUrl": f"{reverse('api:region-list')}?format=geojson&country=",
        "countries": {code: geography.country_bbox(code) for code in geography.countries()},
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "credit": str(geography.CREDIT),
        "country": obj.country_id if obj else "",
        "latitude": None if obj is None or obj.latitude is None else float(obj.latitude),
        "longitude": None if obj is None or obj.longitude is None else float(obj.longitude),
        "words": {
            "hint": str(
                _(
                    "Click the map or drag the marker to fill in the latitude and "
                    "longitude, or type them."
                )
            ),
            "clear": str(_("Clear the coordinates")),
        },
    }


@admin.register(Entity)
class EntityAdmin(QueueOrderingMixin, EntityImportExportMixin, HistoryAdmin):
    form = EntityForm
    # The workflow's form, with the map beside the coordinates.
    change_form_template = "admin/entities/entity/change_form.html"
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
    list_filter = [
        QueueFilter,
        "status",
        "country",
        "entity_type",
        "sector",
        "origin",
        "registered",  # yes, no or unknown
        BandFilter,
        EntityReviewFilter,
    ]
    list_select_related = ["country", "entity_type"]
    search_fields = ["name", "name_local"]  # searched by get_search_results
    # The region is a plain list, grouped by country, that a script narrows to
    # the chosen country's regions (region_choices).
    autocomplete_fields = ["country", "entity_type", "sector"]
    filter_horizontal = ["sdgs"]
    readonly_fields = [
        "features_practised",
        "band",
        "created_by",
        "created_at",
        "updated_at",
        "assessment_links",
    ]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    inlines = [AssessmentInline, ExternalIdentifierInline, ProvenanceInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (
            None,
            # The status is said once, above the form (admin/workflow/change_form.html).
            {"fields": ["name", "name_local", "confirmed_distinct", "version"]},
        ),
        (
            _("Where and what"),
            {
                "fields": [
                    ("country", "region"),
                    "locality",
                    ("latitude", "longitude", "location_precision"),
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
                    "assessment_links",
                    ("created_by", "created_at", "updated_at"),
                ]
            },
        ),
    ]

    def get_inlines(self, request, obj):
        """The provenance only of an entity that has some (an imported one)."""
        inlines = super().get_inlines(request, obj)
        if obj is None or not obj.provenance.exists():
            inlines = [inline for inline in inlines if inline is not ProvenanceInline]
        return inlines

    class Media:
        js = ["js/region-choices.js"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "region" and formfield is not None:
            formfield.choices = region_choices(formfield.queryset)
        return formfield

    def get_search_results(self, request, queryset, search_term):
        """Every word in the name, local name, locality or description, with
        case and Latin accents set aside: the public search, and its index."""
        return matching(queryset, search_term), False

    @admin.display(description=_("all assessments"))
    def assessment_links(self, obj):
        if obj.pk is None:
            return "—"
        changelist = reverse("admin:research_assessment_changelist")
        add = reverse("admin:research_assessment_add")
        return format_html(
            '<a href="{}?entity__id__exact={}">{}</a> · <a href="{}?entity={}">{}</a>',
            changelist,
            obj.pk,
            _("List them with their status"),
            add,
            obj.pk,
            _("Add an assessment"),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            obj.status = Entity.Status.DRAFT
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

    # --- the researcher's day -------------------------------------------------

    def get_changeform_initial_data(self, request):
        """A researcher of one country finds it chosen on a new entity."""
        initial = super().get_changeform_initial_data(request)
        codes = country_codes(request.user)
        if codes is not None and len(codes) == 1 and "country" not in initial:
            initial["country"] = next(iter(codes))
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # "Save and submit for review": while the record is (or will be) a
        # draft its user may submit.
        submit = ENTITY_TRANSITIONS["submit"]
        context["show_save_and_submit"] = (obj is None and self.has_add_permission(request)) or (
            obj is not None and allowed(request.user, obj, submit)
        )
        context["coordinate_picker"] = coordinate_picker(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._submitted(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._submitted(request, obj) or super().response_change(request, obj)

    def _submitted(self, request, obj):
        """After "Save and submit for review": the submit transition, by its
        own rules (a draft the user may submit; its drafts go with it), then
        the record's page."""
        if SAVE_AND_SUBMIT not in request.POST:
            return None
        obj.refresh_from_db()
        submit = ENTITY_TRANSITIONS["submit"]
        if allowed(request.user, obj, submit):
            apply(request.user, [obj], submit)
            self.message_user(
                request,
                _("“%(record)s” was saved and submitted for review.") % {"record": obj},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                _("“%(record)s” was saved, but it cannot be submitted in its status.")
                % {"record": obj},
                messages.WARNING,
            )
        return HttpResponseRedirect(reverse("admin:entities_entity_change", args=[obj.pk]))

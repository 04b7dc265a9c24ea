"""The countries' own recommendations: reviewers write them, for any country,
in every language; national researchers read their own countries' ones.
Scoped by country as every other record is (workflow.scoping)."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from entities.models import Country, CountryRecommendation
from workflow.admin_site import missing_record
from workflow.scoping import in_scope, refuse, scope

from .base import ScopedCountryFilter


@admin.register(CountryRecommendation)
class CountryRecommendationAdmin(TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["country", "feature", "text"]
    list_display_links = ["country", "feature"]
    list_filter = [("country", ScopedCountryFilter), "feature"]
    list_select_related = ["country", "feature"]
    search_fields = ["text", "country__name", "feature__name"]
    ordering = ["country__name", "feature__position"]

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and str(object_id).isdecimal():
            elsewhere = CountryRecommendation.objects.filter(pk=object_id).first()
            if elsewhere is not None:
                refuse(request, elsewhere)
        return obj

    def history_view(self, request, object_id, extra_context=None):
        # The library looks the history up by the id as given, failing on one
        # that is no number: first the record, or the admin's "no such record".
        if self.get_object(request, unquote(object_id)) is None:
            return missing_record(request, self, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and db_field.related_model is Country:
            formfield.queryset = scope(formfield.queryset, request.user, "code")
        return formfield

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or in_scope(request.user, obj.country_id))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or in_scope(request.user, obj.country_id))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or in_scope(request.user, obj.country_id))

"""The countries' own recommendations: reviewers write them, for any country,
in every language; national researchers read their own countries' ones.
Scoped by country as every other record is (workflow.scoping)."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from entities.models import CountryRecommendation
from workflow.scoping import in_scope

from .base import CountryScopedAdminMixin


@admin.register(CountryRecommendation)
class CountryRecommendationAdmin(CountryScopedAdminMixin, TranslationAdmin, SimpleHistoryAdmin):
    list_display = ["country", "feature", "text"]
    list_display_links = ["country", "feature"]
    list_filter = ["country", "feature"]
    list_select_related = ["country", "feature"]
    search_fields = ["text", "country__name", "feature__name"]
    ordering = ["country__name", "feature__position"]

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or in_scope(request.user, obj.country_id))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or in_scope(request.user, obj.country_id))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or in_scope(request.user, obj.country_id))

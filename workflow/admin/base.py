"""The admin side of the workflow: country scoping, status transitions,
history and optimistic locking, mixed into the entity and assessment admins.
Also the researcher's countries on the user's admin page."""

import re

from concurrency.admin import ConcurrencyActionMixin
from concurrency.exceptions import RecordModifiedError
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from entities.models import Country, Entity, Region
from workflow.admin_site import missing_record
from workflow.models import Correspondent, CountryAssignment
from workflow.rules import can_edit, can_view, is_reviewer
from workflow.scoping import country_codes, refuse, scope
from workflow.transitions import TRANSITIONS, apply, available

# A selected box: "pk,version" (only "pk" when every record is selected).
SELECTED_RECORD = re.compile(r"\d{1,18}(,\d{1,18})?")
COMMENT_NEEDED = gettext_lazy("Say what needs changing: the researcher sees this comment.")
STALE_ACTION_MESSAGE = gettext_lazy(
    "Someone else changed one of the selected records since you loaded this page, so "
    "nothing was changed. Reload the page and try again."
)


class ScopedCountryFilter(RelatedFieldListFilter):
    """The country filter of an admin list, offering only the user's countries."""

    def field_choices(self, field, request, model_admin):
        codes = country_codes(request.user)
        limit = {} if codes is None else {"code__in": codes}
        return field.get_choices(
            include_blank=False, ordering=self.field_admin_ordering(field, request, model_admin),
            limit_choices_to=limit,
        )  # fmt: skip


def is_autocomplete(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


class CountryScopedChoicesMixin:
    """For the reference admins (countries, regions): their autocomplete, used by
    the entity form, offers only the user's countries."""

    scope_field = "country"

    def get_search_results(self, request, queryset, search_term):
        if is_autocomplete(request):
            queryset = scope(queryset, request.user, self.scope_field)
        return super().get_search_results(request, queryset, search_term)


class CountryScopedAdminMixin:
    """Scoping by country for an admin of records that belong to one: its
    list, its records and its choices hold only the user's countries, a
    record elsewhere is refused (403, logged); and its history is read-only
    (a past version is shown, never posted back). ``country_field`` is the
    lookup of the record's country."""

    country_field = "country"
    object_history_template = "admin/workflow/object_history.html"

    # --- scoping ---------------------------------------------------------

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user, self.country_field)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            self.refuse_if_elsewhere(request, object_id, from_field)
        return obj

    def refuse_if_elsewhere(self, request, object_id, from_field=None):
        """403 (and a log line) for a record that exists outside the user's scope."""
        field = (
            self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        )
        try:
            value = field.to_python(object_id)
        except ValidationError:
            return
        elsewhere = self.model._default_manager.filter(**{field.attname: value}).first()
        if elsewhere is not None:
            refuse(request, elsewhere)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        related = db_field.related_model
        if formfield is not None and related in SCOPED_CHOICES:
            formfield.queryset = scope(formfield.queryset, request.user, SCOPED_CHOICES[related])
        return formfield

    def get_list_filter(self, request):
        return [
            (name, ScopedCountryFilter) if name == self.country_field else name
            for name in super().get_list_filter(request)
        ]

    # --- history ---------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        record = self.get_object(request, unquote(object_id))
        if record is None:
            return missing_record(request, self, unquote(object_id))
        extra_context = {**(extra_context or {}), **self.related_history(record)}
        return super().history_view(request, object_id, extra_context)

    def related_history(self, record):
        """Context for the history page of ``record``: the history of records
        that belong to it (``related_history``, ``related_history_title``)."""
        return {}

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting would skip the review workflow: past versions are read-only.
        if request.method == "POST" or self.get_object(request, unquote(object_id)) is None:
            raise PermissionDenied
        if not version_id.isdecimal():  # the library's lookup would fail on it
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)


class WorkflowAdminMixin(CountryScopedAdminMixin, ConcurrencyActionMixin):
    """Scoping, permissions, transitions and history for EntityAdmin and
    AssessmentAdmin. ``country_field`` is the lookup of the record's country."""

    change_form_template = "admin/workflow/change_form.html"

    # --- permissions -----------------------------------------------------

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or can_view(request.user, obj))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or can_view(request.user, obj))

    def has_review_permission(self, request):
        return is_reviewer(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "status", "review_comment"]

    # --- transitions -----------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/transition/<slug:name>/",
                self.admin_site.admin_view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request, object_id, name):
        """Confirm and apply one transition to one record (the buttons on its page)."""
        transitions = TRANSITIONS[self.model]
        if name not in transitions:
            raise PermissionDenied
        transition = transitions[name]
        record = self.get_object(request, unquote(object_id))
        if record is None:
            return missing_record(request, self, unquote(object_id))
        if transition not in available(request.user, record):
            raise PermissionDenied
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[record.pk]
        )
        error = None
        if request.method == "POST":
            comment = request.POST.get("comment", "").strip()
            if str(record.version) != request.POST.get("version"):
                error = _(STALE_ACTION_MESSAGE)
            elif transition.needs_comment and not comment:
                error = COMMENT_NEEDED
            else:
                try:
                    apply(request.user, [record], transition, comment)
                except RecordModifiedError:
                    error = _(STALE_ACTION_MESSAGE)
                else:
                    self.message_user(
                        request, _("“%(record)s” was %(done)s.") % {
                            "record": record, "done": transition.done
                        }, messages.SUCCESS,
                    )  # fmt: skip
                    return HttpResponseRedirect(change_url)
        status = 409 if error == _(STALE_ACTION_MESSAGE) else 400 if error else 200
        return self._confirmation(
            request,
            transition,
            [record],
            status=status,
            count=1,
            record=record,
            version=record.version,
            error=error,
            comment=request.POST.get("comment", ""),
            change_url=change_url,
        )

    def _confirmation(self, request, transition, records, status=200, **context):
        """The page that confirms a transition (and asks for its comment)."""
        return TemplateResponse(
            request,
            "admin/workflow/transition_confirm.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": transition.label,
                "transition": transition,
                "records": records,
                **context,
            },
            status=status,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["transitions"] = available(request.user, obj)
            context["transition_url"] = (
                f"admin:{self.opts.app_label}_{self.opts.model_name}_transition"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        for transition in TRANSITIONS[self.model].values():
            may = (
                self.has_review_permission(request)
                if transition.review
                else self.has_change_permission(request)
            )
            if may:
                action = self._transition_action(transition)
                actions[action.__name__] = (action, action.__name__, transition.label)
        return actions

    def _transition_action(self, transition):
        def action(modeladmin, request, queryset):
            return modeladmin.run_transition(request, queryset, transition)

        action.__name__ = f"transition_{transition.name}"
        return action

    def run_transition(self, request, queryset, transition):
        comment = request.POST.get("comment", "").strip()
        if transition.needs_comment and not (request.POST.get("confirm") and comment):
            return self._confirmation(
                request,
                transition,
                list(queryset[:100]),
                count=queryset.count(),
                selected=request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
                select_across=request.POST.get("select_across", "0"),
                action=f"transition_{transition.name}",
                error=request.POST.get("confirm") and COMMENT_NEEDED,
                change_url="",
            )
        try:
            # Lock the rows (only the records' own, not the joined ones).
            locked = queryset.select_for_update(of=("self",))
            moved, skipped = apply(request.user, locked, transition, comment)
        except RecordModifiedError:
            self.message_user(request, STALE_ACTION_MESSAGE, messages.ERROR)
            return None
        if moved:
            self.message_user(
                request,
                ngettext("%(count)d record %(done)s.", "%(count)d records %(done)s.", len(moved))
                % {"count": len(moved), "done": transition.done},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d record skipped: its status does not allow this, "
                    "or you may not do it.",
                    "%(count)d records skipped: their status does not allow this, "
                    "or you may not do it.",
                    len(skipped),
                )
                % {"count": len(skipped)},
                messages.WARNING,
            )
        return None

    def response_action(self, request, queryset):
        # django-concurrency reads each selected box as "pk,version" and sends
        # the version to the database unchecked (PostgreSQL fails on one that is
        # not a number); anything else is a malformed request, not a server error.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(SELECTED_RECORD.fullmatch(value) for value in selected):
            return HttpResponseBadRequest(_("The selected records were not understood."))
        try:
            return super().response_action(request, queryset)
        except (ImproperlyConfigured, ValueError, ValidationError):
            return HttpResponseBadRequest(_("The selected records were not understood."))


SCOPED_CHOICES = {Country: "code", Region: "country", Entity: "country"}


class HistoryAdmin(WorkflowAdminMixin, SimpleHistoryAdmin):
    """Base of the entity and assessment admins."""


# --- The researcher's countries, on the user's admin page --------------------


class CountryAssignmentInline(admin.TabularInline):
    model = CountryAssignment
    extra = 1
    autocomplete_fields = ["country"]
    verbose_name = gettext_lazy("country this person works on")
    verbose_name_plural = gettext_lazy(
        "countries this person works on (national researchers see only these)"
    )


class CorrespondentInline(admin.StackedInline):
    """The language of the person's e-mails (the daily reminders)."""

    model = Correspondent
    can_delete = False
    extra = 1
    max_num = 1


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class RegistryUserAdmin(UserAdmin):
    inlines = [CountryAssignmentInline, CorrespondentInline]
    list_display = ["username", "email", "is_staff", "roles", "countries"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "country_assignments")

    @admin.display(description=gettext_lazy("roles"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())

    @admin.display(description=gettext_lazy("countries"))
    def countries(self, user):
        return ", ".join(sorted(a.country_id for a in user.country_assignments.all()))

"""The suggestions from the public, in the admin: a list scoped by country
(a researcher sees their countries', a reviewer all), each suggestion read
only, with its changes (old → new), note and sources as plain text (no link
is ever live), and three buttons: accept, merge into an entity, reject with a
reason (workflow.suggestions)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from core.limits import refusal
from entities import suggestions as public_suggestions
from entities.models import Entity, Suggestion
from workflow import suggestions
from workflow.admin_site import missing_record
from workflow.duplicates import likely_duplicates
from workflow.queues import QueueFilter, QueueOrderingMixin
from workflow.scoping import scope

from .base import CountryScopedAdminMixin


@admin.register(Suggestion)
class SuggestionAdmin(CountryScopedAdminMixin, QueueOrderingMixin, SimpleHistoryAdmin):
    change_form_template = "admin/workflow/suggestion_change_form.html"
    list_display = ["__str__", "kind", "country", "status", "created_at", "handled_by"]
    list_filter = [QueueFilter, "status", "kind", "country"]
    list_select_related = ["entity", "country", "handled_by"]
    search_fields = ["note", "entity__name"]
    fields = [
        "kind",
        "country",
        "entity",
        "status",
        "created_at",
        "language",
        "changes",
        "note_text",
        "sources_text",
        "email",
        "reason_text",
        "handled_by",
        "handled_at",
        "result",
    ]
    readonly_fields = fields

    # --- read only: handled only through the three actions ----------------

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("changes (now → suggested)"))
    def changes(self, suggestion):
        rows = public_suggestions.changes(suggestion)
        if not rows:
            return "–"
        return format_html(
            '<table class="suggestion-changes"><tbody>{}</tbody></table>',
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td><del>{}</del></td><td>→</td>'
                "<td><ins>{}</ins></td></tr>",
                ((row["label"], row["old"], row["new"]) for row in rows),
            ),
        )

    @admin.display(description=gettext_lazy("note"))
    def note_text(self, suggestion):
        return plain(suggestion.note)

    @admin.display(description=gettext_lazy("sources"))
    def sources_text(self, suggestion):
        return plain(suggestion.sources)

    @admin.display(description=gettext_lazy("reason"))
    def reason_text(self, suggestion):
        return plain(suggestion.reason)

    # --- the actions --------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/handle/",
                self.admin_site.admin_view(self.handle_view),
                name="{}_{}_handle".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        suggestion = self.get_object(request, unquote(object_id))
        extra = dict(extra_context or {})
        if suggestion is not None:
            extra["can_handle"] = suggestion.is_pending and suggestions.can_handle(
                request.user, suggestion
            )
            extra["candidates"] = (
                self.candidates(request, suggestion) if extra["can_handle"] else []
            )
            extra["handle_url"] = reverse("admin:entities_suggestion_handle", args=[suggestion.pk])
        return super().change_view(request, object_id, form_url, extra)

    def candidates(self, request, suggestion):
        """Entities the suggestion may be of, to merge it into: the entity it
        corrects, and the likely duplicates of the name proposed (any
        status), within the user's countries."""
        found = []
        if suggestion.entity_id:
            found.append(suggestion.entity)
        name = suggestion.proposed.get("name") or getattr(suggestion.entity, "name", "")
        if name:
            found += likely_duplicates(
                suggestion.country_id,
                name,
                suggestion.proposed.get("name_local", ""),
                exclude_pk=suggestion.entity_id,
            )
        ids = list(dict.fromkeys(each.pk for each in found))
        allowed = set(
            scope(Entity.objects.filter(pk__in=ids), request.user).values_list("pk", flat=True)
        )
        found = {each.pk: each for each in found}
        return [found[pk] for pk in ids if pk in allowed]

    def handle_view(self, request, object_id):
        suggestion = self.get_object(request, unquote(object_id))  # 403 elsewhere
        if suggestion is None:
            return missing_record(request, self, unquote(object_id))
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                entity = suggestions.accept(request.user, suggestion)
            elif action == "merge":
                target = next(
                    (each for each in request.POST.getlist("target") if each.strip()), ""
                )
                entity = suggestions.merge(request.user, suggestion, target)
            elif action == "reject":
                suggestions.reject(request.user, suggestion, request.POST.get("reason", ""))
                entity = None
            else:
                return refusal(
                    request, 400, _("Bad request"), _("Choose accept, merge or reject.")
                )
        except suggestions.Refused as refused:
            return refusal(request, refused.status, _("Not done"), str(refused.message))
        if entity is None:
            self.message_user(request, _("The suggestion was rejected."), messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:entities_suggestion_changelist"))
        self.message_user(
            request,
            _(
                "The suggestion was applied to the draft “%(entity)s”: check it and "
                "submit it for review."
            )
            % {"entity": entity},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:entities_entity_change", args=[entity.pk]))


def plain(text):
    """A stranger's text as plain text: escaped, its lines kept, no link made."""
    if not text:
        return "–"
    return format_html('<div class="plain-text">{}</div>', text)

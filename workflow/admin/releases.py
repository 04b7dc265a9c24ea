"""Releases in the back office: reviewers freeze one ("Freeze a release":
a label, notes and a confirmation; entities.releases.freeze_soon does the
work, in the request for a small registry, else in the background) and read
them; nobody changes or deletes one, as a release never changes."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from entities.models import Release
from entities.releases import MAX_LABEL, ReleaseRefused, being_frozen, freeze_soon


class FreezeForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Label"),
        max_length=MAX_LABEL,
        help_text=gettext_lazy("How the release is cited, e.g. “2026-12 regional release”."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text=gettext_lazy("What the release is for; shown on its page."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy(
            "I confirm: the release takes everything published now and can never be "
            "changed or deleted."
        ),
    )


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["number", "label", "created_at", "data_as_of", "entity_count", "created_by"]
    list_display_links = ["number", "label"]
    ordering = ["-number"]
    search_fields = ["label"]
    fields = [
        "number",
        "label",
        "created_at",
        "created_by",
        "data_as_of",
        "counts",
        "changes",
        "notes",
    ]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("entities"))
    def entity_count(self, release):
        return release.counts.get("entities")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """The page that freezes a release."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = FreezeForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            label = form.cleaned_data["label"]
            try:
                release = freeze_soon(label, request.user, form.cleaned_data["notes"])
            except ReleaseRefused as refused:
                form.add_error("label", str(refused))
            else:
                if release is None:  # a large registry: frozen in the background
                    messages.success(
                        request,
                        _(
                            "The release “%(label)s” is being frozen; it appears in this list "
                            "when done (at a million entities, in a few minutes)."
                        )
                        % {"label": label},
                    )
                    return HttpResponseRedirect(reverse("admin:entities_release_changelist"))
                messages.success(
                    request,
                    _("Release %(number)d “%(label)s” made: %(entities)d entities frozen.")
                    % {
                        "number": release.number,
                        "label": release.label,
                        "entities": release.counts["entities"],
                    },
                )
                return HttpResponseRedirect(
                    reverse("admin:entities_release_change", args=[release.pk])
                )
        return TemplateResponse(
            request,
            "admin/entities/release/freeze.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": _("Freeze a release"),
                "form": form,
                "previous": Release.objects.order_by("-number").first(),
                "being_frozen": being_frozen(),
            },
            status=400 if form.is_bound and form.errors else 200,
        )

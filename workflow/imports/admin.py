"""Spreadsheet import and export of entities in the admin (django-import-export).

The library does the work: upload, dry run with a preview of every row,
confirmation in one transaction, export of the listed or selected entities.
This mixin plugs in our resource and file formats, refuses bad files with a
message instead of an error page, rolls the whole import back if any row
fails at confirmation, and serves the template.
"""

import os

import tablib
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ExportActionMixin, ImportMixin
from import_export.admin import ExportMixin as LibraryExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from import_export.results import RowResult

from core.observability import security_event

from . import pending
from .code_lists import CODES_SHEET, code_lists
from .columns import COLUMNS, EXAMPLE_MARKER, template_example_row
from .external.formats import BY_KEY, FILE_FORMATS, SOURCE_FORMATS
from .external.plan import Options
from .external.resource import ExternalEntityResource
from .files import FileProblem, SheetCSV, SheetXLSX, not_utf8_message
from .preview import preview_rows
from .resources import PREVIEW_ROWS, EntityResource
from .template_file import template_workbook

SHEET_FORMATS = [SheetCSV, SheetXLSX]
# The template's formats, then one per other directory's (external.formats).
FORMATS = [*SHEET_FORMATS, *FILE_FORMATS]
OPTION_FIELDS = (
    "source",
    "skip_outside",
    "source_name",
    "source_url",
    "licence",
    "licence_url",
    "default_type",
    "default_sector",
)


def format_index(source_key):
    return len(SHEET_FORMATS) + [source.key for source in SOURCE_FORMATS].index(source_key)


def source_of(format_value):
    """The external format of the form's format index; None for the template's."""
    index = int(format_value)
    return FILE_FORMATS[index - len(SHEET_FORMATS)].source if index >= len(SHEET_FORMATS) else None


def option_fields(hidden=False):
    """The choices of an import from another directory, on the upload form
    and carried, hidden, by the confirmation's."""
    from entities.models import EntityType, Sector

    def widget(default):
        return forms.HiddenInput() if hidden else default

    types = [("", "—"), *EntityType.objects.values_list("slug", "name")]
    sectors = [("", "—"), *((s.pk, f"{s.pk}: {s.name}") for s in Sector.objects.all())]
    return {
        "source": forms.ChoiceField(
            label=_("Format"),
            required=False,
            choices=[
                ("", _("The registry's template (CSV or XLSX)")),
                *((source.key, source.label) for source in SOURCE_FORMATS),
            ],
            widget=widget(forms.Select()),
        ),
        "skip_outside": forms.BooleanField(
            label=_("Skip rows outside my countries or that can't be placed"),
            required=False,
            help_text=_("They are listed with their reason; otherwise they are errors."),
            widget=widget(forms.CheckboxInput()),
        ),
        "source_name": forms.CharField(
            label=_("Source"),
            required=False,
            max_length=200,
            help_text=_("Blank: the format's own, e.g. Karte von morgen."),
            widget=widget(forms.TextInput()),
        ),
        "source_url": forms.URLField(
            label=_("Source address"),
            required=False,
            assume_scheme="https",
            widget=widget(forms.URLInput()),
        ),
        "licence": forms.CharField(
            label=_("Licence of the data"),
            required=False,
            max_length=100,
            help_text=_(
                "Blank: the format's own, e.g. ODbL-1.0 for Karte von morgen and GoGoCarto."
            ),
            widget=widget(forms.TextInput()),
        ),
        "licence_url": forms.URLField(
            label=_("Licence address"),
            required=False,
            assume_scheme="https",
            widget=widget(forms.URLInput()),
        ),
        "default_type": forms.ChoiceField(
            label=_("Entity type of rows whose source gives none"),
            required=False,
            choices=types,
            widget=widget(forms.Select()),
        ),
        "default_sector": forms.ChoiceField(
            label=_("Sector of rows whose source gives none"),
            required=False,
            choices=sectors,
            widget=widget(forms.Select()),
        ),
    }


TOO_LARGE = "too_large"  # the code of the upload's error when over IMPORT_MAX_BYTES


def external_lines(context):
    """An external file's preview: its rows numbered as the source file
    numbers them, and what was skipped, guessed or left empty."""
    report = getattr(context["result"], "external_report", None)
    context["external_report"] = report
    if report is not None:
        for row in context["preview"]:
            row.number = report.line(row.number)


def limits_text():
    return _(
        "A CSV file in UTF-8 or an Excel workbook (.xlsx) with one row per entity, at most "
        "%(megabytes)s MB and %(rows)s rows. The first row holds the column names, as in "
        "the template."
    ) % {
        "megabytes": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}",
        "rows": f"{settings.IMPORT_MAX_ROWS:,}",
    }


class EntityImportForm(ImportForm):
    """The upload: the format follows from the file's extension, and the size
    is checked before anything is read."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        self.fields["import_file"].help_text = limits_text()
        self.fields["import_file"].widget.attrs = {"accept": ".csv,.xlsx,.json,.jsonld"}
        self.fields["format"].required = False
        self.fields["format"].widget = forms.HiddenInput()
        self.fields.update(option_fields())

    def extensions(self):
        return [f".{file_format().get_extension()}" for file_format in SHEET_FORMATS]

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        extension = os.path.splitext(upload.name)[1].lower()
        source = BY_KEY.get(self.data.get("source") or "")
        if source is not None:
            if extension not in source.extensions:
                raise forms.ValidationError(
                    _("%(format)s: upload a %(extensions)s file.")
                    % {"format": source.label, "extensions": " or ".join(source.extensions)}
                )
        elif extension not in self.extensions():
            kind = (
                _("A %(extension)s file") % {"extension": extension}
                if extension
                else _("A file without an extension")
            )
            raise forms.ValidationError(
                _(
                    "%(kind)s cannot be imported: upload a CSV file (.csv, in UTF-8) or an "
                    "Excel workbook (.xlsx)."
                )
                % {"kind": kind}
            )
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB. Split the file.")
                % {
                    "size": f"{upload.size / 1024 / 1024:.1f}",
                    "limit": f"{settings.IMPORT_MAX_BYTES / 1024 / 1024:g}",
                },
                code=TOO_LARGE,
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        source = BY_KEY.get(cleaned.get("source") or "")
        if source is not None:
            cleaned["format"] = str(format_index(source.key))
            if not (cleaned.get("licence") or source.licence):
                self.add_error(
                    "licence", _("This format has no licence of its own: give the data's licence.")
                )
        elif upload is not None:
            extension = os.path.splitext(upload.name)[1].lower()
            cleaned["format"] = str(self.extensions().index(extension))
        return cleaned


class EntityConfirmImportForm(ConfirmImportForm):
    """The confirmation's hidden fields, checked so that a tampered one is a
    form error rather than a crash."""

    format = forms.ChoiceField(
        choices=[(str(index), str(index)) for index in range(len(FORMATS))],
        widget=forms.HiddenInput(),
    )
    resource = forms.ChoiceField(choices=[("0", "0")], widget=forms.HiddenInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(option_fields(hidden=True))


class EntityImportExportMixin(ImportMixin, LibraryExportMixin):
    """Mixed into EntityAdmin: import with preview, export, the template."""

    resource_classes = [EntityResource]
    import_form_class = EntityImportForm
    confirm_form_class = EntityConfirmImportForm
    export_form_class = ExportForm  # always every column, so the file imports back
    import_template_name = "admin/entities/entity/import.html"
    import_export_change_list_template = "admin/entities/entity/change_list_import_export.html"
    import_error_display = ("message",)

    @property
    def import_formats(self):
        return FORMATS

    @property
    def export_formats(self):
        return SHEET_FORMATS

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/template.<slug:extension>",
                self.admin_site.admin_view(self.import_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            path(
                "import/codes/",
                self.admin_site.admin_view(self.import_codes_view),
                name="{}_{}_import_codes".format(*info),
            ),
            path(
                "import/cancel/",
                self.admin_site.admin_view(self.cancel_import_view),
                name="{}_{}_import_cancel".format(*info),
            ),
            *super().get_urls(),
        ]

    # --- import ------------------------------------------------------------

    def choose_import_resource_class(self, form, request):
        if form is not None and source_of(form.cleaned_data.get("format") or 0):
            return ExternalEntityResource
        return super().choose_import_resource_class(form, request)

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        if form is None or not hasattr(form, "cleaned_data"):
            return {}
        source = source_of(form.cleaned_data.get("format") or 0)
        if source is None:
            return {}
        data = form.cleaned_data
        return {
            "options": Options(
                source=source,
                skip_outside=bool(data.get("skip_outside")),
                source_name=data.get("source_name") or "",
                source_url=data.get("source_url") or "",
                licence=data.get("licence") or "",
                licence_url=data.get("licence_url") or "",
                entity_type=data.get("default_type") or "",
                sector=data.get("default_sector") or "",
            )
        }

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial.update({name: import_form.cleaned_data.get(name) for name in OPTION_FIELDS})
        return initial

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", {})
        form = context.get("form")
        if context.get("result") is not None:
            context["preview"] = preview_rows(context["result"], PREVIEW_ROWS)
            external_lines(context)
        if context.get("confirm_form"):
            # Only an upload whose preview passed waits for its confirmation.
            try:
                pending.keep(request.user, form.cleaned_data["import_file"].pending_upload)
            except FileProblem as problem:
                form.add_error("import_file", problem.message)
                context["confirm_form"] = None
        # A file that cannot be imported is answered 400 (over the limit: 413,
        # as a larger body is by core.limits before it is read); the page says why.
        if form is not None and form.has_error("import_file", code=TOO_LARGE):
            response.status_code = 413
        elif form is not None and form.is_bound and form.has_error("import_file"):
            response.status_code = 400
        return response

    def write_to_tmp_storage(self, import_file, input_format):
        # Held in memory during the preview; import_action keeps it if it passed.
        upload = pending.PendingUpload(b"".join(import_file.chunks()))
        import_file.pending_upload = upload
        return upload

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # All or nothing at confirmation too: a row that became invalid since
        # the preview rolls back the whole file.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, FileProblem):
            message = error.message
        elif isinstance(error, UnicodeDecodeError):
            message = not_utf8_message()
        else:
            message = _("The file could not be read. Is it really a CSV or an Excel file?")
        form.add_error("import_file", message)

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        if not form.is_valid():
            return super().process_import(request, **kwargs)  # the library's error page
        try:
            data = pending.claim(request.user, form.cleaned_data["import_file_name"])
            dataset = FORMATS[int(form.cleaned_data["format"])]().create_dataset(data)
        except FileProblem as problem:
            messages.error(request, problem.message)
            return self.import_page_redirect()
        result = self.process_dataset(dataset, form, request, **kwargs)
        return self.process_result(result, request)

    def cancel_import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        form = self.create_confirm_form(request)
        if form.is_valid():
            pending.discard(request.user, form.cleaned_data["import_file_name"])
        messages.info(request, _("The upload was discarded; nothing was imported."))
        return self.import_page_redirect()

    def import_page_redirect(self):
        return HttpResponseRedirect(reverse(f"admin:{self.import_url_name()}"))

    def import_url_name(self):
        return f"{self.opts.app_label}_{self.opts.model_name}_import"

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            # Something changed since the preview; nothing was written.
            return self.failed_import_response(request, result)
        response = super().process_result(result, request)
        totals = result.totals
        security_event(
            "import_confirmed",
            "import confirmed",
            user=request.user.get_username(),
            model=self.opts.label_lower,
            new=totals[RowResult.IMPORT_TYPE_NEW],
            changed=totals[RowResult.IMPORT_TYPE_UPDATE],
        )
        return response

    def failed_import_response(self, request, result):
        form = self.get_import_form_class(request)(
            self.get_import_formats(), self.get_import_resource_classes(request)
        )
        context = {
            **self.get_import_context_data(),
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "form": form,
            "opts": self.opts,
            "media": self.media + form.media,
            "result": result,
            "preview": preview_rows(result, PREVIEW_ROWS),
            "external_report": getattr(result, "external_report", None),
            "fields_list": [(EntityResource.get_display_name(), COLUMNS)],
            "import_error_display": self.import_error_display,
            "failed_at_confirmation": True,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _(
                "Import finished: %(new)s new, %(changed)s changed and %(unchanged)s "
                "unchanged entities."
            )
            % {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "changed": totals[RowResult.IMPORT_TYPE_UPDATE],
                "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )

    def get_import_context_data(self, **kwargs):
        return {
            **super().get_import_context_data(**kwargs),
            "template_formats": [file_format().get_extension() for file_format in SHEET_FORMATS],
            "preview_rows": PREVIEW_ROWS,
            "preview_slice": f":{PREVIEW_ROWS}",
            "pending_minutes": settings.IMPORT_PENDING_MINUTES,
            "example_marker": EXAMPLE_MARKER,
        }

    def import_template_view(self, request, extension):
        """The columns and the example row, as CSV or XLSX; the workbook also
        holds the codes, in the user's language, and a drop-down of them in
        each coded column (``template_file``)."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        formats = {file_format().get_extension(): file_format for file_format in SHEET_FORMATS}
        if extension not in formats:
            return HttpResponse(status=404)
        file_format = formats[extension]()
        example = template_example_row()
        row = [example[column] for column in COLUMNS]
        if extension == "xlsx":
            content = template_workbook(COLUMNS, [row])
        else:
            content = file_format.export_data(tablib.Dataset(row, headers=COLUMNS))
        response = HttpResponse(content, content_type=file_format.get_content_type())
        response["Content-Disposition"] = (
            f'attachment; filename="sse-registry-import-template.{extension}"'
        )
        return response

    def import_codes_view(self, request):
        """The codes each coded column accepts, with their names in the
        user's language: what the workbook's codes sheet holds, for those who
        fill in a CSV file."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Codes for the import"),
            "opts": self.opts,
            "code_lists": code_lists(),
            "codes_sheet": CODES_SHEET,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/entities/entity/import_codes.html", context)

    # --- export ------------------------------------------------------------

    # The library's "export selected" action, without its change-form template
    # (EntityAdmin keeps its own).
    export_admin_action = ExportActionMixin.export_admin_action

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_export_permission(request):
            actions["export_admin_action"] = (
                type(self).export_admin_action,
                "export_admin_action",
                gettext_lazy("Export selected %(verbose_name_plural)s"),
            )
        return actions

    def get_export_resource_kwargs(self, request, **kwargs):
        # The rows' assessments depend on who exports (blindness: ``sheets``).
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def get_valid_export_item_pks(self, request):
        # Only the posted ids that the user's list holds: never every entity.
        posted = [pk for pk in request.POST.getlist("export_items") if pk.isdigit()]
        return self.get_export_queryset(request).filter(pk__in=posted).values_list("pk", flat=True)

    def get_export_filename(self, request, queryset, file_format):
        return f"entities-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

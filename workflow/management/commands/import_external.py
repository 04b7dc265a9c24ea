"""Import a file of another SSE directory, as the admin's import page does:
the same adapters, checks and writer, all or nothing for the rows in scope."""

import json
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from import_export.results import RowResult

from workflow.imports.external.formats import BY_KEY, read_external
from workflow.imports.external.plan import Options
from workflow.imports.external.resource import ExternalEntityResource
from workflow.imports.files import FileProblem


class Command(BaseCommand):
    help = (
        "Import entities from another SSE directory's file (ESSGlobal or ICA CSV, Karte von "
        "morgen, GoGoCarto, Murmurations or schema.org JSON) as drafts, as USER would on the "
        "import page; a record imported before is updated, found by its identifier there."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--format", required=True, choices=sorted(BY_KEY))
        parser.add_argument("--as", dest="username", required=True, metavar="USER")
        parser.add_argument(
            "--skip-outside",
            action="store_true",
            help="Skip (and report) the rows outside USER's countries or that cannot be placed.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report; write nothing."
        )
        parser.add_argument(
            "--json", metavar="REPORT", help="Write the report as JSON to this file."
        )
        parser.add_argument("--source-name", default="")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--licence", default="")
        parser.add_argument("--licence-url", default="")
        parser.add_argument("--retrieved-on", type=date.fromisoformat, default=None)
        parser.add_argument(
            "--entity-type", default="", help="For the rows whose source gives no type that maps."
        )
        parser.add_argument(
            "--sector", default="", help="For the rows whose source gives no sector that maps."
        )

    def handle(self, *args, **options):
        source = BY_KEY[options["format"]]
        try:
            user = get_user_model().objects.get(username=options["username"])
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {options['username']!r}.") from None
        if not (options["licence"] or source.licence):
            raise CommandError(
                f"The format {source.key} has no licence of its own: give the data's --licence."
            )
        try:
            data = Path(options["file"]).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}.") from None
        try:
            dataset = read_external(source, data)
        except FileProblem as problem:
            raise CommandError(problem.message) from None
        choices = Options(
            source=source,
            skip_outside=options["skip_outside"],
            source_name=options["source_name"],
            source_url=options["source_url"],
            licence=options["licence"],
            licence_url=options["licence_url"],
            retrieved_on=options["retrieved_on"],
            entity_type=options["entity_type"],
            sector=options["sector"].upper(),
        )
        resource = ExternalEntityResource(options=choices)
        result = resource.import_data(
            dataset,
            dry_run=options["dry_run"],
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=user,
        )
        report = resource.plan.report
        errors = [
            {
                "line": report.line(row.number + 1),
                "column": column,
                "message": str(message),
            }
            for row in result.invalid_rows
            for column, messages in row.error_dict.items()
            for message in messages
        ] + [
            {"line": report.line(number + 1), "column": None, "message": str(error.error)}
            for number, row_errors in result.row_errors()
            for error in row_errors
        ]
        totals = result.totals
        written = not options["dry_run"] and not errors
        summary = {
            "format": source.key,
            "dry_run": options["dry_run"],
            "written": written,
            "totals": {
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
                "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
                "skipped": len(report.skipped),
            },
            "errors": errors,
            **report.as_dict(),
        }
        self.print_summary(summary)
        if options["json"]:
            Path(options["json"]).write_text(
                json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
            )
        if errors:
            raise CommandError(f"Nothing was imported: {len(errors)} error(s).")

    def print_summary(self, summary):
        write = self.stdout.write
        totals = summary["totals"]
        write(
            f"{totals['new']} new, {totals['updated']} updated, {totals['unchanged']} "
            f"unchanged, {totals['skipped']} skipped."
        )
        for item in summary["skipped"]:
            write(f"  skipped, line {item['line']} ({item['name']}): {item['reason']}")
        for item in summary["guesses"]:
            write(f"  line {item['line']}: {item['message']}")
        for item in summary["unmapped"]:
            write(
                f"  line {item['line']}: {item['column']} “{item['value']}” has no mapping: "
                "left empty."
            )
        for item in summary["changes"]:
            for change in item["fields"]:
                write(
                    f"  line {item['line']}, entity {item['entity']}: {change['field']}: "
                    f"{change['old'] or '—'} → {change['new']}"
                )
        for item in summary["errors"]:
            column = f" {item['column']}:" if item["column"] else ""
            write(self.style.ERROR(f"  error, line {item['line']}:{column} {item['message']}"))
        if summary["dry_run"]:
            write("Dry run: nothing was written.")
        elif summary["written"]:
            write(self.style.SUCCESS("Imported."))

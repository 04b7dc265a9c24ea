import os
import time

from django.core.management.base import BaseCommand, no_translations

from sse_registry import backups


class Command(BaseCommand):
    help = (
        "Write a complete, portable copy of the registry (entities, assessments, history, "
        "users and roles, tokens, reference data) to FILE, a gzip-compressed JSON Lines file "
        "(name it *.jsonl.gz): a header line (format, schema, rows per model), then one row a "
        "line as dumpdata writes it. `manage.py restore FILE` loads it into an empty "
        "database of either engine. Large PostgreSQL deployments: see docs/deploy.md "
        "(pg_dump)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help="Where to write the backup, e.g. sse-2026-01-31.jsonl.gz."
        )

    # Messages in English, and translated fields (a feature's name in each
    # language) written and read whatever language the caller had active.
    @no_translations
    def handle(self, *args, file, **options):
        started = time.monotonic()
        header = backups.write(file)
        rows = header["rows"]
        self.stdout.write("\n".join(backups.summary(rows)))
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(rows.values()):,} rows to {file} "
                f"({os.path.getsize(file) / 1e6:,.1f} MB) in {time.monotonic() - started:.1f} s."
            )
        )

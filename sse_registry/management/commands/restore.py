import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, no_translations

from sse_registry import backups


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into an EMPTY database, SQLite or "
        "PostgreSQL whatever the engine that made it: migrate it if needed, then load every "
        "row in one transaction (all or nothing). Refuses a database that holds users or "
        "records, and a backup made with another release (restore it with that release, "
        "then upgrade). See docs/deploy.md, Backups."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The backup, e.g. sse-2026-01-31.jsonl.gz.")

    # Messages in English, and translated fields (a feature's name in each
    # language) written and read whatever language the caller had active.
    @no_translations
    def handle(self, *args, file, **options):
        started = time.monotonic()
        header = backups.read_header(file)
        backups.refuse_unless_empty()
        if backups.unapplied_migrations():
            self.stdout.write("Migrating the database first.")
            call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            f"Loading {sum(header['rows'].values()):,} rows of a backup made "
            f"{header.get('created', '(unknown)')} on {header.get('engine', '(unknown)')}."
        )
        counts = backups.load(file, header)
        self.stdout.write("\n".join(backups.summary(counts)))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(counts.values()):,} rows from {file} "
                f"in {time.monotonic() - started:.1f} s."
            )
        )

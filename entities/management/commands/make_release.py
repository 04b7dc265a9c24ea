import time

from django.core.management.base import BaseCommand, CommandError

from entities.releases import ReleaseRefused, freeze


class Command(BaseCommand):
    help = (
        "Freeze a release: a numbered, dated, immutable snapshot of every published entity, "
        'e.g. make_release "2026-12 regional release".'
    )

    def add_arguments(self, parser):
        parser.add_argument("label", help="How the release is cited.")
        parser.add_argument("--notes", default="", help="What the release is for.")

    def handle(self, *args, label, notes, **options):
        started = time.monotonic()
        try:
            release = freeze(label, notes=notes)
        except ReleaseRefused as refused:
            raise CommandError(str(refused)) from None
        counts = release.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Release {release.number} “{release.label}”: {counts['entities']:,} entities, "
                f"{counts['assessments']:,} published assessments, "
                f"in {time.monotonic() - started:.1f} s."
            )
        )

import time

from django.core.management.base import BaseCommand, CommandError

from core.freshness import published_data_changed
from devtools.demo.generator import DemoGenerator
from devtools.demo.writing import BatchWriter
from entities.models import Entity


class Command(BaseCommand):
    help = (
        "Fill the registry with realistic, deterministic demo entities of the five current "
        "countries, with their assessments (demo records are marked as demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--entities", type=int, required=True, help="How many to create.")
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same data.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the registry already holds entities.",
        )
        parser.add_argument("--batch-size", type=int, default=5000)

    def handle(self, *args, entities, seed, if_empty, batch_size, **options):
        if entities < 0 or batch_size < 1:
            raise CommandError("--entities must be 0 or more and --batch-size at least 1.")
        if if_empty and Entity.objects.exists():
            self.stdout.write("The registry already holds entities; no demo data added.")
            return
        generator = DemoGenerator(seed)
        started = time.monotonic()
        done = 0
        # The writer writes a batch while the next one is generated.
        with BatchWriter() as writer:
            while done < entities:
                rows = [generator.row() for _ in range(min(batch_size, entities - done))]
                writer.write(rows)
                done += len(rows)
                elapsed = time.monotonic() - started
                self.stdout.write(
                    f"{done:>9,} / {entities:,} entities  {elapsed:7.1f} s  "
                    f"({done / elapsed if elapsed else 0:,.0f}/s)"
                )
        published_data_changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {done:,} demo entities in {time.monotonic() - started:.1f} s."
            )
        )

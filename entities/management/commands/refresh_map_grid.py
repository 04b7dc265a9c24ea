import time

from django.core.management.base import BaseCommand

from entities import map_grid


class Command(BaseCommand):
    help = (
        "Count the map's grid anew from the published entities (entities.map_grid), "
        "e.g. after a large import, or on a schedule where MAP_GRID_REFRESH is manual."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        written = map_grid.rebuild()
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"The map's grid counted: {written:,} rows in {seconds:.1f} s.")
        )

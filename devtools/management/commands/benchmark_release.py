"""Time freezing a release (entities.releases.freeze) on the registry as it is:
how long, how much the process's memory grows, and the slowest read another
connection saw meanwhile (readers must never wait for a freeze). The release
is made in a transaction that is rolled back, so the registry is left as it
was and the figure can be taken again."""

import threading
import time

from django.core.management.base import BaseCommand
from django.db import connection, connections, transaction

from devtools.benchmark import RssWatch
from entities.models import Entity
from entities.releases import freeze


class Reader(threading.Thread):
    """Counts one country's published entities on a connection of its own,
    again and again, until stopped: the slowest count is the longest a
    reader waited while the freeze ran."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stopping = threading.Event()
        self.times = []

    def run(self):
        try:
            while not self.stopping.is_set():
                started = time.perf_counter()
                Entity.objects.published().filter(country_id="TH").count()
                self.times.append(time.perf_counter() - started)
                self.stopping.wait(0.05)
        finally:
            connections.close_all()


class Command(BaseCommand):
    help = (
        "Time freezing a release of the published entities as they are (time, memory "
        "growth, the slowest concurrent read), rolled back afterwards "
        "(see docs/performance.md)."
    )

    def handle(self, *args, **options):
        published = Entity.objects.published().count()
        self.stdout.write(f"Freezing a release of {published:,} published entities…")
        reader = Reader()
        reader.start()
        with RssWatch() as memory, transaction.atomic():
            if connection.vendor == "postgresql":
                # As freeze() does when it runs outermost: one snapshot throughout.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            started = time.perf_counter()
            release = freeze(f"Benchmark {time.time_ns()}")
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        reader.stopping.set()
        reader.join()
        slowest = max(reader.times, default=0) * 1000
        self.stdout.write(
            f"Frozen: {release.counts['entities']:,} entities, "
            f"{release.counts['assessments']:,} assessments in {elapsed:.1f} s "
            f"({published / max(elapsed, 1e-9):,.0f} entities a second); memory grew "
            f"{memory.growth_mb:.0f} MB; {len(reader.times)} concurrent reads, the slowest "
            f"{slowest:.0f} ms. Rolled back."
        )

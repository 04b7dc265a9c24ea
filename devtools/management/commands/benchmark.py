import json
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from devtools import benchmark
from entities import map_grid
from entities.models import Entity
from research.models import Assessment, Score


class Command(BaseCommand):
    help = (
        "Time typical requests (API lists, filters, search, a deep page, a detail, "
        "statistics, the CSV export, public pages, the admin) in-process on a registry of "
        "at least N entities, seeding demo entities when it holds fewer, each beside its "
        "limit: the same SQL without Django (see docs/performance.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--entities", type=int, required=True, help="Entities the registry must hold."
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Use the entities already there; refuse if fewer than --entities.",
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=30,
            help="Timed requests per case (of the CSV export a tenth as many, at least 3; "
            "of the report PDF at most 3).",
        )
        parser.add_argument(
            "--export-runs",
            type=int,
            help="Timed runs of the CSV export instead (at a million entities, one takes "
            "minutes).",
        )
        parser.add_argument(
            "--only",
            help="Comma-separated case names to run (default: all); for trying one change.",
        )
        parser.add_argument(
            "--json", dest="json_file", type=Path, help="Also write the figures to this file."
        )

    def handle(self, *args, entities, reuse, repeat, export_runs, only, json_file, **options):
        if entities < 1 or repeat < 1 or (export_runs is not None and export_runs < 1):
            raise CommandError("--entities, --repeat and --export-runs must be at least 1.")
        check_migrated()
        held = self.ensure_entities(entities, reuse)
        cases = benchmark.build_cases()
        if only:
            names = {name.strip() for name in only.split(",")}
            unknown = names - {case.name for case in cases}
            if unknown:
                raise CommandError(
                    f"--only: no case {', '.join(sorted(unknown))}; the cases are "
                    f"{', '.join(case.name for case in cases)}."
                )
            cases = [case for case in cases if case.name in names]
        runs = {case.name: case.runs(repeat, export_runs) for case in cases}
        fewer = ", ".join(f"{name}: {n}" for name, n in runs.items() if n != repeat)
        self.stdout.write(
            f"Benchmarking {held:,} entities ({Entity.objects.published().count():,} "
            f"published); timed runs per case: {repeat}" + (f" ({fewer})." if fewer else ".")
        )
        results = self.run(cases, runs)
        self.stdout.write(benchmark.format_table(results))
        missed = [result.case for result in results if result.met is False]
        self.stdout.write(
            f"Targets missed: {', '.join(missed)}." if missed else "Every case met its targets."
        )
        if json_file:
            figures = [result.as_dict() for result in results]
            Path(json_file).write_text(json.dumps(figures, indent=2))
            self.stdout.write(f"Figures written to {json_file}.")

    def ensure_entities(self, wanted, reuse):
        """Seed what is missing (unless --reuse); the count of entities held."""
        held = Entity.objects.count()
        if held >= wanted:
            if missing_statistics():
                self.stderr.write(
                    "The entity table has never been analysed (is autovacuum off?); the "
                    "planner is guessing, so the figures will be off. Run ANALYZE first."
                )
            return held
        if reuse:
            raise CommandError(
                f"--reuse: the registry holds {held:,} entities, fewer than the {wanted:,} "
                "asked for. Run without --reuse to seed the difference."
            )
        # A seed of its own for each top-up, so that the new entities do not
        # repeat the ones already there (an empty registry gets seed_demo's
        # default, 1).
        call_command("seed_demo", entities=wanted - held, seed=held + 1, stdout=self.stdout)
        analyze_seeded_tables()
        return Entity.objects.count()

    def run(self, cases, runs):
        clients = benchmark.clients()
        # Cases measured uncached move the published-data version on before
        # each run, which also empties every other case's cached figures: they
        # warm up first and are measured last.
        cached_first = sorted(cases, key=lambda case: case.uncached)
        # The map's grid, counted as a map would find it counted (see
        # entities.map_grid): how long that takes is a figure of its own.
        started = time.perf_counter()
        rows = map_grid.rebuild()
        self.stdout.write(
            f"  The map's grid counted: {rows:,} rows in {time.perf_counter() - started:.1f} s."
        )
        with benchmark.unthrottled():
            # One untimed pass first: imports, caches and the database's own
            # buffers fill here, not in the first timed run.
            for case in reversed(cached_first):
                benchmark.request_once(clients[case.user], case.warm_up())
            measured = {}
            for case in cached_first:
                result = benchmark.measure(clients[case.user], case, runs[case.name])
                measured[case.name] = result
                self.stdout.write(
                    f"  {case.name:<22} {result.median_ms:>10.1f} ms  GET {case.readable_path}"
                )
            results = [measured[case.name] for case in cases]
            benchmark.judge(cases, results)
            return results


def check_migrated():
    """Refuse a database that lags behind the code: its errors would come up
    halfway through the run, as a 500 or a missing column."""
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        pending = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan)
        raise CommandError(
            f"The database has {len(plan)} unapplied migration(s) ({pending}); "
            "run `manage.py migrate` first."
        )


def seeded_tables():
    return [model._meta.db_table for model in (Entity, Entity.sdgs.through, Assessment, Score)]


def analyze_seeded_tables():
    """Give the planner statistics of the rows just written. Autovacuum would
    in time, but it may lag minutes behind a bulk load, or be off, and plans
    made without statistics are not the ones production runs."""
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        for table in seeded_tables():
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def missing_statistics():
    """Whether PostgreSQL, the production database, has never analysed the
    entity table."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        # reltuples is -1 until the first VACUUM or ANALYZE (PostgreSQL 14+).
        cursor.execute(
            "SELECT reltuples < 0 FROM pg_class WHERE oid = %s::regclass",
            [Entity._meta.db_table],
        )
        return cursor.fetchone()[0]

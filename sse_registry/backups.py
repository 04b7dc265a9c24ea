"""A complete, portable copy of the registry: what `manage.py backup` writes
and `manage.py restore` reads, on SQLite and PostgreSQL alike.

A backup is one gzip-compressed JSON Lines file (named ``*.jsonl.gz`` by
habit). Its first line is a header: the format and its version, when and
from which engine it was made, the schema it was made with (the latest
migration of each app) and how many rows of each model it holds. Every other
line is one row as Django's ``dumpdata --format jsonl`` writes it (but with
times to the microsecond), and a restore hands those lines to ``loaddata``,
which reads them one at a time: memory stays flat however large the registry.

``zcat FILE | head -1`` shows the header; ``zcat FILE | tail -n +2`` is a
fixture plain loaddata accepts, without any of the checks made here.
"""

import datetime
import gzip
import json
import os
import sys
from collections import defaultdict
from contextlib import contextmanager, suppress

from django.apps import apps
from django.core import serializers
from django.core.management import CommandError, call_command
from django.core.serializers import jsonl
from django.core.serializers.base import DeserializedObject
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models.signals import m2m_changed, post_save
from django.test.utils import override_settings

from core.freshness import published_data_changed
from entities.freshness import entity_saved, sdgs_changed
from entities.models import Entity

FORMAT = "sse-registry-backup"
VERSION = 1
# The Serializer and Deserializer below, as dumpdata and loaddata know them.
SERIALIZER = "jsonl-exact"

# Left out of a backup. migrate creates content types and permissions, each
# database numbering them in its own order: rows that point to them are
# written with natural keys instead (see BY_NATURAL_KEY). Sessions, and
# django-axes' failed sign-ins and lock-outs, are transient: a restored
# registry starts with nobody signed in and nobody locked out. The map's
# grid is counted from the entities and counted anew after a restore.
LEFT_OUT = ("contenttypes", "auth.permission", "sessions", "axes", "entities.mapgridcell")

# The models whose rows point to content types or permissions (a group's or a
# user's permissions, the admin's log of changes), written with natural keys:
# ["view_entity", "entities", "entity"] rather than a number. Every other row
# points by primary key, which a restore keeps, so that loading it costs no
# lookup (by user name, say) per row.
BY_NATURAL_KEY = ("auth.group", "auth.user", "admin.logentry")

# What migrate itself puts in a new database: the reference data and the
# roles. A restore replaces them with the backup's copy, which reviewers may
# have edited since (a feature's texts, a country's working definition).
# Regions come before countries: a region protects its country.
MIGRATION_ROWS = (
    "entities.region",
    "entities.country",
    "entities.entitytype",
    "entities.sector",
    "entities.sustainabledevelopmentgoal",
    "research.feature",
    "auth.group",
)

MAX_HEADER = 1024 * 1024  # a longer first line is not a header


# --- What a backup holds --------------------------------------------------------


def backed_up_models(*, include_auto_created=False):
    """The models whose rows a backup holds; with the auto-created tables of
    many-to-many fields (an entity's SDGs, a user's groups), for counting."""
    return [
        model
        for model in apps.get_models(include_auto_created=include_auto_created)
        if not model._meta.proxy
        and model._meta.app_label not in LEFT_OUT
        and model._meta.label_lower not in LEFT_OUT
    ]


def row_counts():
    """Rows per model of the backup, by label (``entities.entity``)."""
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in backed_up_models(include_auto_created=True)
    }


def code_schema():
    """The latest migration of each app in this installation's code."""
    schema = defaultdict(list)
    for app_label, name in sorted(MigrationLoader(None).graph.leaf_nodes()):
        schema[app_label].append(name)
    return dict(schema)


def unapplied_migrations():
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def summary(counts):
    """One line per model that has rows, for the commands' report."""
    width = max(map(len, counts), default=0)
    return [f"  {label:<{width}}  {rows:>12,}" for label, rows in counts.items() if rows]


# --- Writing ----------------------------------------------------------------------


def write(path):
    """Write a backup of the database to ``path``; return its header.

    The file appears only once complete (it is written beside, then renamed),
    so a backup that fails never leaves behind a file that looks whole."""
    if unapplied := unapplied_migrations():
        raise CommandError(
            f"The database lacks migrations of this release ({', '.join(unapplied)}): "
            "run `manage.py migrate` first."
        )
    serializers.register_serializer(SERIALIZER, __name__)
    partial = f"{path}.partial"
    try:
        with (
            _snapshot(),
            _private_file(partial) as raw,
            gzip.open(raw, "wt", encoding="utf-8") as stream,
        ):
            header = _header()
            stream.write(json.dumps(header, ensure_ascii=False) + "\n")
            _dump(stream, *BY_NATURAL_KEY, use_natural_foreign_keys=True)
            _dump(stream, exclude=[*LEFT_OUT, *BY_NATURAL_KEY])
        os.replace(partial, path)
    except OSError as exc:
        raise CommandError(f"Could not write {path}: {exc}") from exc
    finally:
        with suppress(FileNotFoundError):
            os.remove(partial)
    return header


def _private_file(path):
    """A new file at ``path`` that only its owner may read or write (0600),
    from its creation on: a backup holds password hashes, API tokens and
    private fields. A file left there by a backup that was killed is removed
    first; a file created there meanwhile (or a link) is an error."""
    with suppress(FileNotFoundError):
        os.remove(path)
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")


def _header():
    return {
        "format": FORMAT,
        "version": VERSION,
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": connection.vendor,
        "schema": code_schema(),
        "rows": row_counts(),
    }


@contextmanager
def _snapshot():
    """One transaction, so that the header's counts and every row are read as
    of one moment while the registry stays in use. On PostgreSQL it must be
    repeatable read: in the default isolation each statement would see what
    others committed since the previous one (an assessment whose entity was
    not yet there when the entities were read)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _dump(stream, *labels, **options):
    # The base manager: every row, whatever a model's default manager hides.
    call_command(
        "dumpdata", *labels, format=SERIALIZER, use_base_manager=True, stdout=stream, **options
    )


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond (as JavaScript keeps
    them); a copy keeps every microsecond, or a restored entity's
    ``updated_at`` would not be the one backed up."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    """Django's JSON Lines with every time whole: plain JSON Lines still,
    which Django's own jsonl deserializer reads too."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = _ExactEncoder

    def end_object(self, obj):
        # One write a row, encoded in C. Django's json.dump() encodes in
        # Python and writes each token through the command's output wrapper
        # (at 10,000 entities: 94 s for a backup instead of 60).
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


class Deserializer(jsonl.Deserializer):
    """Django's JSON Lines deserializer, whose rows are inserted at once."""

    def _handle_object(self, obj):
        for row in super()._handle_object(obj):
            yield _NewRow(row.object, row.m2m_data, row.deferred_fields)


class _NewRow(DeserializedObject):
    """A row of a restore, which goes into an empty database (a restore
    refuses any other): Django's loaddata tries an UPDATE of each row before
    its INSERT, in vain there (at 10,000 entities: 300 s of CPU instead of
    180)."""

    inserted = False

    def save(self, save_m2m=True, using=None, **kwargs):
        # Once more, for a field that named a row not loaded yet: an update.
        super().save(save_m2m, using, force_insert=not self.inserted, **kwargs)
        self.inserted = True


# --- Reading ----------------------------------------------------------------------


def read_header(path):
    """The header of the backup at ``path``, once checked that this
    installation can restore it; a CommandError saying why not otherwise."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            line = stream.readline(MAX_HEADER)
    except FileNotFoundError:
        raise CommandError(f"There is no file {path}.") from None
    except gzip.BadGzipFile:
        raise CommandError(f"{path} is not a backup: it is not gzip-compressed.") from None
    except (EOFError, UnicodeDecodeError):
        raise CommandError(f"{path} is not a backup, or it was cut short.") from None
    except OSError as exc:
        raise CommandError(f"Could not read {path}: {exc.strerror or exc}") from None
    header = _parse_header(line)
    if header is None:
        raise CommandError(f"{path} is not a backup of the SSE Registry (no header line).")
    _check_compatible(header)
    return header


def _parse_header(line):
    try:
        header = json.loads(line)
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return None
    return header


def _check_compatible(header):
    if header.get("version") != VERSION:
        raise CommandError(
            f"This backup is in format version {header.get('version')}; this release "
            f"reads version {VERSION}. Restore it with the release that made it."
        )
    if not isinstance(header.get("rows"), dict):
        raise CommandError("This backup's header is incomplete: it says nothing of its rows.")
    theirs, ours = header.get("schema") or {}, code_schema()
    if theirs != ours:
        differences = [
            f"{app}: backup {_leaves(theirs, app)}, here {_leaves(ours, app)}"
            for app in sorted({*theirs, *ours})
            if theirs.get(app) != ours.get(app)
        ]
        raise CommandError(
            "This backup was made with another release of the registry (schema "
            f"{'; '.join(differences)}). Restore it with the release that made it, then "
            "upgrade that installation to this release (`manage.py migrate`)."
        )


def _leaves(schema, app):
    return ", ".join(schema.get(app) or ["none"])


# --- Restoring --------------------------------------------------------------------


def refuse_unless_empty():
    """A CommandError unless the database holds nothing beyond what migrate
    creates (tables that do not exist yet hold nothing)."""
    existing = set(connection.introspection.table_names())
    migration_rows = {apps.get_model(label) for label in MIGRATION_ROWS}
    held = [
        _how_many(rows, model)
        for model in backed_up_models()
        if model not in migration_rows
        and model._meta.db_table in existing
        and (rows := model._base_manager.count())
    ]
    if held:
        raise CommandError(
            f"The database is not empty: it holds {', '.join(held)}. A backup is restored "
            "into an empty database only: create a new one (PostgreSQL: createdb; SQLite: "
            "a new file) and point DATABASE_URL at it."
        )


def _how_many(rows, model):
    name = model._meta.verbose_name if rows == 1 else model._meta.verbose_name_plural
    return f"{rows:,} {name}"


def load(path, header):
    """Load the backup into the (empty, migrated) database in one transaction:
    all of it, or, on any failure, nothing. Returns the rows per model."""
    serializers.register_serializer(SERIALIZER, __name__)
    try:
        with transaction.atomic():
            for label in MIGRATION_ROWS:
                apps.get_model(label)._base_manager.all().delete()
            with gzip.open(path, "rt", encoding="utf-8") as stream:
                stream.readline()  # the header
                with _as_a_copy(), _as_stdin(stream):
                    # loaddata also resets PostgreSQL's sequences past the loaded ids.
                    call_command("loaddata", "-", format=SERIALIZER, verbosity=0)
            counts = row_counts()
            _check_counts(header["rows"], counts)
            published_data_changed()
    except Exception as exc:
        # Whatever stopped the load (a damaged line, a row the database
        # refuses, a file cut short), the transaction took all of it back.
        raise CommandError(f"Nothing was restored: {exc}") from exc
    return counts


def _check_counts(expected, loaded):
    differences = [
        f"{label}: {expected.get(label, 0):,} in the header, {rows:,} loaded"
        for label, rows in loaded.items()
        if rows != expected.get(label, 0)
    ]
    if differences:
        raise CommandError(
            f"The backup's rows do not match its header ({'; '.join(differences)})."
        )


@contextmanager
def _as_a_copy():
    """Loading a row is not an edit, but two receivers would take it for one:
    simple-history's would record each entity's SDGs as a change (a history
    row more per entity, where the history must come back as it was), and
    entities.freshness would move the published-data version for each
    published entity, queueing a cache update per entity until the commit
    (memory that grows with the registry). The restore moves it once."""
    muted = [
        (post_save, Entity, "freshness-entity-saved", entity_saved),
        (m2m_changed, Entity.sdgs.through, "freshness-sdgs", sdgs_changed),
    ]
    for signal, sender, uid, _ in muted:
        signal.disconnect(sender=sender, dispatch_uid=uid)
    try:
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            yield
    finally:
        for signal, sender, uid, receiver in muted:
            signal.connect(receiver, sender=sender, dispatch_uid=uid)


@contextmanager
def _as_stdin(stream):
    # loaddata reads a fixture from a file named by extension, or from stdin
    # ("-"). The rows follow the header in the same file, so they are handed
    # over as stdin rather than copied to a file of their own first (the
    # command runs alone in its process; nothing else reads stdin meanwhile).
    saved, sys.stdin = sys.stdin, stream
    try:
        yield
    finally:
        sys.stdin = saved

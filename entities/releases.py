"""Releases: numbered, dated, immutable snapshots of the published data.

``freeze`` copies every published entity into ``ReleasedEntity`` rows of a
new ``Release``, in one transaction: the public JSON the API gives of it
today (the list's object and the entity's object, made by the same code as
the API's: entities.api.representation) and the columns the filters and the
statistics read. A release's list, detail, statistics and CSV are then
answered from its rows alone, whatever is published or withdrawn later.

On PostgreSQL the freeze reads in one snapshot (REPEATABLE READ: every batch
sees the data as it was when the freeze began), writes with COPY, and takes
no table lock, so readers and writers go on meanwhile; an advisory lock
keeps two freezes from running at once. Elsewhere the rows are written with
bulk_create.
"""

import hashlib
import logging
import threading

import orjson
from django.core.cache import cache
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from core import pgcopy
from research.framework import Band

from . import citation, public
from .api.representation import SdgNumbers, Summaries, published_assessments_of
from .models import Entity, Release, ReleasedEntity

logger = logging.getLogger(__name__)

BATCH = 2000
# Up to this many published entities a freeze asked for in the admin runs in
# the request (a few seconds); beyond, in a thread of its own, so that the
# request ends long before the server's timeout (GUNICORN_TIMEOUT, 120 s: a
# million entities take minutes).
IN_REQUEST_MAX = 20_000
# Marks a freeze started in the background until it ends (an hour at most).
FREEZING_KEY = "release-freezing"
FREEZING_TIMEOUT = 60 * 60
# The advisory lock of the freeze (any constant number the registry uses for nothing else).
LOCK_KEY = 0x5E5E_0016
MAX_LABEL = Release._meta.get_field("label").max_length


class ReleaseRefused(ValueError):
    """A release that cannot be made, with the reason for the person asking."""


def clean_label(label):
    """The label as stored (spaces trimmed), or ReleaseRefused saying what is wrong."""
    label = " ".join((label or "").split())
    if not label:
        raise ReleaseRefused(_("Give the release a label, e.g. “2026-12 regional release”."))
    if len(label) > MAX_LABEL:
        raise ReleaseRefused(_("A label has at most %(max)d characters.") % {"max": MAX_LABEL})
    return label


def freeze(label, user=None, notes=""):
    """Make the next release, labelled ``label``, of everything published now,
    and return it. ReleaseRefused when the label is taken or another freeze
    is running (a form posted twice makes one release)."""
    label = clean_label(label)
    outermost = not connection.in_atomic_block
    try:
        with transaction.atomic():
            _begin(outermost)
            if Release.objects.filter(label=label).exists():
                raise ReleaseRefused(
                    _("There is a release labelled “%(label)s” already.") % {"label": label}
                )
            previous = Release.objects.order_by("-number").first()
            release = Release(
                number=previous.number + 1 if previous else 1,
                label=label,
                created_by=user if user is not None and user.pk else None,
                data_as_of=citation.data_as_of(),
                notes=notes or "",
            )
            release.save()
            assessments = _write_rows(release)
            Release.objects.filter(pk=release.pk).update(
                counts=_counts(release, assessments), changes=_changes(release, previous)
            )
    except IntegrityError:
        # Another freeze took the number or the label between our look and our write.
        raise ReleaseRefused(
            _(
                "Another release was being made at the same time; "
                "look at the releases and try again."
            )
        ) from None
    return Release.objects.get(pk=release.pk)


def _begin(outermost):
    """On PostgreSQL: one snapshot for the whole freeze (when this transaction
    is the outermost, as in the command and the admin), and the freeze's own
    lock, refused at once when another freeze holds it."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if outermost:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        (locked,) = cursor.fetchone()
    if not locked:
        raise ReleaseRefused(_("A release is being made right now; try again in a few minutes."))


# --- In the background ---------------------------------------------------------


def freeze_soon(label, user=None, notes=""):
    """Freeze now, returning the release, for a registry of up to
    IN_REQUEST_MAX published entities; beyond, start the freeze in a
    thread of its own and return None (the release appears when done).
    ReleaseRefused, at once, for a label taken or a freeze already running
    in the background."""
    label = clean_label(label)
    if Entity.objects.published().count() <= IN_REQUEST_MAX:
        return freeze(label, user, notes)
    if Release.objects.filter(label=label).exists():
        raise ReleaseRefused(
            _("There is a release labelled “%(label)s” already.") % {"label": label}
        )
    if not cache.add(FREEZING_KEY, label, FREEZING_TIMEOUT):
        raise ReleaseRefused(_("A release is being made right now; try again in a few minutes."))
    run_in_background(_freeze_and_release, label, user, notes)
    return None


def being_frozen():
    """The label of the release being frozen in the background, or None."""
    return cache.get(FREEZING_KEY)


def run_in_background(function, *args):
    threading.Thread(target=function, args=args, daemon=True).start()


def _freeze_and_release(label, user, notes):
    try:
        release = freeze(label, user, notes)
        logger.info("Release %s “%s” made in the background.", release.number, release.label)
    except Exception:
        logger.exception("Could not make the release “%s”.", label)
    finally:
        cache.delete(FREEZING_KEY)
        connections.close_all()  # this thread's own connections


# --- The rows ----------------------------------------------------------------------

ROW_ATTNAMES = (
    "release_id",
    "entity_id",
    "detail",
    "digest",
    "search_text",
    "sdgs",
    *ReleasedEntity.PLAIN_COLUMNS,
)


def frozen_rows(release, rows, published, summaries, same_as):
    """The ReleasedEntity values (dicts by ROW_ATTNAMES) of ``rows`` (detail_rows)."""
    for row in rows:
        detail = summaries.detail(row, published.get(row["id"], {}), same_as.get(row["id"], []))
        del detail["url"]  # the link depends on the address asked: added when served
        detail_json = orjson.dumps(detail)
        sdg_numbers = row["sdg_numbers"]
        yield {
            "release_id": release.pk,
            "entity_id": row["id"],
            "detail": detail_json.decode(),
            "digest": hashlib.sha256(detail_json).hexdigest(),
            "search_text": row["search_text"],
            "sdgs": f" {sdg_numbers} " if sdg_numbers else "",
            **{name: row[name] for name in ReleasedEntity.PLAIN_COLUMNS},
        }


def published_batches():
    """The published entities as detail_rows, in id order, BATCH at a time
    (keyset paging: each batch costs what the first costs), each row with the
    entity's search copy too. That copy is made of public fields only (name,
    local name, locality, description: entities.search), never shown, only
    searched; taking it saves normalising every text again (a third of the
    freeze's time)."""
    last = 0
    while True:
        rows = Entity.objects.published().filter(id__gt=last).order_by("id")
        batch = list(
            rows.values(*public.DETAIL_VALUES, "search_text", sdg_numbers=SdgNumbers())[:BATCH]
        )
        if not batch:
            return
        yield batch
        last = batch[-1]["id"]


def _write_rows(release):
    """Write the release's rows; returns how many published assessments they hold."""
    summaries = Summaries(None)
    assessments = 0
    copying = connection.vendor == "postgresql"
    table = pgcopy.Table(ReleasedEntity, ROW_ATTNAMES) if copying else None
    with connection.cursor() as cursor:
        for batch in published_batches():
            published = published_assessments_of(
                [row["id"] for row in batch if row["current_assessment_id"]]
            )
            assessments += sum(len(each) for each in published.values())
            same_as = public.same_as_of([row["id"] for row in batch])
            values = frozen_rows(release, batch, published, summaries, same_as)
            if copying:
                for row in values:
                    table.add_texts([pgcopy.copy_text(row[name]) for name in ROW_ATTNAMES])
                table.copy(cursor)
            else:
                ReleasedEntity.objects.bulk_create([ReleasedEntity(**row) for row in values])
    return assessments


# --- Counts and changes ------------------------------------------------------------


def _counts(release, assessments):
    rows = ReleasedEntity.objects.filter(release=release)
    totals = rows.aggregate(
        entities=Count("pk"),
        assessed=Count("features_practised"),
        practising_all=Count("pk", filter=Q(band=Band.ALL)),
    )
    by_country = dict(
        rows.order_by("country_id").values_list("country_id").annotate(n=Count("pk"))
    )
    return {**totals, "assessments": assessments, "by_country": by_country}


def _ids(queryset):
    return list(queryset.order_by("entity_id").values_list("entity_id", flat=True))


def _changes(release, previous):
    """What changed since ``previous`` (None for the first release): the
    entities added, withdrawn (in the previous release, not in this one) and
    changed (in both, their public object different), each with the count
    and the entity ids."""
    if previous is None:
        return {"previous": None}
    rows = ReleasedEntity.objects.filter(release=release)
    before = ReleasedEntity.objects.filter(release=previous)
    same_entity = {"entity_id": OuterRef("entity_id")}
    added = _ids(rows.exclude(Exists(before.filter(**same_entity))))
    withdrawn = _ids(before.exclude(Exists(rows.filter(**same_entity))))
    changed = _ids(
        rows.filter(Exists(before.filter(**same_entity).exclude(digest=OuterRef("digest"))))
    )
    return {
        "previous": previous.number,
        **{
            name: {"count": len(ids), "ids": ids}
            for name, ids in (("added", added), ("withdrawn", withdrawn), ("changed", changed))
        },
    }


# --- Serving -----------------------------------------------------------------------


def frozen_object(text, url_prefix):
    """A frozen entity's object (its ``detail``, JSON text) as the API gives
    it: with its link after the id."""
    frozen = orjson.loads(text)
    return {"id": frozen["id"], "url": f"{url_prefix}{frozen['id']}/", **frozen}


def frozen_summary(text, url_prefix):
    """The list's object of a frozen entity (from its ``detail``): its first
    keys, as entities.public declares them."""
    frozen = frozen_object(text, url_prefix)
    return {key: frozen[key] for key in public.SUMMARY}


def json_chunks(release, url_prefix, page_url):
    """A release's download as JSON, in chunks: the release (number, label,
    date, licence, citation), then ``entities``, every frozen entity's
    object as the API gave it, in id order. Memory stays flat whatever the size."""
    licence = citation.licence()
    head = {
        "release": release.number,
        "label": release.label,
        "created_at": citation.iso(release.created_at),
        "data_as_of": citation.iso(release.data_as_of) if release.data_as_of else None,
        "licence": {"name": licence.name, "url": licence.url},
        "citation": release_citation(release, page_url),
        "count": release.counts.get("entities", 0),
    }
    yield orjson.dumps(head)[:-1] + b',"entities":['
    rows = released_entities(release).order_by("entity_id").values_list("detail", flat=True)
    separator = b""
    batch = []
    for text in rows.iterator(chunk_size=BATCH):
        batch.append(separator + orjson.dumps(frozen_object(text, url_prefix)))
        separator = b","
        if len(batch) == BATCH:
            yield b"".join(batch)
            batch.clear()
    yield b"".join(batch) + b"]}"


def released_entities(release):
    """The release's frozen entities, ready to filter."""
    return ReleasedEntity.objects.filter(release=release)


def release_citation(release, url, accessed=None):
    """How to cite ``url`` of ``release``: "SSE Registry, <label>, <url>, accessed <date>"."""
    return citation.citation(url, release=release.label, accessed=accessed)

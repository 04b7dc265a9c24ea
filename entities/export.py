"""CSV export of entities: the public list fields plus one column per feature,
streamed so that any number of entities fits in constant memory.

On PostgreSQL the server writes the CSV itself (``COPY (…) TO STDOUT``, from
a thread into a bounded queue that the response reads): at a million entities
that is about five times faster than fetching the rows and writing them in
Python. Elsewhere the rows are fetched and written here. Both give the same
cells (a test on PostgreSQL compares them); lines end in CR LF here and in LF
from PostgreSQL, which spreadsheets and CSV readers take alike.
"""

import csv
import io
import queue
import re
import threading
import time
from contextlib import suppress
from decimal import Decimal

import orjson
from django.conf import settings
from django.db import connection, connections
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.formulas import FORMULA_STARTS, neutralise
from entities import citation, coordinates, public
from entities.api.representation import SCORE_COLUMNS
from entities.api.serializers import EntitySerializer
from research.framework import FEATURE_CODES, SCORE_MAX, SCORE_MIN, lacking_features, lacking_sql
from research.models import Feature

CHUNK_SIZE = 2000
# The API list's public fields, in its order, with the profile spread into one
# column per feature and without the API's own link.
COLUMNS = [
    column
    for field in EntitySerializer.Meta.fields
    if field != "url"
    for column in (FEATURE_CODES if field == "profile" else [field])
]
BOM = "\ufeff"  # so that spreadsheets read the file as UTF-8


def csv_lines(rows):
    """The export of ``rows`` (a ``summary_rows`` queryset) as chunks: a
    byte-order mark and the header, then the entities."""
    # The database is chosen now, in the request (a public read may go to the
    # replica); the rows are read later, as the response streams.
    rows = rows.using(rows.db)
    # Connect (or check the open connection) now: a database that is away is a
    # 503 before the response starts, not a download cut short.
    connections[rows.db].cursor().close()
    if connections[rows.db].vendor == "postgresql":
        return copied_lines(rows)
    return written_lines(rows)


# --- Written here --------------------------------------------------------------


def csv_row(row):
    """One entity's cells, in the order of COLUMNS, from a ``summary_rows`` row.
    Free text is neutralised; empty values are empty cells."""
    profile = {code: row[column] for code, column in SCORE_COLUMNS.items()}
    assessed_on = row["current_assessment__assessed_on"]
    return [
        row["id"],
        neutralise(row["name"]),
        neutralise(row["name_local"]),
        row["country_id"],
        neutralise(row["country__name"]),
        row["region_id"],
        neutralise(row["region__name"]),
        row["entity_type_id"],
        neutralise(row["legal_form"]),
        row["sector_id"],
        row["year_established"],
        yes_no_unknown(row["registered"]),
        row["origin"],
        row["dependency"],
        row["members"],
        row["women_share"],
        row["workers"],
        neutralise(row["website"]),
        row["sdg_numbers"],
        *profile.values(),
        row["features_practised"],
        " ".join(lacking_features(profile)),
        row["band"],
        assessed_on.isoformat() if assessed_on else None,
        row["updated_at"].isoformat(),
        coordinates.text(row["latitude"]),
        coordinates.text(row["longitude"]),
        row["location_precision"],
    ]


def yes_no_unknown(value):
    """A yes/no answer that may be unknown, as its cell: "true", "false", or
    empty (None) when unknown."""
    return None if value is None else ("true" if value else "false")


def frozen_csv_row(row):
    """csv_row of a release's frozen entity (entities.releases), from its
    object as frozen and its stored columns: the cells the export gave of
    the entity when the release was made."""
    summary = orjson.loads(row["detail"])
    return [
        summary["id"],
        neutralise(summary["name"]),
        neutralise(summary["name_local"]),
        summary["country"],
        neutralise(summary["country_name"]),
        summary["region"],
        neutralise(summary["region_name"]),
        summary["entity_type"],
        neutralise(summary["legal_form"]),
        summary["sector"],
        summary["year_established"],
        yes_no_unknown(summary["registered"]),
        summary["origin"],
        summary["dependency"],
        summary["members"],
        summary["women_share"],
        summary["workers"],
        neutralise(summary["website"] or ""),
        " ".join(map(str, summary["sdgs"])) or None,
        *summary["profile"].values(),
        summary["features_practised"],
        " ".join(summary["lacking"]),
        summary["band"],
        summary["assessed_on"],
        row["updated_at"].isoformat(),
        coordinates.text(row["latitude"]),
        coordinates.text(row["longitude"]),
        row["location_precision"],
    ]


FROZEN_VALUES = ("detail", "updated_at", "latitude", "longitude", "location_precision")


def frozen_csv_lines(rows):
    """The export of a release's frozen entities (a ReleasedEntity queryset),
    written here in every database: the same cells as the export gave."""
    rows = rows.using(rows.db)
    connections[rows.db].cursor().close()
    return written_lines(rows.values(*FROZEN_VALUES), frozen_csv_row)


def written_lines(rows, make_row=csv_row, columns=COLUMNS):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield BOM + _take(buffer)
    batch = []
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        batch.append(make_row(row))
        if len(batch) == CHUNK_SIZE:
            writer.writerows(batch)
            batch.clear()
            yield _take(buffer)
    writer.writerows(batch)
    yield _take(buffer)


def _take(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


# --- Written by PostgreSQL -----------------------------------------------------

# Each column of COLUMNS as SQL over the aliased summary row (see copy_sql),
# formatted as csv_row formats it.
TEXT = "CASE WHEN {c} = '' THEN NULL WHEN left({c}, 1) IN ({starts}) THEN '''' || {c} ELSE {c} END"
STARTS = ", ".join(f"chr({ord(char)})" for char in FORMULA_STARTS)
ISO_DATETIME = (
    # datetime.isoformat() of a UTC time: microseconds only when there are any.
    "to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    " || CASE WHEN extract(microseconds FROM {c})::int % 1000000 = 0 THEN ''"
    " ELSE to_char({c} AT TIME ZONE 'UTC', '.US') END || '+00:00'"
)
# Each column of COLUMNS but "lacking" -> the summary_rows value it is read from.
SOURCES = {
    **{key: values[0] for key, values in public.SUMMARY.items() if len(values) == 1},
    **SCORE_COLUMNS,
}
TEXT_COLUMNS = {"name", "name_local", "country_name", "region_name", "legal_form", "website"}
COORDINATE_COLUMNS = {"latitude", "longitude"}


def _column_sql(column):
    quote = connection.ops.quote_name
    if column == "lacking":
        parts = ", ".join(
            f"CASE WHEN {lacking_sql(quote('v_' + code))} THEN '{code}' END"
            for code in FEATURE_CODES
        )
        return f"NULLIF(concat_ws(' ', {parts}), '')"
    source = quote(f"v_{column}")
    if column in TEXT_COLUMNS:
        return TEXT.format(c=source, starts=STARTS)
    if column == "registered":
        return f"CASE WHEN {source} THEN 'true' WHEN NOT {source} THEN 'false' END"
    if column == "assessed_on":
        return f"to_char({source}, 'YYYY-MM-DD')"
    if column == "updated_at":
        return ISO_DATETIME.format(c=source)
    if column in COORDINATE_COLUMNS:
        return f"trim_scale({source})"  # as coordinates.text(): no trailing zeros
    if column == "location_precision":
        return f"NULLIF({source}, '')"
    return source


def copy_sql(rows, cursor):
    """The COPY statement writing ``rows`` as this export's CSV (no BOM)."""
    aliased = rows.values(
        **{f"v_{column}": _value(rows, source) for column, source in SOURCES.items()}
    )
    # PostgreSQL reads a subquery in FROM in its order (the list's order).
    inner, params = aliased.query.sql_with_params()
    quote = connection.ops.quote_name
    select = ", ".join(f"{_column_sql(column)} AS {quote(column)}" for column in COLUMNS)
    inner = cursor.mogrify(inner, params).decode()
    return (
        f"COPY (SELECT {select} FROM ({inner}) AS summary) "
        "TO STDOUT WITH (FORMAT csv, HEADER true)"
    )


def _value(rows, name):
    """The expression behind a summary_rows value (an annotation or a field)."""
    return rows.query.annotations.get(name) or F(name)


class _Queued(io.RawIOBase):
    """Where COPY writes: chunks of at least SIZE bytes into a bounded queue,
    so the database waits while the client is slow and memory stays flat."""

    SIZE = 256 * 1024

    def __init__(self, chunks, stopped):
        self.chunks, self.stopped, self.pending = chunks, stopped, []
        self.pending_size = 0

    def writable(self):
        return True

    def write(self, data):
        if self.stopped.is_set():
            raise BrokenPipeError("The client went away.")
        self.pending.append(bytes(data))
        self.pending_size += len(data)
        if self.pending_size >= self.SIZE:
            self.flush()
        return len(data)

    def flush(self):
        if self.pending:
            self.chunks.put(b"".join(self.pending))
            self.pending, self.pending_size = [], 0


_DONE = object()


def copied_lines(rows):
    connection = connections[rows.db]
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        sql = copy_sql(rows, cursor)
    chunks, stopped = queue.Queue(maxsize=8), threading.Event()

    def copy():
        sink = _Queued(chunks, stopped)
        try:
            with raw.cursor() as cursor:
                cursor.copy_expert(sql, sink)
            sink.flush()
            chunks.put(_DONE)
        except BaseException as error:  # handed to the response, raised there
            chunks.put(error)

    started = time.monotonic()
    thread = threading.Thread(target=copy, name="csv-export", daemon=True)
    thread.start()
    finished = False
    try:
        yield BOM.encode()
        while (chunk := chunks.get()) is not _DONE:
            if isinstance(chunk, BaseException):
                raise chunk
            yield chunk
        finished = True
    finally:
        if not finished:  # the client went away, or the copy failed
            stopped.set()
            raw.cancel()
            while thread.is_alive():
                with suppress(queue.Empty):
                    chunks.get(timeout=0.1)
            connection.close()  # the connection may be left mid-COPY
        thread.join()
        if connection.queries_logged:
            connection.queries_log.append(
                {"sql": sql, "time": f"{time.monotonic() - started:.3f}"}
            )


# --- Its description (CSV on the Web) -------------------------------------------

METADATA_SUFFIX = "-metadata.json"  # CSVW's name for a file's description: <csv>-metadata.json
METADATA_MEDIA_TYPE = "application/csvm+json"
# The CSVW datatype of the serializer's field kinds (anything else: a string).
DATATYPES = [
    (serializers.BooleanField, {"base": "boolean", "format": "true|false"}),
    (serializers.IntegerField, "integer"),
    (serializers.DecimalField, "decimal"),
    (serializers.DateTimeField, "datetime"),
    (serializers.DateField, "date"),
]


# The columns that hold a list, space-separated, and the datatype of its items.
LIST_COLUMNS = {"sdgs": {"base": "integer", "minimum": 1, "maximum": 17}, "lacking": "string"}


def column_descriptions():
    """Each column of COLUMNS as a CSVW column: its header cell as the name
    (and first title), what it is called on the pages, its datatype and help."""
    fields = EntitySerializer().fields
    features = dict(Feature.objects.filter(code__in=FEATURE_CODES).values_list("code", "name"))
    columns = []
    for name in COLUMNS:
        if name in FEATURE_CODES:
            title = _("Score: %(feature)s") % {"feature": features.get(name, name)}
            description = _("The current score, 0 (absent) to 3 (full); empty if not assessed.")
            datatype = {"base": "integer", "minimum": SCORE_MIN, "maximum": SCORE_MAX}
        else:
            field = fields[name]
            title, description = str(field.label), field.help_text
            datatype = next(
                (datatype for kind, datatype in DATATYPES if isinstance(field, kind)), "string"
            )
        column = {"name": name, "titles": [name, str(title)], "datatype": datatype}
        if name in LIST_COLUMNS:
            column.update(datatype=LIST_COLUMNS[name], separator=" ")
        if description:
            column["dc:description"] = str(description)
        columns.append(column)
    return columns


def csv_metadata(csv_url, *, title, as_of=None, release=None, issued=None):
    """The CSV-on-the-Web description (W3C CSVW) of the export at ``csv_url``:
    what it is, its licence, publisher and date, how to cite it, and its
    columns. ``release``: the label of the release it belongs to, when there
    is one, and ``issued`` when that release was made."""
    terms = citation.licence()
    metadata = {
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_url,
        "dc:title": title,
        "dc:description": _(
            "Published entities of the %(site)s and their scores on the seven features "
            "of the social and solidarity economy."
        )
        % {"site": settings.SITE_NAME},
        "dc:publisher": settings.SITE_NAME,
        "dc:license": {"@id": terms.url},
        "dc:rights": terms.name,
        "dc:bibliographicCitation": citation.citation(csv_url, release=release, as_of=as_of),
    }
    if as_of is not None:
        moment = {"@value": citation.iso(as_of), "@type": "xsd:dateTime"}
        # Until releases are issued, the data is issued as it changes.
        metadata["dc:issued"] = metadata["dc:modified"] = moment
    if issued is not None:
        metadata["dc:issued"] = {"@value": citation.iso(issued), "@type": "xsd:dateTime"}
    metadata["dialect"] = {"encoding": "utf-8", "header": True}
    metadata["tableSchema"] = {"columns": column_descriptions(), "primaryKey": "id"}
    return metadata


# --- The file's name -----------------------------------------------------------

UNSAFE = re.compile(r"[^A-Za-z0-9]+")
NAME_WORDS_MAX = 120  # characters of filter words, before the date


def safe(text):
    return UNSAFE.sub("-", str(text)).strip("-")


# How a filter's chosen value reads in a file name; a code list reads as its codes.
FILENAME_WORDS = {
    "registered": {
        "true": "registered",
        "false": "unregistered",
        "unknown": "registration-unknown",
    }.get,
    "sdg": "sdg-{}".format,
    "practises": "practises-{}".format,
    "lacks": "lacks-{}".format,
    "practised_min": "practised-from-{}".format,
    "practised_max": "practised-to-{}".format,
    "year_min": "from-{}".format,
    "year_max": "until-{}".format,
    # A search outside ASCII (Thai, Khmer…) leaves nothing safe: left out.
    "q": lambda value: f"q-{safe(value).lower()}" if safe(value) else "",
}


def export_filename(form, today=None):
    """The CSV's file name: the filters that narrow it, in the filter set's
    order, in safe characters only, then the date; e.g.
    ``sse-entities-TH-cooperative-2026-12-06.csv``. ``form`` is the filter
    set's validated form; the order of rows is not part of the name."""
    words = []
    for name in form.fields:
        value = form.cleaned_data.get(name)
        if name == "ordering" or value in (None, "", []):
            continue
        word = FILENAME_WORDS.get(name, str)
        for item in value if isinstance(value, list) else [value]:
            text = safe(word(int(item) if isinstance(item, Decimal) else item))
            if text:
                words.append(text)
    named = "-".join(words)[:NAME_WORDS_MAX].strip("-")
    today = today or timezone.localdate()
    return "-".join(part for part in ("sse-entities", named, today.isoformat()) if part) + ".csv"

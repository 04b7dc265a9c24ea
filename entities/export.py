"""CSV export of entities: the public list fields plus one column per feature,
streamed in batches of rows so that any number of entities fits in constant
memory (a server-side cursor on PostgreSQL)."""

import csv
import io

from entities.api.representation import SCORE_COLUMNS
from entities.api.serializers import EntitySerializer
from research.framework import FEATURE_CODES, practising_threshold

CHUNK_SIZE = 2000
# The API list's public fields, in its order, with the profile spread into one
# column per feature and without the API's own link.
COLUMNS = [
    column
    for field in EntitySerializer.Meta.fields
    if field != "url"
    for column in (FEATURE_CODES if field == "profile" else [field])
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would run as a formula is prefixed with a quote."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(row, threshold):
    """One entity's cells, in the order of COLUMNS, from a ``summary_rows`` row.
    Free text is neutralised; empty values are empty cells."""
    scores = [row[column] for column in SCORE_COLUMNS.values()]
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
        "true" if row["registered"] else "false",
        row["origin"],
        row["dependency"],
        row["members"],
        row["women_share"],
        row["workers"],
        neutralise(row["website"]),
        row["sdg_numbers"],
        *scores,
        row["features_practised"],
        " ".join(
            code
            for code, score in zip(FEATURE_CODES, scores, strict=True)
            if score is not None and score < threshold
        ),
        row["band"],
        assessed_on.isoformat() if assessed_on else None,
        row["updated_at"].isoformat(),
    ]


def csv_lines(rows):
    """The export of ``rows`` (a ``summary_rows`` queryset) as text chunks: a
    byte-order mark (so spreadsheets read UTF-8) and the header, then the
    entities, CHUNK_SIZE lines a chunk."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield "\ufeff" + _take(buffer)
    threshold = practising_threshold()
    batch = []
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        batch.append(csv_row(row, threshold))
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

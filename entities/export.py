"""CSV export of entities: the public list fields plus one column per feature,
streamed row by row so that any number of entities fits in constant memory."""

import csv

from research.framework import FEATURE_CODES

CHUNK_SIZE = 2000
COLUMNS = [
    "id",
    "name",
    "name_local",
    "country",
    "country_name",
    "region",
    "region_name",
    "entity_type",
    "legal_form",
    "sector",
    "year_established",
    "registered",
    "origin",
    "dependency",
    "members",
    "women_share",
    "workers",
    "website",
    "sdgs",
    *FEATURE_CODES,
    "features_practised",
    "lacking",
    "band",
    "assessed_on",
    "updated_at",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text a spreadsheet would run as a formula is prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def entity_row(entity):
    profile = entity.profile
    current = entity.current_assessment
    return [
        entity.pk,
        entity.name,
        entity.name_local,
        entity.country_id,
        entity.country.name,
        entity.region_id or "",
        entity.region.name if entity.region else "",
        entity.entity_type_id,
        entity.legal_form,
        entity.sector_id,
        entity.year_established,
        "true" if entity.registered else "false",
        entity.origin,
        entity.dependency,
        entity.members,
        entity.women_share,
        entity.workers,
        entity.website,
        " ".join(str(goal.pk) for goal in entity.sdgs.all()),
        *(profile.scores[code] for code in FEATURE_CODES),
        entity.features_practised,
        " ".join(profile.lacking),
        entity.band,
        current.assessed_on.isoformat() if current else "",
        entity.updated_at.isoformat(),
    ]


class _Line:
    """A file-like object whose write() hands back the CSV line."""

    def write(self, value):
        return value


def csv_lines(queryset):
    """The export as text chunks: a byte-order mark (so spreadsheets read
    UTF-8), the header, then one line per entity."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for entity in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow([neutralise(value) for value in entity_row(entity)])

"""CSV export of entities: the public list fields plus one column per feature,
streamed row by row so that any number of entities fits in constant memory."""

import csv

from entities.api.serializers import EntitySerializer
from research.framework import FEATURE_CODES

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
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def entity_row(entity):
    profile = entity.profile
    current = entity.current_assessment
    values = {
        "id": entity.pk,
        "name": entity.name,
        "name_local": entity.name_local,
        "country": entity.country_id,
        "country_name": entity.country.name,
        "region": entity.region_id or "",
        "region_name": entity.region.name if entity.region else "",
        "entity_type": entity.entity_type_id,
        "legal_form": entity.legal_form,
        "sector": entity.sector_id,
        "year_established": entity.year_established,
        "registered": "true" if entity.registered else "false",
        "origin": entity.origin,
        "dependency": entity.dependency,
        "members": entity.members,
        "women_share": entity.women_share,
        "workers": entity.workers,
        "website": entity.website,
        "sdgs": " ".join(str(goal.pk) for goal in entity.sdgs.all()),
        **profile.scores,
        "features_practised": entity.features_practised,
        "lacking": " ".join(profile.lacking),
        "band": entity.band,
        "assessed_on": current.assessed_on.isoformat() if current else "",
        "updated_at": entity.updated_at.isoformat(),
    }
    return [values[column] for column in COLUMNS]


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

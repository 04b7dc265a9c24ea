"""Karte von morgen's entries (the OpenFairDB API): the answer of
``/entries/{ids}`` (a list of entries: id, version, title, description,
lat, lng, street, zip, city, country, state, email, telephone, homepage,
founded_on, categories, tags, license…) or of ``/search`` ({"visible":
[…], "invisible": […]}, compact entries with id, title, description, lat,
lng, categories, tags). A search result has no address: its entries are
placed by their coordinates."""

from django.utils.translation import gettext as _

from entities.models import IdentifierScheme

from . import mapping
from .rows import ExternalRow, load_json, no_records, text, wrong_shape

SCHEME = IdentifierScheme.KVM
ENTRY_URL = "https://kartevonmorgen.org/#/?entry={id}"


def entries(document):
    if isinstance(document, dict) and ("visible" in document or "invisible" in document):
        return [*(document.get("visible") or []), *(document.get("invisible") or [])]
    if isinstance(document, dict) and isinstance(document.get("entries"), list):
        return document["entries"]
    if isinstance(document, list):
        return document
    raise wrong_shape(_("a list of Karte von morgen entries, or a /search result"))


def read(data):
    records = entries(load_json(data))
    if not records:
        raise no_records()
    for line, entry in enumerate(records, start=1):
        if not isinstance(entry, dict):
            raise wrong_shape(_("a list of Karte von morgen entries, or a /search result"))
        row = ExternalRow(line, {"name": text(entry.get("title"))})
        row.values["description"] = text(entry.get("description"))
        mapping.set_place(
            row,
            country=text(entry.get("country")),
            region=text(entry.get("state")),
            locality=text(entry.get("city")),
            latitude=entry.get("lat"),
            longitude=entry.get("lng"),
        )
        mapping.set_contacts(
            row,
            text(entry.get("homepage")),
            text(entry.get("email")),
            text(entry.get("telephone")),
        )
        row.values["year_established"] = mapping.year(text(entry.get("founded_on")))
        for tag in entry.get("tags") or []:
            # Tags are free words: only an ESSGlobal or ISIC concept is read.
            if section := mapping.sector_for(text(tag)):
                row.values.setdefault("sector", section)
        identifier = text(entry.get("id"))
        if identifier:
            row.identifiers.append((SCHEME, identifier, ENTRY_URL.format(id=identifier)))
            row.provenance["record_id"] = identifier
            row.provenance["source_url"] = ENTRY_URL.format(id=identifier)
        if licence := text(entry.get("license")):
            row.provenance["licence"] = licence
        yield row

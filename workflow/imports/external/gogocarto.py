"""A GoGoCarto map's elements (its API, ``/api/elements.json``): the full
ontology ({"data": [{id, name, geo: {latitude, longitude}, address:
{streetAddress, addressLocality, postalCode, addressCountry}, categories,
website, email, telephone, description…}], "licence": …}) or the compact
one ({"ontology": "gogocompact", "data": [[id, name, latitude, longitude,
categories…]], "mapping": […]}). A compact element has no address: it is
placed by its coordinates."""

from django.utils.translation import gettext as _

from entities.models import IdentifierScheme

from . import mapping
from .rows import ExternalRow, load_json, no_records, text, wrong_shape

SCHEME = IdentifierScheme.GOGOCARTO
COMPACT = ["id", "name", "latitude", "longitude", "categories"]


def shape_problem():
    return wrong_shape(_('GoGoCarto\'s elements, {"data": [...]}'))


def elements(document):
    if isinstance(document, list):
        return document, None, False
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise shape_problem()
    compact = str(document.get("ontology", "")).lower() == "gogocompact"
    return document["data"], text(document.get("licence") or document.get("license")), compact


def compact_element(values, names):
    """A compact element as a dict, by the answer's mapping (names, or lists
    of names: the name is the first of a list)."""
    if not isinstance(values, list):
        raise shape_problem()
    element = {}
    for name, value in zip(names, values, strict=False):
        key = name[0] if isinstance(name, list) and name else name
        if isinstance(value, list) and key == "name":
            value = value[0] if value else ""
        element[str(key)] = value
    return element


def read(data):
    document = load_json(data)
    records, licence, compact = elements(document)
    if not records:
        raise no_records()
    names = COMPACT
    if compact and isinstance(document.get("mapping"), list) and document["mapping"]:
        names = document["mapping"]
    for line, record in enumerate(records, start=1):
        element = compact_element(record, names) if compact else record
        if not isinstance(element, dict):
            raise shape_problem()
        geo = element.get("geo") if isinstance(element.get("geo"), dict) else {}
        address = element.get("address") if isinstance(element.get("address"), dict) else {}
        row = ExternalRow(line, {"name": text(element.get("name") or element.get("title"))})
        row.values["description"] = text(element.get("description"))
        mapping.set_place(
            row,
            country=text(address.get("addressCountry")),
            region=text(address.get("addressRegion")),
            locality=text(address.get("addressLocality")),
            latitude=geo.get("latitude", element.get("latitude", element.get("lat"))),
            longitude=geo.get("longitude", element.get("longitude", element.get("lng"))),
        )
        mapping.set_contacts(
            row,
            text(element.get("website")),
            text(element.get("email")),
            text(element.get("telephone")),
        )
        categories = element.get("categories") or element.get("taxonomy") or []
        if isinstance(categories, list):
            for category in categories:
                if section := mapping.sector_for(text(category)):
                    row.values.setdefault("sector", section)
        identifier = text(element.get("id"))
        if identifier:
            row.identifiers.append((SCHEME, identifier, ""))
            row.provenance["record_id"] = identifier
        if licence:
            row.provenance["licence_url"] = licence
        yield row

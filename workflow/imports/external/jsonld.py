"""schema.org in JSON-LD: an Organization (or a kind of one, e.g.
NGO, Cooperative), a list of them, or a graph ({"@graph": […]}), with name,
url, description, address {addressCountry, addressRegion,
addressLocality, streetAddress}, geo {latitude, longitude}, sameAs,
isicV4, foundingDate, email, telephone, legalName, identifier. Nodes
that are not organisations (places, people) are left aside."""

import re

from django.utils.translation import gettext as _

from entities.models import IdentifierScheme

from . import mapping
from .rows import ExternalRow, load_json, no_records, text, wrong_shape

ORGANISATION_TYPES = {
    "organization",
    "ngo",
    "cooperative",
    "corporation",
    "localbusiness",
    "nonprofit",
    "fundingscheme",
    "governmentorganization",
    "educationalorganization",
    "onlinebusiness",
    "workersunion",
    "project",
}
WIKIDATA = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/(Q\d+)$", re.IGNORECASE)


def shape_problem():
    return wrong_shape(_("a schema.org Organization, a list of them, or an @graph"))


def nodes(document):
    if isinstance(document, dict) and isinstance(document.get("@graph"), list):
        return document["@graph"]
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        return [document]
    raise shape_problem()


def types(node):
    kinds = node.get("@type") or []
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return {str(kind).rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for kind in kinds}


def first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def read(data):
    records = [
        node
        for node in nodes(load_json(data))
        if isinstance(node, dict) and types(node) & ORGANISATION_TYPES
    ]
    if not records:
        raise no_records()
    for line, node in enumerate(records, start=1):
        row = ExternalRow(line, {"name": text(first(node.get("name")) or node.get("legalName"))})
        row.values["description"] = text(first(node.get("description")))
        address = first(node.get("address"))
        address = address if isinstance(address, dict) else {}
        geo = first(node.get("geo"))
        geo = geo if isinstance(geo, dict) else {}
        mapping.set_place(
            row,
            country=text(address.get("addressCountry")),
            region=text(address.get("addressRegion")),
            locality=text(address.get("addressLocality")),
            latitude=geo.get("latitude"),
            longitude=geo.get("longitude"),
        )
        mapping.set_contacts(
            row,
            text(first(node.get("url"))),
            text(first(node.get("email"))),
            text(first(node.get("telephone"))),
        )
        mapping.set_sector(row, text(first(node.get("isicV4"))))
        row.values["year_established"] = mapping.year(text(node.get("foundingDate")))
        same_as = node.get("sameAs") or []
        for link in same_as if isinstance(same_as, list) else [same_as]:
            if match := WIKIDATA.match(text(link)):
                row.identifiers.append((IdentifierScheme.WIKIDATA, match.group(1), text(link)))
        if node_id := text(node.get("@id")):
            url = node_id if node_id.startswith(("http://", "https://")) else ""
            row.identifiers.append((IdentifierScheme.OTHER, node_id, url))
            row.provenance["record_id"] = node_id
        yield row

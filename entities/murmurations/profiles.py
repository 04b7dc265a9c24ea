"""Each published entity's Murmurations profile: a JSON document at a stable
address, valid against Murmurations' ``organizations_schema-v1.0.0`` and the
registry's ``sse_registry_features-v1.0.0`` (the files beside this module).

A profile says only what the entity's public page says, read through
entities.public: the name, addresses, description, type and sector, where it
is, when it was founded, its current scores on the seven features without
their evidence, the licence of the data, and the sources to be named. An
entity that is not published has no profile (the view answers 404), which is
what tells the index to drop it (entities.murmurations.index)."""

import hashlib
import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from entities.models import Entity, IdentifierScheme
from entities.public import attributions, public_values, same_as_of, web_link
from research.framework import FEATURE_CODES, practising_threshold, score_field

ORGANIZATIONS_SCHEMA = "organizations_schema-v1.0.0"
FEATURES_SCHEMA = "sse_registry_features-v1.0.0"
SCHEMA_DIR = Path(__file__).resolve().parent
# The registry's own schemas, which it serves at /murmurations/schemas/.
SERVED_SCHEMAS = (FEATURES_SCHEMA,)

# The Murmurations fields limit a locality to 100 characters.
LOCALITY_MAX = 100

# The entity's row values a profile reads (refused when this module loads
# unless entities.public declares every one public).
PROFILE_VALUES = public_values(
    (
        "id",
        "name",
        "website",
        "description",
        "country_id",
        "region__name",
        "locality",
        "latitude",
        "longitude",
        "entity_type__name",
        "sector__name",
        "year_established",
        *(score_field(code) for code in FEATURE_CODES),
        "features_practised",
        "current_assessment__assessed_on",
    )
)


def schema_path(name):
    return SCHEMA_DIR / f"{name}.json"


@cache
def schema(name):
    """A schema beside this module, as a dict (read once)."""
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


def site_address(path):
    return settings.SITE_URL.rstrip("/") + path


def schema_url(name):
    return site_address(reverse("murmurations-schema", kwargs={"name": name}))


def profile_url(entity_id):
    """The address of the entity's profile, as the index is given it."""
    return site_address(reverse("murmurations-profile", kwargs={"pk": entity_id}))


def node_id(url):
    """The index's name for the node of the profile at ``url``: the SHA-256 of
    the address, in hex."""
    return hashlib.sha256(url.encode()).hexdigest()


def linked_schemas():
    """The schemas a profile declares. The registry's own is named only while
    MURMURATIONS_LINK_FEATURES_SCHEMA is on: an index validates a profile
    against every schema it names, and one that does not know the registry's
    refuses it (the profile keeps the fields all the same)."""
    if settings.MURMURATIONS_LINK_FEATURES_SCHEMA:
        return [ORGANIZATIONS_SCHEMA, FEATURES_SCHEMA]
    return [ORGANIZATIONS_SCHEMA]


def page_address(view_name, **kwargs):
    """A public page's address in the registry's default language (no prefix)."""
    with translation.override(settings.LANGUAGE_CODE):
        return site_address(reverse(view_name, kwargs=kwargs or None))


def profile(entity_id):
    """The entity's profile as a dict in the order it is written; None unless
    the entity is published."""
    row = Entity.objects.published().filter(pk=entity_id).values(*PROFILE_VALUES).first()
    if row is None:
        return None
    page = page_address("entity-detail", pk=row["id"])
    website = web_link(row["website"])
    found = {
        "linked_schemas": linked_schemas(),
        "name": row["name"],
        "primary_url": website or page,
        "urls": urls(row["id"], page, website),
    }
    if row["description"].strip():
        found["description"] = row["description"].strip()
    found["tags"] = list(dict.fromkeys([row["entity_type__name"], row["sector__name"]]))
    found["country_iso_3166"] = row["country_id"]
    if row["region__name"]:
        found["region"] = row["region__name"]
    if locality := row["locality"].strip()[:LOCALITY_MAX].strip():
        found["locality"] = locality
    if row["latitude"] is not None and row["longitude"] is not None:
        found["geolocation"] = {"lat": float(row["latitude"]), "lon": float(row["longitude"])}
    if row["year_established"]:
        # A year alone is its 1 January, as Murmurations' starts_at asks.
        start = datetime(row["year_established"], 1, 1, tzinfo=UTC)
        found["starts_at"] = int(start.timestamp())
    found["sse_features"] = features(row)
    found["data_licence"] = {"name": settings.DATA_LICENCE_NAME, "url": settings.DATA_LICENCE_URL}
    if named := sources_to_name(row["id"]):
        found["attributions"] = named
    return found


def urls(entity_id, page, website):
    """The entity's addresses: its page here, its website, its records
    elsewhere that have a web address; each once."""
    found = {page: settings.SITE_NAME}
    if website:
        found.setdefault(website, "Website")
    with translation.override("en"):
        for identifier in same_as_of([entity_id]).get(entity_id, []):
            if address := web_link(identifier["url"] or ""):
                found.setdefault(address, str(IdentifierScheme(identifier["scheme"]).label))
    return [{"name": name, "url": address} for address, name in found.items()]


def features(row):
    assessed_on = row["current_assessment__assessed_on"]
    return {
        "scores": {code: row[score_field(code)] for code in FEATURE_CODES},
        "practising_threshold": practising_threshold(),
        "features_practised": row["features_practised"],
        "assessed_on": assessed_on.isoformat() if assessed_on else None,
        "methodology_url": page_address("methodology"),
    }


def sources_to_name(entity_id):
    """The sources whose licence requires naming them, without empty addresses."""
    return [
        {key: value for key, value in source.items() if value}
        for source in attributions(entity_id)
    ]


def served_schema(name):
    """One of the registry's own schemas as it is served: with its address."""
    found = dict(schema(name))
    return {"$schema": found.pop("$schema"), "$id": schema_url(name), **found}

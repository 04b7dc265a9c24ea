"""Murmurations: the profiles a node publishes are read where they are
fetched, so a file here is what an aggregator saved: the index's answer to
``GET /v2/nodes`` ({"data": [{profile_url, name, primary_url, country
(or country_iso_3166 / country_name), locality, region, latitude,
longitude, tags, last_updated…}], "meta": …}), or a JSON list of profiles
(the organisations schema: name, primary_url, description,
country_iso_3166 or country_name, locality, region, geolocation {lat, lon}
or latitude and longitude, tags, urls…). A list of profile addresses alone
cannot be read: the profiles are not fetched."""

from django.utils.translation import gettext as _

from entities.models import IdentifierScheme

from . import mapping
from .rows import ExternalRow, load_json, no_records, text, wrong_shape

SCHEME = IdentifierScheme.MURMURATIONS


def shape_problem():
    return wrong_shape(
        _(
            'the Murmurations index\'s answer ({"data": [...]}) or a list of profiles; a '
            "list of profile addresses alone cannot be read, as the profiles are not fetched"
        )
    )


def profiles(document):
    if isinstance(document, dict) and isinstance(document.get("data"), list):
        records = document["data"]
    elif isinstance(document, list):
        records = document
    elif isinstance(document, dict) and ("name" in document or "profile_url" in document):
        records = [document]
    else:
        raise shape_problem()
    if any(not isinstance(record, dict) for record in records):
        raise shape_problem()
    return records


def read(data):
    records = profiles(load_json(data))
    if not records:
        raise no_records()
    for line, profile in enumerate(records, start=1):
        row = ExternalRow(line, {"name": text(profile.get("name"))})
        row.values["description"] = text(profile.get("description") or profile.get("mission"))
        geolocation = (
            profile.get("geolocation") if isinstance(profile.get("geolocation"), dict) else {}
        )
        mapping.set_place(
            row,
            country=text(
                profile.get("country_iso_3166")
                or profile.get("country")
                or profile.get("country_name")
            ),
            region=text(profile.get("region")),
            locality=text(profile.get("locality")),
            latitude=profile.get("latitude", geolocation.get("lat")),
            longitude=profile.get("longitude", geolocation.get("lon")),
        )
        primary = text(profile.get("primary_url"))
        mapping.set_contacts(row, primary, text(profile.get("email")), text(profile.get("phone")))
        tags = profile.get("tags") if isinstance(profile.get("tags"), list) else []
        for tag in tags:
            if section := mapping.sector_for(text(tag)):
                row.values.setdefault("sector", section)
        # The profile's address is its identity in the network; the primary
        # address (its website) when the profile gives none.
        identifier = text(profile.get("profile_url")) or primary
        if identifier:
            url = identifier if identifier.startswith(("http://", "https://")) else ""
            row.identifiers.append((SCHEME, identifier, url))
            row.provenance["record_id"] = identifier
        yield row

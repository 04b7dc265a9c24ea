"""GeoJSON (RFC 7946) for partners and the map: the placed entities, and the
regions' boundaries (with the few shapes the source draws for several regions
at once, whose regions are markers).

The entities' collection is streamed: a million entities cost the memory of
one chunk of rows. Each Feature's properties are the entity list's object
(the public fields of entities.public, nothing else) and the precision of
the point: stored coordinates keep theirs; an entity placed at its region's
point has "region" (its own latitude and longitude stay null, as in the list).
"""

import functools
import hashlib

import orjson
from django.db import connections
from django.utils.translation import get_language

from entities import geography, map_cells

from .representation import Summaries

MEDIA_TYPE = "application/geo+json"
CHUNK_SIZE = 2000

COLLECTION_START = b'{"type":"FeatureCollection","features":['
COLLECTION_END = b"]}"


def point(latitude, longitude):
    return {"type": "Point", "coordinates": [longitude, latitude]}


def entity_feature(summary, row):
    """The Feature of a ``summary_rows`` row and its list object, or None for
    an entity a map cannot place."""
    found = map_cells.place(
        row["latitude"], row["longitude"], row["location_precision"], row["region_id"]
    )
    if found is None:
        return None
    latitude, longitude, precision = found
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": point(latitude, longitude),
        "properties": {**summary(row), "precision": precision},
    }


def entity_collection(rows, request):
    """The FeatureCollection of the placed entities of ``rows`` (a
    ``summary_rows`` queryset), as chunks of bytes."""
    # The database is chosen now, in the request (a public read may go to the
    # replica), and connected: a database that is away is a 503 before the
    # response starts, not a download cut short.
    rows = map_cells.placed(rows).using(rows.db)
    connections[rows.db].cursor().close()
    return _entity_chunks(rows, Summaries(request))


def _entity_chunks(rows, summary):
    yield COLLECTION_START
    separator = b""
    chunk = []
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        feature = entity_feature(summary, row)
        if feature is None:
            continue
        chunk.append(separator + orjson.dumps(feature))
        separator = b","
        if len(chunk) == CHUNK_SIZE:
            yield b"".join(chunk)
            chunk.clear()
    yield b"".join(chunk) + COLLECTION_END


def region_feature(region):
    """A region's Feature: its boundary, or a Point where it is drawn as a
    marker, with why."""
    properties = {"code": region.code, "name": region.name, "country": region.country}
    if region.is_marker:
        geometry = point(region.latitude, region.longitude)
        properties.update(marker=True, reason=str(region.reason))
    else:
        geometry = region.geometry
    return {"type": "Feature", "id": region.code, "geometry": geometry, "properties": properties}


def outline_feature(outline):
    """The Feature of a boundary that the source draws for several regions at
    once (each of them a marker): drawn without a region of its own."""
    return {
        "type": "Feature",
        "id": outline.id,
        "geometry": outline.geometry,
        "properties": {
            "code": None,
            "name": None,
            "country": outline.country,
            "outline": True,
            "codes": list(outline.codes),
        },
    }


@functools.cache
def _region_collection(countries, language):
    features = []
    for country in countries or [None]:
        features.extend(region_feature(region) for region in geography.regions(country))
        features.extend(outline_feature(outline) for outline in geography.outlines(country))
    body = orjson.dumps({"type": "FeatureCollection", "features": features})
    return body, f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def region_collection(countries):
    """(body, ETag) of the FeatureCollection of the regions of ``countries``
    (alpha-2 codes; empty: every country), made once per process and
    language (the markers' reasons are translated). The boundaries change
    only with a release, so the ETag is the body's digest."""
    return _region_collection(tuple(sorted(countries)), get_language())

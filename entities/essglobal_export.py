"""The published entities in the SSE data commons' standard CSV: the columns
the Solidarity Economy Association's tools read (their "standard" CSV,
converted by them to ESSGlobal linked data), in their order, one row per
entity the list's filters select, streamed like the registry's own CSV
(entities.export) and neutralised alike.

What the registry does not record, or keeps private, is left empty: street
address, postcode, territory, phone and e-mail (the contacts are private),
Twitter, Facebook, Companies House number (a United Kingdom register),
qualifiers and membership type. The organisational structure and the
activities are ESSGlobal concepts' English labels (entities.vocabularies),
which is what the standard asks for and the SEA's converter looks up (not
codes or URIs); the registry
records one activity per entity, its primary activity, which "Activities"
lists too. The geographic container is the entity's region (its address in
the API) with the point a map places it at, where the boundaries have one.
"""

from django.db import connections
from django.urls import reverse

from core.formulas import neutralise

from . import coordinates, geography, public
from .export import written_lines
from .vocabularies import ACTIVITIES, STRUCTURES

COLUMNS = [
    "Identifier",
    "Name",
    "Description",
    "Organisational Structure",
    "Primary Activity",
    "Activities",
    "Street Address",
    "Locality",
    "Region",
    "Postcode",
    "Country ID",
    "Territory ID",
    "Website",
    "Phone",
    "Email",
    "Twitter",
    "Facebook",
    "Companies House Number",
    "Qualifiers",
    "Membership Type",
    "Latitude",
    "Longitude",
    "Geo Container",
    "Geo Container Latitude",
    "Geo Container Longitude",
]
# The row values the file is made of: public ones only.
VALUES = public.public_values(
    (
        "id",
        "name",
        "description",
        "entity_type__essglobal_structure",
        "sector__essglobal_activity",
        "locality",
        "region_id",
        "region__name",
        "country_id",
        "website",
        "latitude",
        "longitude",
    )
)
DEGREES = 6  # places of the region's point: about 10 cm


def rows(queryset):
    """``queryset`` (entities) as the rows the file is written from."""
    return queryset.values(*VALUES)


class RowWriter:
    """One entity's cells, in the order of COLUMNS."""

    def __init__(self, request):
        # The address of a region in the API, up to its code.
        placeholder = "XX-0"
        path = reverse("api:region-detail", kwargs={"pk": placeholder})
        region = request.build_absolute_uri(path)
        self.region_prefix, _, self.region_suffix = region.rpartition(placeholder)
        self.containers = {}

    def container(self, code):
        """The region's address and point, or three empty cells."""
        if code not in self.containers:
            point = geography.region_centroid(code) if code else None
            self.containers[code] = (
                [
                    f"{self.region_prefix}{code}{self.region_suffix}",
                    round(point[0], DEGREES),
                    round(point[1], DEGREES),
                ]
                if point
                else [None, None, None]
            )
        return self.containers[code]

    def __call__(self, row):
        activity = ACTIVITIES.get(row["sector__essglobal_activity"], (None, None))[1]
        return [
            row["id"],
            neutralise(row["name"]),
            neutralise(row["description"]) or None,
            STRUCTURES.get(row["entity_type__essglobal_structure"]),
            activity,
            activity,
            None,  # street address: not recorded
            neutralise(row["locality"]) or None,
            neutralise(row["region__name"]),
            None,  # postcode: not recorded
            row["country_id"],
            None,  # territory (the ICA's): not recorded
            neutralise(row["website"]) or None,
            None,  # phone: private
            None,  # e-mail: private
            None,  # Twitter: not recorded
            None,  # Facebook: not recorded
            None,  # Companies House number: a United Kingdom register
            None,  # qualifiers: not recorded
            None,  # membership type: not recorded
            coordinates.text(row["latitude"]),
            coordinates.text(row["longitude"]),
            *self.container(row["region_id"]),
        ]


def csv_lines(queryset, request):
    """The file of ``queryset`` (a ``rows`` queryset) as chunks: a byte-order
    mark and the header, then the entities."""
    queryset = queryset.using(queryset.db)
    # A database that is away is a 503 before the response starts.
    connections[queryset.db].cursor().close()
    return written_lines(queryset, RowWriter(request), columns=COLUMNS)

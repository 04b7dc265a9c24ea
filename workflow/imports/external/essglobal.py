"""The ESSGlobal standard CSV of the Solidarity Economy Association's open
data: one initiative a line, under the column names of its "standard"
(Identifier, Name, Description, Organisational Structure, Primary Activity,
Activities, Street Address, Locality, Region, Postcode, Country ID,
Territory ID, Website, Phone, Email, Twitter, Facebook, Companies House
Number, Qualifiers, Membership Type, Latitude, Longitude, Geo Container…).
Concepts may be written as codes, URIs or English labels."""

from entities.models import IdentifierScheme

from . import mapping
from .rows import ExternalRow, by_key, read_csv

SCHEME = IdentifierScheme.ESSGLOBAL


def read(data):
    for line, record in read_csv(data, required={"identifier", "name"}):
        cells = by_key(record)
        row = ExternalRow(line, {"name": cells.get("name", "")})
        row.values["description"] = cells.get("description", "")
        mapping.set_place(
            row,
            country=cells.get("country_id") or cells.get("country_name") or "",
            region=cells.get("region", ""),
            locality=cells.get("locality", ""),
            latitude=cells.get("latitude") or cells.get("geo_container_latitude"),
            longitude=cells.get("longitude") or cells.get("geo_container_longitude"),
        )
        mapping.set_entity_type(row, cells.get("organisational_structure", ""))
        activities = [part for part in cells.get("activities", "").split(";") if part.strip()]
        mapping.set_sector(row, cells.get("primary_activity", ""), *activities)
        mapping.set_contacts(row, cells.get("website"), cells.get("email"), cells.get("phone"))
        if number := cells.get("companies_house_number", ""):
            row.values["registration_number"] = number
        identifier = cells.get("identifier", "")
        if identifier:
            row.identifiers.append((SCHEME, identifier, ""))
            row.provenance["record_id"] = identifier
        yield row

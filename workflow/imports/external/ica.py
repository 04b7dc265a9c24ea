"""The International Cooperative Alliance's directory of its members, as
CSV. Two sets of column names are read: the directory's export of 2023
(contact_id, organisation_name, street_address, city, postal_code,
latitude, longitude, country_id, website, structure_and_status_typology,
structure_and_status_structure_type,
structure_and_status_economic_activity_primary_,
intelligence_description_for_publications,
location_and_language_country_code…) and the earlier one (Contact ID,
Organisation Name, Main-City, Country code, Structure Type, Economic
activity (primary)…); a plain set (name, country, city, website, sector,
type, ICA member id) is read too.

Its structure types map to ESSGlobal organisational structures as the
Solidarity Economy Association's open data maps them; of its economic
activities, only those that fall in one ISIC section are mapped."""

from entities.models import IdentifierScheme

from . import mapping
from .rows import ExternalRow, by_key, read_csv

SCHEME = IdentifierScheme.ICA
# Each field, by the names the directory's exports have given its column.
COLUMNS = {
    "id": ["contact_id", "ica_member_id", "member_id", "id"],
    "name": ["organisation_name", "name"],
    "street": ["street_address", "main_street_address"],
    "city": ["city", "main_city"],
    "postcode": ["postal_code", "main_postal_code"],
    "latitude": ["latitude", "main_latitude"],
    "longitude": ["longitude", "main_longitude"],
    "country": [
        "location_and_language_country_code",
        "country_code",
        "country_id",
        "country_address",
        "country",
        "country_territory",
    ],
    "website": ["website"],
    "email": ["email"],
    "phone": ["phone", "telephone"],
    "structure": ["structure_and_status_structure_type", "structure_type", "type"],
    "activity": [
        "structure_and_status_economic_activity_primary_",
        "economic_activity_(primary)",
        "economic_activity_primary",
        "sector",
    ],
    "description": ["intelligence_description_for_publications", "description_for_publications"],
}
STRUCTURES = {
    "coop promoter/supporter": "OS50",
    "cooperative": "OS115",
    "co-operative": "OS115",
    "mutual organisation": "OS170",
    "national apex": "OS180",
    "national sectoral federation or union": "OS190",
    "regional, state or provincial level federation or union": "OS200",
    "supranational": "OS230",
    "cooperative group": "OS210",
    "government": "OS220",
    "cooperative of cooperatives / mutuals": "OS240",
}
# ICA activity -> ISIC section, where one section holds it.
ACTIVITIES = {
    "agriculture": "A",
    "fishing": "A",
    "financial services": "K",
    "insurance": "K",
    "housing": "L",
    "wholesale and retail trade": "G",
}


def first(cells, field):
    return next((cells[name] for name in COLUMNS[field] if cells.get(name)), "")


def read(data):
    required = {"organisation_name", "contact_id", "ica_member_id", "name"}
    for line, record in read_csv(data, required=required):
        cells = by_key(record)
        row = ExternalRow(line, {"name": first(cells, "name")})
        row.values["description"] = first(cells, "description")
        mapping.set_place(
            row,
            country=first(cells, "country"),
            locality=first(cells, "city"),
            latitude=first(cells, "latitude"),
            longitude=first(cells, "longitude"),
        )
        structure = first(cells, "structure")
        code = STRUCTURES.get(mapping.normalised(structure))
        mapping.set_entity_type(row, code or structure)
        if code and not row.values.get("entity_type"):
            row.unmapped[-1:] = [("entity_type", structure)]
        activity = first(cells, "activity")
        section = ACTIVITIES.get(mapping.normalised(activity)) or mapping.sector_for(activity)
        if section:
            row.values["sector"] = section
        else:
            row.leave_unmapped("sector", activity)
        mapping.set_contacts(
            row, first(cells, "website"), first(cells, "email"), first(cells, "phone")
        )
        if identifier := first(cells, "id"):
            row.identifiers.append((SCHEME, identifier, ""))
            row.provenance["record_id"] = identifier
        yield row

"""The spreadsheet's columns: each one's name, the value it sets and the
widget that reads and writes its cells (``widgets``), declared once here in
the sheet's order; the resource, the template and the checks of a file's
columns derive from this declaration.
"""

from import_export.fields import Field

from entities.models import Country, Entity, EntityType, Region, Sector
from research.framework import FEATURE_CODES
from research.models import Assessment

from .widgets import (
    ChoiceWidget,
    CodeWidget,
    ConfirmedWidget,
    CoordinateWidget,
    DateWidget,
    GoalsWidget,
    IntegerWidget,
    ScoreWidget,
    TextWidget,
    VersionWidget,
    YesNoUnknownWidget,
)


def score_column(code):
    return f"score_{code}"


def evidence_column(code):
    return f"evidence_{code}"


def entity_column(name, widget, readonly=False):
    """A column holding the entity's field ``name`` (a reference by its code)."""
    attribute = Entity._meta.get_field(name).attname
    return Field(attribute=attribute, column_name=name, widget=widget, readonly=readonly)


def sheet_column(name, widget):
    """A column holding what the row says besides the entity's own fields:
    its SDGs, its assessment, the confirmation that it is no duplicate."""
    return Field(attribute=f"sheet__{name}", column_name=name, widget=widget)


def by_column(*fields):
    return {field.column_name: field for field in fields}


ENTITY_FIELDS = by_column(
    entity_column("id", IntegerWidget(), readonly=True),
    # As exported: a row of an older version is refused.
    entity_column("version", VersionWidget(), readonly=True),
    entity_column("name", TextWidget()),
    entity_column("name_local", TextWidget()),
    entity_column("country", CodeWidget(Country, "TH")),
    entity_column("region", CodeWidget(Region, "TH-50", required=False)),
    entity_column("locality", TextWidget()),
    entity_column("latitude", CoordinateWidget("latitude")),
    entity_column("longitude", CoordinateWidget("longitude")),
    # Blank with coordinates: "locality" (see reading.settle_precision).
    entity_column("location_precision", ChoiceWidget(Entity.LocationPrecision)),
    entity_column("entity_type", CodeWidget(EntityType, "community-enterprise", case=str.lower)),
    entity_column("sector", CodeWidget(Sector, "A")),
    entity_column("legal_form", TextWidget()),
    entity_column("year_established", IntegerWidget()),
    entity_column("registered", YesNoUnknownWidget()),
    entity_column("registration_number", TextWidget()),
    entity_column("origin", ChoiceWidget(Entity.Origin, Entity.Origin.UNKNOWN)),
    entity_column("dependency", ChoiceWidget(Entity.Dependency, Entity.Dependency.UNKNOWN)),
    entity_column("members", IntegerWidget()),
    entity_column("women_share", IntegerWidget()),
    entity_column("workers", IntegerWidget()),
    entity_column("description", TextWidget()),
    entity_column("website", TextWidget()),
    sheet_column("sdgs", GoalsWidget()),
    entity_column("sources", TextWidget()),
    # Private: the admin's file is internal and never reaches the public.
    entity_column("contact_person", TextWidget()),
    entity_column("contact_email", TextWidget()),
    entity_column("contact_phone", TextWidget()),
    entity_column("internal_notes", TextWidget()),
    # Exported for reference, ignored on import.
    entity_column("status", TextWidget(), readonly=True),
)
ASSESSMENT_FIELDS = by_column(
    sheet_column("assessed_on", DateWidget()),
    sheet_column("method", ChoiceWidget(Assessment.Method)),
    # A score and an evidence column per feature, in the framework's order.
    *(
        field
        for code in FEATURE_CODES
        for field in (
            sheet_column(score_column(code), ScoreWidget()),
            sheet_column(evidence_column(code), TextWidget()),
        )
    ),
)
FIELDS = {
    **ENTITY_FIELDS,
    **ASSESSMENT_FIELDS,
    **by_column(sheet_column("confirmed_distinct", ConfirmedWidget())),
}
ENTITY_COLUMNS = list(ENTITY_FIELDS)
ASSESSMENT_COLUMNS = list(ASSESSMENT_FIELDS)
COLUMNS = list(FIELDS)
REQUIRED_COLUMNS = ["name", "country", "entity_type", "sector"]

# A realistic first row for the template (marked there as the example);
# unmarked, it imports cleanly for a researcher of Thailand.
EXAMPLE_ROW = {
    "id": "",
    "version": "",
    "name": "Ban Pa Sang Organic Coffee Community Enterprise",
    "name_local": "วิสาหกิจชุมชนกาแฟอินทรีย์บ้านป่าซาง",
    "country": "TH",
    "region": "TH-50",
    "locality": "Ban Pa Sang, Mae Taeng",
    "latitude": "19.1214",
    "longitude": "98.9383",
    "location_precision": "locality",
    "entity_type": "community-enterprise",
    "sector": "A",
    "legal_form": "Community enterprise (วิสาหกิจชุมชน)",
    "year_established": "2014",
    "registered": "yes",
    "registration_number": "5-50-07-08/1-0142",
    "origin": "community",
    "dependency": "low",
    "members": "36",
    "women_share": "55",
    "workers": "4",
    "description": "Thirty-six hill farming households grow, roast and sell shade-grown "
    "organic arabica together.",
    "website": "",
    "sdgs": "1, 8, 15",
    "sources": "Community Enterprise Promotion Division, register of community enterprises",
    "contact_person": "Khun Malee",
    "contact_email": "",
    "contact_phone": "+66 53 000 000",
    "internal_notes": "Met the board at the district fair.",
    "status": "draft",
    "assessed_on": "2026-03-12",
    "method": "interview",
    "score_economic_activity": "3",
    "evidence_economic_activity": "Sells 4 tonnes of roasted coffee a year; income pays members.",
    "score_collective_interest": "3",
    "evidence_collective_interest": "Surplus funds the village school's lunches.",
    "score_voluntary_cooperation": "2",
    "evidence_voluntary_cooperation": "Open to any household; two left last year.",
    "score_mutual_aid": "2",
    "evidence_mutual_aid": "Members share drying yards and harvest labour.",
    "score_democratic_governance": "3",
    "evidence_democratic_governance": "Board elected yearly, one member one vote (minutes seen).",
    "score_autonomy": "1",
    "evidence_autonomy": "Roaster and training paid by a provincial grant.",
    "score_people_over_capital": "",
    "evidence_people_over_capital": "",
    "confirmed_distinct": "",
}

# The template's row is marked as an example: its name starts with the
# marker, and a row whose name does is refused (the example imported by
# mistake, or half filled in).
EXAMPLE_MARKER = "EXAMPLE:"


def is_example_name(name):
    return (name or "").strip().upper().startswith(EXAMPLE_MARKER)


def template_example_row():
    """The example row as the template carries it, marked."""
    return {**EXAMPLE_ROW, "name": f"{EXAMPLE_MARKER} {EXAMPLE_ROW['name']}"}

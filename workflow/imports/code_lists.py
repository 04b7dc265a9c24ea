"""The codes a file's coded columns accept, each with its name in the
active language: the template workbook's "codes" sheet and its drop-downs,
and the admin page of codes that CSV files refer to, are both drawn from
``code_lists()``.

Names come from the reference data (modeltranslation gives the countries',
entity types', sectors', SDGs' and features' names in the active language;
regions keep their English and local names) and from the choices' labels.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from entities.models import (
    Country,
    Entity,
    EntityType,
    Region,
    Sector,
    SustainableDevelopmentGoal,
)
from research.framework import FEATURE_CODES, ScoreLevel
from research.models import Assessment, Feature

from .columns import score_column

CODES_SHEET = "codes"  # the template's sheet of codes, which its drop-downs refer to


@dataclass
class CodeList:
    """One list: ``key`` names it (and its block on the codes sheet),
    ``columns`` are the data columns whose cells take its codes (a drop-down
    each; none for lists that only explain, such as the SDGs, whose cells
    hold several numbers), ``rows`` are (code, name) or, for the regions,
    (code, name, country)."""

    key: str
    title: str
    rows: list
    columns: list = field(default_factory=list)
    headings: tuple = ()

    @property
    def width(self):
        return len(self.headings)


def choice_rows(choices):
    return [(value, str(label)) for value, label in choices.choices]


def score_columns():
    return [score_column(code) for code in FEATURE_CODES]


def code_lists():
    """Every list, in the order of the columns they serve."""
    code, name = _("Code"), _("Name")
    regions = Region.objects.order_by("country_id", "code")
    return [
        CodeList(
            "country",
            _("Countries"),
            [(country.code, country.name) for country in Country.objects.order_by("code")],
            ["country"],
            (code, name),
        ),
        CodeList(
            "region",
            _("Regions by country"),
            [(region.code, region_name(region), region.country_id) for region in regions],
            ["region"],
            (code, name, _("Country")),
        ),
        CodeList(
            "location_precision",
            _("Location precision"),
            choice_rows(Entity.LocationPrecision),
            ["location_precision"],
            (code, name),
        ),
        CodeList(
            "entity_type",
            _("Entity types"),
            [(kind.slug, kind.name) for kind in EntityType.objects.all()],
            ["entity_type"],
            (code, name),
        ),
        CodeList(
            "sector",
            _("Sectors (ISIC sections)"),
            [(sector.code, sector.name) for sector in Sector.objects.order_by("code")],
            ["sector"],
            (code, name),
        ),
        CodeList(
            "registered",
            _("Registered (an empty cell is unknown)"),
            [("yes", _("Yes")), ("no", _("No")), ("unknown", _("Unknown"))],
            ["registered"],
            (code, name),
        ),
        CodeList(
            "yes_no",
            _("Yes or no"),
            [("yes", _("Yes")), ("no", _("No"))],
            ["confirmed_distinct"],
            (code, name),
        ),
        CodeList("origin", _("Origins"), choice_rows(Entity.Origin), ["origin"], (code, name)),
        CodeList(
            "dependency",
            _("Dependency levels"),
            choice_rows(Entity.Dependency),
            ["dependency"],
            (code, name),
        ),
        CodeList(
            "sdgs",
            _("Sustainable Development Goals (several, separated by commas)"),
            [(str(goal.number), goal.name) for goal in SustainableDevelopmentGoal.objects.all()],
            [],
            (_("Number"), name),
        ),
        CodeList(
            "method",
            _("Assessment methods"),
            choice_rows(Assessment.Method),
            ["method"],
            (code, name),
        ),
        CodeList(
            "feature",
            _("Features (the columns score_… and evidence_…)"),
            [(score_column(feature.code), feature.name) for feature in Feature.objects.all()],
            [],
            (_("Column"), name),
        ),
        CodeList(
            "score",
            _("Scores"),
            [(str(level.value), str(level.label)) for level in ScoreLevel],
            score_columns(),
            (_("Score"), name),
        ),
    ]


def region_name(region):
    """The region's name, with its name in the local script when it has one."""
    if region.name_local and region.name_local != region.name:
        return f"{region.name} ({region.name_local})"
    return region.name

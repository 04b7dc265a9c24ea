"""The SSE data commons' vocabularies (ESSGlobal, as the Solidarity Economy
Association publishes it in SKOS) and how the registry's own values map to
them, in both directions: the exports write a sector's or a type's ESSGlobal
concept, and the import adapters read one back into a registry value.

- **Activities**: ESSGlobal's a01…a21 are ISIC Rev. 4's sections A…U, one to
  one (each concept's alternative label is its section). ``Sector.essglobal_activity``
  holds the code, filled from ``SECTOR_ACTIVITIES``.
- **Organisational structure**: OS10…OS240. Each entity type has its closest
  concept and how close it is (SKOS: an exact, close or broader match),
  ``EntityType.essglobal_structure`` and ``essglobal_match``, filled from
  ``TYPE_STRUCTURES``. A type no concept fits ("other") has neither.
- **Back into the registry**: ``STRUCTURE_TYPES`` names, for every ESSGlobal
  structure, the registry's type where one covers it without doubt (a
  workers' co-operative is a cooperative) and None where it does not (a
  charity may be a foundation or an association): the importer then asks.

A concept is written as its URI under ``ESSGLOBAL_BASE``; one read back may
be a bare code or a URI under any base ESSGlobal has been published at
(``concept_code``). Plain data, no database: the models, the migrations, the
SKOS files and the import adapters all read it.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

# Where the SEA publishes ESSGlobal V2 (its w3id address); the concept
# schemes are under "standard/".
ESSGLOBAL_BASE = "https://w3id.solidarityeconomy.coop/essglobal/V2a/standard/"
ACTIVITIES_SCHEME = "activities"
STRUCTURE_SCHEME = "organisational-structure"


class MatchKind(models.TextChoices):
    """How close a registry concept is to another vocabulary's (SKOS mapping properties)."""

    EXACT = "exactMatch", _("Exact match")
    CLOSE = "closeMatch", _("Close match")
    # The other vocabulary's concept is broader than the registry's.
    BROAD = "broadMatch", _("Broader concept")


# ESSGlobal activities: code -> (ISIC Rev. 4 section, ESSGlobal's English label).
ACTIVITIES = {
    "a01": ("A", "Agriculture and environment"),
    "a02": ("B", "Mining and quarrying"),
    "a03": ("C", "Craftmanship and manufacturing"),
    "a04": ("D", "Energy production and distribution"),
    "a05": ("E", "Recycling, waste treatment, water cycle and ecological restoration"),
    "a06": ("F", "Construction, public works and refurbishing"),
    "a07": ("G", "Trade and distribution"),
    "a08": ("H", "Transport, logistics and storage"),
    "a09": ("I", "Hospitality and food service activities"),
    "a10": ("J", "Information, communication and technologies"),
    "a11": ("K", "Financial, insurance and related activities"),
    "a12": ("L", "Habitat and housing"),
    "a13": ("M", "Professional, scientific and technical activities"),
    "a14": ("N", "Administration and management, tourism, rentals"),
    "a15": ("O", "Public administration and social security"),
    "a16": ("P", "Education and training"),
    "a17": ("Q", "Social services, health and employment"),
    "a18": ("R", "Arts, culture, recreation and sports"),
    "a19": ("S", "Membership activities, repairing and wellness"),
    "a20": ("T", "Household activities, self-production, domestic work"),
    "a21": ("U", "International diplomacy and cooperation"),
}
# ISIC section -> ESSGlobal activity.
SECTOR_ACTIVITIES = {section: code for code, (section, _label) in ACTIVITIES.items()}

# ESSGlobal organisational structures: code -> ESSGlobal's English label.
STRUCTURES = {
    "OS10": "Community group (formal or informal)",
    "OS20": "Not-for-profit organisation",
    "OS30": "Social enterprise",
    "OS40": "Charity",
    "OS50": "Company (Other)",
    "OS60": "Workers cooperative",
    "OS70": "Housing cooperative",
    "OS80": "Consumer/User coop",
    "OS90": "Producer cooperative",
    "OS100": "Multi-stakeholder cooperative",
    "OS110": "Secondary cooperative",
    "OS115": "Cooperative",
    "OS120": "Community Interest Company (CIC)",
    "OS130": "Community Benefit Society / Industrial and Provident Society (IPS)",
    "OS140": "Employee trust",
    "OS150": "Self-employed",
    "OS160": "Unincorporated",
    "OS170": "Mutual",
    "OS180": "National apex",
    "OS190": "National sectoral federation or union",
    "OS200": "Regional, state or provincial level federation or union",
    "OS210": "Cooperative group",
    "OS220": "Government agency/body",
    "OS230": "Supranational",
    "OS240": "Cooperative of cooperatives / mutuals",
}

# Entity type (slug) -> (closest ESSGlobal structure, how close). Types not
# named here ("other") have no ESSGlobal concept.
TYPE_STRUCTURES = {
    "cooperative": ("OS115", MatchKind.EXACT),
    "association": ("OS20", MatchKind.BROAD),  # a membership not-for-profit
    "mutual-society": ("OS170", MatchKind.EXACT),
    "foundation": ("OS20", MatchKind.BROAD),  # not-for-profit, governed by a board
    "social-enterprise": ("OS30", MatchKind.EXACT),
    "self-help-group": ("OS10", MatchKind.BROAD),  # an informal community group
    "community-enterprise": ("OS30", MatchKind.BROAD),  # trades for its community
    "savings-group": ("OS10", MatchKind.BROAD),  # an informal group that saves and lends
    "microfinance-institution": ("OS50", MatchKind.CLOSE),  # ESSGlobal has no finance form
}

# ESSGlobal structure -> the registry's entity type (slug), or None where no
# single type covers the concept.
STRUCTURE_TYPES = {
    "OS10": None,  # a self-help group, a savings group, an association…
    "OS20": None,  # an association or a foundation
    "OS30": "social-enterprise",
    "OS40": None,
    "OS50": None,
    "OS60": "cooperative",
    "OS70": "cooperative",
    "OS80": "cooperative",
    "OS90": "cooperative",
    "OS100": "cooperative",
    "OS110": "cooperative",
    "OS115": "cooperative",
    "OS120": "social-enterprise",  # the United Kingdom's form of social enterprise
    "OS130": None,
    "OS140": None,
    "OS150": None,
    "OS160": None,
    "OS170": "mutual-society",
    "OS180": None,  # federations and apex bodies: of any type
    "OS190": None,
    "OS200": None,
    "OS210": None,
    "OS220": None,
    "OS230": None,
    "OS240": "cooperative",
}

ACTIVITY_CHOICES = [(code, f"{code}: {label}") for code, (_section, label) in ACTIVITIES.items()]
STRUCTURE_CHOICES = [(code, f"{code}: {label}") for code, label in STRUCTURES.items()]


def concept_uri(scheme, code):
    """The URI of ESSGlobal's concept ``code`` in ``scheme``; None for no code."""
    return f"{ESSGLOBAL_BASE}{scheme}/{code}" if code else None


def activity_uri(code):
    return concept_uri(ACTIVITIES_SCHEME, code)


def structure_uri(code):
    return concept_uri(STRUCTURE_SCHEME, code)


def concept_code(value, scheme):
    """The code of a concept of ``scheme`` as a partner's record gives it: a
    bare code ("OS115", "a01") or a URI under any base ("…/standard/
    organisational-structure/OS115"), in any case; None for anything else."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = re.fullmatch(rf"(?:.*/{re.escape(scheme)}/)?([A-Za-z]+[0-9]+)/?", text)
    return match.group(1) if match else None


def sector_for_activity(value):
    """The ISIC section of an ESSGlobal activity (code or URI); None if unknown."""
    code = concept_code(value, ACTIVITIES_SCHEME)
    known = ACTIVITIES.get(code.lower()) if code else None
    return known[0] if known else None


def entity_type_for_structure(value):
    """The registry's entity type (slug) of an ESSGlobal organisational
    structure (code or URI); None if unknown or not covered by one type."""
    code = concept_code(value, STRUCTURE_SCHEME)
    return STRUCTURE_TYPES.get(code.upper()) if code else None

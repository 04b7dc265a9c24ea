"""What the adapters share: the registry's sectors and entity types from the
values other directories use (ESSGlobal's concepts, ISIC), countries named in
any language, and contact values checked before they reach the import.

Nothing is guessed silently: a value without a mapping is left empty and
listed (``ExternalRow.unmapped``); a country read from a name, a
misspelling or the coordinates is reported with what it was read as
(``CountryMatcher``)."""

import difflib
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from entities import geography
from entities.models import Country, EntityType, Region, Sector
from entities.vocabularies import (
    ACTIVITIES,
    STRUCTURES,
    entity_type_for_structure,
    sector_for_activity,
)

# Names a source may give a registry country by, beyond the translated names
# of the Country model: other spellings, the ISO alpha-3 codes, older names.
COUNTRY_ALIASES = {
    "viet nam": "VN",
    "vietnam": "VN",
    "việt nam": "VN",
    "vnm": "VN",
    "socialist republic of viet nam": "VN",
    "socialist republic of vietnam": "VN",
    "thailand": "TH",
    "ประเทศไทย": "TH",
    "ไทย": "TH",
    "thai": "TH",
    "tha": "TH",
    "kingdom of thailand": "TH",
    "siam": "TH",
    "cambodia": "KH",
    "kampuchea": "KH",
    "កម្ពុជា": "KH",
    "ព្រះរាជាណាចក្រកម្ពុជា": "KH",
    "khm": "KH",
    "kingdom of cambodia": "KH",
    "kyrgyzstan": "KG",
    "kyrgyz republic": "KG",
    "кыргызстан": "KG",
    "кыргыз республикасы": "KG",
    "киргизия": "KG",
    "kirghizia": "KG",
    "kgz": "KG",
    "mongolia": "MN",
    "монгол улс": "MN",
    "монгол": "MN",
    "монголия": "MN",
    "mng": "MN",
}
# A misspelt name is matched when this close to a known one (difflib's ratio).
CLOSE_ENOUGH = 0.8


def normalised(value):
    """A name compared: NFC, case folded, single spaces, no final full stop."""
    text = unicodedata.normalize("NFC", value or "").casefold().strip().rstrip(".")
    return " ".join(text.split())


def without_accents(value):
    return "".join(
        char for char in unicodedata.normalize("NFD", value) if not unicodedata.combining(char)
    )


class CountryMatcher:
    """A country as a source writes it, read as a registry country's code.

    ``match(value)`` gives (code or None, note or None): the note says how a
    value that is not the code itself was read ("Viet Nam" as VN), for the
    report. A two-letter code of a country the registry does not hold is
    given back as it is, so that the row is said to be outside the registry's
    countries rather than unreadable."""

    def __init__(self):
        self.codes = set(Country.objects.values_list("code", flat=True))
        self.names = {}
        fields = [f"name_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]
        fields = [name for name in fields if hasattr(Country, name)] or ["name"]
        for row in Country.objects.values("code", "name", *fields):
            for field in ["name", *fields]:
                if row.get(field):
                    self.names[normalised(row[field])] = row["code"]
        for alias, code in COUNTRY_ALIASES.items():
            if code in self.codes:
                self.names.setdefault(normalised(alias), code)
        self.plain = {without_accents(name): code for name, code in self.names.items()}
        self.country_names = dict(Country.objects.values_list("code", "name"))

    def match(self, value):
        raw = (value or "").strip()
        if not raw:
            return None, None
        if re.fullmatch(r"[A-Za-z]{2}", raw):
            return raw.upper(), None
        key = normalised(raw)
        code = self.names.get(key) or self.plain.get(without_accents(key))
        if code is None:
            close = difflib.get_close_matches(
                without_accents(key), list(self.plain), n=1, cutoff=CLOSE_ENOUGH
            )
            code = self.plain[close[0]] if close else None
        if code is None:
            return None, None
        return code, _("Country “%(value)s” read as %(code)s (%(name)s).") % {
            "value": raw,
            "code": code,
            "name": self.country_names.get(code, code),
        }

    def by_coordinates(self, latitude, longitude, codes=None):
        """The one registry country (of ``codes``) whose boundaries hold the
        point, or None when none or several do."""
        found = [
            code
            for code in sorted(codes or self.codes)
            if geography.in_country_bbox(code, latitude, longitude)
        ]
        if len(found) > 1:
            # Bounding boxes overlap: the regions' own shapes decide.
            found = [code for code in found if in_regions(code, latitude, longitude)]
        return found[0] if len(found) == 1 else None


def in_regions(code, latitude, longitude):
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return False
    return any(
        geography.region_contains(region, lat, lon)
        for region in Region.objects.filter(country_id=code).values_list("code", flat=True)
    )


class RegionMatcher:
    """A region named by a source (in English or in the local script), read
    as the registry's code within the row's country; None if not found."""

    def __init__(self):
        self.by_country = {}
        for code, country, name, local in Region.objects.values_list(
            "code", "country_id", "name", "name_local"
        ):
            names = self.by_country.setdefault(country, {})
            for text in (name, local, code):
                if text:
                    names[normalised(text)] = code

    def match(self, country, value):
        names = self.by_country.get(country, {})
        key = normalised(value)
        return names.get(key) or names.get(normalised(f"{country}-{value}"))


# --- sectors and entity types -------------------------------------------------------

ISIC_SECTIONS = {letter for letter, _label in ACTIVITIES.values()}
ACTIVITY_LABELS = {normalised(label): section for section, label in ACTIVITIES.values()}
# ISIC Rev. 4 divisions (the first two digits of a class) by section.
ISIC_DIVISIONS = [
    ("A", 1, 3),
    ("B", 5, 9),
    ("C", 10, 33),
    ("D", 35, 35),
    ("E", 36, 39),
    ("F", 41, 43),
    ("G", 45, 47),
    ("H", 49, 53),
    ("I", 55, 56),
    ("J", 58, 63),
    ("K", 64, 66),
    ("L", 68, 68),
    ("M", 69, 75),
    ("N", 77, 82),
    ("O", 84, 84),
    ("P", 85, 85),
    ("Q", 86, 88),
    ("R", 90, 93),
    ("S", 94, 96),
    ("T", 97, 98),
    ("U", 99, 99),
]


def isic_section(value):
    """The section of an ISIC Rev. 4 code: a section letter, or a division,
    group or class ("0111", "01"); None otherwise."""
    text = (value or "").strip().upper()
    if text in ISIC_SECTIONS:
        return text
    match = re.fullmatch(r"(?:[A-U])?(\d{2})\d{0,2}", text)
    if not match:
        return None
    division = int(match.group(1))
    return next(
        (section for section, low, high in ISIC_DIVISIONS if low <= division <= high), None
    )


def sector_for(value):
    """The registry's sector of a value a source gives: an ESSGlobal activity
    (code, URI or English label) or an ISIC section or class; None if none."""
    text = (value or "").strip()
    if not text:
        return None
    return (
        sector_for_activity(text)
        or ACTIVITY_LABELS.get(normalised(text))
        or (isic_section(text) if len(text) <= 5 else None)
    )


def structure_key(value):
    return normalised(value).replace("co-operative", "cooperative").replace("co-op", "coop")


STRUCTURE_LABELS = {structure_key(label): code for code, label in STRUCTURES.items()}


def entity_type_for(value):
    """The registry's entity type (slug) of an ESSGlobal organisational
    structure (code, URI or English label) or of the registry's own slug or
    English name; None where no single type covers it."""
    text = (value or "").strip()
    if not text:
        return None
    slug = text.lower()
    if slug in registry_types():
        return slug
    code = STRUCTURE_LABELS.get(structure_key(text))
    return entity_type_for_structure(code or text)


def registry_types():
    return set(EntityType.objects.values_list("slug", flat=True))


def registry_sectors():
    return set(Sector.objects.values_list("pk", flat=True))


# --- contact values -------------------------------------------------------------------


def website(value):
    """(address, note): a web address as the registry stores it; a bare
    domain ("example.org") gets "https://"; None when it is not one."""
    text = (value or "").strip()
    if not text:
        return "", None
    note = None
    if not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        if " " in text or "." not in text:
            return None, None
        text, note = (
            f"https://{text}",
            _("Website “%(value)s” read as https://%(value)s.") % {"value": text},
        )
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return None, None
    return text, note


def email(value):
    text = (value or "").strip().removeprefix("mailto:")
    if not text:
        return ""
    try:
        EmailValidator()(text)
    except ValidationError:
        return None
    return text


def year(value):
    """The year of a date or year ("1994-05-01", "1994"); "" for none."""
    match = re.match(r"^\s*(\d{4})", value or "")
    return match.group(1) if match else ""


def coordinate(value):
    """A coordinate as text, "" when the source gives none or not a number."""
    if value is None or value == "":
        return ""
    try:
        return repr(float(str(value).replace(",", ".")))
    except ValueError:
        return ""


def set_contacts(row, website_value="", email_value="", phone_value=""):
    """The row's website, e-mail and phone, each checked: a value the
    registry cannot store is left empty and listed."""
    address, note = website(website_value)
    if address is None:
        row.leave_unmapped("website", website_value)
    else:
        row.values["website"] = address
        if note:
            row.notes.append(("website", note))
    mail = email(email_value)
    if mail is None:
        row.leave_unmapped("contact_email", email_value)
    else:
        row.values["contact_email"] = mail
    phone = (phone_value or "").strip()
    if len(phone) > 50:
        row.leave_unmapped("contact_phone", phone)
    else:
        row.values["contact_phone"] = phone


def set_sector(row, *values):
    """The first of ``values`` that maps to a sector; the others are not
    listed when one maps (a secondary activity is no sector of the row)."""
    given = [value for value in values if value]
    for value in given:
        if section := sector_for(value):
            row.values["sector"] = section
            return
    for value in given[:1]:
        row.leave_unmapped("sector", value)


def set_entity_type(row, *values):
    given = [value for value in values if value]
    for value in given:
        if slug := entity_type_for(value):
            row.values["entity_type"] = slug
            return
    for value in given[:1]:
        row.leave_unmapped("entity_type", value)


def set_place(row, country="", region="", locality="", latitude=None, longitude=None):
    row.values["country"] = (country or "").strip()
    row.values["region"] = (region or "").strip()
    row.values["locality"] = (locality or "").strip()[:200]
    row.values["latitude"] = coordinate(latitude)
    row.values["longitude"] = coordinate(longitude)
    if not (row.values["latitude"] and row.values["longitude"]):
        row.values["latitude"] = row.values["longitude"] = ""

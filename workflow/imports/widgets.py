"""How each cell of the spreadsheet is read and written.

A cell arrives as text (CSV) or as a typed value (XLSX: numbers, dates,
booleans); each widget accepts both and raises ValueError with a message a
researcher can act on. Exported values are text, so that a file read back
gives exactly what was written.
"""

import datetime
import re

from django.utils.translation import gettext_lazy as _
from import_export.widgets import Widget

from entities import coordinates
from research.framework import SCORE_MAX, SCORE_MIN


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value):
    """A cell as text, whatever type the spreadsheet gave it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def comparable(value):
    """A value as compared with the stored one: line endings and the spaces
    around text do not count as a change."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


class TextWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        return as_text(value).strip()

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CodeWidget(Widget):
    """A code from reference data (country, region, entity type, sector),
    checked against the codes loaded once per import."""

    def __init__(self, model, example, required=True, case=str.upper):
        super().__init__()
        self.model = model
        self.example = example
        self.required = required
        self.case = case
        self._codes = None

    def codes(self):
        if self._codes is None:
            self._codes = set(self.model._default_manager.values_list("pk", flat=True))
        return self._codes

    def clean(self, value, row=None, **kwargs):
        code = self.case(as_text(value).strip())
        if not code:
            if self.required:
                raise ValueError(_("This column is required."))
            return None
        if code not in self.codes():
            raise ValueError(
                _("Unknown code “%(value)s”: use a %(kind)s code, e.g. %(example)s.")
                % {"value": code, "kind": self.model._meta.verbose_name, "example": self.example}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ChoiceWidget(Widget):
    """One of a TextChoices' codes; a blank cell gives ``default``."""

    def __init__(self, choices, default=""):
        super().__init__()
        self.choices = choices
        self.default = default

    def clean(self, value, row=None, **kwargs):
        code = as_text(value).strip().lower()
        if not code:
            return self.default
        if code not in self.choices.values:
            raise ValueError(
                _("“%(value)s” is not one of: %(codes)s.")
                % {"value": code, "codes": ", ".join(self.choices.values)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class IntegerWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, bool):
            raise ValueError(_("Write a whole number."))
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = as_text(value).strip()
        if not re.fullmatch(r"-?\d{1,9}", text):
            raise ValueError(_("Write a whole number, without separators (e.g. 1200)."))
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CoordinateWidget(Widget):
    """A latitude or longitude: a number of degrees as text or as a spreadsheet's
    number, read as the admin's form reads it (entities.coordinates: rounded
    to six places, a comma for the point); written without trailing zeros."""

    def __init__(self, field):
        super().__init__()
        self.field = field

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        try:
            return coordinates.parse(value, self.field)
        except coordinates.CoordinateError as error:
            raise ValueError(error.message) from None

    def render(self, value, obj=None, **kwargs):
        return coordinates.text(value)


class VersionWidget(Widget):
    """The lock version an entity had when exported (django-concurrency's
    numbers have 15 or more digits)."""

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = as_text(value).strip()
        if not text.isdigit():
            # E.g. 8.41E+14: a spreadsheet program read the number and rounded it.
            raise ValueError(
                _(
                    "Write the version as exported, or leave it blank. If your spreadsheet "
                    "program changed it, export the file again as .xlsx."
                )
            )
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return str(value) if value else ""  # a new entity has none yet (0)


class YesNoWidget(Widget):
    YES = {"yes", "y", "true", "1"}
    NO = {"no", "n", "false", "0", ""}

    def clean(self, value, row=None, **kwargs):
        text = as_text(value).strip().lower()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("Write yes or no."))

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class YesNoUnknownWidget(YesNoWidget):
    """Yes or no, or unknown (None): an empty cell, or "unknown"."""

    UNKNOWN = {"", "unknown"}

    def clean(self, value, row=None, **kwargs):
        text = as_text(value).strip().lower()
        if text in self.UNKNOWN:
            return None
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("Write yes or no, or leave the cell empty if it is not known."))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else super().render(value, obj, **kwargs)


class ConfirmedWidget(YesNoWidget):
    def render(self, value, obj=None, **kwargs):
        return "yes" if value else ""


class DateWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.datetime.strptime(as_text(value).strip(), "%Y-%m-%d").date()
        except ValueError:
            raise ValueError(_("Write the date as YYYY-MM-DD, e.g. 2026-03-12.")) from None

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class ScoreWidget(Widget):
    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        text = as_text(value).strip()
        if text.isdigit() and SCORE_MIN <= int(text) <= SCORE_MAX:
            return int(text)
        raise ValueError(
            _("A score is %(min)s, 1, 2 or %(max)s, or blank (not assessed).")
            % {"min": SCORE_MIN, "max": SCORE_MAX}
        )

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class GoalsWidget(Widget):
    """SDG numbers separated by commas, as a sorted tuple."""

    def clean(self, value, row=None, **kwargs):
        parts = [part for part in re.split(r"[,;\s]+", as_text(value)) if part]
        if not all(part.isdigit() and 1 <= int(part) <= 17 for part in parts):
            raise ValueError(_("Write SDG numbers from 1 to 17 separated by commas, e.g. 1, 8."))
        return tuple(sorted({int(part) for part in parts}))

    def render(self, value, obj=None, **kwargs):
        return ", ".join(str(number) for number in value or ())

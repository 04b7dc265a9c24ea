"""Likely duplicates: entities of the same country with the same or a very
similar name (in either script), or the same registration number.

Used wherever an entity is entered (the admin form, the spreadsheet import) to
warn before a second record of the same entity is created. Every lookup is an
indexed range scan with a small LIMIT, so a check costs a handful of cheap
queries whatever the size of the registry:
- the same name: ``name_key`` or ``name_local_key`` equal to either name's key
  (indexes on ``(country, name_key)`` and ``(country, name_local_key)``);
- a very similar name: among the entities whose key sorts next to the name's
  key and shares its first ``PREFIX`` characters (the same indexes, read
  ``NEIGHBOURS`` rows each way), those whose key is at least ``SIMILARITY``
  alike (difflib ratio) and carries the same numbers ("Savings group 1" and
  "Savings group 2" are two groups);
- the same registration number (index on ``registration_number``).

``RowIndex`` applies the same rules to rows not stored yet (a file's rows).
"""

import bisect
import difflib
import re
from collections import defaultdict

from django.db import models
from django.utils.translation import gettext_lazy as _

from entities.models import Entity
from entities.search import name_key

SIMILARITY = 0.9
NEIGHBOURS = 20  # keys read on each side of a name's key
PREFIX = 3  # a similar key shares this many first characters
MIN_SIMILAR_LENGTH = 5  # shorter keys are compared for equality only
FIELDS = ("id", "name", "name_local", "country_id", "registration_number", "status")
DIGITS = re.compile(r"\d+")
KEY_COLUMNS = ("name_key", "name_local_key")


class Reason(models.TextChoices):
    SAME_NAME = "same_name", _("same name")
    SIMILAR_NAME = "similar_name", _("very similar name")
    SAME_REGISTRATION_NUMBER = "same_registration_number", _("same registration number")


def likely_duplicates(
    country_code, name, name_local="", registration_number="", exclude_pk=None, limit=5
):
    """Entities of ``country_code`` that are probably the entity described.

    Returns at most ``limit`` Entity instances (only ``FIELDS`` loaded), the
    most certain first: same name, then same registration number, then the
    most similar names. Each carries ``duplicate_reason`` (a ``Reason``).
    ``exclude_pk`` leaves out the entity being edited.
    """
    # Unordered: each lookup reads a few rows from its index, with nothing to sort.
    entities = Entity.objects.filter(country_id=country_code).only(*FIELDS).order_by()
    if exclude_pk is not None:
        entities = entities.exclude(pk=exclude_pk)
    own = dict(zip(KEY_COLUMNS, (name_key(name or ""), name_key(name_local or "")), strict=True))
    keys = {key for key in own.values() if key}
    found = Found()

    if keys:
        # One query per column (an OR of the two would not use the indexes on SQLite).
        for column in KEY_COLUMNS:
            for entity in entities.filter(**{f"{column}__in": keys})[:limit]:
                found.add(entity, (0, 0), Reason.SAME_NAME)
    number = (registration_number or "").strip()
    if number:
        # The registration number's own index; the country is checked here.
        same_number = Entity.objects.filter(registration_number=number).only(*FIELDS).order_by()
        for entity in same_number[:50]:
            if entity.country_id == country_code and entity.pk != exclude_pk:
                found.add(entity, (1, 0), Reason.SAME_REGISTRATION_NUMBER)
    for column, key in own.items():
        if len(key) < MIN_SIMILAR_LENGTH:
            continue
        for entity in neighbours(entities, column, key):
            ratio = similarity(key, getattr(entity, column))
            if ratio:
                found.add(entity, (2, -ratio), Reason.SIMILAR_NAME)
    return found.ranked(limit)


class Found:
    """Matches by key, each kept with its strongest reason."""

    def __init__(self):
        self.matches = {}

    def add(self, match, rank, reason, key=None):
        key = match.pk if key is None else key
        if key not in self.matches or rank < self.matches[key][0]:
            if isinstance(match, Entity):
                match.duplicate_reason = reason
            self.matches[key] = (rank, key, match, reason)

    def ranked(self, limit):
        ordered = sorted(self.matches.values(), key=lambda item: item[:2])
        return [item[2] for item in ordered[:limit]]

    def ranked_with_reasons(self, limit):
        ordered = sorted(self.matches.values(), key=lambda item: item[:2])
        return [(item[2], item[3]) for item in ordered[:limit]]


def neighbours(entities, column, key):
    """The entities whose ``column`` sorts next to ``key`` with its prefix."""
    prefix = key[:PREFIX]
    # Keys starting with the prefix sort in [prefix, upper) in code point order
    # (SQLite, PostgreSQL's C collations); under another collation the range
    # is still a small one around the key, read through the index.
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    after = entities.filter(**{f"{column}__gte": key, f"{column}__lt": upper})
    before = entities.filter(**{f"{column}__gte": prefix, f"{column}__lt": key})
    return [
        *after.only(*FIELDS, column).order_by(column)[:NEIGHBOURS],
        *before.only(*FIELDS, column).order_by(f"-{column}")[:NEIGHBOURS],
    ]


def similarity(key, other):
    """The difflib ratio of two different keys with the same numbers, when
    it reaches SIMILARITY; otherwise 0."""
    if key == other or DIGITS.findall(key) != DIGITS.findall(other):
        return 0
    matcher = difflib.SequenceMatcher(None, key, other, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
        return 0
    ratio = matcher.ratio()
    return ratio if ratio >= SIMILARITY else 0


class RowIndex:
    """Likely duplicates among rows not stored yet, such as the earlier rows
    of an imported file, by the rules of ``likely_duplicates``. A row is any
    label (its number in the file)."""

    def __init__(self):
        self.names = {}  # (country, key) -> row, keys of both scripts together
        self.numbers = {}  # (country, registration number) -> row
        self.sorted = defaultdict(list)  # (country, column) -> sorted [(key, row)]

    def add(self, row, country_code, name, name_local="", registration_number=""):
        for column, key in zip(KEY_COLUMNS, (name_key(name), name_key(name_local)), strict=True):
            if key:
                self.names.setdefault((country_code, key), row)
                bisect.insort(self.sorted[country_code, column], (key, row))
        if number := registration_number.strip():
            self.numbers.setdefault((country_code, number), row)

    def find(self, country_code, name, name_local="", registration_number="", limit=5):
        """[(row, Reason)], the most certain first."""
        found = Found()
        own = zip(KEY_COLUMNS, (name_key(name), name_key(name_local)), strict=True)
        for column, key in own:
            if not key:
                continue
            if (row := self.names.get((country_code, key))) is not None:
                found.add(row, (0, 0), Reason.SAME_NAME, key=row)
            if len(key) < MIN_SIMILAR_LENGTH:
                continue
            keys = self.sorted[country_code, column]
            at = bisect.bisect_left(keys, (key,))
            for other, row in keys[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]:
                if other.startswith(key[:PREFIX]) and (ratio := similarity(key, other)):
                    found.add(row, (2, -ratio), Reason.SIMILAR_NAME, key=row)
        number = registration_number.strip()
        if number and (row := self.numbers.get((country_code, number))) is not None:
            found.add(row, (1, 0), Reason.SAME_REGISTRATION_NUMBER, key=row)
        return found.ranked_with_reasons(limit)

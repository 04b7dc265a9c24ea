"""Likely duplicates: entities of the same country with the same or a very
similar name (in either script), or the same registration number.

Used wherever an entity is entered (the admin form, the spreadsheet import) to
warn before a second record of the same entity is created. Every lookup is an
indexed range scan with a small LIMIT, so a check costs a handful of cheap
queries whatever the size of the registry:
- the same name: ``name_key`` or ``name_local_key`` equal to either name's key
  (indexes on ``(country, name_key)`` and ``(country, name_local_key)``);
- a very similar name: among the entities whose key sorts next to the name's
  key and shares its first characters (the same indexes, read a few rows each
  way), those whose key is at least ``SIMILARITY`` alike (difflib ratio) and
  carries the same numbers ("Savings group 1" and "Savings group 2" are two
  groups);
- the same registration number (index on ``registration_number``).
"""

import difflib
import re

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
    entities = Entity.objects.filter(country_id=country_code).only(*FIELDS)
    if exclude_pk is not None:
        entities = entities.exclude(pk=exclude_pk)
    own_keys = (("name_key", name_key(name or "")), ("name_local_key", name_key(name_local or "")))
    keys = {key for _column, key in own_keys if key}
    found = {}

    def add(entity, rank, reason):
        if entity.pk not in found or rank < found[entity.pk][0]:
            entity.duplicate_reason = reason
            found[entity.pk] = (rank, entity)

    for column in ("name_key", "name_local_key"):
        if keys:
            for entity in entities.filter(**{f"{column}__in": keys})[:limit]:
                add(entity, (0, 0), Reason.SAME_NAME)
    number = (registration_number or "").strip()
    if number:
        for entity in entities.filter(registration_number=number)[:limit]:
            add(entity, (1, 0), Reason.SAME_REGISTRATION_NUMBER)
    for column, key in own_keys:
        for entity, ratio in similar(entities, column, key):
            add(entity, (2, -ratio), Reason.SIMILAR_NAME)

    ranked = sorted(found.values(), key=lambda item: (item[0], item[1].pk))
    return [entity for _rank, entity in ranked[:limit]]


def similar(entities, column, key):
    """(entity, ratio) for the entities whose ``column`` is a key very like ``key``."""
    if len(key) < MIN_SIMILAR_LENGTH:
        return []
    prefix = key[:PREFIX]
    # All keys starting with the prefix sort in [prefix, upper) (code point order).
    upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    after = entities.filter(**{f"{column}__gte": key, f"{column}__lt": upper}).order_by(column)
    before = entities.filter(**{f"{column}__gte": prefix, f"{column}__lt": key}).order_by(
        f"-{column}"
    )
    candidates = [
        *after.only(*FIELDS, column)[:NEIGHBOURS],
        *before.only(*FIELDS, column)[:NEIGHBOURS],
    ]
    numbers = DIGITS.findall(key)
    matches = []
    for entity in candidates:
        other = getattr(entity, column)
        if other == key or DIGITS.findall(other) != numbers:
            continue  # equal keys are found as the same name
        matcher = difflib.SequenceMatcher(None, key, other, autojunk=False)
        if matcher.real_quick_ratio() >= SIMILARITY and matcher.quick_ratio() >= SIMILARITY:
            ratio = matcher.ratio()
            if ratio >= SIMILARITY:
                matches.append((entity, ratio))
    return matches

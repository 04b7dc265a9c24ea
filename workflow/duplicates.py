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

The import also compares registration numbers without their spaces,
punctuation and case, and websites without their scheme, "www.", trailing
slash and case (``likely_duplicates_by_identifiers``): one scan of the file's
countries' entities that have either, whatever their status.

``RowIndex`` applies the same rules to rows not stored yet (a file's rows);
``links_to_matches`` names the matches in a warning.
"""

import bisect
import copy
import difflib
import re
from collections import defaultdict
from functools import lru_cache

from django.db import connection, models
from django.urls import reverse
from django.utils.html import format_html_join
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
TABLE = Entity._meta.db_table
LOOKUPS_PER_QUERY = 400  # SQLite takes at most 500 SELECTs in one statement
LATERAL_FROM = 20  # lookups of one kind run as a LATERAL join on PostgreSQL
LOAD_BATCH = 500
NOT_A_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
IDENTIFIERS_CHUNK = 5000  # stored entities read at a time when comparing identifiers


class Reason(models.TextChoices):
    SAME_NAME = "same_name", _("same name")
    SIMILAR_NAME = "similar_name", _("very similar name")
    SAME_REGISTRATION_NUMBER = "same_registration_number", _("same registration number")
    SAME_WEBSITE = "same_website", _("same website")


def likely_duplicates(
    country_code, name, name_local="", registration_number="", exclude_pk=None, limit=5
):
    """Entities of ``country_code`` that are probably the entity described.

    Returns at most ``limit`` Entity instances (only ``FIELDS`` loaded), the
    most certain first: same name, then same registration number, then the
    most similar names. Each carries ``duplicate_reason`` (a ``Reason``).
    ``exclude_pk`` leaves out the entity being edited.
    """
    described = (country_code, name, name_local, registration_number, exclude_pk)
    return likely_duplicates_of_many([described], limit=limit)[0]


def likely_duplicates_of_many(described, limit=5):
    """``likely_duplicates()`` of many entities at once, for a file's rows.

    ``described``: (country_code, name, name_local, registration_number,
    exclude_pk) tuples; returns a list of results in the same order. The
    lookups are the same index scans, sent ``LOOKUPS_PER_QUERY`` at a time
    as one statement and reading ids and keys only; the few entities matched
    are loaded at the end. A file of 50,000 rows costs some thousand
    statements instead of 350,000.
    """
    lookups = _Lookups(limit)
    founds = [lookups.add(*description) for description in described]
    lookups.run()
    return load_matches([found.ranked_with_reasons(limit) for found in founds])


def load_matches(ranked):
    """[[(id, Reason)]] as lists of entities (only ``FIELDS`` and the region's
    name loaded), each carrying its ``duplicate_reason``; loaded together."""
    ids = sorted({pk for matches in ranked for pk, _reason in matches})
    loaded = {}
    for start in range(0, len(ids), LOAD_BATCH):
        entities = Entity.objects.filter(pk__in=ids[start : start + LOAD_BATCH])
        entities = entities.select_related("region").only(*FIELDS, "region__name").order_by()
        loaded.update((entity.pk, entity) for entity in entities)
    results = []
    for matches in ranked:
        result = []
        for pk, reason in matches:
            if pk in loaded:  # else deleted meanwhile
                entity = copy.copy(loaded[pk])  # a reason of its own for each row
                entity.duplicate_reason = reason
                result.append(entity)
        results.append(result)
    return results


def registration_key(number):
    """A registration number as compared: without spaces, punctuation or case
    ("5-50-07-08/1-0142" and "5 50 07 08 1 0142" are one number)."""
    return NOT_A_LETTER_OR_DIGIT.sub("", number or "").casefold()


def website_key(address):
    """A website as compared: without its scheme, "www.", fragment, trailing
    slash or case ("https://www.Example.org/" and "example.org" are one
    site). The path stays: two pages on one social network are two sites."""
    text = SCHEME.sub("", (address or "").strip().casefold())
    text = text.split("#", 1)[0].removeprefix("www.")
    return text.rstrip("/")


def likely_duplicates_by_identifiers(described, limit=5):
    """The stored entities of the same country with the same registration
    number or website, once both are normalised (``registration_key``,
    ``website_key``), of each described entity.

    ``described``: (country_code, registration_number, website, exclude_pk)
    tuples; returns a list of entity lists in the same order, as
    ``likely_duplicates_of_many`` does. The countries' entities with a number
    or a website are read once (ids and the two values), whatever their status.
    """
    countries = {country for country, *_rest in described}
    index = defaultdict(list)  # (country, reason, key) -> ids
    stored = (
        Entity.objects.filter(country_id__in=countries)
        .exclude(registration_number="", website="")
        .order_by()
        .values_list("id", "country_id", "registration_number", "website")
    )
    for pk, country, number, website in stored.iterator(chunk_size=IDENTIFIERS_CHUNK):
        if key := registration_key(number):
            index[country, Reason.SAME_REGISTRATION_NUMBER, key].append(pk)
        if key := website_key(website):
            index[country, Reason.SAME_WEBSITE, key].append(pk)
    ranked = []
    for country, number, website, exclude_pk in described:
        found = Found()
        keys = (
            (Reason.SAME_REGISTRATION_NUMBER, registration_key(number), (1, 0)),
            (Reason.SAME_WEBSITE, website_key(website), (1, 1)),
        )
        for reason, key, rank in keys:
            for pk in index.get((country, reason, key), ()) if key else ():
                if pk != exclude_pk:
                    found.add(pk, rank, reason)
        ranked.append(found.ranked_with_reasons(limit))
    return load_matches(ranked)


def links_to_matches(entities):
    """Likely duplicates (from ``likely_duplicates``) as a warning names them:
    each a link to its record (in a new tab: the form stays as it was), then
    its region, its number and why it matched, as in “Ban Hom Weavers (Khon
    Kaen, #12, same name)”; several joined by commas."""
    return format_html_join(
        ", ",
        '<a href="{}" target="_blank">{}</a> ({})',
        (
            (
                reverse("admin:entities_entity_change", args=[entity.pk]),
                entity.name,
                ", ".join(_match_details(entity)),
            )
            for entity in entities
        ),
    )


def _match_details(entity):
    if entity.region is not None:
        yield entity.region.name
    yield f"#{entity.pk}"
    yield str(entity.duplicate_reason.label)


class _Lookups:
    """The index lookups of ``likely_duplicates``, gathered for many
    descriptions and run together; each answer goes to its description's
    ``Found``."""

    def __init__(self, limit):
        self.limit = limit
        self.lookups = defaultdict(list)  # SQL with placeholders -> the params of each lookup
        self.handlers = []  # what to do with each lookup's rows

    def add(self, country_code, name, name_local, registration_number, exclude_pk):
        found = Found()
        own = dict(zip(KEY_COLUMNS, (_key(name or ""), _key(name_local or "")), strict=True))
        keys = sorted({key for key in own.values() if key})
        # The entities of the country, but not the one being edited.
        where, params = ["country_id = %s"], [country_code]
        if exclude_pk is not None:
            where, params = [*where, "id <> %s"], [*params, exclude_pk]

        if keys:

            def same_name(pk, _key):
                found.add(pk, (0, 0), Reason.SAME_NAME)

            # One lookup per column (an OR of the two would not use the indexes on SQLite).
            for column in KEY_COLUMNS:
                among = f"{column} IN ({', '.join(['%s'] * len(keys))})"
                self._add(same_name, [*where, among], [*params, *keys], column, limit=self.limit)
        number = (registration_number or "").strip()
        if number:

            def same_number(pk, country):
                if country == country_code and pk != exclude_pk:
                    found.add(pk, (1, 0), Reason.SAME_REGISTRATION_NUMBER)

            # The registration number's own index; the country is checked here.
            self._add(same_number, ["registration_number = %s"], [number], "country_id", limit=50)
        for column, key in own.items():
            if len(key) < MIN_SIMILAR_LENGTH:
                continue
            # The entities whose key sorts next to ``key`` with its prefix: in
            # code point order (SQLite, PostgreSQL's C collations) they start
            # with it; under another collation the range is still a small one
            # around the key, read through the index.
            similar = _similar_names(found, key)
            prefix = key[:PREFIX]
            upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            between = [*where, f"{column} >= %s", f"{column} < %s"]
            self._add(similar, between, [*params, key, upper], column, column, NEIGHBOURS)
            self._add(
                similar, between, [*params, prefix, key], column, f"{column} DESC", NEIGHBOURS
            )
        return found

    def _add(self, handler, where, params, value_column, order=None, limit=None):
        """A lookup reading (its number, id, ``value_column``) of the rows matching."""
        sql = (
            f"SELECT %s AS tag, id, {value_column} AS value FROM {TABLE}"
            f" WHERE {' AND '.join(where)}{f' ORDER BY {order}' if order else ''} LIMIT {limit}"
        )
        self.lookups[sql].append([len(self.handlers), *params])
        self.handlers.append(handler)

    def run(self):
        """Run the lookups, many in each statement (``_lateral``, ``_union``)."""
        per_query = LOOKUPS_PER_QUERY
        if max_params := connection.features.max_query_params:
            per_query = min(per_query, max_params // 8)
        statements, mixed = [], []
        for sql, lookups in self.lookups.items():
            if connection.vendor == "postgresql" and len(lookups) >= LATERAL_FROM:
                statements.extend(
                    _lateral(sql, lookups[start : start + per_query])
                    for start in range(0, len(lookups), per_query)
                )
            else:
                mixed.extend((sql, params) for params in lookups)
        statements.extend(
            _union(mixed[start : start + per_query]) for start in range(0, len(mixed), per_query)
        )
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(*statement)
                for tag, pk, value in cursor.fetchall():
                    self.handlers[tag](pk, value)


def _lateral(sql, lookups):
    """One statement running the same lookup ``sql`` with each lookup's params,
    on PostgreSQL: a LATERAL join over the params, planned once (a UNION of
    hundreds of subqueries costs more to plan than to run)."""
    names = [f"p{n}" for n in range(len(lookups[0]))]
    row = f"({', '.join(['%s'] * len(names))})"
    lateral = sql % tuple(f"given.{name}" for name in names)
    return (
        f"SELECT lookup.* FROM (VALUES {', '.join([row] * len(lookups))})"
        f" AS given({', '.join(names)}) CROSS JOIN LATERAL ({lateral}) AS lookup",
        [param for params in lookups for param in params],
    )


def _union(lookups):
    """One statement running the (sql, params) lookups: each in a subquery of
    a UNION ALL, keeping its ORDER BY and LIMIT."""
    union = " UNION ALL ".join(
        f"SELECT * FROM ({sql}) AS lookup_{n}" for n, (sql, _params) in enumerate(lookups)
    )
    return union, [param for _sql, params in lookups for param in params]


# A file's row is looked up (find) and then added to the index (add): its
# names' keys are computed once.
_key = lru_cache(maxsize=1024)(name_key)


def _similar_names(found, key):
    """What to do with a neighbour of ``key``: add it when its key is very similar."""
    ratios = {}  # neighbours often share a name: compare each key once

    def add(pk, other):
        if other not in ratios:
            ratios[other] = similarity(key, other)
        if ratios[other]:
            found.add(pk, (2, -ratios[other]), Reason.SIMILAR_NAME)

    return add


class Found:
    """Matches (entity ids or row numbers), each kept with its strongest reason."""

    def __init__(self):
        self.matches = {}

    def add(self, match, rank, reason):
        if match not in self.matches or rank < self.matches[match][0]:
            self.matches[match] = (rank, match, reason)

    def ranked_with_reasons(self, limit):
        ordered = sorted(self.matches.values(), key=lambda item: item[:2])
        return [(match, reason) for _rank, match, reason in ordered[:limit]]


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
        self.numbers = {}  # (country, registration_key) -> row
        self.websites = {}  # (country, website_key) -> row
        # (country, column) -> sorted [(key, row, the key's numbers)]
        self.sorted = defaultdict(list)

    def add(self, row, country_code, name, name_local="", registration_number="", website=""):
        for column, key in zip(KEY_COLUMNS, (_key(name), _key(name_local)), strict=True):
            if key:
                self.names.setdefault((country_code, key), row)
                bisect.insort(self.sorted[country_code, column], (key, row, DIGITS.findall(key)))
        if number := registration_key(registration_number):
            self.numbers.setdefault((country_code, number), row)
        if site := website_key(website):
            self.websites.setdefault((country_code, site), row)

    def find(self, country_code, name, name_local="", registration_number="", website="", limit=5):
        """[(row, Reason)], the most certain first."""
        found = Found()
        own = zip(KEY_COLUMNS, (_key(name), _key(name_local)), strict=True)
        for column, key in own:
            if not key:
                continue
            if (row := self.names.get((country_code, key))) is not None:
                found.add(row, (0, 0), Reason.SAME_NAME)
            if len(key) < MIN_SIMILAR_LENGTH:
                continue
            keys = self.sorted[country_code, column]
            at = bisect.bisect_left(keys, (key,))
            numbers = DIGITS.findall(key)
            for other, row, other_numbers in keys[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]:
                # Other numbers, not similar: rule out most neighbours cheaply.
                if other_numbers != numbers or not other.startswith(key[:PREFIX]):
                    continue
                if ratio := similarity(key, other):
                    found.add(row, (2, -ratio), Reason.SIMILAR_NAME)
        number = registration_key(registration_number)
        if number and (row := self.numbers.get((country_code, number))) is not None:
            found.add(row, (1, 0), Reason.SAME_REGISTRATION_NUMBER)
        site = website_key(website)
        if site and (row := self.websites.get((country_code, site))) is not None:
            found.add(row, (1, 1), Reason.SAME_WEBSITE)
        return found.ranked_with_reasons(limit)

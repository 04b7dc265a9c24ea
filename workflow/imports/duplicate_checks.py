"""Likely duplicates of a file's new or renamed entities (or those whose
registration number or website changes): among the stored entities (looked
up for the whole file first) and among the file's own rows. Besides the
names, the registration numbers and the websites are compared once
normalised (``workflow.duplicates.registration_key``, ``website_key``)."""

from django.utils.html import format_html
from django.utils.translation import gettext as _

from workflow.duplicates import (
    Reason,
    RowIndex,
    likely_duplicates,
    likely_duplicates_by_identifiers,
    likely_duplicates_of_many,
    links_to_matches,
)

from .sheets import IDENTITY_FIELDS, identity
from .validation import add_error

DUPLICATES_BATCH = 1000  # rows whose likely duplicates are looked up together
SHOWN_DUPLICATES = 3


def described(values):
    """An entity's identity as likely_duplicates() takes it: (country, name,
    name_local, registration number)."""
    values = dict(zip(IDENTITY_FIELDS, values, strict=True))
    return (
        values["country_id"],
        values["name"],
        values["name_local"],
        values["registration_number"],
    )


def website_of(values):
    return dict(zip(IDENTITY_FIELDS, values, strict=True))["website"]


def identifiers(values, pk):
    """What ``likely_duplicates_by_identifiers`` takes: (country, registration
    number, website, the entity's own id)."""
    country, _name, _name_local, number = described(values)
    return (country, number, website_of(values), pk)


def duplicate_column(reason):
    return {
        Reason.SAME_REGISTRATION_NUMBER: "registration_number",
        Reason.SAME_WEBSITE: "website",
    }.get(reason, "name")


class DuplicateChecks:
    """A row's likely duplicates, each message under the column it is about
    (the name, or the registration number)."""

    def __init__(self, writer):
        self.writer = writer  # what the import created is its rows, not duplicates
        self.stored = {}  # (country, name, name_local, number, id) -> entities
        self.by_identifiers = {}  # (country, number, website, id) -> entities
        self.new_rows = RowIndex()  # the file's valid new entities

    def look_up(self, rows):
        """``rows``: the (country, name, name_local, number, website, id) of
        the rows to check."""
        rows = sorted(rows, key=str)
        by_name = [(*row[:4], row[5]) for row in rows]
        for start in range(0, len(by_name), DUPLICATES_BATCH):
            batch = by_name[start : start + DUPLICATES_BATCH]
            matches = likely_duplicates_of_many(batch, limit=2 * SHOWN_DUPLICATES)
            self.stored.update(zip(batch, matches, strict=True))
        described_by = [(row[0], row[3], row[4], row[5]) for row in rows if row[3] or row[4]]
        if described_by:
            matches = likely_duplicates_by_identifiers(described_by, limit=2 * SHOWN_DUPLICATES)
            self.by_identifiers.update(zip(described_by, matches, strict=True))

    def add_new_row(self, row_number, entity):
        self.new_rows.add(
            row_number,
            entity.country_id,
            entity.name,
            entity.name_local,
            entity.registration_number,
            entity.website,
        )

    def check(self, entity, errors):
        sheet = entity.sheet
        values = identity(entity)
        if sheet.identity is not None and values == sheet.identity:
            return
        described_as = described(values)
        hint = _("If it is a different entity, write yes in confirmed_distinct.")
        stored = self.stored.get((*described_as, entity.pk))
        if stored is None:
            stored = likely_duplicates(
                *described_as, exclude_pk=entity.pk, limit=2 * SHOWN_DUPLICATES
            )
        stored = [*stored, *self.same_identifiers(values, entity.pk, stored)]
        # Stored entities, but not those this import created: they are its rows.
        stored = [match for match in stored if match.pk not in self.writer.created]
        for match in stored[:SHOWN_DUPLICATES]:
            add_error(
                errors,
                duplicate_column(match.duplicate_reason),
                format_html(
                    "{} {}. {}", _("Likely a duplicate of"), links_to_matches([match]), hint
                ),
            )
        found = self.new_rows.find(
            *described_as, website=website_of(values), limit=SHOWN_DUPLICATES
        )
        for row, reason in found:
            add_error(
                errors,
                duplicate_column(reason),
                _("Likely the same entity as row %(row)s (%(reason)s). %(hint)s")
                % {"row": row, "reason": reason.label, "hint": hint},
            )

    def same_identifiers(self, values, pk, already):
        """The stored entities with the same registration number or website
        once normalised, but those ``already`` found by their name or number."""
        described_by = identifiers(values, pk)
        if not (described_by[1] or described_by[2]):
            return []
        matches = self.by_identifiers.get(described_by)
        if matches is None:
            [matches] = likely_duplicates_by_identifiers(
                [described_by], limit=2 * SHOWN_DUPLICATES
            )
        found = {match.pk for match in already}
        return [match for match in matches if match.pk not in found]

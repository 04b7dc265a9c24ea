"""An external file's rows made into the import's rows for one user: each
row's country read (in any language, misspelt, or from its coordinates), its
scope checked (rows outside the user's countries or that cannot be placed
are skipped and reported when the user asks, errors otherwise), a record
imported before found by its identifier and updated instead of duplicated
(only where the user may change it), and everything said in a report:
skipped rows with their reason, the guesses, the values left empty, and
what each update changes."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from entities.models import Entity, ExternalIdentifier
from workflow.rules import can_edit
from workflow.scoping import country_codes

from ..columns import FIELDS
from ..widgets import as_text, comparable, is_blank
from .formats import DATASET_COLUMNS
from .mapping import CountryMatcher, RegionMatcher

# Licences that ask no attribution; any other does (ODbL, CC BY…), or may.
NO_ATTRIBUTION = ("cc0", "pddl", "public domain")


def needs_attribution(licence):
    text = (licence or "").lower()
    return not any(name in text for name in NO_ATTRIBUTION)


@dataclass
class Options:
    """What the person importing chose: the format, whether to skip the rows
    outside their countries or that cannot be placed, the provenance, and
    the entity type and sector of rows whose source gives none that maps."""

    source: object
    skip_outside: bool = False
    source_name: str = ""
    source_url: str = ""
    licence: str = ""
    licence_url: str = ""
    retrieved_on: date | None = None
    entity_type: str = ""
    sector: str = ""

    def provenance(self, row):
        values = {
            "source_name": self.source_name or self.source.source_name,
            "source_url": self.source_url or self.source.source_url,
            "record_id": "",
            "licence": self.licence or self.source.licence,
            "licence_url": self.licence_url or self.source.licence_url,
            "retrieved_on": self.retrieved_on or timezone.localdate(),
        }
        values.update({key: value for key, value in row.provenance.items() if value})
        if not values["licence_url"].startswith(("http://", "https://")):
            values["licence_url"] = ""
        values["attribution_required"] = needs_attribution(values["licence"])
        return values


@dataclass
class Report:
    """What the preview, the command and its JSON report say besides the
    rows: lines as the source file numbers them."""

    skipped: list = field(default_factory=list)  # (line, name, reason)
    guesses: list = field(default_factory=list)  # (line, message)
    unmapped: list = field(default_factory=list)  # (line, column, value)
    changes: list = field(default_factory=list)  # (line, entity id, [(column, old, new)])
    lines: dict = field(default_factory=dict)  # the dataset's row number -> source line

    def line(self, number):
        return self.lines.get(number, number)

    def as_dict(self):
        return {
            "skipped": [
                {"line": line, "name": name, "reason": reason}
                for line, name, reason in self.skipped
            ],
            "guesses": [{"line": line, "message": message} for line, message in self.guesses],
            "unmapped": [
                {"line": line, "column": column, "value": value}
                for line, column, value in self.unmapped
            ],
            "changes": [
                {
                    "line": line,
                    "entity": entity,
                    "fields": [
                        {"field": column, "old": old, "new": new} for column, old, new in fields
                    ],
                }
                for line, entity, fields in self.changes
            ],
        }


class ExternalPlan:
    def __init__(self, options, user):
        self.options = options
        self.user = user
        self.report = Report()
        self.rows = {}  # the dataset's row number -> ExternalRow
        self.entities = {}  # the dataset's row number -> id of the entity it updates

    def prepare(self, dataset):
        """Rewrite ``dataset`` (an ExternalDataset) into the rows to import."""
        countries, regions = CountryMatcher(), RegionMatcher()
        scope = country_codes(self.user)
        existing = self.look_up(dataset.external_rows)
        seen = {}
        kept = []
        for row in dataset.external_rows:
            values = {column: as_text(row.values.get(column)) for column in DATASET_COLUMNS}
            for _column, message in row.notes:
                self.report.guesses.append((row.line, message))
            for column, value in row.unmapped:
                self.report.unmapped.append((row.line, column, value))
            keys = [
                (scheme, ExternalIdentifier.normalised(scheme, value))
                for scheme, value, _url in row.identifiers
            ]
            if twice := next((seen[key] for key in keys if key in seen), None):
                self.skip(row, _("The same record as line %(line)s.") % {"line": twice})
                continue
            seen.update((key, row.line) for key in keys)
            entity = next((existing[key] for key in keys if key in existing), None)
            if entity is not None and not can_edit(self.user, entity):
                self.skip(
                    row,
                    _(
                        "Imported before as entity %(id)s (%(name)s), which you may not change: "
                        "it is not a draft of your countries."
                    )
                    % {"id": entity.pk, "name": entity.name},
                )
                continue
            if not self.place(row, values, countries, scope):
                continue
            self.set_region(row, values, regions)
            if entity is None:
                self.set_defaults(row, values)
            else:
                values["id"] = str(entity.pk)
                self.fill_stored(row, values, entity)
            if values["registration_number"] and not values["registered"]:
                values["registered"] = "yes"  # a register's number: the source says so
            kept.append((row, values, entity))
        dataset.wipe()
        dataset.headers = DATASET_COLUMNS
        for index, (row, values, entity) in enumerate(kept):
            number = index + 2  # as the spreadsheet import numbers its rows
            dataset.append([values[column] for column in DATASET_COLUMNS])
            self.report.lines[number] = row.line
            self.rows[number] = row
            if entity is not None:
                self.entities[number] = entity.pk

    def skip(self, row, reason):
        self.report.skipped.append((row.line, row.values.get("name", ""), reason))

    def look_up(self, rows):
        """{(scheme, value): entity} for the file's identifiers held already."""
        wanted = {}
        for row in rows:
            for scheme, value, _url in row.identifiers:
                wanted.setdefault(scheme, set()).add(ExternalIdentifier.normalised(scheme, value))
        if not wanted:
            return {}
        query = Q()
        for scheme, values in wanted.items():
            query |= Q(scheme=scheme, value__in=values)
        held = list(
            ExternalIdentifier.objects.filter(query).values_list("scheme", "value", "entity_id")
        )
        entities = Entity.objects.in_bulk({entity for _s, _v, entity in held})
        return {(scheme, value): entities[entity] for scheme, value, entity in held}

    def place(self, row, values, countries, scope):
        """Read the row's country; False when the row is skipped."""
        raw = values["country"]
        code, note = countries.match(raw)
        if code is None and not raw and values["latitude"] and values["longitude"]:
            code = countries.by_coordinates(values["latitude"], values["longitude"])
            if code:
                note = _("No country given: placed in %(code)s (%(name)s) by its coordinates.") % {
                    "code": code,
                    "name": countries.country_names.get(code, code),
                }
        skip = self.options.skip_outside
        if code is None:
            reason = (
                _("The country “%(value)s” is not one the registry holds.") % {"value": raw}
                if raw
                else _("No country, and no coordinates that place it in one country.")
            )
            if skip:
                self.skip(row, reason)
                return False
            values["country"] = raw  # refused on its row, as in a spreadsheet
            return True
        if note:
            self.report.guesses.append((row.line, note))
        values["country"] = code
        if code not in countries.codes:
            if skip:
                self.skip(
                    row, _("%(code)s is not one of the registry's countries.") % {"code": code}
                )
                return False
        elif scope is not None and code not in scope and skip:
            self.skip(row, _("%(code)s is not one of your countries.") % {"code": code})
            return False
        return True

    def set_region(self, row, values, regions):
        raw = values["region"]
        if not raw:
            return
        code = regions.match(values["country"], raw)
        values["region"] = code or ""
        if code is None:
            self.report.unmapped.append((row.line, "region", raw))

    def set_defaults(self, row, values):
        for column, chosen in (
            ("entity_type", self.options.entity_type),
            ("sector", self.options.sector),
        ):
            if not values[column] and chosen:
                values[column] = chosen
                self.report.guesses.append(
                    (
                        row.line,
                        _(
                            "%(column)s set to %(value)s, as chosen for the rows whose source "
                            "gives none."
                        )
                        % {"column": column, "value": chosen},
                    )
                )

    def fill_stored(self, row, values, entity):
        """An update: what the source leaves empty keeps the stored value (a
        researcher's additions stay); what it gives and differs is reported."""
        changed = []
        for column in DATASET_COLUMNS[1:]:
            field_ = FIELDS[column]
            stored = field_.get_value(entity)
            if is_blank(values[column]):
                values[column] = field_.widget.render(stored)
                continue
            try:
                cleaned = field_.widget.clean(values[column])
            except ValueError:
                continue  # an error on its row
            if comparable(cleaned) != comparable(stored):
                changed.append((column, field_.widget.render(stored), values[column]))
        if changed:
            self.report.changes.append((row.line, entity.pk, changed))

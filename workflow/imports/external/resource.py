"""The spreadsheet import's resource for an external file: the rows are
prepared for the user first (``plan``), then read, checked and written as a
spreadsheet's are; the new entities' identifiers elsewhere and provenance
are written in the same transaction, after the rows."""

from django.db.models import Q

from entities.models import ExternalIdentifier, Provenance

from ..resources import EntityResource
from .plan import ExternalPlan


class ExternalEntityResource(EntityResource):
    def __init__(self, options=None, **kwargs):
        super().__init__(**kwargs)
        self.options = options
        self.plan = None

    def before_import(self, dataset, **kwargs):
        self.plan = ExternalPlan(self.options, kwargs["user"])
        self.plan.prepare(dataset)
        super().before_import(dataset, **kwargs)

    def preset_country(self, dataset):
        """A row without a country stays without one: it is reported (or
        refused), never placed in the researcher's country unasked."""

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        report = self.plan.report
        result.row_warnings = [
            (report.line(number), column, message)
            for number, column, message in result.row_warnings
        ]
        result.external_report = report
        failed = result.has_errors() or result.has_validation_errors()
        if kwargs.get("dry_run") or failed:
            return
        self.write_sources()

    def entity_ids(self):
        """{the dataset's row number: the entity it made or updated}."""
        created = {number: pk for pk, number in self.writer.created.items()}
        return {
            number: self.plan.entities.get(number) or created.get(number)
            for number in self.plan.rows
            if self.plan.entities.get(number) or created.get(number)
        }

    def write_sources(self):
        ids = self.entity_ids()
        self.write_identifiers(ids)
        self.write_provenance(ids)

    def write_identifiers(self, ids):
        wanted = {}
        for number, entity_id in ids.items():
            for scheme, value, url in self.plan.rows[number].identifiers:
                key = (scheme, ExternalIdentifier.normalised(scheme, value))
                wanted.setdefault(key, (entity_id, url))
        if not wanted:
            return
        query = Q()
        for scheme, value in wanted:
            query |= Q(scheme=scheme, value=value)
        held = set(ExternalIdentifier.objects.filter(query).values_list("scheme", "value"))
        new = [
            ExternalIdentifier(entity_id=entity_id, scheme=scheme, value=value, url=url[:500])
            for (scheme, value), (entity_id, url) in wanted.items()
            if (scheme, value) not in held
        ]
        ExternalIdentifier.objects.bulk_create(new)
        if new:
            ExternalIdentifier.history.bulk_history_create(
                new, default_user=self.writer.user, default_change_reason=None
            )

    def write_provenance(self, ids):
        records = {}
        for number, entity_id in ids.items():
            values = self.options.provenance(self.plan.rows[number])
            records[(entity_id, values["source_name"], values["record_id"])] = values
        stored = {
            (record.entity_id, record.source_name, record.record_id): record
            for record in Provenance.objects.filter(entity_id__in=set(ids.values()))
        }
        fields = ["source_url", "licence", "licence_url", "attribution_required", "retrieved_on"]
        new, changed = [], []
        for (entity_id, _name, _record), values in records.items():
            record = stored.get((entity_id, values["source_name"], values["record_id"]))
            if record is None:
                new.append(Provenance(entity_id=entity_id, **values))
                continue
            for name in fields:
                setattr(record, name, values[name])
            changed.append(record)
        Provenance.objects.bulk_create(new)
        Provenance.objects.bulk_update(changed, fields)

"""Writing an import's rows in batches, with their history.

A row writes up to nine records (the entity, its assessment, seven scores),
each of which the registry keeps a history of. Saved one by one, 50,000 rows
took 40 minutes; written here a batch at a time (bulk_create, bulk_update),
the same rows and the same history rows take a few statements per batch.
Simple-history records only save() and delete(), so the history rows are
written here too (``bulk_history_create``), in the same transaction: one per
record created ("+") or changed ("~"), with the importing user and no change
reason, as a save would; an entity's carries its SDGs. A save would also move
the lock version and refresh the search copies: so does ``_prepare_update``.
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from core.freshness import published_data_changed
from entities.models import Entity
from entities.profiles import refresh_profiles
from research.models import Assessment, Score

SdgLink = Entity.sdgs.through


def sdg_history_model():
    """simple-history's table of the SDGs each historical entity had."""
    return Entity.history.model.sdgs.model


# What a save() computes besides the row's own values: the search copies
# (their fields' pre_save) and the last update time.
DERIVED_ENTITY_FIELDS = ("search_text", "name_key", "name_local_key", "updated_at")
# The fields each search copy is made of.
SOURCES = {
    field.name: set(getattr(field, "source_fields", None) or [field.source_field])
    for field in map(Entity._meta.get_field, DERIVED_ENTITY_FIELDS[:-1])
}
ASSESSMENT_FIELDS = ("assessed_on", "method", "updated_at", "version")
# bulk_update writes one CASE per field with a branch per row, which the
# database reads through for each row: short batches keep that cheap.
UPDATE_BATCH = 200


def _update_fields(changed):
    """The fields to update on entities whose rows changed ``changed``: those,
    the search copies made of them, the update time and the version."""
    derived = [name for name, sources in SOURCES.items() if sources & set(changed)]
    return [*changed, *derived, "updated_at", "version"]


class Pending:
    """A row waiting for its batch: its entity (with its ``sheet``), and
    whether its scores update the latest assessment (a draft the user may
    edit) or start a new one."""

    __slots__ = ("entity", "row_number", "updates_draft")

    def __init__(self, entity, row_number, updates_draft):
        self.entity = entity
        self.row_number = row_number
        self.updates_draft = updates_draft


class ImportWriter:
    """Collects the rows to write and writes them ``batch_size`` at a time.

    A changed entity's sheet names the fields the row changes
    (``changed_fields``): only these are updated, with what follows from them.
    After ``flush()``: ``created`` maps each new entity's id to its row,
    ``touched`` holds every entity written, ``changed_published`` says whether
    a published entity changed (imports by reviewers).
    """

    def __init__(self, user, batch_size):
        # request.user is a lazy proxy, costly to go through for each of a
        # hundred thousand history rows: the user it stands for.
        self.user = getattr(user, "_wrapped", user) if user.pk else user
        self.batch_size = batch_size
        self.pending = []
        self.created = {}
        self.touched = set()
        self.changed_published = False

    def add(self, entity, row_number, updates_draft):
        self.pending.append(Pending(entity, row_number, updates_draft))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self):
        """Write the pending rows. In a savepoint of its own, so that a
        failure leaves the import's transaction usable to report it (the
        import then rolls everything back)."""
        batch, self.pending = self.pending, []
        if not batch:
            return
        new = [row for row in batch if row.entity.pk is None]
        with transaction.atomic():
            self._write_entities([row.entity for row in batch])
            self._write_assessments(batch)
        self.created.update((row.entity.pk, row.row_number) for row in new)
        self.touched.update(row.entity.pk for row in batch)

    def finish(self):
        """Write the last rows, then refresh what follows from the written ones."""
        self.flush()
        if self.changed_published:
            # Bulk writes send no post_save: say so to the cached figures.
            published_data_changed()
        if self.touched:
            refresh_profiles(sorted(self.touched))

    # --- entities --------------------------------------------------------------

    def _write_entities(self, entities):
        new = [entity for entity in entities if entity.pk is None]
        changed = [entity for entity in entities if entity.pk and entity.sheet.entity_changed]
        # bulk_create runs each field's pre_save, as save() does: the version,
        # the search copies and the timestamps are filled in.
        Entity.objects.bulk_create(new)
        now = timezone.now()
        by_fields = defaultdict(list)
        for entity in changed:
            self._prepare_update(entity, now)
            by_fields[tuple(entity.sheet.changed_fields)].append(entity)
        for fields, entities in by_fields.items():
            Entity.objects.bulk_update(entities, _update_fields(fields), batch_size=UPDATE_BATCH)
        self.changed_published |= any(entity.is_public for entity in changed)
        self._write_sdgs(new, changed)
        history = [
            *self._history(Entity, new),
            *self._history(Entity, changed, update=True),
        ]
        self._write_sdg_history(history)

    @staticmethod
    def _prepare_update(entity, now):
        """What save() would set besides the row's values (bulk_update runs
        no pre_save): the search copies, the update time, a new version."""
        for name in DERIVED_ENTITY_FIELDS:
            field = Entity._meta.get_field(name)
            if name == "updated_at":
                setattr(entity, field.attname, now)
            else:
                field.pre_save(entity, add=False)
        version = Entity._meta.get_field("version")
        # The next version as django-concurrency computes it on a save.
        entity.version = version._get_next_version(entity)

    @staticmethod
    def _write_sdgs(new, changed):
        replaced = [entity for entity in changed if entity.sheet.sdgs != entity.sheet.stored_sdgs]
        SdgLink.objects.filter(entity_id__in=[entity.pk for entity in replaced]).delete()
        SdgLink.objects.bulk_create(
            SdgLink(entity_id=entity.pk, sustainabledevelopmentgoal_id=number)
            for entity in [*new, *replaced]
            for number in entity.sheet.sdgs
        )

    @staticmethod
    def _write_sdg_history(history):
        """Each historical entity's SDGs, copied from the links as simple-history does."""
        by_entity = {record.id: record.history_id for record in history}
        links = SdgLink.objects.filter(entity_id__in=by_entity).values_list(
            "id", "entity_id", "sustainabledevelopmentgoal_id"
        )
        SdgHistory = sdg_history_model()
        SdgHistory.objects.bulk_create(
            SdgHistory(
                history_id=by_entity[entity_id],
                id=link_id,
                entity_id=entity_id,
                sustainabledevelopmentgoal_id=number,
            )
            for link_id, entity_id, number in links
        )

    # --- assessments and scores -----------------------------------------------------

    def _write_assessments(self, batch):
        new, changed, values = [], [], {}
        now = timezone.now()
        for row in batch:
            sheet = row.entity.sheet
            if not sheet.assessment_changed:
                continue
            if row.updates_draft:
                assessment = sheet.assessment
                assessment.updated_at = now
                assessment.version = Assessment._meta.get_field("version")._get_next_version(
                    assessment
                )
                changed.append(assessment)
            else:
                assessment = Assessment(entity_id=row.entity.pk, assessor=self.user)
                new.append(assessment)
            assessment.assessed_on = sheet.assessed_on
            assessment.method = sheet.method
            values[id(assessment)] = sheet.scores()
        Assessment.objects.bulk_create(new)
        Assessment.objects.bulk_update(changed, ASSESSMENT_FIELDS)
        self._history(Assessment, new)
        self._history(Assessment, changed, update=True)
        self._write_scores(new, changed, values)

    def _write_scores(self, new, changed, values):
        """Every feature's score of a new assessment; the scores that differ of
        an updated one (as ``research.services.record_scores`` does)."""
        stored = {}
        for score in Score.objects.filter(assessment__in=changed):
            stored[score.assessment_id, score.feature_id] = score
        created, updated = [], []
        for assessment in [*new, *changed]:
            for code, (value, evidence) in values[id(assessment)].items():
                score = stored.get((assessment.pk, code))
                if score is None:
                    created.append(
                        Score(
                            assessment_id=assessment.pk,
                            feature_id=code,
                            score=value,
                            evidence=evidence,
                        )
                    )
                elif (score.score, score.evidence) != (value, evidence):
                    score.score, score.evidence = value, evidence
                    updated.append(score)
        Score.objects.bulk_create(created)
        Score.objects.bulk_update(updated, ["score", "evidence"])
        self._history(Score, created)
        self._history(Score, updated, update=True)

    def _history(self, model, records, update=False):
        """One history row per record, by the importing user, without a change
        reason (a save by the import gives none)."""
        if not records:
            return []
        history = model.history.bulk_history_create(
            records, update=update, default_user=self.user, default_change_reason=None
        )
        return history or []  # None when the history is switched off

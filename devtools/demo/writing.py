"""Writing generated demo rows together with their history.

The registry keeps the history of every entity, assessment and score
(django-simple-history), but its signals fire only for save() and delete().
So the bulk writers here write the history themselves, in the same
transaction and the same kind of statement as the rows: one creation row
("+") each, dated when the row was created (a score: when its assessment
was), without a user, with the reason "demo data"; the entity's creation row
carries its SDGs, shaped as simple-history's m2m history.
"""

from contextlib import ExitStack, suppress
from functools import cache

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery

from entities.models import Entity
from entities.search import NameKeyField
from research.models import Assessment, Score

from . import pgcopy

HISTORY_REASON = "demo data"

SCORE_ATTNAMES = ["id", "assessment_id", "feature_id", "score", "evidence"]
SDG_LINK_ATTNAMES = ["id", "entity_id", "sustainabledevelopmentgoal_id"]


@cache
def sdg_history_model():
    """simple-history's table of the SDGs each historical entity had."""
    return Entity.history.model.sdgs.model


class BatchWriter:
    """Writes batches of generated rows and their history, a transaction each.

    On PostgreSQL, COPY statements go to a worker thread (same connection,
    same transaction) as the rows are formatted, and the last ones may still
    be running when write() returns, while the caller generates the next
    batch. So between two write() calls the caller must not use the database.
    """

    def __enter__(self):
        self._copier = pgcopy.BackgroundCopy() if connection.vendor == "postgresql" else None
        self._pending = None  # the transaction of the batch on its way
        return self

    def __exit__(self, exc_type, exc, traceback):
        try:
            if exc_type is None:
                self._finish()
            elif self._pending:
                self._abandon(self._pending)
        finally:
            if self._copier:
                self._copier.close()

    def write(self, rows):
        self._finish()
        batch = ExitStack()
        batch.enter_context(transaction.atomic())
        try:
            if self._copier is None:
                bulk_create_rows(rows)
            else:
                _relax_transaction()
                cursor = batch.enter_context(connection.cursor())
                _CopyBatch(rows, cursor, self._copier).write()
                self._pending = batch
                return
        except BaseException:
            self._abandon(batch)
            raise
        batch.close()

    def _finish(self):
        """Wait for the batch on its way, then commit it."""
        batch, self._pending = self._pending, None
        if batch is None:
            return
        try:
            self._copier.wait()
        except BaseException:
            self._abandon(batch)
            raise
        batch.close()

    def _abandon(self, batch):
        """Roll a batch back, once none of its COPY statements is running."""
        if self._copier:
            with suppress(Exception):
                self._copier.wait()
        transaction.set_rollback(True)
        batch.close()


# --- PostgreSQL: COPY --------------------------------------------------------


def _relax_transaction():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            # Every value comes from the reference data just read, so the
            # foreign-key triggers (a third of the time) can be skipped
            # for this transaction; only a superuser may do so.
            cursor.execute("SET LOCAL session_replication_role = replica")


@cache
def _pre_savers():
    # Kept for the whole run, so that each name's keys are computed once.
    return pgcopy.pre_savers(Entity, remember=(NameKeyField,)), pgcopy.pre_savers(Assessment)


class _CopyBatch:
    SEND_EVERY = 1000  # entities: COPY what is formatted while formatting more

    def __init__(self, rows, cursor, copier):
        self.rows, self.cursor, self.copier = rows, cursor, copier
        pairs = [pair for row in rows for pair in row.assessments]
        self.entity_ids = iter(pgcopy.allocate_ids(Entity, len(rows)))
        self.history_ids = iter(pgcopy.allocate_ids(Entity.history.model, len(rows), "history_id"))
        self.assessment_ids = iter(pgcopy.allocate_ids(Assessment, len(pairs)))
        self.score_ids = iter(pgcopy.allocate_ids(Score, sum(len(values) for _, values in pairs)))
        self.sdg_link_ids = iter(
            pgcopy.allocate_ids(Entity.sdgs.through, sum(len(row.sdgs) for row in rows))
        )

        self.entity_values, self.assessment_values = _pre_savers()
        entity_attnames = [field.attname for field in Entity._meta.concrete_fields]
        assessment_attnames = [field.attname for field in Assessment._meta.concrete_fields]
        self.entity_created = entity_attnames.index("created_at")
        self.assessment_created = assessment_attnames.index("created_at")

        history = {"reason": HISTORY_REASON}
        self.entities = pgcopy.Table(Entity, entity_attnames)
        self.entity_history = pgcopy.CreationHistory(
            Entity, entity_attnames, history_ids=True, **history
        )
        self.assessments = pgcopy.Table(Assessment, assessment_attnames)
        self.assessment_history = pgcopy.CreationHistory(
            Assessment, assessment_attnames, **history
        )
        self.score_texts = {}
        self.scores = pgcopy.Table(Score, SCORE_ATTNAMES)
        self.score_history = pgcopy.CreationHistory(Score, SCORE_ATTNAMES, **history)
        self.sdg_links = pgcopy.Table(Entity.sdgs.through, SDG_LINK_ATTNAMES)
        self.sdg_history = pgcopy.Table(sdg_history_model(), [*SDG_LINK_ATTNAMES, "history_id"])

    def add(self, row):
        entity = row.entity
        entity.pk = next(self.entity_ids)
        for assessment, _ in row.assessments:
            assessment.pk = next(self.assessment_ids)
            assessment.entity_id = entity.pk
            if assessment.status == Assessment.Status.PUBLISHED:
                entity.current_assessment_id = assessment.pk  # the latest one wins
                entity.current_assessed_on = assessment.assessed_on
            if assessment.independent_of is not None:  # a second, after its first
                assessment.independent_of_id = assessment.independent_of.pk
        texts = pgcopy.object_texts(self.entity_values, entity)
        history_id = next(self.history_ids)
        self.entities.add_texts(texts)
        self.entity_history.add_created(texts, texts[self.entity_created], history_id)
        for assessment, values in row.assessments:
            self._add_assessment(assessment, values)
        entity_id, history_id = str(entity.pk), str(history_id)
        for number in row.sdgs:
            link = [str(next(self.sdg_link_ids)), entity_id, str(number)]
            self.sdg_links.add_texts(link)
            self.sdg_history.add_texts([*link, history_id])

    def _add_assessment(self, assessment, values):
        texts = pgcopy.object_texts(self.assessment_values, assessment)
        created = texts[self.assessment_created]
        self.assessments.add_texts(texts)
        self.assessment_history.add_created(texts, created)
        assessment_id = texts[0]
        known = self.score_texts
        for code, (value, evidence) in values.items():
            # Seven million scores, but only a few dozen scores and evidences.
            if (value, evidence) not in known:
                known[value, evidence] = [pgcopy.copy_text(value), pgcopy.copy_text(evidence)]
            texts = [str(next(self.score_ids)), assessment_id, code, *known[value, evidence]]
            self.scores.add_texts(texts)
            self.score_history.add_created(texts, created)

    def write(self):
        """Format the rows and COPY them, one COPY per table and thousand entities.

        Ids are reserved up front (in __init__), so every row is complete
        before it is written: the entity's current assessment, and the ids
        the history repeats (foreign keys are checked at commit, so the order
        of the tables is free)."""
        for count, row in enumerate(self.rows, 1):
            self.add(row)
            if count % self.SEND_EVERY == 0 or count == len(self.rows):
                for table in (
                    self.entities,
                    self.assessments,
                    self.scores,
                    self.sdg_links,
                    self.entity_history,
                    self.assessment_history,
                    self.score_history,
                    self.sdg_history,
                ):
                    self.copier.send(self.cursor, table)


# --- other databases: bulk_create --------------------------------------------


def bulk_create_rows(rows):
    entities = Entity.objects.bulk_create([row.entity for row in rows])
    assessments, values_of, sdg_links = [], [], []
    for row, entity in zip(rows, entities, strict=True):
        for assessment, values in row.assessments:
            assessment.entity_id = entity.pk
            assessments.append(assessment)
            values_of.append(values)
        sdg_links.extend(
            Entity.sdgs.through(entity_id=entity.pk, sustainabledevelopmentgoal_id=number)
            for number in row.sdgs
        )
    # The independent seconds once their firsts have ids, which bulk_create
    # then reads from the firsts themselves.
    Assessment.objects.bulk_create([a for a in assessments if a.independent_of is None])
    Assessment.objects.bulk_create([a for a in assessments if a.independent_of is not None])
    scores = [
        Score(assessment_id=assessment.pk, feature_id=code, score=value, evidence=evidence)
        for assessment, values in zip(assessments, values_of, strict=True)
        for code, (value, evidence) in values.items()
    ]
    Score.objects.bulk_create(scores)
    Entity.sdgs.through.objects.bulk_create(sdg_links)
    # The stored profile only: the history leaves it out, as it follows from
    # the assessments.
    _link_current_assessments([entity.pk for entity in entities])

    entity_history = _creation_history(Entity, entities, [e.created_at for e in entities])
    history_of = {history.id: history.history_id for history in entity_history}
    SdgHistory = sdg_history_model()
    SdgHistory.objects.bulk_create(
        SdgHistory(
            history_id=history_of[link.entity_id],
            **{name: getattr(link, name) for name in SDG_LINK_ATTNAMES},
        )
        for link in sdg_links
    )
    _creation_history(Assessment, assessments, [a.created_at for a in assessments])
    created = {assessment.pk: assessment.created_at for assessment in assessments}
    _creation_history(Score, scores, [created[score.assessment_id] for score in scores])


def _creation_history(model, objects, dates):
    for obj, date in zip(objects, dates, strict=True):
        obj._history_date = date  # simple-history's per-instance history_date
    return model.history.bulk_history_create(objects, default_change_reason=HISTORY_REASON)


def _link_current_assessments(entity_ids):
    current = Assessment.objects.published().filter(entity=OuterRef("pk")).latest_first()
    Entity.objects.filter(pk__in=entity_ids).update(
        current_assessment=Subquery(current.values("pk")[:1]),
        current_assessed_on=Subquery(current.values("assessed_on")[:1]),
    )

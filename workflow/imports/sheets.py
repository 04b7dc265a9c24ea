"""What a row holds besides the entity's own fields (its ``sheet``), and the
stored records a file names, loaded with their sheets.

A row's assessment is the entity's latest *working* assessment: an
independent second assessment (``Assessment.independent_of`` set) is a
separate blind exercise and never another user's row, whatever its status.
A researcher blind on an entity (``workflow.independent``: their independent
draft of it is not yet submitted) sees none of its other assessments: their
row holds their own independent draft (its date, method, and the scores and
evidence they have given so far), never the first assessment's. Importing
that row fills in that draft, as editing it in the admin would; a row whose
assessment columns are empty leaves it as it is.
"""

from collections import defaultdict

from django.db.models import Q

from entities.models import Entity
from research.framework import FEATURE_CODES
from research.models import Assessment, Score
from workflow.independent import blind_entity_ids
from workflow.scoping import scope

from .columns import ASSESSMENT_COLUMNS, ENTITY_FIELDS, evidence_column, score_column

LOAD_BATCH = 500
# What tells entities apart, by column and by attribute.
IDENTITY_COLUMNS = ("name", "name_local", "country", "registration_number", "website")
IDENTITY_FIELDS = tuple(ENTITY_FIELDS[column].attribute for column in IDENTITY_COLUMNS)


def identity(entity):
    return tuple(getattr(entity, name) for name in IDENTITY_FIELDS)


class Sheet:
    """What a row holds besides the entity's own fields: its SDGs, its
    assessment, the confirmation that it is no duplicate, and what the import
    found out about it."""

    def __init__(self):
        self.sdgs = ()
        self.assessed_on = None
        self.method = ""
        for code in FEATURE_CODES:
            setattr(self, score_column(code), None)
            setattr(self, evidence_column(code), "")
        self.confirmed_distinct = False
        self.assessment = None  # the stored latest assessment
        self.stored = self.assessment_values()
        self.stored_sdgs = ()
        self.identity = None  # the stored name, country…; None for a new entity
        self.has_assessment = False
        self.entity_changed = False
        self.assessment_changed = False

    def assessment_values(self):
        return {column: getattr(self, column) for column in ASSESSMENT_COLUMNS}

    def set_assessment_values(self, values):
        for column, value in values.items():
            setattr(self, column, value)

    def scores(self):
        return {
            code: (getattr(self, score_column(code)), getattr(self, evidence_column(code)))
            for code in FEATURE_CODES
        }


def new_entity():
    entity = Entity()
    entity.sheet = Sheet()
    return entity


def sheet_assessments(user):
    """The assessments ``user``'s rows may hold (a Q): the working ones, on
    the entities they are not blind on; on those they are, their own
    independent draft alone. Without a user: the working ones."""
    working = Q(independent_of__isnull=True)
    if user is None or not user.is_authenticated:
        return working
    blind = Q(entity_id__in=blind_entity_ids(user))
    own_blind_draft = (
        blind & Q(assessor=user, status=Assessment.Status.DRAFT) & Q(independent_of__isnull=False)
    )
    return (working & ~blind) | own_blind_draft


def attach_sheets(entities, user, lock=False):
    """Give each entity its ``sheet``: its SDGs and latest assessment as stored
    (as ``user`` may see it: ``sheet_assessments``), in four queries whatever
    the number of entities. ``lock``: lock the assessments until the
    transaction ends (an import about to change them)."""
    by_id = {entity.pk: entity for entity in entities}
    for entity in entities:
        entity.sheet = Sheet()
        entity.sheet.identity = identity(entity)
    sdgs = Entity._meta.get_field("sdgs")
    goals = defaultdict(list)
    for entity_id, number in sdgs.remote_field.through.objects.filter(
        **{f"{sdgs.m2m_field_name()}_id__in": by_id}
    ).values_list(f"{sdgs.m2m_field_name()}_id", f"{sdgs.m2m_reverse_field_name()}_id"):
        goals[entity_id].append(number)
    latest = {}
    assessments = Assessment.objects.filter(sheet_assessments(user), entity_id__in=by_id)
    if lock:
        assessments = assessments.select_for_update()
    for assessment in assessments.order_by("entity_id", "-assessed_on", "-id"):
        latest.setdefault(assessment.entity_id, assessment)
    scores = defaultdict(dict)
    for score in Score.objects.filter(assessment_id__in=[a.pk for a in latest.values()]):
        scores[score.assessment_id][score.feature_id] = (score.score, score.evidence)
    for entity_id, entity in by_id.items():
        sheet = entity.sheet
        sheet.sdgs = sheet.stored_sdgs = tuple(sorted(goals[entity_id]))
        assessment = latest.get(entity_id)
        if assessment is not None:
            assessment.entity = entity
            sheet.assessment = assessment
            sheet.assessed_on, sheet.method = assessment.assessed_on, assessment.method
            for code, (value, evidence) in scores[assessment.pk].items():
                setattr(sheet, score_column(code), value)
                setattr(sheet, evidence_column(code), evidence)
            sheet.stored = sheet.assessment_values()


def load_named(ids, user, lock):
    """{id: entity} for the entities with these ids in the user's countries,
    with their sheets. ``lock`` (when confirming): they and their assessments
    are locked until the import's transaction ends, so that the versions
    checked are still the stored ones when the rows are written."""
    existing = {}
    ids = sorted(ids)
    for start in range(0, len(ids), LOAD_BATCH):
        batch = scope(Entity.objects.filter(pk__in=ids[start : start + LOAD_BATCH]), user)
        if lock:
            batch = batch.select_for_update().order_by("pk")
        entities = list(batch)
        attach_sheets(entities, user, lock=lock)
        existing.update((entity.pk, entity) for entity in entities)
    return existing

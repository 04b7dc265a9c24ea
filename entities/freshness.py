"""The saves of entities and of assessments that change what the public sees
move the published-data version on (core.freshness), so that no cached figure
computed before them is read again. Every published assessment is public (an
entity's history), not only the current one: publishing, changing or
withdrawing any of them, or its scores and evidence, changes the pages."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.freshness import published_data_changed
from research.models import Assessment, AssessmentStatus, Score

from .models import Entity, EntityStatus


def entity_saved(sender, instance, **kwargs):
    if EntityStatus.PUBLISHED in (instance.status, instance.loaded_status):
        published_data_changed(kwargs.get("using"))
    instance.loaded_status = instance.status  # what the row now holds


def sdgs_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Entity):
        touched_published = instance.status == EntityStatus.PUBLISHED
    else:  # changed from the goal's side: the entities named in pk_set
        touched_published = Entity.objects.published().filter(pk__in=pk_set or ()).exists()
    if touched_published:
        published_data_changed(kwargs.get("using"))


def assessment_saved(sender, instance, **kwargs):
    if AssessmentStatus.PUBLISHED in (instance.status, instance.loaded_status):
        published_data_changed(kwargs.get("using"))
    instance.loaded_status = instance.status


def score_saved(sender, instance, **kwargs):
    published = Assessment.objects.filter(
        pk=instance.assessment_id, status=AssessmentStatus.PUBLISHED
    )
    if published.exists():
        published_data_changed(kwargs.get("using"))


post_save.connect(entity_saved, sender=Entity, dispatch_uid="freshness-entity-saved")
post_delete.connect(entity_saved, sender=Entity, dispatch_uid="freshness-entity-deleted")
post_save.connect(assessment_saved, sender=Assessment, dispatch_uid="freshness-assessment-saved")
post_delete.connect(
    assessment_saved, sender=Assessment, dispatch_uid="freshness-assessment-deleted"
)
post_save.connect(score_saved, sender=Score, dispatch_uid="freshness-score-saved")
m2m_changed.connect(sdgs_changed, sender=Entity.sdgs.through, dispatch_uid="freshness-sdgs")

"""Writes that span entities and research: keeping each entity's stored profile
equal to its latest published assessment."""

from collections import defaultdict
from itertools import islice

from django.db import transaction
from django.utils import timezone

from core.freshness import published_data_changed
from entities.models import Entity
from entities.murmurations import index as murmurations
from research.framework import Profile
from research.models import Assessment, Score


def refresh_profiles(entity_ids, batch_size=2000):
    """Store on each entity the profile of its latest published assessment.

    Call after any write that may change which assessment is current or what it
    says: publishing, editing or deleting an assessment or its scores, or a
    change of the framework's settings (``manage.py refresh_profiles``).
    """
    changed = 0
    ids = iter(entity_ids)
    while batch := list(islice(ids, batch_size)):
        with transaction.atomic():
            changed += _refresh_batch(batch)
    return changed


def _refresh_batch(entity_ids):
    current, assessed_on = {}, {}
    latest_first = Assessment.objects.published().filter(entity_id__in=entity_ids)
    for assessment_id, entity_id, day in latest_first.order_by(
        "entity_id", "-assessed_on", "-id"
    ).values_list("id", "entity_id", "assessed_on"):
        if entity_id not in current:
            current[entity_id], assessed_on[assessment_id] = assessment_id, day

    scores = defaultdict(dict)
    for assessment_id, code, value in Score.objects.filter(
        assessment_id__in=current.values()
    ).values_list("assessment_id", "feature_id", "score"):
        scores[assessment_id][code] = value

    entities = list(
        Entity.objects.select_for_update()
        .filter(pk__in=entity_ids)
        .only("status", "country", *Entity.PROFILE_FIELDS)
    )
    now = timezone.now()
    changed = []
    for entity in entities:
        before = [getattr(entity, field) for field in Entity.PROFILE_ATTNAMES]
        assessment_id = current.get(entity.pk)
        profile = Profile.from_scores(scores[assessment_id]) if assessment_id else Profile.empty()
        entity.set_profile(assessment_id, profile, assessed_on.get(assessment_id))
        if [getattr(entity, field) for field in Entity.PROFILE_ATTNAMES] != before:
            entity.updated_at = now
            changed.append(entity)
    Entity.objects.bulk_update(changed, [*Entity.PROFILE_FIELDS, "updated_at"])
    countries = {entity.country_id for entity in changed if entity.is_public}
    if countries:
        published_data_changed(scopes=countries)
    murmurations.profiles_changed(changed)
    return len(changed)

"""Two people editing the same record: the second save is refused with a
message to reload, and nothing of the first save is lost."""

import pytest
from concurrency.exceptions import RecordModifiedError
from django.db import transaction
from django.urls import reverse

from core.forms import STALE_MESSAGE
from entities.models import Entity
from research.models import Assessment, Score

from ..admin_forms import entity_form_data
from ..factories import EntityFactory, assess, reviewer, signed_version

pytestmark = pytest.mark.django_db

STALE_TEXT = str(STALE_MESSAGE).split(" (")[0]


def test_second_save_of_the_same_loaded_version_is_refused(admin_client, client):
    entity = EntityFactory(name="Ban Hom Weavers")
    client.force_login(reviewer())
    url = reverse("admin:entities_entity_change", args=[entity.pk])
    loaded = signed_version(entity)  # both opened the page at this version

    first = admin_client.post(url, entity_form_data(entity, version=loaded, locality="Ban Hom"))
    assert first.status_code == 302
    second = client.post(
        url, entity_form_data(entity, version=loaded, name="Renamed by the second")
    )
    assert second.status_code == 200
    assert STALE_TEXT in second.content.decode()

    entity.refresh_from_db()
    assert (entity.name, entity.locality) == ("Ban Hom Weavers", "Ban Hom")


def test_same_person_two_tabs(admin_client):
    entity = EntityFactory(name="Ban Hom Weavers")
    url = reverse("admin:entities_entity_change", args=[entity.pk])
    loaded = signed_version(entity)
    assert (
        admin_client.post(
            url, entity_form_data(entity, version=loaded, locality="Tab one")
        ).status_code
        == 302
    )
    response = admin_client.post(url, entity_form_data(entity, version=loaded, locality="Tab two"))
    assert STALE_TEXT in response.content.decode()
    assert Entity.objects.get(pk=entity.pk).locality == "Tab one"


def test_forged_version_is_a_bad_request(admin_client):
    entity = EntityFactory()
    url = reverse("admin:entities_entity_change", args=[entity.pk])
    response = admin_client.post(url, entity_form_data(entity, version="12345"))
    assert response.status_code == 400


def assessment_data(assessment, version, autonomy):
    data = {
        "entity": assessment.entity_id,
        "assessed_on": "2025-03-01",
        "method": "interview",
        "version": version,
    }
    for score in assessment.scores.all():
        data[f"score__{score.feature_id}"] = score.score
        data[f"evidence__{score.feature_id}"] = score.evidence
    data["score__autonomy"] = autonomy
    return data


def test_scores_edited_at_once_second_refused(admin_client, client):
    assessment = assess(EntityFactory(), [3] * 7)
    client.force_login(reviewer())
    url = reverse("admin:research_assessment_change", args=[assessment.pk])
    loaded = signed_version(assessment)
    assert admin_client.post(url, assessment_data(assessment, loaded, 1)).status_code == 302
    response = client.post(url, assessment_data(assessment, loaded, 0))
    assert STALE_TEXT in response.content.decode()
    assert Score.objects.get(assessment=assessment, feature_id="autonomy").score == 1


def test_inline_scores_on_the_entity_page_are_guarded(admin_client):
    entity = EntityFactory()
    assessment = assess(entity, [3] * 7)
    stale = signed_version(assessment)
    assessment.notes = "Changed elsewhere"
    assessment.save()
    data = entity_form_data(entity, version=signed_version(entity))
    data.update({
        "assessments-TOTAL_FORMS": "1",
        "assessments-INITIAL_FORMS": "1",
        "assessments-0-id": assessment.pk,
        "assessments-0-entity": entity.pk,
        "assessments-0-assessed_on": "2025-03-01",
        "assessments-0-method": "interview",
        "assessments-0-version": stale,
    })  # fmt: skip
    for score in assessment.scores.all():
        data[f"assessments-0-score__{score.feature_id}"] = 0
        data[f"assessments-0-evidence__{score.feature_id}"] = "x"
    response = admin_client.post(reverse("admin:entities_entity_change", args=[entity.pk]), data)
    assert STALE_TEXT in response.content.decode()
    assert set(assessment.scores.values_list("score", flat=True)) == {3}


def test_list_action_on_a_stale_row_changes_nothing(client):
    entity = EntityFactory(status=Entity.Status.IN_REVIEW)
    client.force_login(reviewer())
    selected = f"{entity.pk},{entity.version}"
    entity.locality = "Edited meanwhile"
    entity.save()
    response = client.post(
        reverse("admin:entities_entity_changelist"),
        {"action": "transition_publish", "_selected_action": selected},
        follow=True,
    )
    assert "One or more record were updated" in response.content.decode()
    assert Entity.objects.get(pk=entity.pk).status == Entity.Status.IN_REVIEW


def test_malformed_selection_is_a_bad_request(admin_client):
    EntityFactory()
    response = admin_client.post(
        reverse("admin:entities_entity_changelist"),
        {"action": "transition_publish", "_selected_action": "not-a-pair"},
    )
    assert response.status_code == 400


def test_transition_on_a_stale_page_is_refused(client):
    entity = EntityFactory(status=Entity.Status.IN_REVIEW)
    client.force_login(reviewer())
    loaded = entity.version
    entity.locality = "Edited meanwhile"
    entity.save()
    url = reverse("admin:entities_entity_transition", args=[entity.pk, "publish"])
    response = client.post(url, {"version": loaded})
    assert response.status_code == 409
    assert Entity.objects.get(pk=entity.pk).status == Entity.Status.IN_REVIEW


def test_the_update_itself_refuses_a_lost_race():
    entity = EntityFactory(name="Original")
    first, second = Entity.objects.get(pk=entity.pk), Entity.objects.get(pk=entity.pk)
    first.name = "First"
    first.save()
    second.name = "Second"
    with pytest.raises(RecordModifiedError), transaction.atomic():
        second.save()
    assert Entity.objects.get(pk=entity.pk).name == "First"
    a1 = assess(entity, [1] * 7)
    a2 = Assessment.objects.get(pk=a1.pk)
    a1.save()
    with pytest.raises(RecordModifiedError), transaction.atomic():
        a2.save()

"""Every create, change, status transition and delete of entities, assessments
and scores is recorded with who, when and the old and new values, and shown
in the admin on each record."""

import pytest
from django.urls import reverse

from entities.models import Entity
from research.models import Assessment, Score

from ..admin_forms import entity_form_data
from ..factories import EntityFactory, assess, researcher, reviewer, signed_version

pytestmark = pytest.mark.django_db


def test_admin_change_is_recorded_with_who_and_old_and_new_values(client):
    entity = EntityFactory(name="Ban Hom Weavers", status=Entity.Status.DRAFT)
    user = researcher("TH", username="somchai")
    client.force_login(user)
    url = reverse("admin:entities_entity_change", args=[entity.pk])
    response = client.post(url, entity_form_data(entity, name="Ban Hom Weaving Group"))
    assert response.status_code == 302

    latest = entity.history.latest()
    assert latest.history_type == "~"
    assert latest.history_user == user
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("name", "Ban Hom Weavers", "Ban Hom Weaving Group")
    ]

    page = client.get(reverse("admin:entities_entity_history", args=[entity.pk]))
    text = page.content.decode()
    assert "Ban Hom Weavers" in text and "Ban Hom Weaving Group" in text
    assert "somchai" in text


def test_transitions_are_recorded_with_the_comment(client):
    entity = EntityFactory(status=Entity.Status.IN_REVIEW)
    client.force_login(reviewer())
    url = reverse("admin:entities_entity_transition", args=[entity.pk, "return"])
    client.post(url, {"version": entity.version, "comment": "Which district?"})
    latest = entity.history.latest()
    assert latest.status == "draft"
    assert latest.history_change_reason == "Return to draft: Which district?"
    assert latest.history_user.username == "reviewer"
    delta = latest.diff_against(latest.prev_record)
    assert ("status", "in_review", "draft") in [(c.field, c.old, c.new) for c in delta.changes]


def test_score_changes_are_recorded_and_shown_on_the_assessment(admin_client):
    entity = EntityFactory()
    assessment = assess(entity, [3, 3, 3, 3, 3, 3, 3])
    url = reverse("admin:research_assessment_change", args=[assessment.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        "entity": entity.pk,
        "assessed_on": "2025-03-01",
        "method": "interview",
        "version": signed_version(assessment),
    }
    for code in form.features:
        data[f"score__{code.code}"] = "3"
        data[f"evidence__{code.code}"] = f"Evidence for {code.code}"
    data["score__autonomy"] = "1"
    data["evidence__autonomy"] = "Most income is one grant."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]

    score = Score.objects.get(assessment=assessment, feature_id="autonomy")
    latest = score.history.latest()
    assert latest.history_user.username == "admin"
    changes = {c.field: (c.old, c.new) for c in latest.diff_against(latest.prev_record).changes}
    assert changes["score"] == (3, 1)
    assert changes["evidence"] == ("Evidence for autonomy", "Most income is one grant.")

    page = admin_client.get(reverse("admin:research_assessment_history", args=[assessment.pk]))
    text = page.content.decode()
    assert "History of its scores" in text
    assert "Most income is one grant." in text


def test_deletes_are_recorded(admin_client):
    entity = EntityFactory(name="Gone Group")
    assessment = assess(entity, [1] * 7)
    response = admin_client.post(
        reverse("admin:entities_entity_delete", args=[entity.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert Entity.history.filter(id=entity.pk, history_type="-").get().name == "Gone Group"
    assert Assessment.history.filter(id=assessment.pk, history_type="-").exists()
    assert Score.history.filter(assessment_id=assessment.pk, history_type="-").count() == 7


def test_history_pages_cannot_revert(admin_client):
    entity = EntityFactory(name="Before")
    entity.name = "After"
    entity.save()
    first = entity.history.earliest()
    url = reverse("admin:entities_entity_simple_history", args=[entity.pk, first.history_id])
    assert admin_client.post(url, {"name": "Before"}).status_code == 403
    assert Entity.objects.get(pk=entity.pk).name == "After"

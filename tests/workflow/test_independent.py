"""Independent second assessments: a reviewer asks a second researcher of the
entity's country; that researcher sees none of the entity's other assessments
(the admin's list, pages, history, the entity's page) until they submit
theirs; it cannot be published on its own, nor move with its entity; a
reviewer sets the two side by side and records the agreed assessment, which
becomes the entity's profile while both originals are kept."""

import pytest
from django.urls import reverse

from entities.models import Entity
from research.models import Assessment

from ..factories import EntityFactory, assess, researcher, reviewer

pytestmark = pytest.mark.django_db
A = Assessment.Status

FIRST = [3, 2, 2, 1, 3, 0, None]


@pytest.fixture
def people():
    return {
        "first": researcher("TH", username="first"),
        "second": researcher("TH", username="second"),
        "elsewhere": researcher("KH", username="elsewhere"),
        "reviewer": reviewer(),
    }


@pytest.fixture
def first(people):
    entity = EntityFactory(country_id="TH", status=Entity.Status.PUBLISHED)
    assessment = assess(entity, FIRST, assessor=people["first"], status=A.PUBLISHED)
    assessment.scores.filter(feature_id="autonomy").update(evidence="Secret evidence")
    return assessment


def as_user(client, user):
    client.force_login(user)
    return client


def ask(client, first, user):
    url = reverse("admin:research_assessment_ask_independent", args=[first.pk])
    return client.post(url, {"researcher": user.pk})


@pytest.fixture
def second(client, people, first):
    response = ask(as_user(client, people["reviewer"]), first, people["second"])
    assert response.status_code == 302
    client.logout()
    return Assessment.objects.get(independent_of=first)


def test_a_reviewer_asks_a_researcher_of_the_country(client, people, first):
    url = reverse("admin:research_assessment_ask_independent", args=[first.pk])
    page = as_user(client, people["reviewer"]).get(url).content.decode()
    assert ">second</option>" in page
    assert ">elsewhere</option>" not in page and ">first</option>" not in page
    assert ask(client, first, people["second"]).status_code == 302
    second = Assessment.objects.get(independent_of=first)
    assert (second.assessor, second.status, second.method) == (
        people["second"],
        A.DRAFT,
        first.method,
    )
    assert list(second.scores.values_list("score", flat=True)) == [None] * 7
    # Asking the same researcher twice, or one of another country, is refused.
    assert ask(client, first, people["second"]).status_code == 400
    assert ask(client, first, people["elsewhere"]).status_code == 400
    assert Assessment.objects.filter(independent_of=first).count() == 1


def test_a_researcher_may_not_ask(client, people, first):
    url = reverse("admin:research_assessment_ask_independent", args=[first.pk])
    assert as_user(client, people["first"]).get(url).status_code == 403
    assert ask(client, first, people["second"]).status_code == 403


def test_the_second_researcher_sees_no_other_assessment_until_submitting(
    client, people, first, second
):
    as_user(client, people["second"])
    listing = client.get(reverse("admin:research_assessment_changelist")).content.decode()
    assert f"/admin/research/assessment/{second.pk}/change/" in listing
    assert f"/admin/research/assessment/{first.pk}/change/" not in listing
    for name in ("change", "history"):
        url = reverse(f"admin:research_assessment_{name}", args=[first.pk])
        assert client.get(url).status_code == 403
    entity_page = client.get(reverse("admin:entities_entity_change", args=[first.entity_id]))
    assert "Secret evidence" not in entity_page.content.decode()
    # The first researcher is not blind, nor the second on other entities.
    as_user(client, people["first"])
    assert (
        client.get(reverse("admin:research_assessment_change", args=[first.pk])).status_code == 200
    )
    other = assess(EntityFactory(country_id="TH"), FIRST, status=A.PUBLISHED)
    as_user(client, people["second"])
    assert (
        client.get(reverse("admin:research_assessment_change", args=[other.pk])).status_code == 200
    )


def test_once_submitted_the_second_researcher_sees_the_first(client, people, first, second):
    second.scores.update(score=2)
    second.status = A.IN_REVIEW
    second.save()
    as_user(client, people["second"])
    for name in ("change", "history"):
        url = reverse(f"admin:research_assessment_{name}", args=[first.pk])
        assert client.get(url).status_code == 200
    listing = client.get(reverse("admin:research_assessment_changelist")).content.decode()
    assert f"/admin/research/assessment/{first.pk}/change/" in listing


def test_an_independent_assessment_is_never_published_on_its_own(client, people, first, second):
    second.status = A.IN_REVIEW
    second.save()
    as_user(client, people["reviewer"])
    url = reverse("admin:research_assessment_transition", args=[second.pk, "publish"])
    assert client.post(url, {"version": second.version}).status_code == 403
    second.refresh_from_db()
    assert second.status == A.IN_REVIEW


def test_submitting_the_entity_leaves_the_blind_draft_alone(client, people, first, second):
    entity = first.entity
    Entity.objects.filter(pk=entity.pk).update(status=Entity.Status.DRAFT)
    entity.refresh_from_db()
    as_user(client, people["first"])
    url = reverse("admin:entities_entity_transition", args=[entity.pk, "submit"])
    assert client.post(url, {"version": entity.version}).status_code == 302
    second.refresh_from_db()
    assert second.status == A.DRAFT


def test_a_reviewer_records_the_agreed_assessment(client, people, first, second):
    for code, score in zip(
        ["economic_activity", "collective_interest", "autonomy"], [3, 1, 1], strict=True
    ):
        second.scores.filter(feature_id=code).update(score=score, evidence=f"Second on {code}")
    second.status = A.IN_REVIEW
    second.save()
    as_user(client, people["reviewer"])
    url = reverse("admin:research_assessment_reconcile", args=[second.pk])
    page = client.get(url).content.decode()
    assert "Secret evidence" in page and "Second on autonomy" in page
    assert page.count("They differ") == 5  # economic activity agrees at 3; …
    data = {f"score-{code}": "2" for code in second.scores.values_list("feature_id", flat=True)}
    data.update({"score-autonomy": "1", "evidence-autonomy": "Agreed after a call"})
    data["score-people_over_capital"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    agreed = Assessment.objects.get(reconciles=second)
    assert agreed.status == A.PUBLISHED and agreed.assessor == people["reviewer"]
    scores = dict(agreed.scores.values_list("feature_id", "score"))
    assert scores["autonomy"] == 1 and scores["people_over_capital"] is None
    assert agreed.scores.get(feature_id="autonomy").evidence == "Agreed after a call"
    entity = Entity.objects.get(pk=first.entity_id)
    assert entity.current_assessment_id == agreed.pk
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (A.PUBLISHED, A.RECONCILED)
    # Done once: the pair cannot be agreed again.
    assert client.get(url).status_code == 403


def test_a_bad_agreed_score_is_a_clear_400(client, people, first, second):
    second.status = A.IN_REVIEW
    second.save()
    as_user(client, people["reviewer"])
    url = reverse("admin:research_assessment_reconcile", args=[second.pk])
    response = client.post(url, {"score-autonomy": "7"})
    assert response.status_code == 400
    assert "Give each feature a score of 0 to 3" in response.content.decode()
    assert not Assessment.objects.filter(reconciles=second).exists()


def test_a_draft_second_cannot_be_agreed_yet(client, people, first, second):
    as_user(client, people["reviewer"])
    url = reverse("admin:research_assessment_reconcile", args=[second.pk])
    assert client.get(url).status_code == 403

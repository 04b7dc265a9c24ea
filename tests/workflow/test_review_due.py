"""Records due for review: the due date (REVIEW_DUE_MONTHS after the
assessment, or the country's own number), the admin's filters on entities and
assessments, the note on the public entity page, and a researcher's records
due (workflow.queues)."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from entities.models import Country, Entity
from entities.profiles import refresh_profiles
from research.models import Assessment
from research.review_due import ReviewState, add_months
from workflow.queues import due_for_review

from ..factories import EntityFactory, UserFactory, assess, researcher, reviewer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def months_ago(months):
    return add_months(TODAY, -months)


@pytest.fixture
def records():
    """Thai and Vietnamese entities assessed 30, 23 and 6 months ago: with the
    default 24 months, overdue, due within 3 months, and not due."""
    made = {}
    for country in ("TH", "VN"):
        for label, months in (("overdue", 30), ("soon", 23), ("later", 6)):
            entity = EntityFactory(name=f"{country} {label}", country_id=country)
            assess(entity, [2] * 7, assessed_on=months_ago(months))
            made[f"{country} {label}"] = entity
    never = EntityFactory(name="TH never assessed", country_id="TH")
    made["TH never assessed"] = never
    return made


def names(queryset):
    return sorted(entity.name for entity in queryset)


def entity_rows(client, state):
    response = client.get(reverse("admin:entities_entity_changelist"), {"review": state})
    assert response.status_code == 200
    return sorted(entity.name for entity in response.context["cl"].result_list)


def assessment_rows(client, state):
    response = client.get(reverse("admin:research_assessment_changelist"), {"review": state})
    assert response.status_code == 200
    return sorted(a.entity.name for a in response.context["cl"].result_list)


def test_the_due_date_is_the_default_months_after_the_assessment(records):
    entity = Entity.objects.get(pk=records["TH later"].pk)
    assert entity.current_assessed_on == months_ago(6)
    assert entity.review_due_on() == add_months(months_ago(6), 24)


def test_the_setting_changes_the_due_date_at_once(records, settings):
    settings.REVIEW_DUE_MONTHS = 12
    entity = Entity.objects.select_related("country").get(pk=records["TH later"].pk)
    assert entity.review_due_on() == add_months(months_ago(6), 12)
    overdue = Entity.objects.in_review_state(ReviewState.OVERDUE, TODAY)
    assert names(overdue) == ["TH overdue", "TH soon", "VN overdue", "VN soon"]


def test_a_countrys_override_and_its_change(records):
    Country.objects.filter(code="TH").update(review_months=4)
    entity = Entity.objects.select_related("country").get(pk=records["TH later"].pk)
    assert entity.review_due_on() == add_months(months_ago(6), 4)
    overdue = Entity.objects.in_review_state(ReviewState.OVERDUE, TODAY)
    assert names(overdue) == ["TH later", "TH overdue", "TH soon", "VN overdue"]

    # Changing the override changes the rows, with nothing to recompute.
    Country.objects.filter(code="TH").update(review_months=36)
    assert names(Entity.objects.in_review_state(ReviewState.OVERDUE, TODAY)) == ["VN overdue"]
    assert names(Entity.objects.in_review_state(ReviewState.NOT_DUE, TODAY)) == [
        "TH later",
        "TH overdue",
        "TH soon",
        "VN later",
    ]

    Country.objects.filter(code="TH").update(review_months=None)
    assert names(Entity.objects.in_review_state(ReviewState.OVERDUE, TODAY)) == [
        "TH overdue",
        "VN overdue",
    ]


def test_a_new_published_assessment_moves_the_due_date(records):
    entity = records["TH overdue"]
    assess(entity, [3] * 7, assessed_on=months_ago(1))
    entity = Entity.objects.select_related("country").get(pk=entity.pk)
    assert entity.current_assessed_on == months_ago(1)
    assert "TH overdue" not in names(Entity.objects.in_review_state(ReviewState.OVERDUE, TODAY))


def test_a_draft_assessment_does_not_move_it(records):
    entity = records["TH overdue"]
    assess(entity, [3] * 7, assessed_on=months_ago(1), status=Assessment.Status.DRAFT)
    assert Entity.objects.get(pk=entity.pk).current_assessed_on == months_ago(30)


def test_withdrawn_entities_are_never_due(records):
    Entity.objects.filter(pk=records["TH overdue"].pk).update(status=Entity.Status.WITHDRAWN)
    assert names(Entity.objects.in_review_state(ReviewState.OVERDUE, TODAY)) == ["VN overdue"]


def test_the_entity_admin_filter_rows(records, client):
    client.force_login(reviewer())
    assert entity_rows(client, ReviewState.OVERDUE) == ["TH overdue", "VN overdue"]
    assert entity_rows(client, ReviewState.DUE_SOON) == ["TH soon", "VN soon"]
    assert entity_rows(client, ReviewState.NOT_DUE) == ["TH later", "VN later"]
    assert len(entity_rows(client, "")) == 7


def test_the_entity_admin_filter_keeps_to_a_researchers_countries(records, client):
    client.force_login(researcher("VN"))
    assert entity_rows(client, ReviewState.OVERDUE) == ["VN overdue"]


def test_an_unknown_filter_value_is_no_error(records, client):
    client.force_login(reviewer())
    assert len(entity_rows(client, "nonsense")) == 7  # unfiltered


def test_the_assessment_admin_filter_rows_only_current_assessments(records, client):
    # An older published assessment, superseded, is not itself due.
    older = Assessment.objects.create(
        entity=records["TH later"],
        assessed_on=months_ago(40),
        method=Assessment.Method.SURVEY,
        status=Assessment.Status.PUBLISHED,
    )
    refresh_profiles([older.entity_id])
    client.force_login(reviewer())
    assert assessment_rows(client, ReviewState.OVERDUE) == ["TH overdue", "VN overdue"]
    assert assessment_rows(client, ReviewState.DUE_SOON) == ["TH soon", "VN soon"]
    assert assessment_rows(client, ReviewState.NOT_DUE) == ["TH later", "VN later"]


def test_the_country_admin_edits_the_override(client, admin_client):
    url = reverse("admin:entities_country_change", args=["TH"])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="review_months"' in page.content.decode()


def test_the_public_page_notes_when_the_review_is_due(records, client):
    entity = records["TH later"]
    assessor = UserFactory(username="assessor-private", first_name="Private", last_name="Person")
    Assessment.objects.filter(entity=entity).update(assessor=assessor)
    page = client.get(reverse("entity-detail", args=[entity.pk])).content.decode()
    assessed = months_ago(6).strftime("%Y-%m")
    due = add_months(months_ago(6), 24).strftime("%Y-%m")
    assert f"Assessed {assessed}; review due {due}." in page
    assert "overdue" not in page
    assert "assessor-private" not in page and "Private Person" not in page


def test_the_public_page_notes_an_overdue_review(records, client):
    entity = records["VN overdue"]
    page = client.get(reverse("entity-detail", args=[entity.pk])).content.decode()
    assessed = months_ago(30).strftime("%Y-%m")
    due = add_months(months_ago(30), 24).strftime("%Y-%m")
    assert f"Assessed {assessed}; review overdue since {due}." in page


def test_no_note_for_an_entity_not_assessed(records, client):
    entity = records["TH never assessed"]
    page = client.get(reverse("entity-detail", args=[entity.pk])).content.decode()
    assert "review due" not in page and "review overdue" not in page


def test_a_researchers_due_records_are_those_of_their_countries(records):
    thai = researcher("TH")
    due = list(due_for_review(thai, TODAY))
    assert [entity.name for entity in due] == ["TH overdue", "TH soon"]  # longest overdue first
    assert due[0].review_due_on() == add_months(months_ago(30), 24)
    assert names(due_for_review(reviewer(), TODAY)) == [
        "TH overdue",
        "TH soon",
        "VN overdue",
        "VN soon",
    ]


def test_the_migration_fills_each_entitys_current_assessment_date(records):
    """entities 0019 fills the copy of the date for the entities already assessed."""
    migration = importlib.import_module("entities.migrations.0019_review_due")
    Entity.objects.update(current_assessed_on=None)
    migration.fill_current_assessed_on(django_apps, None)
    filled = dict(Entity.objects.values_list("name", "current_assessed_on"))
    assert filled["TH overdue"] == months_ago(30)
    assert filled["VN later"] == months_ago(6)
    assert filled["TH never assessed"] is None

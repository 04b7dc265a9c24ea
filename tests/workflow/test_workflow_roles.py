"""Roles and country scoping in the admin: a national researcher sees and
changes only drafts of their own countries, submits them, and can't publish; a
reviewer publishes, withdraws and returns records with a comment."""

import logging

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from entities.models import Entity
from research.models import Assessment

from ..admin_forms import entity_form_data
from ..factories import (
    EntityFactory,
    UserFactory,
    assess,
    researcher,
    reviewer,
)

pytestmark = pytest.mark.django_db

E = Entity.Status


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def transition_url(record, name):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_transition", args=[record.pk, name])


@pytest.fixture
def world():
    th_draft = EntityFactory(name="Ban Hom Weavers", country_id="TH", status=E.DRAFT)
    assess(th_draft, [3] * 7, status=Assessment.Status.DRAFT)
    th_published = EntityFactory(name="Ban Na Rice Mill", country_id="TH")
    assess(th_published, [2] * 7)
    vn_draft = EntityFactory(name="Hop tac xa Tan Phu", country_id="VN", status=E.DRAFT)
    assess(vn_draft, [1] * 7, status=Assessment.Status.DRAFT)
    return {"th_draft": th_draft, "th_published": th_published, "vn_draft": vn_draft}


@pytest.fixture
def thai(client):
    client.force_login(researcher("TH", username="somchai"))
    return client


def test_roles_exist_as_groups_with_their_permissions():
    researcher_perms = set(
        Group.objects.get(name="National researcher").permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"add_entity", "change_entity", "add_assessment"} <= researcher_perms
    assert not {"delete_entity", "review_entity", "work_in_all_countries"} & researcher_perms
    reviewer_perms = set(
        Group.objects.get(name="Reviewer").permissions.values_list("codename", flat=True)
    )
    assert {"review_entity", "review_assessment", "work_in_all_countries"} <= reviewer_perms
    assert "delete_entity" not in reviewer_perms
    assert (
        Group.objects.get(name="Administrator")
        .permissions.filter(codename="delete_entity")
        .exists()
    )


def test_researcher_lists_and_searches_only_their_countries(thai, world):
    response = thai.get(reverse("admin:entities_entity_changelist"))
    names = {entity.name for entity in response.context["cl"].result_list}
    assert names == {"Ban Hom Weavers", "Ban Na Rice Mill"}
    response = thai.get(reverse("admin:entities_entity_changelist"), {"q": "Tan Phu"})
    assert list(response.context["cl"].result_list) == []
    response = thai.get(reverse("admin:research_assessment_changelist"))
    assert {a.entity.country_id for a in response.context["cl"].result_list} == {"TH"}


def test_researcher_country_filter_offers_only_their_countries(client, world):
    client.force_login(researcher("TH", "VN"))
    page = client.get(reverse("admin:entities_entity_changelist")).content.decode()
    assert "country__code__exact=TH" in page and "country__code__exact=VN" in page
    assert "country__code__exact=KH" not in page


@pytest.mark.parametrize(
    ("model_name", "field_name"),
    [("entity", "country"), ("entity", "region")],
)
def test_researcher_autocomplete_offers_only_their_countries(thai, model_name, field_name):
    response = thai.get(
        reverse("admin:autocomplete"),
        {"app_label": "entities", "model_name": model_name, "field_name": field_name,
         "term": ""},
    )  # fmt: skip
    ids = [result["id"] for result in response.json()["results"]]
    assert ids and all(code.startswith("TH") for code in ids)


def test_assessment_entity_autocomplete_offers_only_their_entities(thai, world):
    response = thai.get(
        reverse("admin:autocomplete"),
        {"app_label": "research", "model_name": "assessment", "field_name": "entity",
         "term": ""},
    )  # fmt: skip
    names = {result["text"] for result in response.json()["results"]}
    assert names == {"Ban Hom Weavers", "Ban Na Rice Mill"}


def test_another_countrys_record_is_refused_and_logged(thai, world, caplog):
    vn = world["vn_draft"]
    assessment = vn.assessments.get()
    caplog.set_level(logging.WARNING, logger="sse_registry.security")
    for url in [
        change_url(vn),
        reverse("admin:entities_entity_history", args=[vn.pk]),
        reverse("admin:entities_entity_delete", args=[vn.pk]),
        transition_url(vn, "submit"),
        change_url(assessment),
        reverse("admin:research_assessment_history", args=[assessment.pk]),
    ]:
        assert thai.get(url).status_code == 403, url
    assert "refused access user=somchai record=entities.entity" in caplog.text
    response = thai.post(change_url(vn), entity_form_data(vn, name="Taken over"))
    assert response.status_code == 403
    assert thai.post(transition_url(vn, "submit"), {"version": vn.version}).status_code == 403
    vn.refresh_from_db()
    assert (vn.name, vn.status) == ("Hop tac xa Tan Phu", E.DRAFT)


def test_researcher_cannot_create_or_move_a_record_into_another_country(thai, world):
    add = reverse("admin:entities_entity_add")
    new = EntityFactory.build(name="Smuggled", country_id="VN")
    response = thai.post(add, entity_form_data(new, version=""))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Entity.objects.filter(name="Smuggled").exists()

    draft = world["th_draft"]
    response = thai.post(change_url(draft), entity_form_data(draft, country="VN"))
    assert response.status_code == 200
    assert Entity.objects.get(pk=draft.pk).country_id == "TH"


def test_researcher_adds_a_draft_in_their_country(thai, world):
    new = EntityFactory.build(name="Ban Mai Honey Group", country_id="TH")
    response = thai.post(reverse("admin:entities_entity_add"), entity_form_data(new, version=""))
    assert response.status_code == 302
    created = Entity.objects.get(name="Ban Mai Honey Group")
    assert created.status == E.DRAFT
    assert created.created_by.username == "somchai"


def test_researcher_reads_but_cannot_change_a_published_record(thai, world):
    published = world["th_published"]
    response = thai.get(change_url(published))
    assert response.status_code == 200
    assert "You can read this record but not change it" in response.content.decode()
    response = thai.post(change_url(published), entity_form_data(published, name="Renamed"))
    assert response.status_code == 403
    assert Entity.objects.get(pk=published.pk).name == "Ban Na Rice Mill"


def test_researcher_submits_but_cannot_publish_or_withdraw(thai, world):
    draft = world["th_draft"]
    page = thai.get(change_url(draft)).content.decode()
    assert "Submit for review" in page and "Publish" not in page
    assert thai.get(transition_url(draft, "publish")).status_code == 403
    assert (
        thai.post(transition_url(draft, "withdraw"), {"version": draft.version}).status_code == 403
    )

    response = thai.post(transition_url(draft, "submit"), {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == E.IN_REVIEW
    assert draft.assessments.get().status == Assessment.Status.IN_REVIEW

    actions = thai.get(reverse("admin:entities_entity_changelist")).context["action_form"]
    names = {name for name, _ in actions.fields["action"].choices}
    assert "transition_submit" in names
    assert not {"transition_publish", "transition_withdraw", "delete_selected"} & names


def test_researcher_crafted_publish_action_is_refused(thai, world):
    draft = world["th_draft"]
    response = thai.post(
        reverse("admin:entities_entity_changelist"),
        {"action": "transition_publish", "_selected_action": f"{draft.pk},{draft.version}"},
    )
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.status == E.DRAFT


def test_researcher_cannot_delete(thai, world):
    draft = world["th_draft"]
    assert (
        thai.post(
            reverse("admin:entities_entity_delete", args=[draft.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert Entity.objects.filter(pk=draft.pk).exists()


def test_administrator_deletes(client, world):
    admin = UserFactory(username="administrator", is_staff=True)
    admin.groups.add(Group.objects.get(name="Administrator"))
    client.force_login(admin)
    vn = world["vn_draft"]
    response = client.post(reverse("admin:entities_entity_delete", args=[vn.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Entity.objects.filter(pk=vn.pk).exists()


def test_reviewer_returns_with_a_comment_the_researcher_sees(client, world):
    draft = world["th_draft"]
    client.force_login(reviewer())
    assert client.post(transition_url(draft, "publish"), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == E.PUBLISHED

    # Returning needs a comment.
    response = client.post(transition_url(draft, "return"), {"version": draft.version})
    assert response.status_code == 400
    response = client.post(
        transition_url(draft, "return"),
        {"version": draft.version, "comment": "Add the evidence for mutual aid."},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.review_comment) == (E.DRAFT, "Add the evidence for mutual aid.")

    client.force_login(researcher("TH", username="somchai"))
    page = client.get(change_url(draft)).content.decode()
    assert "Add the evidence for mutual aid." in page


def test_reviewer_sees_all_countries_and_withdraws(client, world):
    client.force_login(reviewer())
    response = client.get(reverse("admin:entities_entity_changelist"))
    assert len(response.context["cl"].result_list) == 3
    published = world["th_published"]
    response = client.post(
        reverse("admin:entities_entity_changelist"),
        {
            "action": "transition_withdraw",
            "_selected_action": f"{published.pk},{published.version}",
        },
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == E.WITHDRAWN


def test_return_action_asks_for_a_comment_then_applies(client, world):
    client.force_login(reviewer())
    published = world["th_published"]
    url = reverse("admin:entities_entity_changelist")
    selected = f"{published.pk},{published.version}"
    response = client.post(url, {"action": "transition_return", "_selected_action": selected})
    assert response.status_code == 200
    assert "Comment for the researcher" in response.content.decode()
    response = client.post(
        url,
        {"action": "transition_return", "_selected_action": selected, "confirm": "yes",
         "comment": "Check the year established.", "index": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.status, published.review_comment) == (E.DRAFT, "Check the year established.")


def test_draft_assessment_changes_no_public_profile_until_published(client, world, api):
    published = world["th_published"]
    draft = assess(published, [0] * 7, status=Assessment.Status.DRAFT,
                   assessed_on="2026-01-01")  # fmt: skip
    detail = reverse("api:entity-detail", args=[published.pk])
    assert api.get(detail).json()["features_practised"] == 7

    client.force_login(reviewer())
    response = client.post(transition_url(draft, "publish"), {"version": draft.version})
    assert response.status_code == 302
    assert api.get(detail).json()["features_practised"] == 0


@pytest.mark.parametrize("status", [E.DRAFT, E.IN_REVIEW, E.WITHDRAWN])
def test_public_sees_only_published_entities(client, api, status):
    entity = EntityFactory(name="Hidden Group", status=status)
    assess(entity, [3] * 7)
    assert api.get(reverse("api:entity-detail", args=[entity.pk])).status_code == 404
    assert api.get(reverse("api:entity-list")).json()["count"] == 0
    assert client.get(reverse("entity-detail", args=[entity.pk])).status_code == 404
    assert "Hidden Group" not in client.get(reverse("entity-list")).content.decode()


def test_likely_duplicate_is_flagged_with_a_link_and_can_be_confirmed(thai, world):
    add = reverse("admin:entities_entity_add")
    new = EntityFactory.build(name="ban  hom WEAVERS", country_id="TH")
    response = thai.post(add, entity_form_data(new, version=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This looks like an entity already in the registry" in page
    assert change_url(world["th_draft"]) in page
    assert 'type="checkbox" name="confirmed_distinct"' in page
    assert Entity.objects.filter(name__iexact="ban  hom weavers").count() == 0

    response = thai.post(add, entity_form_data(new, version="", confirmed_distinct="on"))
    assert response.status_code == 302
    assert Entity.objects.filter(name="ban  hom WEAVERS").exists()


def test_same_registration_number_is_flagged(thai):
    EntityFactory(name="Ban Na Savings", registered=True, registration_number="TH-77")
    new = EntityFactory.build(name="Completely other name", country_id="TH")
    response = thai.post(
        reverse("admin:entities_entity_add"),
        entity_form_data(new, version="", registered="true", registration_number="TH-77"),
    )
    assert "same registration number" in response.content.decode()


def test_researcher_adds_a_draft_assessment_to_a_published_entity(thai, world):
    published = world["th_published"]
    add = reverse("admin:research_assessment_add")
    form = thai.get(add, {"entity": published.pk}).context["adminform"].form
    assert form.initial["entity"] == str(published.pk)
    data = {"entity": published.pk, "assessed_on": "2026-02-01", "method": "survey"}
    for feature in form.features:
        data[f"score__{feature.code}"] = "1"
        data[f"evidence__{feature.code}"] = "Survey answers"
    response = thai.post(add, data)
    assert response.status_code == 302, response.context["errors"]
    new = published.assessments.latest()
    assert (new.status, new.assessor.username) == ("draft", "somchai")
    published.refresh_from_db()
    assert published.features_practised == 7  # still the published assessment's profile

    # A published assessment is read-only for the researcher.
    old = published.assessments.get(status="published")
    assert thai.post(change_url(old), data).status_code == 403


def test_entity_page_lets_a_researcher_edit_only_draft_assessments(thai, world):
    published = world["th_published"]
    assess(published, [1] * 7, status=Assessment.Status.DRAFT, assessed_on="2026-01-01")
    published.status = E.DRAFT  # returned to the researcher
    published.save()
    formset = thai.get(change_url(published)).context["inline_admin_formsets"][0].formset
    assert [form.instance.status for form in formset.initial_forms] == ["draft"]


def test_administrator_assigns_a_researchers_countries_in_the_admin(admin_client):
    person = researcher("TH", username="bolormaa")
    url = reverse("admin:auth_user_change", args=[person.pk])
    page = admin_client.get(url)
    assert "countries this person works on" in page.content.decode().lower()
    form = page.context["adminform"].form
    data = {
        "username": "bolormaa",
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in person.groups.all()],
        "date_joined_0": form.initial["date_joined"].strftime("%Y-%m-%d"),
        "date_joined_1": form.initial["date_joined"].strftime("%H:%M:%S"),
        "country_assignments-TOTAL_FORMS": "2",
        "country_assignments-INITIAL_FORMS": "1",
        "country_assignments-MIN_NUM_FORMS": "0",
        "country_assignments-MAX_NUM_FORMS": "1000",
        "country_assignments-0-id": person.country_assignments.get().pk,
        "country_assignments-0-user": person.pk,
        "country_assignments-0-country": "TH",
        "country_assignments-0-DELETE": "on",
        "country_assignments-1-user": person.pk,
        "country_assignments-1-country": "MN",
        # The e-mail language's inline, left blank.
        "correspondent-TOTAL_FORMS": "1",
        "correspondent-INITIAL_FORMS": "0",
        "correspondent-MIN_NUM_FORMS": "0",
        "correspondent-MAX_NUM_FORMS": "1",
        "correspondent-0-user": person.pk,
        "correspondent-0-language": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert list(person.country_assignments.values_list("country_id", flat=True)) == ["MN"]
    listing = admin_client.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "National researcher" in listing

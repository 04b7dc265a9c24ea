"""Independent second assessments: a reviewer asks a second researcher of the
entity's country; that researcher sees none of the entity's other assessments
(the admin's list, pages, history, the entity's page) until they submit
theirs; it cannot be published on its own, nor move with its entity; a
reviewer sets the two side by side and records the agreed assessment, which
becomes the entity's profile while both originals are kept."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token

from entities.models import Entity
from research.framework import FEATURE_CODES
from research.models import Assessment
from workflow.imports.columns import evidence_column, score_column

from ..factories import EntityFactory, assess, researcher, reviewer
from ..importing import (
    CSV_FORMAT,
    EXPORT_URL,
    XLSX_FORMAT,
    confirm,
    csv_bytes,
    preview,
    read_csv,
    row_errors,
)

pytestmark = pytest.mark.django_db
A = Assessment.Status

FIRST = [3, 2, 2, 1, 3, 0, None]


@pytest.fixture
def people():
    return {
        "first": researcher("TH", username="first"),
        # A number a page would write "12,345" if it localised it.
        "second": researcher("TH", username="second", id=12345),
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
    assert '<option value="12345">second</option>' in page
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


# --- the spreadsheet export and import, the public API ------------------------------


def exported_rows(client, file_format=CSV_FORMAT, **data):
    response = client.post(EXPORT_URL, {"resource": "0", "format": file_format, **data})
    assert response.status_code == 200
    if file_format == CSV_FORMAT:
        return read_csv(response.content)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, *rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.values]
    return [dict(zip(header, row, strict=True)) for row in rows]


def row_of(rows, entity_id):
    [row] = [row for row in rows if row["id"] == str(entity_id)]
    return row


def scores_of(row):
    return [row[score_column(code)] for code in FEATURE_CODES]


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_the_blind_researchers_export_holds_their_own_draft_alone(
    client, people, first, second, file_format
):
    # The first researcher's later working draft, the entity's latest.
    later = assess(first.entity, FIRST, assessor=people["first"], status=A.DRAFT)
    later.scores.update(evidence="Secret evidence")
    Assessment.objects.filter(pk=later.pk).update(assessed_on=second.assessed_on)
    as_user(client, people["second"])
    for data in ({}, {"export_items": [first.entity_id]}):  # "export", "export selected"
        rows = exported_rows(client, file_format, **data)
        row = row_of(rows, first.entity_id)
        assert "Secret evidence" not in str(rows)
        assert scores_of(row) == [""] * 7
        assert row["assessed_on"][:10] == second.assessed_on.isoformat()


def test_the_first_researchers_export_holds_theirs_not_the_second_draft(
    client, people, first, second
):
    for user in ("first", "reviewer"):
        as_user(client, people[user])
        row = row_of(exported_rows(client), first.entity_id)
        assert scores_of(row) == ["" if score is None else str(score) for score in FIRST]
        assert row["evidence_autonomy"] == "Secret evidence"
        assert row["assessed_on"] == first.assessed_on.isoformat()
    # Nor once the second is submitted: it is never the entity's working assessment.
    second.scores.update(score=1, evidence="Second's evidence")
    Assessment.objects.filter(pk=second.pk).update(status=A.IN_REVIEW)
    row = row_of(exported_rows(client), first.entity_id)
    assert "Second's evidence" not in row.values()
    assert scores_of(row) == ["" if score is None else str(score) for score in FIRST]


def test_the_blind_researcher_fills_in_their_draft_by_import(client, people, first, second):
    as_user(client, people["second"])
    row = row_of(exported_rows(client), first.entity_id)
    for code in FEATURE_CODES:
        row[score_column(code)] = "1"
        row[evidence_column(code)] = f"Seen myself: {code}"
    response = confirm(client, preview(client, SimpleUploadedFile("blind.csv", csv_bytes([row]))))
    assert response.status_code == 302, row_errors(response)
    assert Assessment.objects.filter(entity_id=first.entity_id).count() == 2
    assert list(second.scores.values_list("score", flat=True)) == [1] * 7
    assert first.scores.get(feature_id="autonomy").evidence == "Secret evidence"
    second.refresh_from_db()
    assert (second.status, second.independent_of_id) == (A.DRAFT, first.pk)


@pytest.mark.parametrize("user", ["reviewer", "second"])
def test_the_api_never_shows_a_draft_or_independent_assessment_to_staff(
    client, people, first, second, user
):
    second.scores.update(score=1, evidence="Blind draft evidence")
    draft = assess(first.entity, [0] * 7, assessor=people["first"], status=A.DRAFT)
    draft.scores.update(evidence="Working draft evidence")
    token = Token.objects.create(user=people[user])
    url = f"/api/v1/entities/{first.entity_id}/"
    for status in (A.DRAFT, A.IN_REVIEW):
        Assessment.objects.filter(pk=second.pk).update(status=status)
        response = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
        assert response.status_code == 200
        body = response.json()
        text = response.content.decode()
        assert "Blind draft evidence" not in text and "Working draft evidence" not in text
        assert [each["assessed_on"] for each in body["assessments"]] == [
            first.assessed_on.isoformat()
        ]
        assert list(body["profile"].values()) == FIRST

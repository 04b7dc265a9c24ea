"""The issue's whole story, end to end through the admin: a Thai researcher
imports a spreadsheet of 500 entities with scores, fixes the three rows the
preview flags, submits them; a reviewer publishes them; they appear on the Thai
country page and in the API, with the history showing who did what; and
nothing a Vietnamese researcher does can touch them."""

import pytest
from django.urls import reverse

from entities.models import Entity
from research.models import Assessment

from ..factories import EntityFactory, researcher, reviewer
from ..importing import another_row, confirm, csv_upload, preview, row_errors

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHANGELIST = reverse("admin:entities_entity_changelist")
N = 500


def spreadsheet(fixed=False):
    rows = [
        another_row(f"Ban Huai Village Enterprise {i:03d}", registered="no", region="TH-50")
        for i in range(N)
    ]
    if not fixed:
        rows[99]["score_autonomy"] = "5"  # spreadsheet row 101
        rows[249]["country"] = "VN"  # row 251: not the researcher's country
        rows[399]["name"] = "Ban Nong Bua Rice Cooperative"  # row 401: already registered
    else:
        rows[399]["name"] = "Ban Nong Bua Rice Cooperative"
        rows[399]["confirmed_distinct"] = "yes"  # a different group of the same name
    return rows


def test_thai_import_review_publication_and_vietnamese_hands_off(client):
    EntityFactory(name="Ban Nong Bua Rice Cooperative", country_id="TH")
    somchai = researcher("TH", username="somchai")
    lan = researcher("VN", username="lan")
    client.force_login(somchai)

    # The preview flags three rows and writes nothing.
    flagged = preview(client, csv_upload(spreadsheet()))
    assert "confirm_form" not in flagged.context
    errors = row_errors(flagged)
    assert {(row, column) for row, column, _ in errors} >= {
        (101, "score_autonomy"),
        (251, "country"),
    }
    assert any(row == 401 and "Ban Nong Bua Rice Cooperative" in msg for row, _, msg in errors)
    assert Entity.objects.count() == 1

    # Fixed, it previews clean and imports.
    response = confirm(client, preview(client, csv_upload(spreadsheet(fixed=True))))
    assert response.status_code == 302, row_errors(response)
    imported = Entity.objects.filter(name__startswith="Ban Huai Village Enterprise")
    assert imported.count() == N - 1 and imported.filter(status="draft").count() == N - 1
    assert Assessment.objects.filter(status="draft").count() == N

    # Submitted, all at once.
    response = client.post(
        CHANGELIST + "?status__exact=draft",
        {"action": "transition_submit", "select_across": "1", "index": "0",
         "_selected_action": [str(imported.first().pk)]},
    )  # fmt: skip
    assert response.status_code == 302
    assert Entity.objects.filter(status="in_review").count() == N

    # Vietnamese researcher: can't open, change, move or re-import them.
    client.force_login(lan)
    one = imported.first()
    change = reverse("admin:entities_entity_change", args=[one.pk])
    assert client.get(change).status_code == 403
    transition = reverse("admin:entities_entity_transition", args=[one.pk, "submit"])
    assert client.post(transition, {"version": one.version}).status_code == 403
    client.post(
        CHANGELIST,
        {"action": "transition_submit", "_selected_action": f"{one.pk},{one.version}"},
    )
    hijack = preview(client, csv_upload([another_row("Taken over", id=str(one.pk), country="VN")]))
    assert "confirm_form" not in hijack.context
    assert client.get(CHANGELIST).context["cl"].result_count == 0

    # The reviewer publishes everything in review.
    client.force_login(reviewer())
    response = client.post(
        CHANGELIST + "?status__exact=in_review",
        {"action": "transition_publish", "select_across": "1", "index": "0",
         "_selected_action": [str(one.pk)]},
    )  # fmt: skip
    assert response.status_code == 302
    assert Entity.objects.filter(status="published").count() == N + 1

    # Public: the API and the Thai country page count them.
    api = client.get(reverse("api:entity-list"), {"country": "TH"}).json()
    assert api["count"] == N + 1
    page = client.get(reverse("country-detail", args=["th"])).content.decode()
    assert f"{N + 1:,}" in page or str(N + 1) in page
    detail = client.get(reverse("api:entity-detail", args=[one.pk])).json()
    assert detail["features_practised"] is not None

    # The history says who did what.
    one.refresh_from_db()
    assert one.name == "Ban Huai Village Enterprise 000"
    steps = [
        (record.history_type, record.status, record.history_user.username)
        for record in one.history.order_by("history_date", "history_id")
    ]
    assert steps[0] == ("+", "draft", "somchai")
    assert ("~", "in_review", "somchai") in steps
    assert steps[-1] == ("~", "published", "reviewer")

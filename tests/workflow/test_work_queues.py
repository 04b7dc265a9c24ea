"""The researcher's day: the admin's home page opens on each person's work
queues (a researcher's drafts, returns with their comments, submissions and
the independent assessments asked of them; a reviewer's review queue oldest
first and by country, returns, and disagreements to reconcile), each count
matching the list its link opens; a researcher of one country finds it chosen
on a new entity; "Save and submit for review" is one button; the status is
said once on an entity's page."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from entities.models import Entity
from research.models import Assessment

from ..admin_forms import ADD_URL, entity_form_data, entity_post
from ..factories import EntityFactory, assess, researcher, reviewer

pytestmark = pytest.mark.django_db
E, A = Entity.Status, Assessment.Status
SCORES = [3, 2, 2, 1, 3, 0, 2]


@pytest.fixture
def day():
    thai, other = researcher("TH", username="thai"), researcher("TH", username="other")
    boss = reviewer()
    made = {
        "draft": EntityFactory(name="My Draft", country_id="TH", created_by=thai, status=E.DRAFT),
        "returned": EntityFactory(
            name="My Returned",
            country_id="TH",
            created_by=thai,
            status=E.DRAFT,
            review_comment="Add the registration number.",
        ),
        "submitted": EntityFactory(
            name="My Submitted", country_id="TH", created_by=thai, status=E.IN_REVIEW
        ),
        "others": EntityFactory(
            name="Other's Submitted", country_id="TH", created_by=other, status=E.IN_REVIEW
        ),
        "cambodia": EntityFactory(name="Cambodian Submitted", country_id="KH", status=E.IN_REVIEW),
    }
    # The oldest first in the review queue.
    Entity.objects.filter(pk=made["cambodia"].pk).update(
        updated_at=timezone.now() - timedelta(days=30)
    )
    published = EntityFactory(name="Published One", country_id="TH", status=E.PUBLISHED)
    first = assess(published, SCORES, assessor=other, status=A.PUBLISHED)
    second = Assessment.objects.create(
        entity=published,
        assessor=thai,
        assessed_on=timezone.localdate(),
        method=first.method,
        independent_of=first,
    )
    return {"thai": thai, "other": other, "reviewer": boss, "second": second, **made}


def home(client, user):
    client.force_login(user)
    return client.get(reverse("admin:index")).content.decode()


def queue(html, slug):
    """The count and the record names of one queue on the home page."""
    block = re.search(rf'id="queue-{slug}">(.*?)</div>', html, re.S)
    assert block, slug
    count = int(re.search(r'class="queue-count">(\d+)<', block[1])[1])
    return count, re.findall(r'<a href="/admin/[^"]+/change/">([^<]+)</a>', block[1])


def test_a_researcher_sees_their_queues(client, day):
    html = home(client, day["thai"])
    assert queue(html, "my_drafts-entity") == (1, ["My Draft"])
    count, names = queue(html, "returned_to_me-entity")
    assert (count, names) == (1, ["My Returned"])
    assert "<q>Add the registration number.</q>" in html
    assert queue(html, "submitted-entity") == (1, ["My Submitted"])
    count, names = queue(html, "assigned_second-assessment")
    assert count == 1 and "Published One" in names[0]
    assert "Other's Submitted" not in html
    assert "awaiting_review" not in html


def test_a_reviewer_lands_on_the_review_queue_oldest_first_by_country(client, day):
    html = home(client, day["reviewer"])
    count, names = queue(html, "awaiting_review-entity")
    assert count == 3
    assert names[0] == "Cambodian Submitted"  # the oldest
    assert "KH: 1 · TH: 2" in html
    assert queue(html, "returned-entity") == (1, ["My Returned"])
    assert html.index("work-queues") < html.index("app-entities")


def test_a_queues_link_lists_what_it_counted(client, day):
    html = home(client, day["reviewer"])
    link = re.search(r'id="queue-awaiting_review-entity">\s*<h3><a href="([^"]+)"', html)[1]
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    rows = re.findall(r'<th class="field-name"><a href="[^"]+">([^<]+)</a>', unescape(listing))
    assert rows[0] == "Cambodian Submitted"  # the oldest first
    assert sorted(rows) == ["Cambodian Submitted", "My Submitted", "Other's Submitted"]


def test_disagreements_to_reconcile(client, day):
    second = day["second"]
    second.status = A.IN_REVIEW
    second.save()
    count, names = queue(home(client, day["reviewer"]), "to_reconcile-assessment")
    assert count == 1 and "Published One" in names[0]


def test_a_researcher_of_one_country_finds_it_chosen(client, day):
    client.force_login(day["thai"])
    html = client.get(ADD_URL).content.decode()
    assert re.search(r'<option value="TH" selected>', html)
    client.force_login(researcher("TH", "KH", username="two"))
    html = client.get(ADD_URL).content.decode()
    assert not re.search(r'<option value="(TH|KH)" selected>', html)


def test_save_and_submit_for_review_is_one_button(client, day):
    client.force_login(day["thai"])
    assert 'name="_saveandsubmit"' in client.get(ADD_URL).content.decode()
    response = client.post(ADD_URL, entity_post(SCORES, _saveandsubmit="1"))
    assert response.status_code == 302
    entity = Entity.objects.get(name="Ban Nong Bua Organic Rice Community Enterprise")
    assert entity.status == E.IN_REVIEW
    assert entity.assessments.get().status == A.IN_REVIEW
    # Changed and submitted in one go, from the returned draft's page.
    returned = day["returned"]
    url = reverse("admin:entities_entity_change", args=[returned.pk])
    data = entity_form_data(returned, locality="Ban Don", _saveandsubmit="1")
    assert client.post(url, data).status_code == 302
    returned.refresh_from_db()
    assert (returned.status, returned.locality, returned.review_comment) == (
        E.IN_REVIEW,
        "Ban Don",
        "",
    )


def test_the_status_is_said_once_on_an_entitys_page(client, day):
    client.force_login(day["thai"])
    url = reverse("admin:entities_entity_change", args=[day["draft"].pk])
    html = client.get(url).content.decode()
    assert html.count("Status: <strong>Draft</strong>.") == 1
    # The entity's own fields no longer repeat it (its assessments' have theirs).
    entity_part = html.split('id="assessments-group"')[0]
    assert "<label>Status:</label>" not in entity_part


def test_a_researcher_sees_their_countrys_records_due_for_review(client, day):
    old = EntityFactory(name="Assessed Long Ago", country_id="TH", status=E.PUBLISHED)
    assess(
        old, SCORES, status=A.PUBLISHED, assessed_on=timezone.localdate() - timedelta(days=1100)
    )
    elsewhere = EntityFactory(name="Cambodian Long Ago", country_id="KH", status=E.PUBLISHED)
    assess(
        elsewhere,
        SCORES,
        status=A.PUBLISHED,
        assessed_on=timezone.localdate() - timedelta(days=1100),
    )
    # Overdue, and (the fixture's, assessed 2025-03-01) due within three months.
    count, names = queue(home(client, day["thai"]), "due-entity")
    assert count == 2 and names == ["Assessed Long Ago", "Published One"]  # longest overdue first

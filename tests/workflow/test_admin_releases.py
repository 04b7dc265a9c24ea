"""Freezing a release in the admin: a reviewer freezes one (label, notes,
confirmation) and reads it; a national researcher cannot; a form posted
twice makes one release; nobody changes or deletes one."""

import pytest
from django.urls import reverse

from entities import releases
from entities.models import Release

from ..factories import EntityFactory, researcher, reviewer

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:entities_release_add")
LIST_URL = reverse("admin:entities_release_changelist")
FORM = {"label": "2026-12 regional release", "notes": "For the conference.", "confirm": "on"}


@pytest.fixture
def published():
    return [EntityFactory(name="Rice Cooperative"), EntityFactory(name="Savers", country_id="VN")]


def test_a_reviewer_freezes_a_release(client, published):
    client.force_login(reviewer())
    page = client.get(ADD_URL)
    assert page.status_code == 200
    assert "Freeze a release" in page.content.decode()
    response = client.post(ADD_URL, FORM)
    release = Release.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:entities_release_change", args=[release.pk])
    assert (release.number, release.label, release.notes) == (1, FORM["label"], FORM["notes"])
    assert release.created_by.username == "reviewer"
    assert release.counts["entities"] == 2
    shown = client.get(response["Location"])
    assert shown.status_code == 200 and FORM["label"] in shown.content.decode()
    assert FORM["label"] in client.get(LIST_URL).content.decode()


def test_a_form_posted_twice_makes_one_release(client, published):
    client.force_login(reviewer())
    assert client.post(ADD_URL, FORM).status_code == 302
    again = client.post(ADD_URL, FORM)
    assert again.status_code == 400
    assert "There is a release labelled" in again.content.decode()
    assert Release.objects.count() == 1


def test_freezing_needs_a_label_and_the_confirmation(client, published):
    client.force_login(reviewer())
    assert client.post(ADD_URL, {**FORM, "confirm": ""}).status_code == 400
    assert client.post(ADD_URL, {**FORM, "label": "  "}).status_code == 400
    assert not Release.objects.exists()


def test_a_researcher_cannot_freeze_a_release(client, published):
    client.force_login(researcher("TH"))
    assert client.get(ADD_URL).status_code == 403
    assert client.post(ADD_URL, FORM).status_code == 403
    assert not Release.objects.exists()


def test_nobody_changes_or_deletes_a_release(client, admin_client, published):
    client.force_login(reviewer())
    client.post(ADD_URL, FORM)
    release = Release.objects.get()
    change_url = reverse("admin:entities_release_change", args=[release.pk])
    delete_url = reverse("admin:entities_release_delete", args=[release.pk])
    for each in (client, admin_client):
        assert each.post(change_url, {"label": "Renamed", "notes": ""}).status_code == 403
        assert each.post(delete_url, {"post": "yes"}).status_code == 403
    release.refresh_from_db()
    assert release.label == FORM["label"]


@pytest.fixture
def large(monkeypatch):
    """A registry over the size frozen in the request: the freeze runs "in the
    background", here at once when the request has answered."""
    started = []
    monkeypatch.setattr(releases, "IN_REQUEST_MAX", 1)
    monkeypatch.setattr(releases, "run_in_background", lambda *call: started.append(call))
    return started


def test_a_large_registry_is_frozen_in_the_background(client, published, large, monkeypatch):
    client.force_login(reviewer())
    response = client.post(ADD_URL, FORM)
    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    assert not Release.objects.exists()  # not yet
    again = client.post(ADD_URL, {**FORM, "label": "Another"})
    assert again.status_code == 400
    assert "being made right now" in again.content.decode()
    assert "is being frozen right now" in client.get(ADD_URL).content.decode()
    ((function, *args),) = large
    # Run here, in the test's transaction, not in a thread: the thread's last
    # step, closing its own connections, would close the test's.
    monkeypatch.setattr(releases.connections, "close_all", lambda: None)
    function(*args)
    release = Release.objects.get()
    assert (release.label, release.created_by.username) == (FORM["label"], "reviewer")
    assert release.counts["entities"] == 2
    assert client.post(ADD_URL, {**FORM, "label": "Another"}).status_code == 302

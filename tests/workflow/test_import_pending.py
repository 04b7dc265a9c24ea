"""An upload waits for its confirmation only when its preview passed, for a
limited time and within a limit of bytes per person; a confirmation imports
once, even when it is posted twice at the same moment; cancelling discards
the upload."""

import threading
import time

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.urls import reverse

from entities.models import Entity
from workflow.imports import pending

from ..importing import (
    CONFIRM_URL,
    IMPORT_URL,
    another_row,
    confirm,
    csv_upload,
    make_user,
    page_errors,
    preview,
    sheet_row,
)

pytestmark = pytest.mark.django_db

CANCEL_URL = reverse("admin:entities_entity_import_cancel")


@pytest.fixture(autouse=True, params=["file", "cache"])
def store(request, monkeypatch, tmp_path):
    """Either place an upload waits in: files in the temporary folder (one
    server) or the shared cache; each test starts with it empty."""
    if request.param == "file":
        monkeypatch.setattr(pending.tempfile, "tempdir", str(tmp_path))
        return pending.store()
    cache = LocMemCache(f"imports-{tmp_path.name}", {})
    monkeypatch.setattr(pending, "store", lambda: cache)
    return cache


def waiting_bytes(store, user):
    """What the user's waiting uploads take, as the store holds them."""
    names = [name for name, _size in store.get(pending.index_key(user), [])]
    held = [store.get(pending.data_key(user, name)) for name in names]
    return sum(len(data) for data in held if data is not None)


def upload_names(store, user):
    return [
        name
        for name, _size in store.get(pending.index_key(user), [])
        if store.get(pending.data_key(user, name)) is not None
    ]


def test_a_refused_upload_is_not_kept(client, researcher, store):
    response = preview(client, csv_upload([sheet_row(country="XX")]))
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert upload_names(store, researcher) == []


def test_an_unreadable_upload_is_not_kept(client, researcher, store):
    response = preview(client, csv_upload([], columns=["nonsense"]))
    assert page_errors(response)
    assert upload_names(store, researcher) == []


def test_an_upload_that_passed_waits_until_confirmed_then_is_gone(client, researcher, store):
    previewed = preview(client, csv_upload([sheet_row()]))
    assert upload_names(store, researcher) == [
        previewed.context["confirm_form"].initial["import_file_name"]
    ]
    assert confirm(client, previewed).status_code == 302
    assert Entity.objects.count() == 1
    assert upload_names(store, researcher) == []


def test_confirming_twice_imports_once(client, researcher):
    previewed = preview(client, csv_upload([sheet_row()]))
    assert confirm(client, previewed).status_code == 302

    again = client.post(CONFIRM_URL, previewed.context["confirm_form"].initial, follow=True)

    assert again.redirect_chain == [(IMPORT_URL, 302)]
    assert "The uploaded file is no longer available. Upload it again." in again.content.decode()
    assert Entity.objects.count() == 1


def test_cancelling_discards_the_upload_and_imports_nothing(client, researcher, store):
    previewed = preview(client, csv_upload([sheet_row()]))
    assert f'formaction="{CANCEL_URL}"' in previewed.content.decode()

    cancelled = client.post(CANCEL_URL, previewed.context["confirm_form"].initial, follow=True)

    assert cancelled.redirect_chain == [(IMPORT_URL, 302)]
    assert "The upload was discarded; nothing was imported." in cancelled.content.decode()
    assert upload_names(store, researcher) == []
    confirmed = client.post(CONFIRM_URL, previewed.context["confirm_form"].initial, follow=True)
    assert "no longer available" in confirmed.content.decode()
    assert not Entity.objects.exists()


def test_one_person_cannot_confirm_anothers_upload(client, researcher, store):
    previewed = preview(client, csv_upload([sheet_row()]))
    other = Client()
    other.force_login(make_user("National researcher", ["KH", "TH"]))

    response = other.post(CONFIRM_URL, previewed.context["confirm_form"].initial, follow=True)

    assert "no longer available" in response.content.decode()
    assert not Entity.objects.exists()
    assert confirm(client, previewed).status_code == 302


@pytest.mark.parametrize(("minutes_later", "imported"), [(6, True), (8, False)])
def test_an_upload_waits_for_the_set_number_of_minutes(
    client, researcher, settings, monkeypatch, minutes_later, imported
):
    settings.IMPORT_PENDING_MINUTES = 7
    previewed = preview(client, csv_upload([sheet_row()]))
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + minutes_later * 60)

    client.post(CONFIRM_URL, previewed.context["confirm_form"].initial)

    assert Entity.objects.exists() is imported


def test_a_new_upload_makes_room_by_dropping_the_same_persons_oldest(
    client, researcher, store, settings
):
    first = preview(client, csv_upload([sheet_row()]))
    size = len(store.get(pending.data_key(researcher, upload_names(store, researcher)[0])))
    settings.IMPORT_PENDING_MAX_BYTES = size * 2 + size // 2

    second = preview(client, csv_upload([another_row("Ban Huai Hom Weaving Group")]))
    third = preview(client, csv_upload([another_row("Ban Pa Daeng Tea Group")]))

    assert waiting_bytes(store, researcher) <= settings.IMPORT_PENDING_MAX_BYTES
    names = [
        response.context["confirm_form"].initial["import_file_name"]
        for response in (second, third)
    ]
    assert upload_names(store, researcher) == names
    dropped = client.post(CONFIRM_URL, first.context["confirm_form"].initial, follow=True)
    assert "no longer available" in dropped.content.decode()
    assert confirm(client, third).status_code == 302


def test_an_upload_larger_than_the_waiting_limit_is_refused_with_the_limit(
    client, researcher, store, settings
):
    settings.IMPORT_PENDING_MAX_BYTES = 100
    response = preview(client, csv_upload([sheet_row()]))
    assert not response.context.get("confirm_form")
    assert any("waiting for confirmation" in error for error in page_errors(response))
    assert upload_names(store, researcher) == []


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor == "sqlite", reason="threads cannot share its test database")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_confirmation_posted_twice_at_once_imports_once(researcher, store):
    rows = [another_row(f"Ban Nong {number} Rice Group") for number in range(40)]
    clients = [Client(), Client()]
    for each in clients:
        each.force_login(researcher)
    previewed = preview(clients[0], csv_upload(rows))
    data = previewed.context["confirm_form"].initial
    start, answers = threading.Barrier(2), []

    def post(each):
        try:
            start.wait()
            answers.append(each.post(CONFIRM_URL, data, follow=True))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Entity.objects.count() == len(rows)
    pages = sorted(answer.content.decode() for answer in answers)
    assert [answer.status_code for answer in answers] == [200, 200]
    assert sum("no longer available" in page for page in pages) == 1
    assert sum("Import finished: 40 new" in page for page in pages) == 1

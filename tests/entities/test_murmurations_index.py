"""The Murmurations index told of the registry's profiles: a notice written in
the transaction that publishes, changes, withdraws or deletes an entity, sent
after the commit, kept with its error while the index can't be reached or
refuses, and sent later by ``manage.py send_murmurations``. A stand-in index
(tests/murmurations_index.py) answers as the real one; the tests marked slow
serve the registry for it to fetch the profiles from."""

import datetime
import socket
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from entities.models import Entity, MurmurationsNotice
from entities.murmurations import index, profiles
from workflow import transitions

from ..factories import EntityFactory, assess, reviewer
from ..murmurations_index import PORTS, StandInIndex, vendored_library

POST, DELETE = MurmurationsNotice.Action.POST, MurmurationsNotice.Action.DELETE


def refusing_socket():
    """A socket of the loopback bound to a port but not listening: a request
    to that port is refused at once, and no other test can take the port."""
    for port in PORTS:
        sock = socket.socket()
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            continue
        return sock
    raise RuntimeError("no free port")


@pytest.fixture
def stand_in():
    with StandInIndex(vendored_library()) as found:
        yield found


@pytest.fixture
def nowhere():
    with refusing_socket() as sock:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture
def told(settings, stand_in, nowhere):
    """The registry telling the stand-in index; its own address is one that
    answers nothing (the stand-in then finds no profile: these tests are about
    what is sent)."""
    settings.MURMURATIONS_INDEX_URL = stand_in.url
    settings.MURMURATIONS_TIMEOUT = 2
    settings.SITE_URL = nowhere
    return stand_in


def publish(entity, user=None):
    moved, _ = transitions.apply(
        user or reviewer(), [entity], transitions.ENTITY_TRANSITIONS["publish"]
    )
    assert moved == [entity]


def withdraw(entity, user=None):
    moved, _ = transitions.apply(
        user or reviewer(), [entity], transitions.ENTITY_TRANSITIONS["withdraw"]
    )
    assert moved == [entity]


def sends(callback):
    return getattr(callback, "func", None) is index.send_recent


def notices():
    return list(MurmurationsNotice.objects.values_list("entity_id", "action", "attempts"))


# --- the notices, without serving the registry -------------------------------------


@pytest.mark.django_db
def test_off_without_an_index(settings, django_capture_on_commit_callbacks):
    settings.MURMURATIONS_INDEX_URL = ""
    entity = EntityFactory(status=Entity.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        publish(entity)
    assert notices() == []
    assert index.send().sent == 0
    assert not [callback for callback in callbacks if sends(callback)]


@pytest.mark.django_db
def test_publishing_writes_a_notice_sent_after_the_commit(
    told, django_capture_on_commit_callbacks
):
    entity = EntityFactory(status=Entity.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(entity)
        assert notices() == [(entity.pk, POST, 0)]  # in the publication's transaction
        assert told.requests == []  # nothing sent before the commit
    ours = [callback for callback in callbacks if sends(callback)]
    assert len(ours) == 1  # one send for the transaction, whatever it wrote
    ours[0]()
    assert told.requests == [("POST", "/v2/nodes")]
    node = told.nodes[profiles.node_id(profiles.profile_url(entity.pk))]
    assert node["profile_url"] == profiles.profile_url(entity.pk)
    assert notices() == []  # sent: forgotten


@pytest.mark.django_db
def test_a_rolled_back_publication_leaves_no_notice(told):
    entity = EntityFactory(status=Entity.Status.DRAFT)
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(entity)
        raise RuntimeError("something later in the transaction failed")
    assert notices() == []


@pytest.mark.django_db
def test_leaving_publication_asks_for_the_node_to_go(told, django_capture_on_commit_callbacks):
    entity = EntityFactory(status=Entity.Status.DRAFT)
    user = reviewer()
    with django_capture_on_commit_callbacks(execute=True):
        publish(entity, user)
    with django_capture_on_commit_callbacks(execute=False):
        withdraw(entity, user)
        assert notices() == [(entity.pk, DELETE, 0)]


@pytest.mark.django_db
def test_returning_a_published_entity_to_draft_asks_for_the_node_to_go(told):
    entity = EntityFactory(status=Entity.Status.PUBLISHED)
    MurmurationsNotice.objects.all().delete()
    transitions.apply(
        reviewer(), [entity], transitions.ENTITY_TRANSITIONS["return"], comment="Check it"
    )
    assert notices() == [(entity.pk, DELETE, 0)]


@pytest.mark.django_db
def test_one_notice_an_entity_the_latest_change_wins(told):
    entity = EntityFactory(status=Entity.Status.DRAFT)
    user = reviewer()
    with transaction.atomic():
        publish(entity, user)
        withdraw(entity, user)
    assert notices() == [(entity.pk, DELETE, 0)]


@pytest.mark.django_db
def test_a_draft_saved_is_nothing_to_tell(told):
    entity = EntityFactory(status=Entity.Status.DRAFT)
    entity.name = "Renamed"
    entity.save()
    assert notices() == []


@pytest.mark.django_db
def test_a_change_while_published_is_posted_again(told):
    entity = EntityFactory(status=Entity.Status.PUBLISHED)
    MurmurationsNotice.objects.all().delete()
    entity.description = "New description"
    entity.save()
    assert notices() == [(entity.pk, POST, 0)]


@pytest.mark.django_db
def test_new_scores_are_posted_again(told):
    entity = EntityFactory(status=Entity.Status.PUBLISHED)
    MurmurationsNotice.objects.all().delete()
    assess(entity, [3, 3, 3, 3, 3, 3, 3])  # refresh_profiles writes without save()
    assert notices() == [(entity.pk, POST, 0)]


@pytest.mark.django_db
def test_deleting_a_published_entity_asks_for_the_node_to_go(told):
    entity = EntityFactory(status=Entity.Status.PUBLISHED)
    entity_id = entity.pk
    MurmurationsNotice.objects.all().delete()
    entity.delete()
    assert notices() == [(entity_id, DELETE, 0)]
    notice = MurmurationsNotice.objects.get()
    assert notice.profile_url == profiles.profile_url(entity_id)


@pytest.mark.django_db
def test_deleting_a_draft_is_nothing_to_tell(told):
    entity = EntityFactory(status=Entity.Status.DRAFT)
    entity.delete()
    assert notices() == []


@pytest.mark.django_db
def test_an_unreachable_index_never_stops_a_publication(
    settings, nowhere, django_capture_on_commit_callbacks
):
    settings.MURMURATIONS_INDEX_URL = nowhere
    settings.MURMURATIONS_TIMEOUT = 2
    entity = EntityFactory(status=Entity.Status.DRAFT)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        publish(entity)
    entity.refresh_from_db()
    assert entity.status == Entity.Status.PUBLISHED
    notice = MurmurationsNotice.objects.get()
    assert (notice.action, notice.attempts) == (POST, 1)
    assert "Connection refused" in notice.last_error or "URLError" in notice.last_error
    assert notice.next_try_at >= before + index.FIRST_RETRY


@pytest.mark.django_db
def test_a_refusal_is_kept_and_tried_again_later(told, monkeypatch):
    entity = EntityFactory(status=Entity.Status.PUBLISHED)
    monkeypatch.setattr(told, "post_node", lambda body: (400, {"errors": [
        {"status": 400, "title": "Invalid Profile", "detail": "name is required"}
    ]}))  # fmt: skip
    result = index.send()
    assert (result.sent, result.failed, result.stopped) == (0, 1, False)
    notice = MurmurationsNotice.objects.get(entity_id=entity.pk)
    assert notice.attempts == 1
    assert notice.last_error == "HTTP 400: Invalid Profile — name is required"
    first_try = notice.next_try_at
    assert index.send().failed == 0  # not due yet
    assert index.send(due_only=False).failed == 1
    notice.refresh_from_db()
    assert notice.attempts == 2
    assert notice.next_try_at - timezone.now() > first_try - timezone.now()  # longer wait


@pytest.mark.django_db
def test_a_server_error_stops_the_run(told, monkeypatch):
    first, second = EntityFactory(status=Entity.Status.PUBLISHED), EntityFactory()
    monkeypatch.setattr(told, "post_node", lambda body: (500, {"errors": [
        {"status": 500, "title": "Database Error"}
    ]}))  # fmt: skip
    result = index.send()
    assert (result.sent, result.failed, result.stopped) == (0, 1, True)
    assert sorted(attempts for _, _, attempts in notices()) == [0, 1]
    assert {first.pk, second.pk} == {entity_id for entity_id, _, _ in notices()}


@pytest.mark.django_db
def test_a_node_the_index_does_not_hold_is_deleted_already(told):
    entity = EntityFactory(status=Entity.Status.PUBLISHED)
    url = profiles.profile_url(entity.pk)
    MurmurationsNotice.objects.all().delete()
    entity.delete()
    assert index.send().sent == 1  # the stand-in answered 404: nothing to delete
    assert told.requests == [("DELETE", f"/v2/nodes/{profiles.node_id(url)}")]
    assert notices() == []


@pytest.mark.django_db
def test_a_commit_sends_a_few_and_leaves_the_rest(told, django_capture_on_commit_callbacks):
    entities = [EntityFactory(status=Entity.Status.DRAFT) for _ in range(index.SEND_AT_ONCE + 3)]
    with django_capture_on_commit_callbacks(execute=True):
        transitions.apply(reviewer(), entities, transitions.ENTITY_TRANSITIONS["publish"])
    assert len(told.requests) == index.SEND_AT_ONCE
    assert len(notices()) == 3
    call_command("send_murmurations", stdout=StringIO())
    assert len(told.requests) == index.SEND_AT_ONCE + 3
    assert notices() == []


@pytest.mark.django_db
def test_the_command_says_what_it_did(told, monkeypatch):
    EntityFactory(status=Entity.Status.PUBLISHED)
    out = StringIO()
    call_command("send_murmurations", stdout=out)
    assert "1 sent; 0 failed; 0 waiting." in out.getvalue()


@pytest.mark.django_db
def test_the_command_queues_every_published_entity(told):
    published = EntityFactory(status=Entity.Status.PUBLISHED)
    EntityFactory(status=Entity.Status.DRAFT)
    MurmurationsNotice.objects.all().delete()
    out = StringIO()
    call_command("send_murmurations", "--queue-published", stdout=out)
    assert "1 published entities queued." in out.getvalue()
    assert [path for _, path in told.requests] == ["/v2/nodes"]
    node = told.nodes[profiles.node_id(profiles.profile_url(published.pk))]
    assert node["profile_url"] == profiles.profile_url(published.pk)


@pytest.mark.django_db
def test_the_command_without_an_index_sends_nothing(settings):
    settings.MURMURATIONS_INDEX_URL = ""
    out = StringIO()
    call_command("send_murmurations", stdout=out)
    assert "MURMURATIONS_INDEX_URL is not set" in out.getvalue()


# --- with the registry served, as the index sees it --------------------------------


@pytest.fixture
def live_told(settings, live_server, stand_in):
    """The registry at its live address, telling the stand-in index, whose
    library fetches the registry's own schema from where the registry serves it."""
    settings.SITE_URL = live_server.url
    settings.MURMURATIONS_INDEX_URL = stand_in.url
    settings.MURMURATIONS_TIMEOUT = 5
    stand_in.library[profiles.FEATURES_SCHEMA] = profiles.schema_url(profiles.FEATURES_SCHEMA)
    return stand_in


def node_of(stand_in, entity):
    return stand_in.nodes.get(profiles.node_id(profiles.profile_url(entity.pk)))


def index_answer(stand_in, entity, method="GET"):
    found = profiles.node_id(profiles.profile_url(entity.pk))
    return index.request(method, f"{stand_in.url}/v2/nodes/{found}")


def assessed_draft():
    entity = EntityFactory(status=Entity.Status.DRAFT, name="Live Cooperative", locality="Hue")
    assess(entity, [3, 2, 1, 0, 2, 3, 2], status="draft", assessed_on=datetime.date(2025, 5, 1))
    return entity


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publication_reaches_the_index_and_its_profile_validates(live_told):
    entity = assessed_draft()
    publish(entity)
    node = node_of(live_told, entity)
    assert node is not None, live_told.requests
    assert node["failure_reasons"] == []
    assert node["status"] == "posted"
    assert node["profile"]["name"] == "Live Cooperative"
    assert node["profile"]["sse_features"]["features_practised"] == 5
    assert node["profile"]["sse_features"]["assessed_on"] == "2025-05-01"
    status, answer = index_answer(live_told, entity)
    assert status == 200
    assert answer["data"]["status"] == "posted"
    assert answer["data"]["profile_url"] == profiles.profile_url(entity.pk)
    assert notices() == []


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_withdrawal_drops_the_profile_and_then_the_node(live_told):
    entity = assessed_draft()
    user = reviewer()
    publish(entity, user)
    # While the profile answers, the index refuses to drop the node.
    status, answer = index_answer(live_told, entity, "DELETE")
    assert status == 400
    assert answer["errors"][0]["title"] == "Profile Still Exists"
    withdraw(entity, user)
    with urlopen_status(profiles.profile_url(entity.pk)) as status:
        assert status == 404
    assert node_of(live_told, entity)["status"] == "deleted"
    assert live_told.requests[-1] == (
        "DELETE",
        f"/v2/nodes/{node_of(live_told, entity)['node_id']}",
    )
    assert notices() == []


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_index_down_is_told_later_by_the_command(settings, live_server, nowhere):
    settings.SITE_URL = live_server.url
    settings.MURMURATIONS_INDEX_URL = nowhere
    settings.MURMURATIONS_TIMEOUT = 2
    entity = assessed_draft()
    publish(entity)
    entity.refresh_from_db()
    assert entity.status == Entity.Status.PUBLISHED
    assert notices() == [(entity.pk, POST, 1)]
    with StandInIndex(vendored_library()) as stand_in:
        stand_in.library[profiles.FEATURES_SCHEMA] = profiles.schema_url(profiles.FEATURES_SCHEMA)
        settings.MURMURATIONS_INDEX_URL = stand_in.url
        out = StringIO()
        call_command("send_murmurations", stdout=out)
        assert "0 sent; 0 failed; 1 waiting." in out.getvalue()  # not due yet
        MurmurationsNotice.objects.update(next_try_at=timezone.now())
        call_command("send_murmurations", stdout=out)
        assert "1 sent; 0 failed; 0 waiting." in out.getvalue()
        node = node_of(stand_in, entity)
        assert node["status"] == "posted", node["failure_reasons"]


class urlopen_status:
    """The status a GET of ``url`` answers (errors included), as a context."""

    def __init__(self, url):
        self.url = url

    def __enter__(self):
        from ..murmurations_index import fetch

        return fetch(self.url)[0]

    def __exit__(self, *exc):
        return False

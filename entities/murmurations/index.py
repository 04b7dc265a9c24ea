"""Telling the Murmurations index of the registry's profiles.

When an entity is published, or changes while published, the index is to
fetch its profile again (``POST <index>/v2/nodes`` with the profile's
address); when it leaves publication (withdrawn, returned to draft, deleted)
its profile answers 404 and the index is asked to drop its node
(``DELETE <index>/v2/nodes/<node_id>``, the node_id being the SHA-256 of the
profile's address). The index refuses a delete while the profile still
answers, so a delete is only ever sent after the transaction that ended the
publication has committed.

What is to be sent is a MurmurationsNotice, written by the signal handlers
below in the same transaction as the change, so that it is neither lost nor
sent for a change that was rolled back. After the commit the newest notices
are sent at once (SEND_AT_ONCE at most, each waiting MURMURATIONS_TIMEOUT
seconds at most, and none after the index fails to answer); whatever could
not be sent waits, with a growing delay, for ``manage.py send_murmurations``.
Nothing here ever makes a publication fail: an unreachable or refusing index
leaves a notice with its error.

Off while MURMURATIONS_INDEX_URL is unset: no notice is written."""

import http.client
import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from entities.models import Entity, EntityStatus, MurmurationsNotice

from .profiles import node_id, profile_url

log = logging.getLogger(__name__)

Action = MurmurationsNotice.Action
# How many notices a commit sends itself; the rest wait for the command.
SEND_AT_ONCE = 20
# The delay before trying a notice again: doubling from the first, at most the last.
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=24)
ERROR_MAX = 1000


def enabled():
    return bool(settings.MURMURATIONS_INDEX_URL)


def nodes_url(*path):
    return "/".join([settings.MURMURATIONS_INDEX_URL.rstrip("/"), "v2", "nodes", *path])


# --- Writing the notices --------------------------------------------------------


def queue(entity_ids, action, using="default"):
    """Record that the index is to be told ``action`` of each entity (replacing
    an unsent notice of it), and send after the transaction commits."""
    if not enabled() or not entity_ids:
        return
    now = timezone.now()
    MurmurationsNotice.objects.using(using).bulk_create(
        [
            MurmurationsNotice(
                entity_id=entity_id,
                profile_url=profile_url(entity_id),
                action=action,
                attempts=0,
                last_error="",
                next_try_at=now,
            )
            for entity_id in entity_ids
        ],
        update_conflicts=True,
        unique_fields=["entity_id"],
        update_fields=["profile_url", "action", "attempts", "last_error", "next_try_at"],
    )
    send_after_commit(using)


def entity_saving(sender, instance, raw=False, **kwargs):
    # Whether the row was published before this save (entities.freshness keeps
    # loaded_status as the row holds it, and moves it on after the save).
    instance.murmurations_was_published = instance.loaded_status == EntityStatus.PUBLISHED


def entity_saved(sender, instance, raw=False, using=None, **kwargs):
    if raw:
        return
    if instance.status == EntityStatus.PUBLISHED:
        queue([instance.pk], Action.POST, using or "default")
    elif getattr(instance, "murmurations_was_published", False):
        queue([instance.pk], Action.DELETE, using or "default")


def entity_deleted(sender, instance, using=None, **kwargs):
    if EntityStatus.PUBLISHED in (instance.status, instance.loaded_status):
        queue([instance.pk], Action.DELETE, using or "default")


def profiles_changed(entities):
    """The stored profiles of ``entities`` changed (entities.profiles, which
    writes them without saving each entity): the published ones' profiles
    are fetched again."""
    queue([entity.pk for entity in entities if entity.is_public], Action.POST)


def queue_published(using="default"):
    """A notice to post each published entity (when the index is first set)."""
    ids = list(Entity.objects.using(using).published().values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        queue(ids[start : start + 1000], Action.POST, using)
    return len(ids)


pre_save.connect(entity_saving, sender=Entity, dispatch_uid="murmurations-entity-saving")
post_save.connect(entity_saved, sender=Entity, dispatch_uid="murmurations-entity-saved")
post_delete.connect(entity_deleted, sender=Entity, dispatch_uid="murmurations-entity-deleted")


# --- Sending them ---------------------------------------------------------------

_senders = {}


def send_after_commit(using):
    """Send the newest notices once the transaction commits (once per transaction)."""
    sender = _senders.setdefault(using, partial(send_recent, using))
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        entry[1] is sender for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(sender, using=using)


def send_recent(using="default"):
    """After a commit: the newest due notices, SEND_AT_ONCE at most. Never raises."""
    try:
        send(newest_first=True, limit=SEND_AT_ONCE, using=using)
    except Exception:
        log.exception("Murmurations notices could not be sent after the commit")


@dataclass
class Outcome:
    done: bool  # the index has it, or had nothing to delete
    reached: bool  # the index answered, and not with a server error
    error: str = ""


@dataclass
class Sent:
    sent: int = 0
    failed: int = 0
    stopped: bool = False  # the index could not be reached: the rest were left


def send(newest_first=False, limit=None, due_only=True, using="default"):
    """Send the pending notices (the due ones, unless ``due_only`` is off),
    oldest first unless ``newest_first``, stopping at the first the index
    fails to answer."""
    result = Sent()
    if not enabled():
        return result
    notices = MurmurationsNotice.objects.using(using).all()
    if due_only:
        notices = notices.filter(next_try_at__lte=timezone.now())
    notices = notices.order_by("-id" if newest_first else "id")
    for notice in list(notices[:limit] if limit else notices):
        outcome = deliver(notice)
        record(notice, outcome, using)
        if outcome.done:
            result.sent += 1
        else:
            result.failed += 1
        if not outcome.reached:
            result.stopped = True
            break
    return result


def record(notice, outcome, using):
    """Forget a notice the index took, or note its error and when to try again;
    either only while no later change has replaced the notice."""
    unchanged = MurmurationsNotice.objects.using(using).filter(
        pk=notice.pk,
        action=notice.action,
        attempts=notice.attempts,
        next_try_at=notice.next_try_at,
    )
    if outcome.done:
        unchanged.delete()
        return
    attempts = notice.attempts + 1
    delay = min(FIRST_RETRY * 2 ** min(attempts - 1, 20), LONGEST_RETRY)
    unchanged.update(
        attempts=attempts,
        last_error=outcome.error[:ERROR_MAX],
        next_try_at=timezone.now() + delay,
    )


def deliver(notice):
    """Tell the index one notice; the Outcome."""
    try:
        if notice.action == Action.POST:
            status, body = request("POST", nodes_url(), {"profile_url": notice.profile_url})
        else:
            status, body = request("DELETE", nodes_url(node_id(notice.profile_url)))
    # Unreachable, timed out, cut off, a garbled answer, a bad address.
    except (OSError, http.client.HTTPException, ValueError) as error:
        log.warning("Murmurations index not reached for %s: %s", notice.profile_url, error)
        return Outcome(done=False, reached=False, error=f"{type(error).__name__}: {error}")
    done = 200 <= status < 300 or (notice.action == Action.DELETE and status == 404)
    if done:
        log.info("Murmurations index told: %s %s", notice.action, notice.profile_url)
        return Outcome(done=True, reached=True)
    error = f"HTTP {status}: {describe(body)}"
    log.warning("Murmurations index refused %s %s: %s", notice.action, notice.profile_url, error)
    return Outcome(done=False, reached=status < 500, error=error)


def request(method, url, payload=None):
    """(status, parsed JSON body or None) of one request to the index."""
    data = None if payload is None else json.dumps(payload).encode()
    headers = {"Accept": "application/json", "User-Agent": settings.SITE_NAME}
    if data is not None:
        headers["Content-Type"] = "application/json"
    sent = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(sent, timeout=settings.MURMURATIONS_TIMEOUT) as response:
            return response.status, parsed(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, parsed(error.read())


def parsed(content):
    try:
        return json.loads(content)
    except ValueError:
        return None


def describe(body):
    """What the index's answer says went wrong (its JSON:API errors), briefly."""
    if not isinstance(body, dict):
        return "no JSON answer"
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        return "; ".join(
            " — ".join(str(part) for part in (error.get("title"), error.get("detail")) if part)
            for error in errors
            if isinstance(error, dict)
        )
    meta = body.get("meta")
    if isinstance(meta, dict) and meta.get("message"):
        return str(meta["message"])
    return json.dumps(body)[:200]

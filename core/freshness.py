"""Figures cached until the published data changes.

A count or the statistics of a filter over a million entities costs a scan of
the rows it selects. Such figures are cached under a key made of the query's
own SQL and the *published-data version*: a token in the shared cache that
every write changing what the public sees moves on (publishing, withdrawing,
editing or deleting a published record, an import, a profile refresh, a demo
seed). A figure cached under an older version is never read again, so a cached
number is never stale, and nothing has to know which figures a write touched.
The apps say which writes change published data: each calls
published_data_changed() for them (entities.freshness for the saves of
entities).

The version moves twice for a write inside a transaction: at once, and again
when the transaction commits. The second move throws away whatever another
request computed from the data it could still see before the commit.

Each move also stores when it happened beside the new version, which tells
readers when the published data last changed ("data as of"):
published_data_changed_at(). When the cache has lost that time (evicted,
restarted, or a version started afresh), the app's own reckoning from the
database stands in, kept for the version, so that every request of one
version tells the same time.

With one cache per process (no REDIS_URL), each process has its own version:
run a single process then, or configure the shared cache.
"""

import hashlib
import logging
import time

from django.core.cache import cache, caches
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.utils import timezone

from core.routing import replica_configured

VERSION_KEY = "published-data-version"
# (version, time): when the published data moved on to that version.
CHANGED_AT_KEY = "published-data-changed-at"
# Without a reachable shared cache, the time reckoned from the database is
# kept this long in the process's own memory.
CHANGED_AT_LOCAL_TIMEOUT = 60
FIGURE_TIMEOUT = 24 * 60 * 60  # figures of old versions leave the cache in a day
# With a read replica, a figure computed just after a version moved may come
# from a replica that has not replayed the change yet; such a figure lives a
# minute at most.
FIGURE_TIMEOUT_WITH_REPLICA = 60

logger = logging.getLogger(__name__)


def current_version():
    """The published-data version: a number no older version shares."""
    version = cache_call(cache.get, VERSION_KEY)
    if version is None:
        # Never set, or evicted: start from the clock, which is past any
        # token handed out before (those count up by one per change).
        cache_call(cache.add, VERSION_KEY, time.time_ns(), None)
        version = cache_call(cache.get, VERSION_KEY)
    return version


def published_data_changed(using=None):
    """Call after (or in the transaction of) any write that changes published
    data without a model save() of an entity, e.g. a bulk update."""
    _move_on()
    transaction.on_commit(_move_on, using=using)


def _move_on():
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache: start a new one, as a reader would
        version = time.time_ns()
        if not cache_call(cache.add, VERSION_KEY, version, None):
            return  # a reader started one meanwhile; the commit's move dates it
    except Exception:  # the cache is unreachable: nothing is served from it either
        logger.warning("Could not move the published-data version on.", exc_info=True)
        return
    if version is not None:  # None: a cache that ignores its errors did not answer
        cache_call(cache.set, CHANGED_AT_KEY, (version, timezone.now()), None)


def published_data_changed_at(reckon):
    """When the published data last changed (an aware datetime), or None.

    The time the write that moved the current version on stored with it; when
    the cache has none for that version, ``reckon()`` (the app's reckoning from
    the database, which may be a little later than the change, never earlier),
    stored for the version. Without a reachable cache, ``reckon()`` kept a
    minute in this process's memory. A reading of a version that moved on
    while it was reckoned is not stored."""
    version = current_version()
    if version is None:
        local = caches["local"]
        changed_at = local.get(CHANGED_AT_KEY)
        if changed_at is None:
            changed_at = reckon()
            local.set(CHANGED_AT_KEY, changed_at, CHANGED_AT_LOCAL_TIMEOUT)
        return changed_at
    stored = cache_call(cache.get, CHANGED_AT_KEY)
    if isinstance(stored, tuple) and stored[0] == version:
        return stored[1]
    changed_at = reckon()
    if current_version() == version:
        cache_call(cache.set, CHANGED_AT_KEY, (version, changed_at), None)
    return changed_at


def cached_figure(kind, queryset, compute, *, key=None):
    """``compute()``, cached for ``queryset`` and the current published-data
    version. The queryset's SQL is the key, unless the caller gives ``key``:
    anything that determines the queryset as exactly, and cheaper to make than
    SQL (such as the request's filter parameters). Without a reachable cache,
    computed."""
    version = current_version()
    if version is None:
        return compute()
    if key is None:
        try:
            key = queryset.order_by().query.sql_with_params()
        except EmptyResultSet:  # .none(): nothing to query, nothing to cache
            return compute()
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    key = f"figure:{kind}:{version}:{digest}"
    value = cache_call(cache.get, key)
    if value is None:
        value = compute()
        cache_call(cache.set, key, value, figure_timeout())
    return value


def figure_timeout():
    return FIGURE_TIMEOUT_WITH_REPLICA if replica_configured() else FIGURE_TIMEOUT


def cached_count(queryset, *, key=None):
    """``queryset.count()``, cached until the published data changes."""
    return cached_figure("count", queryset, queryset.count, key=key)


def cache_call(method, *args):
    """A cache call; an unreachable cache is a figure computed, not an error."""
    try:
        return method(*args)
    except Exception:
        logger.warning("The cache did not answer; computing instead.", exc_info=True)
        return None

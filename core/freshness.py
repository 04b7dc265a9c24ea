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

Versions are also kept per *scope*: a part of the published data that a
write can name, such as a country. A write that names its scopes moves on
theirs (and the whole's); a write that names none moves on every scope at
once. A figure over one country's rows (``scopes_of``, which the apps teach
which querysets are confined to what: entities.freshness for a country) is
cached under that country's version, so a publication in Thailand leaves Viet
Nam's cached figures standing; a figure over several countries combines their
versions, and one over all of them takes the whole's.

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

VERSION_KEY = "published-data-version"  # the whole's: moves on every change
# A scope's version moves on a change of that scope; the unscoped one on a
# change that named no scope, which every scope's version includes.
SCOPE_VERSION_KEY = "published-data-version:{}"
UNSCOPED_VERSION_KEY = "published-data-version!"
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


def current_version(scopes=None):
    """The published-data version: a number no older version shares; for
    ``scopes`` (an iterable of scope names), a text of numbers that changes
    with any change of one of them or of no named scope."""
    if scopes is None:
        return _counter(VERSION_KEY)
    keys = [UNSCOPED_VERSION_KEY, *(SCOPE_VERSION_KEY.format(scope) for scope in sorted(scopes))]
    found = cache_call(cache.get_many, keys)
    if found is None:
        return None
    if len(found) < len(keys):  # never set, or evicted
        found = {key: found.get(key) or _counter(key) for key in keys}
        if None in found.values():
            return None
    return ".".join(str(found[key]) for key in keys)


def _counter(key):
    version = cache_call(cache.get, key)
    if version is None:
        # Never set, or evicted: start from the clock, which is past any
        # token handed out before (those count up by one per change).
        cache_call(cache.add, key, time.time_ns(), None)
        version = cache_call(cache.get, key)
    return version


def published_data_changed(using=None, scopes=None):
    """Call after (or in the transaction of) any write that changes published
    data without a model save() of an entity, e.g. a bulk update. ``scopes``:
    the scopes it changes, if it knows them (else every scope moves on)."""
    scopes = None if scopes is None else frozenset(scopes)
    _move_on(scopes)
    transaction.on_commit(lambda: _committed(scopes), using=using)


# Functions told of each change once it is committed, with its scopes (None:
# every scope), registered by the apps (entities.warming).
_change_listeners = []


def after_each_change(listener):
    """Register ``listener(scopes)``, called in the writing process after each
    change of the published data has committed and moved the version on."""
    if listener not in _change_listeners:
        _change_listeners.append(listener)
    return listener


def _committed(scopes):
    _move_on(scopes)
    for listener in _change_listeners:
        try:
            listener(scopes)
        except Exception:  # a listener never fails the write that committed
            logger.exception("A listener of published-data changes failed.")


def _move_on(scopes=None):
    version = _increment(VERSION_KEY)
    if version is not None:  # None: a cache that ignores its errors did not answer
        cache_call(cache.set, CHANGED_AT_KEY, (version, timezone.now()), None)
    if scopes is None:
        _increment(UNSCOPED_VERSION_KEY)
    for scope in scopes or ():
        _increment(SCOPE_VERSION_KEY.format(scope))


def _increment(key):
    try:
        return cache.incr(key)
    except ValueError:  # not in the cache: start a new one, as a reader would
        version = time.time_ns()
        if not cache_call(cache.add, key, version, None):
            return None  # a reader started one meanwhile; the commit's move dates it
        return version
    except Exception:  # the cache is unreachable: nothing is served from it either
        logger.warning("Could not move the published-data version on.", exc_info=True)
        return None


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


def changed_at():
    """When the published data last changed, as the write that moved the
    whole's version on stored it (or a reckoning stored since); None when the
    cache holds no time for the current version. Reads only the cache."""
    found = cache_call(cache.get_many, [VERSION_KEY, CHANGED_AT_KEY]) or {}
    stored = found.get(CHANGED_AT_KEY)
    if isinstance(stored, tuple) and VERSION_KEY in found and stored[0] == found[VERSION_KEY]:
        return stored[1]
    return None


def cached_figure(kind, queryset, compute, *, key=None):
    """``compute()``, cached for ``queryset`` and the current published-data
    version of what it selects (``scopes_of``). The queryset's SQL is the key,
    unless the caller gives ``key``: anything that determines the queryset as
    exactly, and cheaper to make than SQL (such as the request's filter
    parameters). Without a reachable cache, computed."""
    version = current_version(scopes_of(queryset))
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


# Functions that tell which scopes a queryset is confined to (or None when
# they can't tell), registered by the apps that know their models.
_scope_finders = []


def find_scopes_with(finder):
    """Register ``finder(queryset)``: the scopes of the published data the
    queryset reads (a set of names), or None if it can't tell."""
    if finder not in _scope_finders:
        _scope_finders.append(finder)
    return finder


def scopes_of(queryset):
    """The scopes ``queryset`` reads, or None: the whole published data (also
    for no queryset: a figure whose key says what it is of)."""
    if queryset is None:
        return None
    for finder in _scope_finders:
        scopes = finder(queryset)
        if scopes is not None:
            return scopes
    return None


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

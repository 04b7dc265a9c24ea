"""Uploads waiting for their confirmation, between the preview and the import.

An upload is kept only once its preview passed every check, under its
uploader's name, for IMPORT_PENDING_MINUTES. One person's waiting uploads take
at most IMPORT_PENDING_MAX_BYTES together: a new upload makes room by dropping
that person's oldest ones (an upload previewed and then corrected is seldom
confirmed). Confirming claims the upload: it is read and deleted, and only the
request whose delete succeeded imports it, so a confirmation posted twice at
the same moment imports once. Cancelling deletes it.
"""

import os
import tempfile
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.utils.translation import gettext as _

from .files import FileProblem, expired_message

PREFIX = "import-pending"


def store():
    """The shared cache when every worker and server shares it (Redis);
    otherwise files in the temporary folder, which one server's workers share."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        folder = os.path.join(tempfile.gettempdir(), "sse-registry-imports")
        # Never culled by count: the limits below bound what is kept.
        return FileBasedCache(folder, {"OPTIONS": {"MAX_ENTRIES": 1_000_000}})
    return caches["default"]


def lifetime():
    return settings.IMPORT_PENDING_MINUTES * 60


def data_key(user, name):
    return f"{PREFIX}:{user.pk}:{name}"


def index_key(user):
    """The person's waiting uploads, oldest first, as (name, bytes)."""
    return f"{PREFIX}:{user.pk}"


class PendingUpload:
    """An upload in memory while it is previewed; kept only by keep()."""

    def __init__(self, data):
        self.data = data
        self.name = uuid.uuid4().hex

    def read(self):
        return self.data


def keep(user, upload):
    limit = settings.IMPORT_PENDING_MAX_BYTES
    size = len(upload.data)
    if size > limit:
        raise FileProblem(
            _(
                "The file is %(size)s MB; uploads waiting for confirmation may take at most "
                "%(limit)s MB. Split the file."
            )
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{limit / 1024 / 1024:g}"}
        )
    cache = store()
    waiting = waiting_uploads(cache, user)
    # Two uploads of one person at the same moment may each miss the other in
    # the list; the one missed still expires with its lifetime.
    while waiting and sum(bytes_ for _name, bytes_ in waiting) + size > limit:
        name, _bytes = waiting.pop(0)
        cache.delete(data_key(user, name))
    cache.set(data_key(user, upload.name), upload.data, lifetime())
    cache.set(index_key(user), [*waiting, (upload.name, size)], lifetime())


def claim(user, name):
    """The upload's bytes, for the one request that deletes it."""
    cache = store()
    data = cache.get(data_key(user, name))
    if data is None or not cache.delete(data_key(user, name)):
        raise FileProblem(expired_message())
    forget(cache, user, name)
    return data


def discard(user, name):
    cache = store()
    cache.delete(data_key(user, name))
    forget(cache, user, name)


def waiting_uploads(cache, user):
    return [
        (name, size)
        for name, size in cache.get(index_key(user), [])
        if cache.has_key(data_key(user, name))
    ]


def forget(cache, user, name):
    waiting = [entry for entry in waiting_uploads(cache, user) if entry[0] != name]
    if waiting:
        cache.set(index_key(user), waiting, lifetime())
    else:
        cache.delete(index_key(user))

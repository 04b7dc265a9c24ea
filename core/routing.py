"""Read scaling on a streaming replica (DATABASE_REPLICA_URL).

The replica takes the reads of public requests (GET, HEAD and OPTIONS outside
the admin): pages, API, export, statistics. Everything else stays on the
primary: every write, the admin, and the rows of sign-in, sessions and tokens
(a session or token just issued may not have reached the replica yet). Without
a replica every read goes to the primary.

A figure cached from the replica just after a publication may miss it, if the
replica had not replayed it yet: with a replica, cached figures live a minute
(core/freshness.py).
"""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_reads_on_replica = contextvars.ContextVar("reads_on_replica", default=False)

# Apps whose rows a request may have just written or needs exactly as the
# primary has them.
PRIMARY_ONLY_APPS = {"auth", "authtoken", "sessions", "axes", "admin", "contenttypes"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def replica_configured():
    return REPLICA in settings.DATABASES


def is_public_read(request):
    return request.method in SAFE_METHODS and not request.path.startswith("/admin/")


@contextlib.contextmanager
def reads_on_replica():
    """Within it, reads go to the replica, but those of PRIMARY_ONLY_APPS."""
    token = _reads_on_replica.set(True)
    try:
        yield
    finally:
        _reads_on_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reads_on_replica.get() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same data on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"  # the replica follows the primary's schema


class PublicReadsMiddleware:
    """Sends the reads of public requests to the replica, when there is one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (replica_configured() and is_public_read(request)):
            return self.get_response(request)
        with reads_on_replica():
            return self.get_response(request)

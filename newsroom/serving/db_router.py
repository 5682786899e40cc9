"""Reads for anonymous reader pages go to the replica, when one is configured.

`newsroom.serving.page_cache.PageCacheMiddleware` opens `replica_reads()` around an anonymous GET
of a reader page; everything else (the admin, donations, staff, any request after it has
written) reads the primary. Writes always go to the primary, and the first write in a
request sends the rest of its reads there too, so nothing reads past its own write.
"""

import contextlib
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"

_replica_reads = ContextVar("replica_reads", default=False)


def replica_configured():
    return REPLICA in connections.settings


@contextlib.contextmanager
def replica_reads():
    """Within this block, reads go to the replica until something writes."""
    token = _replica_reads.set(replica_configured())
    try:
        yield
    finally:
        _replica_reads.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _replica_reads.get() else None

    def db_for_write(self, model, **hints):
        _replica_reads.set(False)

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: rows from either relate.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA

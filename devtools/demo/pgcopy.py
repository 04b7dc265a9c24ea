"""Bulk writing with PostgreSQL's COPY, for demo data at the region's scale.

Django's bulk_create spends most of its time preparing each value in Python;
COPY takes plain text rows. Only for trusted, generated rows: values are
written as they are, without the model's validation.
"""

import io
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from django.db import connection

from core.pgcopy import Table, copy_text


def allocate_ids(model, count, attname=None):
    """Reserve ``count`` consecutive values from the sequence of the table's
    primary key (or of another identity column).

    One nextval and one setval instead of ``count`` nextvals, which cost more
    than the COPY of a score. The table is locked against other writers until
    the transaction ends, so no insert draws a value in between (an insert
    takes its lock before it evaluates its default)."""
    if not count:
        return range(0)
    column = model._meta.get_field(attname).column if attname else model._meta.pk.column
    table = model._meta.db_table
    with connection.cursor() as cursor:
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"LOCK TABLE {quoted} IN SHARE ROW EXCLUSIVE MODE")
        cursor.execute(
            "SELECT setval(seq, nextval(seq) + %s - 1)"
            " FROM CAST(pg_get_serial_sequence(%s, %s) AS regclass) seq",
            [count, table, column],
        )
        last = cursor.fetchone()[0]
    return range(last - count + 1, last + 1)


def pre_savers(model, remember=()):
    """For each concrete field, a callable giving the value bulk_create would
    write for an unsaved instance: the field's pre_save, so derived fields
    (timestamps, search text, name keys, lock version) are filled in.

    ``remember``: classes of fields derived from one other field
    (``field.source_field``), whose value is remembered per source value: at
    a million rows the same few thousand names come back again and again.
    """
    return [
        _remembered(field) if isinstance(field, remember) else partial(field.pre_save, add=True)
        for field in model._meta.concrete_fields
    ]


def _remembered(field):
    seen = {}

    def value(obj, add=True):
        source = getattr(obj, field.source_field)
        if source in seen:
            setattr(obj, field.attname, seen[source])
        else:
            seen[source] = field.pre_save(obj, add)
        return seen[source]

    return value


def object_texts(values, obj):
    """An unsaved instance's values, in COPY's text format (``values``: its
    model's pre_savers)."""
    return [copy_text(value(obj)) for value in values]


class BackgroundCopy:
    """COPY statements run one after another by a worker thread.

    The caller keeps generating rows while the server takes in the last
    ones: Python busy on one core, the server on the other. The caller must
    not use the connection until wait() has returned.
    """

    def __init__(self):
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="copy")
        self._sent = []

    def send(self, cursor, table):
        """COPY the table's rows so far with ``cursor`` (a Django cursor)."""
        data = table.take()
        if data:
            self._sent.append(self._worker.submit(self._copy, cursor, table.sql, data))

    @staticmethod
    def _copy(cursor, sql, data):
        with cursor.db.wrap_database_errors:  # Django's exceptions, as for execute()
            # In one read: psycopg2 waits for the server without the GIL,
            # but takes the GIL back for every chunk it reads.
            cursor.copy_expert(sql, io.StringIO(data), len(data))

    def wait(self):
        """Wait until every COPY sent has run; raise the first one's error."""
        sent, self._sent = self._sent, []
        futures.wait(sent)
        for future in sent:
            future.result()

    def close(self):
        self._worker.shutdown()


class CreationHistory(Table):
    """django-simple-history's creation rows ("+") for rows of a tracked model.

    A history row repeats its row's tracked columns, so it is made from the
    row's COPY text instead of formatting every value a second time.
    ``history_ids``: the history_id is given (reserved with allocate_ids),
    for tables that refer to it, instead of taken from the sequence.
    """

    def __init__(self, model, attnames, *, reason, history_ids=False):
        historical = model.history.model
        tracked = [field.attname for field in historical.tracked_fields]
        self._picks = [list(attnames).index(name) for name in tracked]
        own = ["history_id"] if history_ids else []
        super().__init__(
            historical,
            [*tracked, *own, "history_date", "history_change_reason", "history_type"],
        )
        self._reason = copy_text(reason)

    def add_created(self, texts, date, history_id=None):
        """``texts``: the row as written to the model's table; ``date``: the
        history_date in COPY's text format."""
        picked = [texts[index] for index in self._picks]
        if history_id is not None:
            picked.append(str(history_id))
        picked += (date, self._reason, "+")
        self.lines.append("\t".join(picked))

"""Rows written with PostgreSQL's COPY: Django's bulk_create spends most of
its time preparing each value in Python, COPY takes plain text rows. Only for
trusted rows the application made itself (derived counts, generated demo
data): values are written as they are, without the model's validation."""

import datetime
import io

from django.db import connection


def copy_text(value):
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return (
            value.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return str(value)


class Table:
    """Rows for one table, gathered in COPY's text format until taken for a COPY."""

    def __init__(self, model, attnames):
        self.model = model
        self.attnames = list(attnames)
        self.lines = []
        meta = model._meta
        columns = ", ".join(
            connection.ops.quote_name(meta.get_field(name).column) for name in self.attnames
        )
        self.sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"

    def add_texts(self, texts):
        """A row whose values are already in COPY's text format."""
        self.lines.append("\t".join(texts))

    def copy(self, cursor):
        """COPY the rows gathered so far with ``cursor`` (a Django cursor)."""
        data = self.take()
        if data:
            with cursor.db.wrap_database_errors:
                cursor.copy_expert(self.sql, io.StringIO(data), len(data))

    def take(self):
        """The rows gathered so far, as COPY's input; the table starts empty again."""
        data = "\n".join(self.lines) + "\n" if self.lines else ""
        self.lines = []
        return data

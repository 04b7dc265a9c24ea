"""Bulk writing with PostgreSQL's COPY, for demo data at the region's scale.

Django's bulk_create spends most of its time preparing each value in Python;
COPY takes plain text rows. Only for trusted, generated rows: values are
written as they are, without the model's validation.
"""

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


def allocate_ids(model, count):
    """Reserve ``count`` primary keys from the table's sequence."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_rows(model, attnames, rows):
    """COPY rows (tuples of values in ``attnames`` order) into the model's table."""
    columns = [model._meta.get_field(name).column for name in attnames]
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(map(copy_text, row)))
        buffer.write("\n")
    buffer.seek(0)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN",
            buffer,
        )


def copy_objects(model, objects):
    """COPY unsaved model instances, every concrete field, into the model's table.

    Values pass through each field's pre_save, as in bulk_create, so derived
    fields (timestamps, search text) are filled in."""
    fields = model._meta.concrete_fields
    copy_rows(
        model,
        [field.attname for field in fields],
        ([field.pre_save(obj, True) for field in fields] for obj in objects),
    )

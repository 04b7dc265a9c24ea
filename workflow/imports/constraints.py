"""A model's check constraints, checked for many rows of values at once.

``CheckConstraint.validate()`` sends one query per row (and a savepoint
around it): 150,000 round trips for a file of 50,000 rows. Here each
constraint's own condition is compiled once by Django, as a filter on the
model's table, and run against a table of the rows' values: one statement per
thousand distinct rows, with the same SQL, so the same verdicts.
"""

from django.db import connection
from django.db.models.sql import Query

ROWS_PER_QUERY = 1000


def constrained_fields(model, constraint):
    """The concrete fields a check constraint's condition names, in a stable order."""
    names = sorted(constraint.condition.referenced_base_fields)
    return [model._meta.get_field(name) for name in names]


def constraint_holds(model, constraint, rows):
    """{values: whether ``constraint`` holds}, for each tuple of values of its
    ``constrained_fields`` (attribute values, as on an instance) in ``rows``.

    As in ``Q.check()``, a condition that is NULL (unknown) holds.
    """
    fields = constrained_fields(model, constraint)
    query = Query(model)
    compiler = query.get_compiler(connection=connection)
    condition, condition_params = compiler.compile(query.build_where(constraint.condition))
    quote = connection.ops.quote_name
    # The values stand in for the table: its name, its columns, their types.
    # (VALUES names its columns column1, column2… on SQLite and PostgreSQL.)
    columns = ", ".join(
        ["column1 AS row_number"]
        + [
            f"CAST(column{n} AS {field.cast_db_type(connection)}) AS {quote(field.column)}"
            for n, field in enumerate(fields, 2)
        ]
    )
    one_row = f"({', '.join(['%s'] * (len(fields) + 1))})"
    per_query = ROWS_PER_QUERY
    if max_params := connection.features.max_query_params:
        per_query = min(per_query, (max_params - len(condition_params)) // (len(fields) + 1))
    rows = list(dict.fromkeys(rows))
    failing = set()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_query):
            batch = rows[start : start + per_query]
            table = f"SELECT {columns} FROM (VALUES {', '.join([one_row] * len(batch))}) AS given"
            params = [
                prepared
                for number, values in enumerate(batch, start)
                for prepared in [
                    number,
                    *(
                        field.get_db_prep_value(value, connection)
                        for field, value in zip(fields, values, strict=True)
                    ),
                ]
            ]
            cursor.execute(
                f"SELECT row_number FROM ({table}) AS {quote(model._meta.db_table)}"
                f" WHERE NOT COALESCE(({condition}), TRUE)",
                [*params, *condition_params],
            )
            failing.update(number for (number,) in cursor.fetchall())
    return {values: number not in failing for number, values in enumerate(rows)}

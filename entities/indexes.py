from django.db import models
from django.db.models import OrderBy


class NullsLastIndex(models.Index):
    """An index whose descending columns keep empty values last, as the queries
    it serves ask (`F(...).desc(nulls_last=True)`); PostgreSQL puts them first
    unless told. SQLite cannot say NULLS LAST in an index, but sorts NULL below
    everything, so its descending columns have them last anyway."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        index = self
        if schema_editor.connection.vendor != "postgresql":
            index = self.clone()
            index.expressions = tuple(
                OrderBy(expression.expression, descending=expression.descending)
                if isinstance(expression, OrderBy)
                else expression
                for expression in self.expressions
            )
        return super(NullsLastIndex, index).create_sql(model, schema_editor, using, **kwargs)


class CoveringIndex(models.Index):
    """An index that also carries ``covering`` columns where the database can
    (PostgreSQL's INCLUDE), so that a query reading only them and the key is
    answered from the index alone; elsewhere (SQLite) a plain index on the
    key. Django's own ``include`` would do the same, with a system-check
    warning on every SQLite run."""

    def __init__(self, *args, covering=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.covering = tuple(covering)

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["covering"] = self.covering
        return path, args, kwargs

    def create_sql(self, model, schema_editor, using="", **kwargs):
        index = self
        if self.covering and schema_editor.connection.features.supports_covering_indexes:
            index = self.clone()
            index.include = self.covering
        return super(CoveringIndex, index).create_sql(model, schema_editor, using, **kwargs)

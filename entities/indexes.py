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

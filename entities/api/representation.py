"""The public JSON of entities (and the CSV export's rows), built straight from
database rows.

``EntitySerializer`` and ``EntityDetailSerializer`` (serializers.py) document
the shape in the OpenAPI schema and remain its reference: tests check that
both give the same JSON for the same entity. Building model instances and
running a DRF serializer over them cost three times the database's own time
for a page of 100 entities (the benchmark's ``list`` case); plain dicts from
``.values()`` rows cost a fraction of it, and the SDGs come in the same query.
"""

import functools

from django.db.models import Func, TextField
from django.utils import timezone

from research.framework import FEATURE_CODES, Profile, lacking_features, score_field
from research.models import Assessment

from .. import public
from ..models import Entity

SCORE_COLUMNS = {code: score_field(code) for code in FEATURE_CODES}


class SdgNumbers(Func):
    """The entity's SDG numbers, ascending, space-separated (NULL for none):
    a correlated subquery, so a page or an export needs no second query."""

    output_field = TextField()
    arity = 0

    def _table(self):
        through = Entity.sdgs.through._meta
        return (
            through.db_table,
            Entity.sdgs.field.m2m_column_name(),
            Entity.sdgs.field.m2m_reverse_name(),
        )

    def _sql(self, compiler, connection, template):
        quote = connection.ops.quote_name
        table, entity_column, goal_column = (quote(name) for name in self._table())
        outer = f"{quote(Entity._meta.db_table)}.{quote('id')}"
        return template.format(table=table, entity=entity_column, goal=goal_column, outer=outer)

    def as_sql(self, compiler, connection, **extra):
        # SQLite before 3.44 has no ORDER BY inside an aggregate; it joins the
        # rows of an ordered subquery in their order.
        return (
            self._sql(
                compiler,
                connection,
                "(SELECT GROUP_CONCAT(n, ' ') FROM (SELECT s.{goal} AS n FROM {table} s "
                "WHERE s.{entity} = {outer} ORDER BY n))",
            ),
            [],
        )

    def as_postgresql(self, compiler, connection, **extra):
        return (
            self._sql(
                compiler,
                connection,
                "(SELECT STRING_AGG(s.{goal}::text, ' ' ORDER BY s.{goal}) FROM {table} s "
                "WHERE s.{entity} = {outer})",
            ),
            [],
        )


def summary_rows(queryset):
    """``queryset`` as the dicts ``Summaries`` turns into JSON: the public
    values of entities.public, and nothing else."""
    return queryset.values(*public.SUMMARY_VALUES, sdg_numbers=SdgNumbers())


@functools.cache
def _published_summaries():
    return summary_rows(Entity.objects.published())


def published_summaries():
    """``summary_rows`` of the published entities, ready to filter. Setting up
    the 30 columns and their joins took a tenth of a list request's time; it
    is done once per process, and each request filters a copy."""
    return _published_summaries().all()


def detail_rows(queryset):
    return queryset.values(*public.DETAIL_VALUES, sdg_numbers=SdgNumbers())


class Summaries:
    """Turns rows into the list's JSON objects, for one request."""

    def __init__(self, request):
        self.url_prefix = public.address_prefix("api:entity-detail", request)
        self.timezone = timezone.get_current_timezone()

    def __call__(self, row):
        profile = {code: row[column] for code, column in SCORE_COLUMNS.items()}
        assessed_on = row["current_assessment__assessed_on"]
        return {
            "id": row["id"],
            "url": f"{self.url_prefix}{row['id']}/",
            "name": row["name"],
            "name_local": row["name_local"],
            "country": row["country_id"],
            "country_name": row["country__name"],
            "region": row["region_id"],
            "region_name": row["region__name"],
            "entity_type": row["entity_type_id"],
            "legal_form": row["legal_form"],
            "sector": row["sector_id"],
            "year_established": row["year_established"],
            "registered": row["registered"],
            "origin": row["origin"],
            "dependency": row["dependency"],
            "members": row["members"],
            "women_share": row["women_share"],
            "workers": row["workers"],
            "website": row["website"] or None,
            "sdgs": sdg_list(row["sdg_numbers"]),
            "profile": profile,
            "features_practised": row["features_practised"],
            "lacking": lacking_features(profile),
            "band": row["band"],
            "assessed_on": assessed_on.isoformat() if assessed_on else None,
            "updated_at": self.datetime(row["updated_at"]),
            "latitude": number(row["latitude"]),
            "longitude": number(row["longitude"]),
            "location_precision": row["location_precision"] or None,
        }

    def datetime(self, value):
        """ISO 8601 in the current time zone, UTC as "Z": DRF's DateTimeField
        format, at a fraction of its cost."""
        text = value.astimezone(self.timezone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    def many(self, rows):
        return [self(row) for row in rows]

    def detail(self, row, published=None, same_as=None):
        """The detail's JSON: the summary, the longer texts, the current
        assessment with its scores and evidence in the features' order,
        every published assessment's scores (one more query for both, unless
        ``published`` gives the entity's published_assessments already), and
        its identifiers elsewhere (one more query, unless ``same_as`` gives
        them: public.same_as_of)."""
        summary = self(row)
        if published is None:
            published = published_assessments(row["id"]) if row["current_assessment_id"] else {}
        if same_as is None:
            same_as = public.same_as_of([row["id"]]).get(row["id"], [])
        current = published.get(row["current_assessment_id"])
        assessment = None
        if row["current_assessment_id"]:
            assessment = {
                "assessed_on": summary["assessed_on"],
                "method": row["current_assessment__method"],
                "scores": current["scores"] if current else [],
            }
        return {
            **summary,
            "description": row["description"],
            "locality": row["locality"],
            "sources": row["sources"],
            "assessment": assessment,
            "is_demo": row["is_demo"],
            "assessments": [
                {
                    "assessed_on": each["assessed_on"].isoformat(),
                    "method": each["method"],
                    "scores": Profile.from_scores(
                        {score["feature"]: score["score"] for score in each["scores"]}
                    ).scores,
                }
                for each in published.values()
            ],
            "same_as": same_as,
        }


def published_assessments(entity_id):
    """The entity's published assessments by id, latest first, each with its
    date, method and scores (feature, score, evidence) in the features'
    order, in one query. The current assessment is the latest of them
    (entities.profiles), so its scores are read here too."""
    return published_assessments_of([entity_id]).get(entity_id, {})


def published_assessments_of(entity_ids):
    """published_assessments of each of ``entity_ids`` (those with any), by
    entity id, in one query for them all."""
    rows = (
        Assessment.objects.published()
        .filter(entity_id__in=entity_ids)
        .order_by("entity_id", "-assessed_on", "-id", "scores__feature__position")
        .values_list(
            "entity_id",
            "id",
            "assessed_on",
            "method",
            "scores__feature_id",
            "scores__score",
            "scores__evidence",
        )
    )
    by_entity = {}
    for entity_id, assessment_id, assessed_on, method, feature, score, evidence in rows:
        assessment = by_entity.setdefault(entity_id, {}).setdefault(
            assessment_id, {"assessed_on": assessed_on, "method": method, "scores": []}
        )
        if feature is not None:  # an assessment without any score joins none
            assessment["scores"].append({"feature": feature, "score": score, "evidence": evidence})
    return by_entity


def number(value):
    """A decimal as a JSON number (DRF's DecimalField without coerce_to_string)."""
    return None if value is None else float(value)


def sdg_list(numbers):
    return [int(number) for number in numbers.split()] if numbers else []

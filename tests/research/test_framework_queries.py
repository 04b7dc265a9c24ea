"""The framework's rules in each of their forms agree: on Python values, as a
filter on the entities' stored scores, and as the SQL the export runs on
PostgreSQL; and the shares are rounded as each output has always shown them."""

from itertools import product

import pytest
from django.db import connection

from entities.models import Entity
from research.framework import (
    SCORE_MAX,
    SCORE_MIN,
    is_lacking,
    is_practised,
    lacking_features,
    lacking_q,
    lacking_sql,
    practising_q,
    score_field,
    share,
    whole_percent,
    whole_percent_half_up,
)

from ..factories import EntityFactory

SCORES = [None, *range(SCORE_MIN, SCORE_MAX + 1)]
FIRST, SECOND = "mutual_aid", "autonomy"


@pytest.fixture
def every_pair(db):
    """An entity for each pair of scores on two features: entity id -> (first, second)."""
    pairs = {}
    for first, second in product(SCORES, SCORES):
        entity = EntityFactory(**{score_field(FIRST): first, score_field(SECOND): second})
        pairs[entity.pk] = (first, second)
    return pairs


def matching(pairs, rule):
    return {pk for pk, scores in pairs.items() if all(rule(score) for score in scores)}


def pks(queryset):
    return set(queryset.values_list("pk", flat=True))


def selected_by_sql(condition):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('id')} FROM {quote(Entity._meta.db_table)} WHERE {condition}"
        )
        return {pk for (pk,) in cursor.fetchall()}


@pytest.mark.parametrize("threshold", range(SCORE_MIN + 1, SCORE_MAX + 1))
def test_filters_and_sql_select_what_the_python_rules_say(settings, every_pair, threshold):
    settings.SSE_PRACTISING_THRESHOLD = threshold
    practising = matching(every_pair, is_practised)
    lacking = matching(every_pair, is_lacking)
    entities = Entity.objects.all()
    assert pks(entities.filter(practising_q(FIRST, SECOND))) == practising
    assert pks(entities.practising(FIRST, SECOND)) == practising
    assert pks(entities.filter(lacking_q(FIRST, SECOND))) == lacking
    assert pks(entities.lacking(FIRST, SECOND)) == lacking
    quote = connection.ops.quote_name
    both_lacking = " AND ".join(lacking_sql(quote(score_field(code))) for code in (FIRST, SECOND))
    assert selected_by_sql(both_lacking) == lacking


def test_not_assessed_is_neither_practised_nor_lacking():
    assert not is_practised(None)
    assert not is_lacking(None)
    scores = {"economic_activity": 1, "mutual_aid": None, "autonomy": 0}
    assert lacking_features(scores) == ["economic_activity", "autonomy"]


def test_every_assessed_score_is_either_practised_or_lacking(settings):
    for threshold in range(SCORE_MIN + 1, SCORE_MAX + 1):
        settings.SSE_PRACTISING_THRESHOLD = threshold
        for score in range(SCORE_MIN, SCORE_MAX + 1):
            assert is_practised(score) != is_lacking(score)


def test_nothing_to_share_out_is_no_share():
    assert share(0, 0) is None
    assert share(0, 0, 4) is None
    assert whole_percent_half_up(0, 0) is None
    assert share(0, 5) == 0


def test_shares_keep_each_outputs_rounding():
    # The API: four decimals.
    assert share(2, 3, 4) == 0.6667
    assert share(2, 3) == 2 / 3
    # The pages: a whole percent, half to even; the tapestry: half up.
    assert whole_percent(share(1, 8)) == 12
    assert whole_percent_half_up(1, 8) == 13
    # 100 × 29 / 200 is exactly 14.5, where 100 × (29 / 200) falls just short.
    assert whole_percent_half_up(29, 200) == 15

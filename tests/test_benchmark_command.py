"""benchmark: every typical API call answers and is measured, without the
rate limits getting in the way or staying off afterwards."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.views import APIView

from entities.benchmark import Case
from entities.models import Entity

pytestmark = pytest.mark.django_db

CASES = [
    "list",
    "country",
    "country_lacks_band",
    "search_thai",
    "search_vietnamese",
    "deep_page",
    "detail",
    "country_stats",
    "grouped_stats",
    "export_csv",
]
FIGURES = ["median_ms", "p95_ms", "queries", "peak_rss_mb"]


def test_benchmark_seeds_and_measures_every_case(tmp_path):
    throttles = APIView.throttle_classes
    path = tmp_path / "benchmark.json"
    out = StringIO()
    # More requests than the default anonymous rate allows in a minute (60): a
    # throttle left on would answer 429 and fail the run.
    call_command("benchmark", entities=30, repeat=6, json=str(path), stdout=out)
    assert Entity.objects.count() == 30
    results = json.loads(path.read_text())
    assert [result["case"] for result in results] == CASES
    for result in results:
        assert set(result) == {"case", *FIGURES}
        for figure in FIGURES:
            value = result[figure]
            assert isinstance(value, int | float) and not isinstance(value, bool), result
            assert value >= 0, result
        assert result["queries"] > 0, result
        assert result["median_ms"] <= result["p95_ms"], result
    assert "median ms" in out.getvalue()
    assert APIView.throttle_classes is throttles


def test_benchmark_seeds_only_the_difference():
    call_command("seed_demo", entities=20, stdout=StringIO())
    call_command("benchmark", entities=25, repeat=1, stdout=StringIO())
    assert Entity.objects.count() == 25


def test_reuse_refuses_a_registry_too_small():
    call_command("seed_demo", entities=3, stdout=StringIO())
    with pytest.raises(CommandError, match="holds 3 entities, fewer than the 10"):
        call_command("benchmark", entities=10, reuse=True, stdout=StringIO())
    assert Entity.objects.count() == 3


def test_the_export_runs_fewer_times():
    page, export = Case("page", "/"), Case("export", "/", streaming=True)
    assert [page.runs(n) for n in (1, 10, 30)] == [1, 10, 30]
    assert [export.runs(n) for n in (1, 2, 10, 30, 100)] == [1, 2, 3, 3, 10]
    assert export.runs(10, streaming_runs=1) == 1
    assert page.runs(10, streaming_runs=1) == 10

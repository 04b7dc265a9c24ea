"""benchmark: every typical API call answers and is measured, without the
rate limits getting in the way or staying off afterwards."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.views import APIView

from devtools.benchmark import Case
from entities.models import Entity

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CASES = [
    "list",
    "country",
    "country_lacks_band",
    "search_thai",
    "search_vietnamese",
    "deep_page",
    "cursor_first",
    "detail",
    "country_stats",
    "country_stats_cached",
    "grouped_stats",
    "grouped_stats_cached",
    "export_csv",
    "map_cells_region",
    "map_cells_country",
    "map_cells_filtered",
    "map_cells_region_lacking",
    "map_cells_practising",
    "map_cells_sector",
    "map_cells_band",
    "map_cells_sdg",
    "map_cells_counted",
    "html_map_filtered",
    "map_cells_cached",
    "geojson",
    "html_list",
    "html_country_th",
    "html_country_th_after_th_change",
    "html_country_th_after_vn_change",
    "html_country_th_map",
    "html_country_th_map_cached",
    "html_home",
    "html_tapestry_th",
    "html_tapestry_th_cached",
    "report_pdf_region",
    "admin_reviewer",
    "admin_researcher",
    "admin_home_reviewer",
    "admin_home_researcher",
    "admin_queue_awaiting_review",
    "admin_queue_due",
]
FIGURES = ["median_ms", "p95_ms", "queries", "peak_rss_mb", "rss_growth_mb"]
KEYS = {"case", *FIGURES, "limit_ms", "ratio", "targets", "met"}


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
        assert set(result) == KEYS
        for figure in FIGURES:
            value = result[figure]
            assert isinstance(value, int | float) and not isinstance(value, bool), result
            assert value >= 0, result
        assert result["median_ms"] <= result["p95_ms"], result
        assert result["targets"] and result["met"] in (True, False), result
        if result["case"].endswith("_cached"):
            continue  # answered from the cache: no SQL, so no limit
        assert result["queries"] > 0, result
        assert result["limit_ms"] > 0 and result["ratio"] > 0, result
    by_case = {result["case"]: result for result in results}
    assert by_case["country_stats_cached"]["queries"] < by_case["country_stats"]["queries"]
    assert "limit ms" in out.getvalue() and "ratio" in out.getvalue()
    assert "Every case met its targets." in out.getvalue() or "Targets missed" in out.getvalue()
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


def test_only_runs_the_cases_named(tmp_path):
    path = tmp_path / "benchmark.json"
    call_command("benchmark", entities=5, repeat=2, only="list,detail", json=str(path))
    assert [result["case"] for result in json.loads(path.read_text())] == ["list", "detail"]
    with pytest.raises(CommandError, match="no case lists"):
        call_command("benchmark", entities=5, repeat=1, only="lists", stdout=StringIO())


def test_the_export_runs_fewer_times():
    page, export = Case("page", "/"), Case("export", "/", streaming=True)
    assert [page.runs(n) for n in (1, 10, 30)] == [1, 10, 30]
    assert [export.runs(n) for n in (1, 2, 10, 30, 100)] == [1, 2, 3, 3, 10]
    assert export.runs(10, streaming_runs=1) == 1
    assert page.runs(10, streaming_runs=1) == 10


def test_a_slow_case_runs_at_most_its_own_repeat():
    pdf = Case("pdf", "/report.pdf", repeat=3)
    assert [pdf.runs(n) for n in (1, 2, 3, 30)] == [1, 2, 3, 3]

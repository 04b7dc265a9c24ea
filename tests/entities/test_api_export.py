"""GET /api/v1/entities/export.csv: the filtered list as a spreadsheet-safe,
streamed CSV."""

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from entities.api.representation import published_summaries
from entities.export import BOM, copied_lines, written_lines
from entities.models import Entity
from research.framework import FEATURE_CODES

from .. import registry
from ..factories import EntityFactory, assess, profiles_refreshed_together

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(shared_registry):
    return shared_registry


def named(*words):
    return "-".join(["sse-entities", *words, timezone.localdate().isoformat()]) + ".csv"


def export(api, **params):
    response = api.get("/api/v1/entities/export.csv", params)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content)


def test_export_is_utf8_csv_with_a_header_and_a_column_per_feature(api, entities):
    response, body = export(api, country="TH")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{named("TH")}"'
    assert body.startswith("\ufeff".encode())  # spreadsheets then read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 3
    row = next(row for row in rows if row["name"] == "Ban Nong Bua Rice Cooperative")
    assert row["name_local"] == "สหกรณ์ข้าวบ้านหนองบัว"
    assert [row[code] for code in FEATURE_CODES] == [str(s) for s in registry.NO_AUTONOMY]
    assert row["lacking"] == "autonomy"
    assert row["band"] == "most"
    assert row["sdgs"] == "1 2"
    assert row["registered"] == "true"


def test_registered_is_true_false_or_an_empty_cell_when_unknown(api, entities):
    _, body = export(api)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    registered = {row["name"]: row["registered"] for row in rows}
    assert registered[entities["th_coop"].name] == "true"
    assert registered[entities["th_ce"].name] == "false"
    assert registered[entities["kg_assoc"].name] == ""  # unknown: never "false"


def test_export_keeps_khmer_and_cyrillic_intact(api, entities):
    _, body = export(api, country="KH,MN")
    text = body.decode("utf-8-sig")
    assert "ក្រុមសន្សំប្រាក់ស្ត្រីកំពង់ចាម" in text
    assert "Эрдэнэсант сумын малчдын хоршоо" in text


def test_unassessed_scores_are_empty_cells(api, entities):
    _, body = export(api, country="KG")
    row = next(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [row[code] for code in FEATURE_CODES] == [""] * 7
    assert row["band"] == "unassessed"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(api, db, start):
    entity = EntityFactory(name=f"{start}SUM(A1:A9)", legal_form=f"{start}cmd|' /C calc'!A0")
    assess(entity, registry.ALL)
    _, body = export(api)
    row = next(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert row["name"] == f"'{start}SUM(A1:A9)"
    assert row["legal_form"].startswith(f"'{start}")


def test_export_leaves_out_private_fields_and_unpublished_entities(api, entities):
    _, body = export(api)
    text = body.decode("utf-8-sig")
    for value in registry.PRIVATE_VALUES:
        assert value not in text
    assert "Draft Cooperative" not in text
    assert "Withdrawn" not in text
    assert len(text.strip().splitlines()) == registry.PUBLISHED + 1


def test_export_rejects_bad_filters_with_a_400(api, entities):
    response = api.get("/api/v1/entities/export.csv", {"band": "half"})
    assert response.status_code == 400
    assert "band" in response.json()


@pytest.mark.parametrize("count", [1, 40])
def test_export_costs_one_query_whatever_its_size(api, django_assert_num_queries, count):
    with profiles_refreshed_together():
        for _ in range(count):
            entity = EntityFactory()
            entity.sdgs.set([3])
            assess(entity, registry.FEW)
    api.get("/api/v1/entities/", {"country": "TH"})  # warm the cached reference codes
    # The entities with their reference rows, assessment date and SDGs.
    with django_assert_num_queries(1):
        _, body = export(api, country="TH")
    lines = body.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == count + 1
    assert all(",3," in line for line in lines[1:])  # the SDGs column


def test_postgresql_writes_the_same_cells_as_python(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the server writes the CSV on PostgreSQL only")
    registry.build()
    tricky = EntityFactory(
        name='Quote " comma, and\nnew line',
        name_local="",
        legal_form="=SUM(A1)",
        website="",
        region=None,
        # Small, negative and round coordinates: written alike without trailing zeros.
        latitude=Decimal("-0.0001"),
        longitude=Decimal("-180"),
        location_precision="exact",
    )
    tricky.sdgs.set([17, 2, 9])
    assess(tricky, registry.OPEN)
    EntityFactory(name="\r@carriage return", website="https://example.org/a,b")
    Entity.objects.filter(pk=tricky.pk).update(
        updated_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    )
    rows = published_summaries().order_by("name", "id")
    copied = b"".join(copied_lines(rows)).decode("utf-8")
    written = "".join(written_lines(rows))
    assert copied.startswith(BOM) and written.startswith(BOM)
    copied_cells = list(csv.reader(io.StringIO(copied.removeprefix(BOM))))
    assert copied_cells == list(csv.reader(io.StringIO(written.removeprefix(BOM))))
    assert len(copied_cells) == registry.PUBLISHED + 3
    header = copied_cells[0]
    located = {
        row[header.index("name")]: row[-3:] for row in copied_cells[1:] if row[-3:] != ["", "", ""]
    }
    assert located == {
        "Ban Nong Bua Rice Cooperative": ["16.4322", "102.8236", "locality"],
        "Dong Hoa Agricultural Cooperative": ["21.028511", "105.804817", "exact"],
        "Kampong Cham Women's Savings Group": ["12", "105.45", "region"],
        'Quote " comma, and\nnew line': ["-0.0001", "-180", "exact"],
    }


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_export_abandoned_halfway_leaves_the_database_usable():
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the server writes the CSV on PostgreSQL only")
    call_command("seed_demo", entities=3000, stdout=io.StringIO())
    lines = copied_lines(published_summaries())
    assert next(lines) == BOM.encode()
    assert next(lines).startswith(b"id,name,")  # the first 256 KB
    lines.close()  # as when the client goes away
    assert Entity.objects.count() == 3000


@pytest.mark.parametrize(
    "query, words",
    [
        ("", []),
        ("entity_type=cooperative&country=th", ["TH", "cooperative"]),
        ("country=vn,th&band=all&registered=false", ["VN", "TH", "all", "unregistered"]),
        ("registered=unknown", ["registration-unknown"]),
        ("registered=true", ["registered"]),
        ("practises=autonomy&year_min=2000&sdg=5", ["sdg-5", "practises-autonomy", "from-2000"]),
        ("q=Rice+%2F..%2Fcoop&ordering=-name", ["q-rice-coop"]),
        ("q=สหกรณ์", []),  # nothing of a search outside ASCII fits a file name safely
    ],
)
def test_the_file_is_named_after_the_filters_that_narrow_it(api, entities, query, words):
    response = api.get(f"/api/v1/entities/export.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{named(*words)}"'

"""A researcher imports a spreadsheet of entities with their scores in the admin:
preview, confirm, all or nothing, within their countries; export reads back."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entities.models import Entity
from research.framework import FEATURE_CODES
from research.models import Assessment, Score
from workflow.imports.columns import COLUMNS, EXAMPLE_ROW, REQUIRED_COLUMNS
from workflow.imports.resources import EntityResource
from workflow.imports.writing import ImportWriter

from ..factories import EntityFactory, UserFactory, assess
from ..importing import (
    CHANGELIST_URL,
    CONFIRM_URL,
    CSV_FORMAT,
    EXPORT_URL,
    IMPORT_URL,
    XLSX_FORMAT,
    another_row,
    confirm,
    csv_bytes,
    csv_upload,
    draft_entity,
    export,
    history_counts,
    import_file,
    import_types,
    make_user,
    page_errors,
    preview,
    read_csv,
    row_errors,
    sheet_row,
    xlsx_upload,
)

pytestmark = pytest.mark.django_db

# --- preview and confirm --------------------------------------------------------


def test_import_page_offers_the_template_and_states_the_limits(client, researcher):
    page = client.get(IMPORT_URL).content.decode()
    assert reverse("admin:entities_entity_import_template", args=["csv"]) in page
    assert reverse("admin:entities_entity_import_template", args=["xlsx"]) in page
    limits = (
        f"at most {settings.IMPORT_MAX_BYTES / 2**20:g} MB and {settings.IMPORT_MAX_ROWS:,} rows"
    )
    assert limits in page
    assert "confirmed_distinct" in page  # our column names


def test_changelist_has_import_export_and_template_links(client, researcher):
    page = client.get(CHANGELIST_URL).content.decode()
    assert IMPORT_URL in page
    assert EXPORT_URL in page
    assert reverse("admin:entities_entity_import_template", args=["xlsx"]) in page


def test_preview_lists_new_changed_and_unchanged_rows_with_counts(client, researcher):
    unchanged = draft_entity(name="Ban Don Weaving Group", region_id="TH-50")
    changed = draft_entity(name="Ban Mae Tha Homestay")
    assess(changed, [3, 3, 2, 2, 1, 1, 2], status=Assessment.Status.DRAFT)
    rows = read_csv(export(client).content)
    rows[[row["id"] for row in rows].index(str(changed.pk))]["description"] = "Twelve homestays."
    before = history_counts()

    response = preview(client, csv_upload([*rows, sheet_row()]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "1 new, 1 changed, 1 unchanged, 0 with errors." in page
    types = dict(zip([row["id"] for row in rows] + ["new"], import_types(response), strict=True))
    assert types == {str(unchanged.pk): "skip", str(changed.pk): "update", "new": "new"}
    assert "Unchanged" in page and "Changed" in page and "New" in page
    # The preview writes nothing.
    assert Entity.objects.count() == 2
    assert history_counts() == before


def test_confirm_writes_entities_assessments_scores_and_history_with_the_user(client, researcher):
    rows = [
        sheet_row(),
        another_row(
            "Nong Khai Women's Savings Group",
            name_local="กลุ่มออมทรัพย์สตรีหนองคาย",
            region="TH-43",
            registered="no",
            sdgs="5",
            score_autonomy="",
            evidence_autonomy="",
        ),
    ]
    response = import_file(client, csv_upload(rows))

    assert response.url == CHANGELIST_URL
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "Import finished: 2 new, 0 changed and 0 unchanged entities." in messages
    coffee = Entity.objects.get(name=EXAMPLE_ROW["name"])
    assert coffee.status == Entity.Status.DRAFT
    assert coffee.created_by == researcher
    assert coffee.name_local == EXAMPLE_ROW["name_local"]
    assert (coffee.region_id, coffee.entity_type_id, coffee.sector_id) == (
        "TH-50",
        "community-enterprise",
        "A",
    )
    assert coffee.registered and coffee.registration_number == "5-50-07-08/1-0142"
    assert (coffee.members, coffee.women_share, coffee.year_established) == (36, 55, 2014)
    assert sorted(coffee.sdgs.values_list("number", flat=True)) == [1, 8, 15]
    assert coffee.contact_phone == "+66 53 000 000"

    assessment = coffee.assessments.get()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.assessor == researcher
    assert assessment.assessed_on == datetime.date(2026, 3, 12)
    assert assessment.method == Assessment.Method.INTERVIEW
    scores = {s.feature_id: (s.score, s.evidence) for s in assessment.scores.all()}
    assert set(scores) == set(FEATURE_CODES)
    assert scores["economic_activity"] == (3, EXAMPLE_ROW["evidence_economic_activity"])
    assert scores["people_over_capital"] == (None, "")

    # History records every write, with who made it.
    assert {h.history_user for h in Entity.history.all()} == {researcher}
    assert {h.history_user for h in Assessment.history.all()} == {researcher}
    assert Score.history.filter(history_user=researcher).count() == 14
    # Drafts are not public: no profile yet.
    assert coffee.current_assessment is None


def test_registered_is_yes_no_or_unknown_when_the_cell_is_empty(client, researcher):
    cells = {
        "empty": ("", None),
        "blank": ("  ", None),
        "unknown": ("Unknown", None),
        "no": ("no", False),
        "false": ("FALSE", False),
        "zero": ("0", False),
        "n": ("n", False),
        "yes": ("Yes", True),
        "true": ("true", True),
        "one": ("1", True),
    }
    rows = [
        another_row(f"Ban Huai Hom Weaving Group {key}", registered=cell, confirmed_distinct="yes")
        for key, (cell, _) in cells.items()
    ]

    import_file(client, csv_upload(rows))

    stored = dict(Entity.objects.values_list("name", "registered"))
    assert stored == {
        f"Ban Huai Hom Weaving Group {key}": registered for key, (_, registered) in cells.items()
    }


def test_a_registered_cell_that_is_not_yes_no_or_empty_is_refused(client, researcher):
    rows = [another_row("Ban Huai Hom Weaving Group", registered="maybe")]
    errors = row_errors(preview(client, csv_upload(rows)))
    assert errors == [
        (2, "registered", "Write yes or no, or leave the cell empty if it is not known.")
    ]
    # A registration number needs "yes": unknown takes none, as "no" does not.
    rows = [sheet_row(registered="")]
    errors = row_errors(preview(client, csv_upload(rows)))
    assert [(row, column) for row, column, _ in errors] == [(2, "registration_number")]


def test_changed_scores_update_the_researchers_draft_assessment(client, researcher):
    entity = draft_entity(name="Ban Mae Tha Homestay")
    draft = assess(entity, [3, 3, 2, 2, 1, 1, 2], status=Assessment.Status.DRAFT)
    rows = read_csv(export(client).content)
    rows[0]["score_autonomy"] = "3"
    rows[0]["evidence_autonomy"] = "Stopped taking the district's grant in 2025."

    import_file(client, csv_upload(rows))

    assert entity.assessments.get() == draft  # updated, not a second one
    draft.refresh_from_db()
    assert draft.scores.get(feature_id="autonomy").score == 3
    assert Entity.history.filter(id=entity.pk).count() == 1  # the entity did not change


def test_new_scores_for_a_published_entity_go_to_a_new_draft_assessment(client, researcher):
    entity = EntityFactory(name="Ban Nong Bua Rice Cooperative")
    published = assess(entity, [3, 3, 2, 2, 3, 0, 3])
    rows = read_csv(export(client).content)
    rows[0].update(assessed_on="2026-05-02", method="site_visit", score_autonomy="1")
    rows[0]["evidence_autonomy"] = "Board now chosen by the members, not the district."
    before = Entity.history.count()

    import_file(client, csv_upload(rows))

    new = entity.assessments.exclude(pk=published.pk).get()
    assert (new.status, new.assessor, new.method) == ("draft", researcher, "site_visit")
    assert new.scores.get(feature_id="autonomy").score == 1
    published.refresh_from_db()
    assert published.scores.get(feature_id="autonomy").score == 0
    assert Entity.history.count() == before
    entity.refresh_from_db()
    assert entity.current_assessment == published  # the public profile is unchanged


# --- all or nothing ---------------------------------------------------------------


def test_a_bad_row_in_the_middle_writes_nothing_and_names_row_and_column(client, researcher):
    rows = [another_row(f"Ban Huai Hom Weaving Group {n}") for n in (1, 2, 3)]
    rows[1].update(score_mutual_aid="5", region="VN-HN", women_share="150")

    response = preview(client, csv_upload(rows))

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    errors = row_errors(response)
    assert {(row, column) for row, column, _ in errors} == {
        (3, "score_mutual_aid"),
        (3, "region"),
        (3, "women_share"),
    }
    messages = dict(((row, column), message) for row, column, message in errors)
    assert messages[3, "region"] == "The region must belong to the entity's country."
    assert "0, 1, 2 or 3" in messages[3, "score_mutual_aid"]
    page = response.content.decode()
    assert "Nothing can be imported yet: 1 row has errors" in page
    assert "2 new, 0 changed, 0 unchanged, 1 with errors." in page
    assert not Entity.objects.exists()


def test_a_score_without_evidence_is_refused_naming_the_feature(client, researcher):
    response = preview(client, csv_upload([sheet_row(evidence_mutual_aid=" ")]))
    assert row_errors(response) == [
        (2, "evidence_mutual_aid", "Mutual aid: give the evidence for this score.")
    ]


def test_a_row_failing_at_confirmation_rolls_back_the_rows_before_it(client, researcher):
    rows = [another_row(f"Ban Pa Daeng Tea Group {n}") for n in (1, 2)]
    previewed = preview(client, csv_upload(rows))
    # Between the preview and the confirmation, someone records row 3's entity.
    EntityFactory(name="Ban Pa Daeng Tea Group 2", status=Entity.Status.DRAFT)

    response = confirm(client, previewed)

    assert response.status_code == 200
    assert (3, "name") in [(row, column) for row, column, _ in row_errors(response)]
    assert "Nothing was imported" in response.content.decode()
    assert Entity.objects.count() == 1
    assert not Assessment.objects.exists()


def test_a_database_failure_halfway_writes_nothing(client, researcher, monkeypatch):
    rows = [another_row(f"Ban Sop Moei Honey Group {n}") for n in (1, 2)]
    previewed = preview(client, csv_upload(rows))
    writes = []
    write_scores = ImportWriter._write_scores

    def failing_write(self, *args):
        writes.append(args)
        if len(writes) == 2:
            raise RuntimeError("disk full")
        return write_scores(self, *args)

    # A batch per row: the first is written, the second fails halfway.
    monkeypatch.setattr(EntityResource._meta, "batch_size", 1)
    monkeypatch.setattr(ImportWriter, "_write_scores", failing_write)
    response = confirm(client, previewed)

    assert response.status_code == 200
    assert "disk full" in response.content.decode()
    assert not Entity.objects.exists()
    assert not Score.objects.exists()
    assert not Entity.history.exists()


# --- scope and permissions --------------------------------------------------------


def test_rows_of_other_countries_are_errors(client, researcher):
    response = preview(client, csv_upload([sheet_row(country="VN", region="VN-HN")]))
    assert row_errors(response) == [
        (2, "country", "You can import entities of your countries only (TH).")
    ]


def test_moving_an_entity_to_another_country_is_an_error(client, researcher):
    draft_entity(name="Ban Don Weaving Group")
    rows = read_csv(export(client).content)
    rows[0].update(country="VN", region="")
    errors = row_errors(preview(client, csv_upload(rows)))
    assert [(row, column) for row, column, _ in errors] == [(2, "country")]


def test_an_unknown_id_or_another_countrys_id_reveals_nothing(client, researcher):
    elsewhere = EntityFactory(name="Hợp tác xã Nông nghiệp Tân Hội", country_id="VN")
    rows = [sheet_row(id=str(elsewhere.pk)), another_row("Other", id="999999")]

    errors = row_errors(preview(client, csv_upload(rows)))

    assert errors == [
        (2, "id", f"No entity with id {elsewhere.pk} in your countries."),
        (3, "id", "No entity with id 999999 in your countries."),
    ]
    assert elsewhere.name not in str(errors)


def test_a_researcher_cannot_change_a_published_entity(client, researcher):
    EntityFactory(name="Ban Nong Bua Rice Cooperative")
    rows = read_csv(export(client).content)
    rows[0]["description"] = "Forty members."

    errors = row_errors(preview(client, csv_upload(rows)))

    assert [(row, column) for row, column, _ in errors] == [(2, "status")]
    assert "published: ask a reviewer" in errors[0][2]
    assert "add a new assessment" in errors[0][2]


def test_a_reviewer_can_change_a_published_entity(client, reviewer):
    entity = EntityFactory(name="Ban Nong Bua Rice Cooperative")
    rows = read_csv(export(client).content)
    rows[0]["description"] = "Forty members."

    import_file(client, csv_upload(rows))

    entity.refresh_from_db()
    assert entity.description == "Forty members."
    assert entity.status == Entity.Status.PUBLISHED  # status is never imported
    assert entity.history.first().history_user == reviewer


def test_the_status_column_is_ignored(client, researcher):
    import_file(client, csv_upload([sheet_row(status="published")]))
    assert Entity.objects.get().status == Entity.Status.DRAFT


def test_a_user_without_add_permission_cannot_import(client):
    viewer = UserFactory(username="viewer", is_staff=True)
    client.force_login(viewer)
    assert client.get(IMPORT_URL).status_code == 403


# --- likely duplicates --------------------------------------------------------------


def test_a_likely_duplicate_is_flagged_with_a_link_to_the_stored_entity(client, researcher):
    stored = EntityFactory(name="Ban Nong-Bua Rice Cooperative", status=Entity.Status.DRAFT)
    row = another_row("BAN NONG BUA  rice cooperative")

    response = preview(client, csv_upload([row]))

    [(number, column, message)] = row_errors(response)
    assert (number, column) == (2, "name")
    link = f'<a href="{reverse("admin:entities_entity_change", args=[stored.pk])}"'
    assert link in message
    assert link in response.content.decode()  # rendered as a link, not escaped
    assert "same name" in message


def test_the_same_registration_number_is_flagged(client, researcher):
    EntityFactory(name="Pa Sang Coffee", registered=True, registration_number="5-50-07-08/1-0142")
    errors = row_errors(preview(client, csv_upload([sheet_row()])))
    assert [(row, column) for row, column, _ in errors] == [(2, "registration_number")]
    assert "same registration number" in errors[0][2]


def test_a_duplicate_of_an_earlier_row_of_the_file_is_flagged(client, researcher):
    rows = [sheet_row(), another_row(EXAMPLE_ROW["name"] + ".")]
    errors = row_errors(preview(client, csv_upload(rows)))
    assert [(row, column) for row, column, _ in errors] == [(3, "name")]
    assert "same entity as row 2" in errors[0][2]


def test_confirmed_distinct_lets_a_flagged_row_through(client, researcher):
    EntityFactory(name="Ban Pa Sang Organic Coffee Community Enterprises")
    row = sheet_row(registration_number="", confirmed_distinct="yes")
    import_file(client, csv_upload([row]))
    assert Entity.objects.count() == 2


# --- round trip and scripts ---------------------------------------------------------


@pytest.fixture
def registry(researcher):
    """Entities of every shape a file must carry back unchanged."""
    published = EntityFactory(
        name="Ban Nong Bua Rice Cooperative",
        name_local="สหกรณ์ข้าวบ้านหนองบัว",
        region_id="TH-40",
        registered=True,
        registration_number="TH-1",
        description="=SUM(A1)\r\nSecond line, with a comma.",
        contact_phone="+66 81 234 5678",
        internal_notes="-call after harvest",
        members=120,
        women_share=40,
        year_established=1995,
        website="https://example.org/coop",
        latitude=Decimal("16.4322"),
        longitude=Decimal("102.8236"),
        location_precision="exact",
    )
    published.sdgs.set([1, 2])
    assess(published, [3, 3, 2, 2, 3, 0, None])
    draft = draft_entity(
        name="Ban Don Weaving Group",
        registered=False,
        origin="community",
        dependency="low",
        # Negative (written "'-8.5" against formulas) and round: read back as stored.
        latitude=Decimal("-8.5"),
        longitude=Decimal("100"),
        location_precision="region",
    )
    assess(draft, [1, 0, None, None, 2, 2, 1], status=Assessment.Status.DRAFT)
    bare = draft_entity(name="Nong Khai Women's Savings Group")  # registered: unknown
    return [published, draft, bare]


@pytest.mark.parametrize("file_format", [CSV_FORMAT, XLSX_FORMAT])
def test_an_exported_file_imports_back_unchanged(client, registry, file_format):
    exported = export(client, file_format)
    extension = "csv" if file_format == CSV_FORMAT else "xlsx"
    before = history_counts()

    previewed = preview(client, SimpleUploadedFile(f"back.{extension}", exported.content))

    assert import_types(previewed) == ["skip", "skip", "skip"]
    response = confirm(client, previewed)
    assert response.status_code == 302
    assert history_counts() == before


def test_the_export_has_every_column_and_the_latest_scores(client, registry):
    published = registry[0]
    rows = read_csv(export(client).content)
    assert list(rows[0]) == COLUMNS
    row = next(row for row in rows if row["id"] == str(published.pk))
    assert row["sdgs"] == "1, 2"
    assert row["registered"] == "yes"
    registered = {row["name"]: row["registered"] for row in rows}
    assert registered["Ban Don Weaving Group"] == "no"
    assert registered["Nong Khai Women's Savings Group"] == ""  # unknown: an empty cell
    assert row["score_democratic_governance"] == "3"
    assert row["score_people_over_capital"] == ""
    assert row["status"] == "published"
    assert row["contact_phone"] == "'+66 81 234 5678"  # never run as a formula
    assert row["description"].startswith("'=SUM")


def test_export_of_selected_entities(client, registry):
    chosen = registry[1]
    form = client.post(
        CHANGELIST_URL,
        # Each checkbox carries the record's version (optimistic locking).
        {"action": "export_admin_action", "_selected_action": [f"{chosen.pk},{chosen.version}"]},
    )
    assert form.status_code == 200
    assert "Export 1 selected item." in form.content.decode()
    response = client.post(
        EXPORT_URL, {"resource": "0", "format": CSV_FORMAT, "export_items": [chosen.pk]}
    )
    assert [row["id"] for row in read_csv(response.content)] == [str(chosen.pk)]


def test_export_keeps_to_the_researchers_countries_and_filters(client, registry):
    EntityFactory(name="Hợp tác xã Tân Hội", country_id="VN")
    rows = read_csv(export(client).content)
    assert {row["country"] for row in rows} == {"TH"}
    drafts = read_csv(export(client, query="?status__exact=draft").content)
    assert {row["status"] for row in drafts} == {"draft"}


def test_names_in_thai_khmer_mongolian_and_vietnamese_are_stored_exactly(client):
    client.force_login(make_user("National researcher", ["TH", "KH", "MN", "VN"]))
    names = {
        "TH": ("Ban Khok Sa-at Silk Group", "กลุ่มทอผ้าไหมบ้านโคกสะอาด", "TH-40"),
        "KH": ("Kampong Speu Palm Sugar Community", "សហគមន៍ស្ករត្នោតកំពង់ស្ពឺ", "KH-5"),
        "MN": ("Arkhangai Herders Cooperative", "Архангай малчдын хоршоо", "MN-073"),
        "VN": ("Tan Hoi Agricultural Cooperative", "Hợp tác xã Nông nghiệp Tân Hội", "VN-HN"),
    }
    rows = [
        sheet_row(name=name, name_local=local, country=code, region="", registration_number="")
        for code, (name, local, _region) in names.items()
    ]

    import_file(client, csv_upload(rows))

    stored = dict(Entity.objects.values_list("country_id", "name_local"))
    assert stored == {code: local for code, (_name, local, _region) in names.items()}


def test_an_xlsx_file_with_typed_cells_imports(client, researcher):
    row = sheet_row(
        year_established=2014,
        members=36,
        women_share=55.0,
        registered=True,
        assessed_on=datetime.datetime(2026, 3, 12),
        score_economic_activity=3,
        score_collective_interest=3.0,
    )
    import_file(client, xlsx_upload([row]))
    entity = Entity.objects.get()
    assert (entity.year_established, entity.women_share, entity.registered) == (2014, 55, True)
    assert entity.assessments.get().assessed_on == datetime.date(2026, 3, 12)


# --- bad files ----------------------------------------------------------------------


BAD_FILES = {
    "wrong extension": (
        lambda: SimpleUploadedFile("entities.pdf", b"%PDF-1.4"),
        "A .pdf file cannot be imported",
    ),
    "old excel": (
        lambda: SimpleUploadedFile("entities.xls", b"\xd0\xcf\x11\xe0"),
        "A .xls file cannot be imported",
    ),
    # Read in no code page the import tries (workflow/imports/encodings.py):
    # tests/workflow/test_import_encodings.py has the ones it reads.
    "bytes in no encoding": (
        lambda: SimpleUploadedFile(
            "entities.csv", b"name,country,entity_type,sector\n" + bytes(range(0x80, 0x100))
        ),
        "The file is not in UTF-8",
    ),
    "empty": (lambda: SimpleUploadedFile("entities.csv", b""), "The submitted file is empty."),
    "blank": (lambda: SimpleUploadedFile("entities.csv", b"\xef\xbb\xbf\r\n"), "file is empty"),
    "header only": (lambda: csv_upload([]), "has the column names but no rows"),
    "missing columns": (
        lambda: csv_upload([{"name": "X"}], columns=["name", "country"]),
        "Missing required columns: entity_type, sector.",
    ),
    "unknown columns": (
        lambda: csv_upload([sheet_row()], columns=[*COLUMNS, "favourite colour"]),
        "Unknown columns: favourite colour.",
    ),
    "half the assessment": (
        lambda: csv_upload([sheet_row()], columns=[*REQUIRED_COLUMNS, "assessed_on"]),
        "The assessment columns go together",
    ),
    "not a workbook": (
        lambda: SimpleUploadedFile("entities.xlsx", csv_bytes([sheet_row()])),
        "could not be read as an Excel workbook",
    ),
    "a workbook named csv": (
        lambda: SimpleUploadedFile("entities.csv", xlsx_upload([sheet_row()]).read()),
        "This is an Excel workbook, not a CSV file",
    ),
    # A file over the size limit is a 413 (tests/sse_registry/test_security.py).
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_gets_a_clear_message(client, researcher, kind):
    make_upload, message = BAD_FILES[kind]
    response = preview(client, make_upload())
    assert response.status_code == 400
    assert message in " ".join(page_errors(response)), page_errors(response)
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Entity.objects.exists()


def test_blank_rows_at_the_end_are_ignored_and_in_the_middle_are_errors(client, researcher):
    blank = dict.fromkeys(COLUMNS, "")
    rows = [another_row("Ban Huai Hom Weaving Group"), blank, another_row("Ban Pa Daeng Tea")]
    errors = row_errors(preview(client, xlsx_upload([*rows, blank, blank])))
    assert errors == [(3, "__all__", "This row is empty: delete it or fill it in.")]


def test_a_file_over_the_row_limit_is_refused_quickly_with_the_limit_stated(client, researcher):
    assert settings.IMPORT_MAX_ROWS >= 50_000
    row = ["Ban Nong Bua Rice Group", "TH", "cooperative", "A"]
    content = csv_bytes(
        [dict(zip(REQUIRED_COLUMNS, row, strict=True))] * (settings.IMPORT_MAX_ROWS + 1),
        columns=REQUIRED_COLUMNS,
    )
    assert len(content) < settings.IMPORT_MAX_BYTES

    response = preview(client, SimpleUploadedFile("entities.csv", content))

    limit = f"{settings.IMPORT_MAX_ROWS:,}"
    assert f"The file has more than {limit} rows; an import takes at most {limit}." in " ".join(
        page_errors(response)
    )


def test_an_upload_waits_for_its_confirmation(client, researcher):
    import_file(client, csv_upload([sheet_row()]))
    assert Entity.objects.count() == 1


def test_an_upload_that_expired_before_confirmation_is_asked_again(client, researcher):
    previewed = preview(client, csv_upload([sheet_row()]))
    data = {**previewed.context["confirm_form"].initial, "import_file_name": "gone"}
    response = client.post(CONFIRM_URL, data, follow=True)
    assert response.redirect_chain == [(IMPORT_URL, 302)]
    assert "Upload it again." in response.content.decode()
    assert not Entity.objects.exists()


def test_a_tampered_confirmation_is_refused_without_an_error_page(client, researcher):
    previewed = preview(client, csv_upload([sheet_row()]))
    data = {**previewed.context["confirm_form"].initial, "format": "9"}
    response = client.post(CONFIRM_URL, data)
    assert response.status_code == 200
    assert not Entity.objects.exists()


def test_an_upload_waits_in_the_shared_cache_or_else_in_a_file(settings):
    from django.core.cache.backends.filebased import FileBasedCache

    from workflow.imports.pending import store

    assert isinstance(store(), FileBasedCache)  # each process has its own memory cache
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379",
        }
    }
    assert not isinstance(store(), FileBasedCache)


def test_a_researcher_of_one_country_may_leave_the_country_empty(client, researcher):
    """Rows without a country are the researcher's one country's; a
    researcher of two must say which, and the row is refused until then."""
    import_file(client, csv_upload([another_row("Ban Don Weaving Group", country="")]))
    assert Entity.objects.get(name="Ban Don Weaving Group").country_id == "TH"
    client.force_login(make_user("National researcher", ["TH", "VN"]))
    response = preview(client, csv_upload([another_row("Ban Mae Tha Group", country="")]))
    assert "country" in str(row_errors(response))
    assert not Entity.objects.filter(name="Ban Mae Tha Group").exists()

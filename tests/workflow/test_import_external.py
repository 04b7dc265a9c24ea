"""Importing other SSE directories' files: each format's adapter on a small
file written from its public description, the rows skipped and reported,
the countries and values read or left empty, a second import updating what
the first made, and the command."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from entities.models import Entity, ExternalIdentifier, Provenance
from workflow.imports.external import essglobal, gogocarto, ica, jsonld, kvm, murmurations
from workflow.imports.files import FileProblem

from ..importing import draft_entity, make_user

pytestmark = pytest.mark.django_db


def csv_data(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def json_data(document):
    return json.dumps(document, ensure_ascii=False).encode()


ESSGLOBAL_HEADER = [
    "Identifier", "Name", "Description", "Organisational Structure", "Primary Activity",
    "Activities", "Street Address", "Locality", "Region", "Postcode", "Country ID",
    "Territory ID", "Website", "Phone", "Email", "Twitter", "Facebook",
    "Companies House Number", "Qualifiers", "Membership Type", "Latitude", "Longitude",
    "Geo Container",
]  # fmt: skip


def essglobal_row(identifier, name, country="TH", structure="OS60", activity="a01", **cells):
    row = dict.fromkeys(ESSGLOBAL_HEADER, "")
    row.update(
        {
            "Identifier": identifier,
            "Name": name,
            "Organisational Structure": structure,
            "Primary Activity": activity,
            "Country ID": country,
            "Locality": "Mae Taeng",
            "Latitude": "19.12",
            "Longitude": "98.94",
        }
    )
    row.update(cells)
    return [row[column] for column in ESSGLOBAL_HEADER]


def run(path, fmt, user, *args):
    report = path.parent / f"{path.stem}-report.json"
    out = io.StringIO()
    call_command(
        "import_external", str(path), "--format", fmt, "--as", user.username,
        "--json", str(report), *args, stdout=out,
    )  # fmt: skip
    return json.loads(report.read_text()), out.getvalue()


@pytest.fixture
def researcher():
    return make_user("National researcher", ["TH"])


# --- the adapters ----------------------------------------------------------------


def test_essglobal_csv_maps_structure_and_activity():
    data = csv_data(
        ESSGLOBAL_HEADER,
        [
            essglobal_row("R1", "Ban Pa Sang Coffee", structure="Workers co-operative"),
            essglobal_row(
                "R2",
                "Weavers",
                structure="https://w3id.solidarityeconomy.coop/essglobal/V2a/standard/"
                "organisational-structure/OS40",
                activity="multi-purpose",
                Website="weavers.example.org",
            ),
        ],
    )
    first, second = essglobal.read(data)
    assert first.line == 2 and first.values["entity_type"] == "cooperative"
    assert first.values["sector"] == "A"
    assert first.identifiers == [("essglobal", "R1", "")]
    # A charity is no single registry type; "multi-purpose" is no sector.
    assert "entity_type" not in second.values and "sector" not in second.values
    assert ("sector", "multi-purpose") in second.unmapped
    assert second.values["website"] == "https://weavers.example.org"


def test_ica_csv_reads_the_directory_columns():
    header = [
        "contact_id", "organisation_name", "city", "country_id", "website",
        "structure_and_status_structure_type", "structure_and_status_economic_activity_primary_",
        "location_and_language_country_code", "latitude", "longitude",
    ]  # fmt: skip
    data = csv_data(
        header,
        [["1042", "Saigon Co-op", "Ho Chi Minh City", "Viet Nam", "https://www.saigonco-op.vn",
          "Cooperative", "Wholesale and retail trade", "VN", "10.77", "106.70"],
         ["1043", "Apex", "Bangkok", "TH", "", "National apex", "All", "TH", "", ""]],
    )  # fmt: skip
    first, second = ica.read(data)
    assert first.values["country"] == "VN" and first.values["entity_type"] == "cooperative"
    assert first.values["sector"] == "G" and first.identifiers[0][:2] == ("ica", "1042")
    assert ("sector", "All") in second.unmapped and (
        "entity_type",
        "National apex",
    ) in second.unmapped


def test_kvm_entries_and_search_result():
    entry = {
        "id": "7cee99c287094a94acbdcf29ffff2e85", "version": 3, "title": "Repair Café",
        "description": "Fix things together", "lat": 13.75, "lng": 100.5, "street": "Soi 1",
        "zip": "10200", "city": "Bangkok", "country": "Thailand", "state": "",
        "homepage": "https://repair.example.org", "email": "hi@repair.example.org",
        "telephone": "+66 2 000", "categories": ["2cd00bebec0c48ba9db761da48678134"],
        "tags": ["repair"], "license": "ODbL-1.0", "founded_on": "2015-04-01",
    }  # fmt: skip
    [row] = kvm.read(json_data([entry]))
    assert row.values["name"] == "Repair Café" and row.values["year_established"] == "2015"
    assert row.identifiers[0][0] == "kvm" and "kartevonmorgen.org" in row.identifiers[0][2]
    assert row.provenance["licence"] == "ODbL-1.0"
    found = {"id": "a" * 32, "title": "Market", "lat": 13.7, "lng": 100.5, "tags": []}
    search = {"visible": [found], "invisible": []}
    [row] = kvm.read(json_data(search))
    assert row.values["country"] == "" and row.values["latitude"] == "13.7"


def test_gogocarto_full_and_compact():
    full = {"data": [{"id": "wd40", "name": "GoGo", "geo": {"latitude": 11.55, "longitude": 104.9},
                      "address": {"streetAddress": "St 1", "addressLocality": "Phnom Penh",
                                  "postalCode": "120", "addressCountry": "KH"},
                      "categories": ["Market"], "website": "https://gogo.example.org"}],
            "licence": "https://opendatacommons.org/licenses/odbl/summary/"}  # fmt: skip
    [row] = gogocarto.read(json_data(full))
    assert row.values["country"] == "KH" and row.values["locality"] == "Phnom Penh"
    assert row.provenance["licence_url"].startswith("https://opendatacommons.org")
    compact = {"ontology": "gogocompact", "data": [["e1", ["Compact"], 11.5, 104.9, [12]]]}
    [row] = gogocarto.read(json_data(compact))
    assert row.values["name"] == "Compact" and row.values["longitude"] == "104.9"


def test_murmurations_index_and_profiles():
    index = {"data": [{"profile_url": "https://ex.org/p.json", "name": "Node",
                       "primary_url": "ex.org", "country": "MN", "locality": "Ulaanbaatar",
                       "tags": ["a10"], "latitude": 47.9, "longitude": 106.9}],
             "meta": {"number_of_results": 1}}  # fmt: skip
    [row] = murmurations.read(json_data(index))
    assert row.values["country"] == "MN" and row.values["sector"] == "J"
    assert row.identifiers == [("murmurations", "https://ex.org/p.json", "https://ex.org/p.json")]
    profiles = [
        {"name": "Prof", "country_name": "Монгол Улс", "geolocation": {"lat": 47, "lon": 106}}
    ]
    [row] = murmurations.read(json_data(profiles))
    assert row.values["country"] == "Монгол Улс" and row.values["latitude"] == "47.0"
    with pytest.raises(FileProblem):
        list(murmurations.read(json_data(["https://ex.org/p.json"])))


def test_jsonld_graph():
    document = {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "@id": "https://ex.org/#org", "name": "Org",
         "url": "https://ex.org", "isicV4": "0111", "foundingDate": "1999-01-01",
         "address": {"@type": "PostalAddress", "addressCountry": "KG", "addressLocality": "Osh"},
         "sameAs": ["https://www.wikidata.org/wiki/Q42"]},
        {"@type": "Place", "name": "Not an organisation"}]}  # fmt: skip
    [row] = jsonld.read(json_data(document))
    assert row.values["sector"] == "A" and row.values["year_established"] == "1999"
    assert ("wikidata", "Q42", "https://www.wikidata.org/wiki/Q42") in row.identifiers


@pytest.mark.parametrize(
    "module, data",
    [
        (kvm, b"{not json"),
        (kvm, b'{"a": 1}'),
        (gogocarto, b"[1, 2]"),
        (jsonld, b"[]"),
        (essglobal, b"foo,bar\n1,2\n"),
        (ica, b"\xff\xfe\x00"),
    ],
)
def test_malformed_files_are_refused_with_a_message(module, data):
    with pytest.raises(FileProblem) as problem:
        list(module.read(data))
    assert problem.value.message


# --- the command -------------------------------------------------------------------


def test_outside_rows_skipped_and_reported(tmp_path, researcher):
    path = tmp_path / "sse.csv"
    path.write_bytes(
        csv_data(
            ESSGLOBAL_HEADER,
            [
                essglobal_row("R1", "In Thailand"),
                essglobal_row("R2", "In Viet Nam", country="VN"),
                essglobal_row("R3", "In Germany", country="DE"),
                essglobal_row("R4", "Nowhere", country="", Latitude="", Longitude=""),
            ],
        )
    )
    report, out = run(
        path, "essglobal-csv", researcher, "--skip-outside", "--licence", "CC BY 4.0"
    )
    assert report["totals"]["new"] == 1 and report["totals"]["skipped"] == 3
    assert [(item["line"], item["name"]) for item in report["skipped"]] == [
        (3, "In Viet Nam"), (4, "In Germany"), (5, "Nowhere"),
    ]  # fmt: skip
    assert "not one of your countries" in report["skipped"][0]["reason"]
    assert "3 skipped" in out
    entity = Entity.objects.get(name="In Thailand")
    assert entity.status == Entity.Status.DRAFT and not entity.assessments.exists()
    assert ExternalIdentifier.objects.get(entity=entity).value == "R1"
    provenance = Provenance.objects.get(entity=entity)
    assert (provenance.source_name, provenance.licence, provenance.record_id) == (
        "ESSGlobal open data", "CC BY 4.0", "R1",
    )  # fmt: skip
    assert provenance.attribution_required


def test_outside_rows_are_errors_unless_skipping_is_asked(tmp_path, researcher):
    path = tmp_path / "sse.csv"
    path.write_bytes(
        csv_data(
            ESSGLOBAL_HEADER,
            [essglobal_row("R1", "Here"), essglobal_row("R2", "There", country="VN")],
        )
    )
    with pytest.raises(CommandError, match="Nothing was imported"):
        run(path, "essglobal-csv", researcher, "--licence", "CC0-1.0")
    assert not Entity.objects.filter(name="Here").exists()
    report = json.loads((tmp_path / "sse-report.json").read_text())
    assert report["errors"][0]["line"] == 3 and report["errors"][0]["column"] == "country"


def test_misspelt_country_matched_with_a_report(tmp_path, researcher):
    path = tmp_path / "kvm.json"
    entries = [
        {"id": "a" * 32, "title": "Thai one", "lat": 18.8, "lng": 98.98, "country": "Thailnd"},
        {"id": "b" * 32, "title": "Thai two", "lat": 18.8, "lng": 98.98, "country": "ประเทศไทย"},
    ]
    path.write_bytes(json_data(entries))
    report, _out = run(
        path, "kvm-json", researcher, "--entity-type", "association", "--sector", "s"
    )
    assert report["totals"]["new"] == 2
    messages = [item["message"] for item in report["guesses"]]
    assert any("“Thailnd” read as TH" in message for message in messages)
    assert any("“ประเทศไทย” read as TH" in message for message in messages)
    assert any("entity_type set to association" in message for message in messages)
    assert Provenance.objects.filter(licence="ODbL-1.0").count() == 2


def test_unmapped_sector_left_empty_and_listed(tmp_path, researcher):
    path = tmp_path / "sse.csv"
    path.write_bytes(
        csv_data(ESSGLOBAL_HEADER, [essglobal_row("R1", "Multi", activity="multi-purpose")])
    )
    with pytest.raises(CommandError):
        run(path, "essglobal-csv", researcher, "--licence", "CC BY 4.0")
    report = json.loads((tmp_path / "sse-report.json").read_text())
    assert report["unmapped"] == [{"line": 2, "column": "sector", "value": "multi-purpose"}]
    assert report["errors"][0]["column"] == "sector"
    # With a sector chosen for such rows, it imports, and the list still says so.
    report, _out = run(
        path, "essglobal-csv", researcher, "--licence", "CC BY 4.0", "--sector", "S"
    )
    assert report["totals"]["new"] == 1 and report["unmapped"][0]["value"] == "multi-purpose"
    assert Entity.objects.get(name="Multi").sector_id == "S"


def test_reimport_updates_and_does_not_duplicate(tmp_path, researcher):
    path = tmp_path / "sse.csv"
    path.write_bytes(csv_data(ESSGLOBAL_HEADER, [essglobal_row("R1", "Coffee")]))
    run(path, "essglobal-csv", researcher, "--licence", "CC BY 4.0")
    entity = Entity.objects.get(name="Coffee")
    entity.legal_form = "Added by the researcher"
    entity.save()
    path.write_bytes(
        csv_data(ESSGLOBAL_HEADER, [essglobal_row("R1", "Coffee Co-op", Locality="")])
    )
    report, out = run(path, "essglobal-csv", researcher, "--licence", "CC BY 4.0")
    assert (report["totals"]["new"], report["totals"]["updated"]) == (0, 1)
    assert report["changes"] == [
        {
            "line": 2,
            "entity": entity.pk,
            "fields": [{"field": "name", "old": "Coffee", "new": "Coffee Co-op"}],
        }
    ]
    assert "name: Coffee → Coffee Co-op" in out
    entity.refresh_from_db()
    assert entity.name == "Coffee Co-op" and entity.locality == "Mae Taeng"
    assert entity.legal_form == "Added by the researcher"
    assert Entity.objects.count() == 1 and ExternalIdentifier.objects.count() == 1
    assert Provenance.objects.count() == 1
    # The same file again changes nothing.
    report, _out = run(path, "essglobal-csv", researcher, "--licence", "CC BY 4.0")
    assert (
        report["totals"]["new"],
        report["totals"]["updated"],
        report["totals"]["unchanged"],
    ) == (0, 0, 1)


def test_reimport_of_a_record_the_user_may_not_change_is_reported(tmp_path, researcher):
    entity = draft_entity(country_id="TH", name="Kept")
    Entity.objects.filter(pk=entity.pk).update(status=Entity.Status.PUBLISHED)
    ExternalIdentifier.objects.create(entity=entity, scheme="essglobal", value="R1")
    path = tmp_path / "sse.csv"
    path.write_bytes(csv_data(ESSGLOBAL_HEADER, [essglobal_row("R1", "Renamed")]))
    report, _out = run(path, "essglobal-csv", researcher, "--licence", "CC BY 4.0")
    assert report["skipped"][0]["line"] == 2 and "may not change" in report["skipped"][0]["reason"]
    entity.refresh_from_db()
    assert entity.name == "Kept" and Entity.objects.count() == 1


def test_dry_run_writes_nothing(tmp_path, researcher):
    path = tmp_path / "sse.csv"
    path.write_bytes(csv_data(ESSGLOBAL_HEADER, [essglobal_row("R1", "Coffee")]))
    report, out = run(path, "essglobal-csv", researcher, "--licence", "CC BY 4.0", "--dry-run")
    assert report["totals"]["new"] == 1 and not report["written"]
    assert "nothing was written" in out
    assert not Entity.objects.exists() and not ExternalIdentifier.objects.exists()
    assert not Provenance.objects.exists()


def test_malformed_file_is_a_clear_error(tmp_path, researcher):
    path = tmp_path / "kvm.json"
    path.write_bytes(b'{"visible": [')
    with pytest.raises(CommandError, match="not valid JSON"):
        run(path, "kvm-json", researcher)
    assert not Entity.objects.exists()


def test_licence_needed_when_the_format_has_none(tmp_path, researcher):
    path = tmp_path / "sse.csv"
    path.write_bytes(csv_data(ESSGLOBAL_HEADER, [essglobal_row("R1", "Coffee")]))
    with pytest.raises(CommandError, match="--licence"):
        run(path, "essglobal-csv", researcher)


# --- a round trip -------------------------------------------------------------------


def test_the_registrys_essglobal_csv_imports_back_as_the_same_entities(
    tmp_path, researcher, client
):
    from ..factories import EntityFactory

    made = [
        EntityFactory(
            country_id="TH", region_id="TH-50", entity_type_id=slug, sector_id=sector,
            locality=f"Locality {n}", website=f"https://example.org/{n}",
            latitude=Decimal(f"18.{n}1"), longitude=Decimal(f"98.{n}2"),
            location_precision="exact",
        )
        for n, (slug, sector) in enumerate(
            [("cooperative", "A"), ("mutual-society", "K"), ("social-enterprise", "C")]
        )
    ]  # fmt: skip
    fields = ["name", "country_id", "region_id", "entity_type_id", "sector_id", "locality",
              "website", "latitude", "longitude"]  # fmt: skip
    before = sorted(Entity.objects.filter(pk__in=[e.pk for e in made]).values_list(*fields))
    response = client.get("/api/v1/entities/export.essglobal.csv", {"country": "TH"})
    assert response.status_code == 200
    path = tmp_path / "registry.csv"
    path.write_bytes(b"".join(response.streaming_content))
    Entity.objects.all().delete()  # an empty registry

    report, _out = run(path, "essglobal-csv", researcher, "--licence", "CC BY 4.0")

    assert report["totals"]["new"] == 3
    after = sorted(Entity.objects.values_list(*fields))
    assert after == before
    assert set(Entity.objects.values_list("status", flat=True)) == {Entity.Status.DRAFT}

"""The reports as PDF: a valid A4 PDF whose text (read back with pdftotext)
has the Thai and Khmer names of the entities on it, numbered pages and
contents, the date, licence and citation; an empty country's says so; the
second request is served from the cache; without WeasyPrint the answer says
what is missing; an unknown country is not found."""

import re
import shutil
import subprocess
import sys

import pytest

from core import pdf
from entities.citation import data_as_of

from ..factories import EntityFactory, assess, profiles_refreshed_together

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils)"),
]

THAI_NAME = "วิสาหกิจชุมชนทอผ้าบ้านดอน"
# pdftotext reads Khmer back cluster by cluster, with spaces between some of
# them, and gives a glyph the text of the first cluster it was drawn in: a
# name of simple clusters reads back whole once spaces are removed.
KHMER_NAME = "សហគមន៍កសិករ"
KYRGYZ_NAME = "Ысык-Көл айыл чарба кооперативи"
VIETNAMESE_NAME = "Hợp tác xã Nông nghiệp Tân Phú"


@pytest.fixture
def registry(db):
    with profiles_refreshed_together():
        thai = EntityFactory(name=THAI_NAME, country_id="TH", region_id="TH-50")
        khmer = EntityFactory(name=KHMER_NAME, country_id="KH")
        kyrgyz = EntityFactory(name=KYRGYZ_NAME, country_id="KG")
        vietnamese = EntityFactory(name=VIETNAMESE_NAME, country_id="VN")
        for entity in (thai, khmer, kyrgyz, vietnamese):
            assess(entity, [3, 3, 3, 3, 3, 0, 3])
    return thai, khmer, kyrgyz, vietnamese


def pdf_text(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True
    )
    return result.stdout.decode()


def page_count(response):
    info = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert size and (round(float(size[1])), round(float(size[2]))) == (595, 842)  # A4
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


def squeezed(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.slow
def test_region_pdf_has_thai_and_khmer_names_pages_contents_and_terms(client, registry):
    response = client.get("/report.pdf")
    text = pdf_text(response)
    assert THAI_NAME in squeezed(text)
    assert KHMER_NAME in squeezed(text)
    assert KYRGYZ_NAME in " ".join(text.split())
    assert VIETNAMESE_NAME in " ".join(text.split())
    # Drawn with the Noto fonts of each script, embedded.
    fonts = subprocess.run(
        ["pdffonts", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    for font in ("Noto-Sans-Thai", "Noto-Sans-Khmer", "Noto-Sans"):
        assert font in fonts
    pages = page_count(response)
    assert pages > 3
    # Every page numbered "n / pages".
    for number in range(1, pages + 1):
        assert f"{number} / {pages}" in text
    # The contents, each entry with the page it starts on.
    contents = text[text.index("Contents") :]
    assert re.search(r"Feature profile\s*\.*\s*\d+", contents)
    assert re.search(r"Recommendations\s*\.*\s*\d+", contents)
    # The cover: date, release, licence and citation.
    assert "Data as of" in text
    assert "CC BY 4.0" in squeezed(text) or "CCBY4.0" in squeezed(text)
    day = data_as_of().date().isoformat()
    assert f"SSERegistry,dataasof{day},http://testserver/report.pdf" in squeezed(text)
    assert "the current data (no release)" in text
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="sse-registry-report-region-{day}.pdf"'
    assert 'rel="license"' in response["Link"]


def test_country_pdf_of_a_country_without_entities_says_so(client, registry):
    response = client.get("/countries/jp/report.pdf")
    text = " ".join(pdf_text(response).split())
    assert "The registry has no published entity of Japan yet" in text
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="sse-registry-report-jp-')


@pytest.mark.slow
def test_a_second_request_is_served_from_the_cache(
    client, registry, monkeypatch, django_assert_max_num_queries
):
    drawn = []
    render = pdf.render
    monkeypatch.setattr(pdf, "render", lambda *a, **k: drawn.append(1) or render(*a, **k))
    first = client.get("/countries/kh/report.pdf")
    assert first.status_code == 200 and len(drawn) == 1
    with django_assert_max_num_queries(2):
        second = client.get("/countries/kh/report.pdf")
    assert second.content == first.content and len(drawn) == 1
    # A parameter that selects nothing does not draw it again.
    assert client.get("/countries/kh/report.pdf?again=1").content == first.content
    assert len(drawn) == 1
    # Another address (the same country asked for on the region's PDF) is drawn anew.
    assert client.get("/report.pdf?country=KH").status_code == 200
    assert len(drawn) == 2


def test_without_weasyprint_the_pdf_says_what_is_missing(client, registry, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint fails
    response = client.get("/countries/th/report.pdf")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"WeasyPrint is not installed" in response.content
    # The report page says so in place of its link.
    page = client.get("/countries/th/report/").content.decode()
    assert "this server cannot make PDFs, as the Python package WeasyPrint" in page
    assert "/countries/th/report.pdf" not in page


def test_report_page_links_to_its_pdf(client, registry):
    page = client.get("/report/?country=TH&country=KH").content.decode()
    assert 'href="/report.pdf?country=TH&amp;country=KH"' in page
    page = client.get("/countries/th/report/").content.decode()
    assert 'href="/countries/th/report.pdf"' in page


def test_unknown_country_is_not_found_and_bad_countries_are_refused(client, registry):
    assert client.get("/countries/zz/report.pdf").status_code == 404
    response = client.get("/report.pdf?country=ZZ")
    assert response.status_code == 400
    assert b"The countries asked for were not understood" in response.content


def test_only_static_files_of_the_site_are_fetched(settings):
    base = "http://testserver/report.pdf"
    content, media_type = pdf.static_file("http://testserver/static/css/report-pdf.css", base)
    assert b"@page" in content and media_type == "text/css"
    assert pdf.static_file("http://example.org/static/css/report-pdf.css", base) is None
    assert pdf.static_file("http://testserver/static/../manage.py", base) is None
    assert pdf.static_file("http://testserver/entities/", base) is None
    assert pdf.static_file("file:///etc/passwd", base) is None

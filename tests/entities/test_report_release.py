"""A report as of a release (``?release=<number>`` on the country's and the
region's report, HTML and PDF): its figures are the release's, whatever is
published or withdrawn afterwards; its links lead to that release's entities
in the API; it draws no file of the current data's charts; a bad or unknown
release is refused; the release's page links its reports."""

import re
import shutil
from html import unescape

import pytest

from core import pdf
from entities.models import Entity
from entities.releases import freeze
from entities.statistics import statistics
from entities.views.reports import method_figures, released_methods
from research.models import Assessment

from ..factories import EntityFactory, assess
from .test_report_pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(shared_registry):
    """Frozen from the shared registry; then Thailand changes: one entity
    withdrawn, two more published."""
    frozen = freeze("2026-12 regional release")
    shared_registry["th_ce"].__class__.objects.filter(pk=shared_registry["th_ce"].pk).update(
        status=Entity.Status.WITHDRAWN
    )
    for name in ("Later Cooperative", "Later Association"):
        newcomer = EntityFactory(name=name, country_id="TH", entity_type_id="cooperative")
        assess(newcomer, [0, 0, 0, 0, 0, 0, 0])
    return frozen


def page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content[:300]
    return unescape(response.content.decode())


def test_a_countrys_report_as_of_a_release_keeps_the_releases_figures(client, release):
    frozen = statistics(release.entities.filter(country_id="TH"))["entities"]
    now = statistics(Entity.objects.published().filter(country_id="TH"))["entities"]
    assert frozen != now
    html = page(client, f"/countries/th/report/?release={release.number}")
    assert f"As of release {release.number}," in html
    assert f'href="/releases/{release.number}/"' in html
    assert f'href="/api/v1/entities/?release={release.number}&country=TH">{frozen}<' in html
    current = page(client, "/countries/th/report/")
    assert f'href="/entities/?country=TH">{now}<' in current
    assert "As of release" not in current


def test_its_links_lead_to_the_releases_entities_and_it_offers_no_chart_files(client, release):
    html = page(client, f"/countries/th/report/?release={release.number}")
    links = re.findall(r'href="(/(?:api/v1/)?entities/\?[^"]*)"', html)
    assert links
    assert all(link.startswith(f"/api/v1/entities/?release={release.number}&") for link in links)
    assert "/charts/" not in html
    assert "Download:" not in html
    # Each link lists what it counted, as of the release.
    for link in links[:5]:
        assert client.get(link).status_code == 200


def test_its_recommendations_name_the_entities_the_release_froze(client, release, shared_registry):
    html = page(client, f"/countries/th/report/?release={release.number}")
    assert "Later Cooperative" not in html
    coop = shared_registry["th_coop"]  # lacks autonomy in the release
    assert f'<a href="/entities/{coop.pk}/">{coop.name}</a>' in html


def test_the_regional_report_of_chosen_countries_as_of_a_release(client, release):
    html = page(client, f"/report/?country=TH&country=VN&release={release.number}")
    assert f"As of release {release.number}," in html
    assert "Later Cooperative" not in html
    # The method section reads the frozen assessments' methods; a release
    # does not name its assessors, so neither does its report.
    assert "Assessors named" not in html


def test_a_release_counts_the_methods_of_the_assessments_it_froze(shared_registry):
    published = Entity.objects.published()
    frozen = freeze("Methods")
    counted = released_methods(frozen.entities.all())["by_method"]
    assert counted == method_figures(published)["by_method"]
    assert sum(counted.values()) == published.exclude(current_assessment=None).count() > 0


@pytest.mark.parametrize(
    ("query", "status"),
    [("release=abc", 400), ("release=1&release=2", 400), ("release=999", 404)],
)
def test_a_bad_or_unknown_release_is_refused(client, release, query, status):
    page(client, f"/countries/th/report/?{query}", status)
    page(client, f"/report/?{query}", status)


def test_the_release_page_links_its_reports(client, release):
    html = page(client, f"/releases/{release.number}/")
    assert f'href="/report/?release={release.number}"' in html
    assert f'href="/report.pdf?release={release.number}"' in html
    assert f'href="/countries/th/report/?release={release.number}"' in html
    assert f'href="/countries/th/report.pdf?release={release.number}"' in html


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("pdftotext") is None or bool(pdf.missing()), reason="WeasyPrint and pdftotext"
)
def test_the_pdf_of_a_release_cites_the_release_and_keeps_its_figures(client, release):
    response = client.get(f"/countries/th/report.pdf?release={release.number}")
    text = " ".join(pdf_text(response).split())
    assert "2026-12 regional release" in text
    assert "Later Cooperative" not in text
    assert f"release-{release.number}.pdf" in response["Content-Disposition"]
    current = " ".join(pdf_text(client.get("/countries/th/report.pdf")).split())
    assert "the current data (no release)" in current


def test_a_report_as_of_a_release_leaves_out_the_agreement_between_assessors(client, release):
    entity = EntityFactory(country_id="TH")
    first = assess(entity, [3] * 7)
    assess(entity, [2] * 7, independent_of=first, status=Assessment.Status.IN_REVIEW)

    html = page(client, f"/countries/th/report/?release={release.number}")

    agreement = html[html.index('id="agreement"') :]
    assert "A report as of a release leaves out the agreement between assessors" in agreement
    assert 'id="table-agreement"' not in html
    assert 'id="table-agreement"' in page(client, "/countries/th/report/")

"""Stored markup in a real browser: an entity whose free texts are script,
event-handler and SVG payloads, and whose website is a javascript: address,
shows them as text on its page, in the list (also when htmx swaps the results
in), the tapestry, the charts and the admin; nothing runs.

What proves it: no dialog opens (each payload calls alert), none of the
payloads' elements exists in the page, no link has a javascript: address, the
payload is on screen as text, and the browser logs no error (a blocked inline
script would log a Content-Security-Policy violation: see conftest.Tab).
tests/sse_registry/test_security.py checks the HTML of every page for the same payloads.
"""

import re

import pytest

from entities.models import Entity
from research.models import Feature, Score

from ..factories import EntityFactory, assess, reviewer
from .conftest import WRITES, shared

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
]

SCRIPT = "<script>alert(1)</script>"
PAYLOAD = f"{SCRIPT} \"><img src=x onerror=alert(1)> '><svg onload=alert(1)>"
PASSWORD = "correct horse battery staple"
# The elements a payload would have made, had it been read as markup.
PAYLOAD_ELEMENTS = "img[src='x'], svg[onload], [onerror], a[href^='javascript:']"


def expect(target):
    from playwright.sync_api import expect

    return expect(target)


@pytest.fixture
def poisoned(request, live_server, django_db_serialized_rollback):
    """A published Thai entity with the payload in every free text and in the
    name of a feature it lacks (shown in charts, tables and guidance): built
    once for the tests that only read it (see conftest.shared)."""
    return shared(request, "poisoned", poison)


def poison():
    Feature.objects.filter(pk="mutual_aid").update(name_en=f"Mutual aid {PAYLOAD}")
    entity = EntityFactory(
        name=f"Ban Hom {PAYLOAD}",
        name_local=PAYLOAD,
        locality=PAYLOAD,
        legal_form=PAYLOAD,
        description=PAYLOAD,
        sources=PAYLOAD,
        website="javascript:alert(1)",
    )
    assessment = assess(entity, [3, 3, 3, 1, 3, 2, 2])
    Score.objects.filter(assessment=assessment).update(evidence=PAYLOAD)
    assess(EntityFactory(name="Hop tac xa Tan Phu", country_id="VN"), [2] * 7)
    return entity


def watch_dialogs(tab):
    opened = []

    def dismiss(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    tab.page.on("dialog", dismiss)
    return opened


def assert_inert(tab, dialogs):
    page = tab.page
    assert page.locator(PAYLOAD_ELEMENTS).count() == 0
    expect(page.get_by_text(SCRIPT).filter(visible=True).first).to_be_visible()
    assert dialogs == []
    tab.check()


@pytest.mark.parametrize(
    "path",
    [
        "/entities/{pk}/",
        "/entities/?country=TH",
        "/tapestry/",
        "/countries/th/",
        "/compare/?country=TH&country=VN",
        "/methodology/",
    ],
)
def test_public_pages_show_payloads_as_text(tab, poisoned, path):
    dialogs = watch_dialogs(tab)
    tab.open(path.format(pk=poisoned.pk))
    assert_inert(tab, dialogs)


def test_the_website_is_text_not_a_link(tab, poisoned):
    tab.open(f"/entities/{poisoned.pk}/")
    row = tab.page.get_by_role("row", name=re.compile("Website"))
    expect(row).to_contain_text("javascript:alert(1)")
    assert row.get_by_role("link").count() == 0


def test_results_swapped_in_by_htmx_show_payloads_as_text(tab, poisoned):
    dialogs = watch_dialogs(tab)
    page = tab.page
    tab.open("/entities/?country=VN")
    with page.expect_response(lambda response: "country=TH" in response.url):
        page.get_by_role("group", name="Country").get_by_label("Viet Nam").uncheck()
        page.get_by_role("group", name="Country").get_by_label("Thailand").check()
    expect(page.locator("#results")).to_contain_text("Ban Hom")
    assert_inert(tab, dialogs)


@WRITES
def test_admin_change_page_shows_payloads_as_text(tab, poisoned):
    reviewer("security-reviewer")
    dialogs = watch_dialogs(tab)
    page = tab.page
    tab.open("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("security-reviewer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    entity = Entity.objects.get(pk=poisoned.pk)
    for path in [
        f"/admin/entities/entity/{entity.pk}/change/",
        "/admin/entities/entity/",
        f"/admin/entities/entity/{entity.pk}/history/",
    ]:
        tab.open(path)
        assert page.locator(PAYLOAD_ELEMENTS).count() == 0, path
        assert dialogs == [], path
    expect(page.get_by_text(SCRIPT).filter(visible=True).first).to_be_visible()
    tab.check()

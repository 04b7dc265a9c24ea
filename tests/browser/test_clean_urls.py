"""Submitting the entity list's filter form lands on an address that carries
only the filters set, with JavaScript (htmx) and without (a redirect)."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
]


def parameters(url):
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def choose_thai_cooperatives_and_submit(page, *, with_button):
    page.get_by_role("group", name="Country").get_by_label("Thailand", exact=True).check()
    page.get_by_role("group", name="Entity type").get_by_label("Cooperative", exact=True).check()
    if with_button:
        page.get_by_role("button", name="Apply filters").click()
    else:
        page.locator("#id_q").press("Enter")


def test_the_form_with_javascript_pushes_a_clean_address(tab, registry):
    page = tab.page
    tab.open("/entities/")
    choose_thai_cooperatives_and_submit(page, with_button=False)
    page.wait_for_url(re.compile(r"entity_type=cooperative"))
    page.wait_for_load_state("networkidle")
    assert parameters(page.url) == [("country", "TH"), ("entity_type", "cooperative")], page.url
    tab.check()


def test_the_form_without_javascript_lands_on_a_clean_address(open_tab, registry):
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    tab.open("/entities/")
    with page.expect_navigation():
        choose_thai_cooperatives_and_submit(page, with_button=True)
    assert parameters(page.url) == [("country", "TH"), ("entity_type", "cooperative")], page.url
    tab.check()


def test_the_home_search_box_sends_no_empty_search(tab, registry):
    page = tab.page
    tab.open("/")
    with page.expect_navigation():
        page.get_by_role("search").get_by_role("button").click()
    assert urlsplit(page.url).path == "/entities/" and parameters(page.url) == [], page.url
    tab.check()

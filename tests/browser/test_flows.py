"""A person finds Thailand's entities: from the home page to a country page, into
the filtered list, filtering with and without JavaScript, downloading the CSV,
opening an entity and the tapestry."""

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import THAILAND

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
]

COMMUNITY_ENTERPRISES = THAILAND[:2]
COOPERATIVE = "Ban Nong Bua Rice Cooperative"


def expect(target):
    from playwright.sync_api import expect

    return expect(target)


def query(url):
    return parse_qs(urlsplit(url).query)


def result_names(page):
    return page.locator("#results .entity-list li a strong").all_inner_texts()


def go_from_home_to_thailand(tab):
    page = tab.page
    tab.open("/")
    # The country's own link (the charts' bars lead to its entities instead).
    page.get_by_role("main").get_by_role("link", name="Thailand", exact=True).first.click()
    page.wait_for_url(re.compile(r"/countries/th/$", re.IGNORECASE))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thailand")
    tab.check()


def follow_link_to_thai_list(tab):
    """From Thailand's page, the link into the list of all its entities."""
    page = tab.page
    links = page.locator("main a[href*='/entities/?']")
    hrefs = links.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    wanted = [
        index
        for index, href in enumerate(hrefs)
        if {name: [v.upper() for v in values] for name, values in query(href).items()}
        == {"country": ["TH"]}
    ]
    assert wanted, f"Thailand's page has no link to the list of all its entities: {hrefs}"
    links.nth(wanted[0]).click()
    page.wait_for_url(re.compile(r"/entities/\?"))
    expect(page.locator("#result-count")).to_have_text(f"{len(THAILAND)} entities")
    assert sorted(result_names(page)) == THAILAND
    countries = page.get_by_role("group", name="Country")
    expect(countries.get_by_label("Thailand", exact=True)).to_be_checked()
    tab.check()


def download_csv(tab):
    """Click "Download CSV"; the file's rows as dicts."""
    page = tab.page
    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv"), download.suggested_filename
    assert download.failure() is None, download.failure()
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    tab.check()
    return list(csv.DictReader(io.StringIO(text)))


def count_shown(page):
    text = page.locator("#result-count").inner_text()
    match = re.fullmatch(r"(\d+) entit(y|ies)", text.strip())
    assert match, f"unexpected result count {text!r}"
    return int(match.group(1))


def test_person_filters_thai_entities_with_javascript(tab, registry):
    page = tab.page
    go_from_home_to_thailand(tab)
    follow_link_to_thai_list(tab)
    list_url = page.url
    page.evaluate("window.sameDocument = true")
    # Filters apply as they change: no button to press.
    expect(page.get_by_role("button", name="Apply filters")).to_have_count(0)

    # Ticking a box updates the results in place and the address bar.
    types = page.get_by_role("group", name="Entity type")
    types.get_by_label("Community enterprise", exact=True).check()
    page.wait_for_url(re.compile(r"entity_type=community-enterprise"))
    expect(page.locator("#result-count")).to_have_text("2 entities")
    assert sorted(result_names(page)) == COMMUNITY_ENTERPRISES
    assert query(page.url)["country"] == ["TH"]
    assert page.evaluate("window.sameDocument") is True, "the page was reloaded, not updated"
    tab.check()

    # The CSV has the same filters, so the same rows as the page.
    rows = download_csv(tab)
    assert len(rows) == count_shown(page) == 2
    assert sorted(row["name"] for row in rows) == sorted(result_names(page))

    # Back: the previous address, results and boxes.
    page.go_back()
    page.wait_for_url(list_url)
    expect(page.locator("#result-count")).to_have_text(f"{len(THAILAND)} entities")
    assert sorted(result_names(page)) == THAILAND
    expect(types.get_by_label("Community enterprise", exact=True)).not_to_be_checked()
    csv_link = page.get_by_role("link", name="Download CSV").get_attribute("href")
    assert query(csv_link) == {"country": ["TH"]}, csv_link
    tab.check()

    # An entity's page.
    page.get_by_role("link", name=COOPERATIVE).click()
    page.wait_for_url(re.compile(rf"/entities/{registry['th_coop'].pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(COOPERATIVE)
    expect(page.get_by_role("heading", name="What it could adopt")).to_be_visible()
    expect(page.locator("table.profile tbody tr")).to_have_count(7)
    tab.check()

    # The tapestry of the filtered list.
    page.go_back()
    page.wait_for_url(list_url)
    page.get_by_role("link", name="See as tapestry").click()
    page.wait_for_url(re.compile(r"/tapestry/"))
    assert query(page.url) == {"country": ["TH"]}, page.url
    main = page.get_by_role("main")
    for name in THAILAND:
        expect(main.get_by_text(name, exact=True).first).to_be_visible()
    expect(main.get_by_text("Dong Hoa Agricultural Cooperative")).to_have_count(0)
    tab.check()


def test_person_filters_thai_entities_without_javascript(open_tab, registry):
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    tab.open("/countries/th/")
    follow_link_to_thai_list(tab)

    cooperative = page.get_by_role("group", name="Entity type").get_by_label(
        "Cooperative", exact=True
    )
    cooperative.check()
    apply = page.get_by_role("button", name="Apply filters")
    expect(apply).to_have_count(1)
    with page.expect_navigation() as navigation:
        apply.click()
    assert navigation.value.status == 200
    chosen = query(page.url)
    assert chosen["country"] == ["TH"] and chosen["entity_type"] == ["cooperative"], page.url
    expect(page.locator("#result-count")).to_have_text("1 entity")
    assert result_names(page) == [COOPERATIVE]
    expect(cooperative).to_be_checked()
    tab.check()

    rows = download_csv(tab)
    assert [row["name"] for row in rows] == [COOPERATIVE]
    assert len(rows) == count_shown(page)

    page.get_by_role("link", name=COOPERATIVE).click()
    page.wait_for_url(re.compile(rf"/entities/{registry['th_coop'].pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(COOPERATIVE)
    tab.check()

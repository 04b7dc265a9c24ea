"""Embedding in a real browser: a partner's page, served from another origin
(a loopback port of its own), frames the registry's embedded views. The
frame shows them when EMBED_FRAME_ANCESTORS names the partner's origin and
Chromium refuses it when the setting names another one; at 360 px wide the
embedded views fit their frame. The "Embed this" disclosure works without
JavaScript, and its preview loads once opened."""

import errno
import http.server
import threading

import pytest

from .conftest import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PORTS = range(8100, 8200)


def expect(target):
    from playwright.sync_api import expect

    return expect(target)


class PartnerSite:
    """A tiny site on the loopback that frames an address of the registry."""

    def __init__(self):
        self.framed = ""
        self.width = 600
        self.server = self.bind()
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def bind(self):
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                body = (
                    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
                    "<title>Partner</title></head><body><h1>Our partner's news</h1>"
                    f"<iframe src='{site.framed}' width='{site.width}' height='520' "
                    "title='SSE entities'></iframe></body></html>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        for port in PORTS:
            try:
                return http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
            except OSError as error:
                if error.errno != errno.EADDRINUSE:
                    raise
        pytest.skip(f"no free port in {PORTS.start}-{PORTS.stop - 1}")

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def partner():
    site = PartnerSite()
    yield site
    site.close()


@pytest.fixture
def partner_tab(browser):
    """A page with no watcher of other hosts: the partner's is one."""
    contexts = []

    def open_page(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def refusals(page):
    """The console's messages of frames refused by a Content-Security-Policy."""
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "frame-ancestors" in message.text else None
        ),
    )
    return refused


def test_a_partner_named_in_the_setting_shows_the_embed(
    partner, partner_tab, registry, live_server, settings
):
    settings.EMBED_FRAME_ANCESTORS = [partner.origin]
    partner.framed = f"{live_server.url}/embed/list/?country=VN"
    page = partner_tab()
    refused = refusals(page)
    page.goto(partner.origin + "/")
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1.embed-title")).to_contain_text("published SSE entities")
    expect(frame.get_by_role("link", name=registry["vn_coop"].name)).to_be_visible()
    expect(frame.get_by_role("link", name="Open in the SSE Registry")).to_have_attribute(
        "href", f"{live_server.url}/entities/?country=VN"
    )
    assert refused == []


def test_a_partner_not_named_in_the_setting_is_refused(
    partner, partner_tab, registry, live_server, settings
):
    settings.EMBED_FRAME_ANCESTORS = ["https://partner.example.org"]
    partner.framed = f"{live_server.url}/embed/list/?country=VN"
    page = partner_tab()
    refused = refusals(page)
    with page.expect_console_message(lambda message: "frame-ancestors" in message.text):
        page.goto(partner.origin + "/")
    assert "https://partner.example.org" in refused[0]
    expect(page.get_by_role("heading", name="Our partner's news")).to_be_visible()
    assert page.frame_locator("iframe").locator("h1.embed-title").count() == 0


def test_any_site_may_frame_the_embed_when_the_setting_is_empty(
    partner, partner_tab, registry, live_server, settings
):
    settings.EMBED_FRAME_ANCESTORS = []
    partner.framed = f"{live_server.url}/embed/entity/{registry['vn_coop'].pk}/"
    page = partner_tab()
    page.goto(partner.origin + "/")
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1.embed-title")).to_have_text(registry["vn_coop"].name)
    expect(frame.locator("svg.chart")).to_be_visible()


@pytest.mark.parametrize(
    "path",
    [
        "/embed/list/",
        "/embed/map/?country=TH",
        "/embed/tapestry/?country=TH",
        "/th/embed/entity/{pk}/",
    ],
)
def test_at_360_px_an_embed_fits_its_frame(
    partner, partner_tab, registry, live_server, settings, path
):
    settings.EMBED_FRAME_ANCESTORS = [partner.origin]
    partner.framed = live_server.url + path.format(pk=registry["th_coop"].pk)
    partner.width = 360
    page = partner_tab(viewport={"width": 400, "height": 700})
    page.goto(partner.origin + "/")
    frame = page.frame_locator("iframe")
    expect(frame.locator("footer.embed-footer")).to_contain_text("CC BY 4.0")
    inner = page.frames[1]
    overflow = inner.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{path} is {overflow} px wider than its 360 px frame"


def test_a_point_of_the_embedded_map_opens_its_page_outside_the_frame(
    partner, partner_tab, registry, live_server, settings
):
    settings.EMBED_FRAME_ANCESTORS = [partner.origin]
    partner.framed = f"{live_server.url}/embed/map/?country=VN"
    page = partner_tab()
    page.goto(partner.origin + "/")
    marks = page.frame_locator("iframe").locator("svg.entity-map a")
    expect(marks.first).to_be_visible()
    with page.context.expect_page() as opened:
        marks.first.click()
    opened.value.wait_for_load_state()
    assert opened.value.url.startswith(live_server.url + "/entities/")
    assert page.url == partner.origin + "/"


def test_embed_this_opens_without_javascript_and_previews_the_embed(
    browser, registry, live_server
):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/entities/?country=VN")
        page.get_by_text("Embed this").click()
        code = page.get_by_label("Code to embed")
        expect(code).to_be_visible()
        expect(code).to_have_js_property("readOnly", True)
        assert code.input_value().startswith(
            f'<iframe src="{live_server.url}/embed/list/?country=VN"'
        )
        preview = page.frame_locator(".embed-preview iframe")
        expect(preview.locator("h1.embed-title")).to_contain_text("published SSE entities")
    finally:
        context.close()


def test_copy_link_copies_the_pages_address(open_tab, registry):
    tab = open_tab(permissions=["clipboard-read", "clipboard-write"])
    path = f"/entities/{registry['vn_coop'].pk}/"
    tab.open(path)
    page = tab.page
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_role("status").filter(has_text="Link copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == tab.origin + path


def test_without_javascript_the_link_is_there_to_select(browser, registry, live_server):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/countries/vn/")
        expect(page.get_by_label("Link to this page")).to_have_value(
            f"{live_server.url}/countries/vn/"
        )
        expect(page.get_by_role("button", name="Copy link")).to_be_hidden()
    finally:
        context.close()

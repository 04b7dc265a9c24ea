"""Every public page, at a phone's and a desktop's width: axe-core finds no
serious or critical accessibility violation, nothing makes the page wider than
a phone's screen, and a screenshot of each is kept in build/screenshots/ for
people to look at."""

import json
from pathlib import Path

import pytest

from .conftest import RELEASE, THAILAND, axe_notes, screenshots_taken

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
]

# Each page: its address, and texts it must show (so that an empty page fails).
PAGES = {
    "home": (lambda built: "/", ["Thailand", "Viet Nam"]),
    "countries": (lambda built: "/countries/", ["Thailand", "Kyrgyzstan"]),
    "country-thailand": (lambda built: "/countries/th/", ["Thailand", "Community enterprise"]),
    "country-thailand-map": (
        lambda built: "/countries/th/?measure=lacking&feature=autonomy&origin=community,donor",
        ["Thailand: share lacking Autonomy and independence, by region"],
    ),
    "entities-thailand": (lambda built: "/entities/?country=TH", THAILAND),
    "entity": (lambda built: f"/entities/{built['th_coop'].pk}/", [THAILAND[2]]),
    "tapestry": (lambda built: "/tapestry/", [*THAILAND, "Dong Hoa Agricultural Cooperative"]),
    "compare-thailand-viet-nam": (
        lambda built: "/compare/?country=TH&country=VN",
        ["Thailand", "Viet Nam"],
    ),
    "methodology": (lambda built: "/methodology/", ["Autonomy and independence"]),
    "map-thailand": (lambda built: "/map/?country=TH", THAILAND),
    "report-thailand": (lambda built: "/countries/th/report/", ["Thailand", "Recommendations"]),
    "report-region": (lambda built: "/report/", ["Thailand", "Viet Nam", "Recommendations"]),
    "releases": (lambda built: "/releases/", [RELEASE]),
    "release": (lambda built: f"/releases/{built['release'].number}/", [RELEASE, "How to cite"]),
}
WIDTHS = [1280, 360]  # the page opens at 1280
FAILING_IMPACTS = {"serious", "critical"}

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""

# The outermost elements that stick out of the viewport, when the page is wider
# than it (content inside a scrolling box such as .table-scroll does not count).
WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const scrolls = element => {
    for (let up = element.parentElement; up; up = up.parentElement) {
      if (up !== document.body && getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const sticksOut = element =>
    element.getBoundingClientRect().right > width + 1 && !scrolls(element);
  return [...document.body.querySelectorAll("*")]
    .filter(element => sticksOut(element) && !sticksOut(element.parentElement))
    .slice(0, 5)
    .map(element => `${Math.round(element.getBoundingClientRect().right)} px: `
      + element.outerHTML.slice(0, 160));
}"""


def describe(violation, where):
    lines = [f"{where}: {violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:10]:
        lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
        lines.extend(f"      {line}" for line in (node["summary"] or "").splitlines())
    if len(violation["nodes"]) > 10:
        lines.append(f"    … and {len(violation['nodes']) - 10} more elements")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible_at_phone_and_desktop_widths(
    name, tab, registry, axe_script, screenshot_dir
):
    from playwright.sync_api import expect

    page = tab.page
    address, texts = PAGES[name]
    path = address(registry)
    tab.open(path)
    for text in texts:
        expect(page.get_by_role("main")).to_contain_text(text)
    # Evaluated by the test, not added as an inline <script>, which the page's
    # Content-Security-Policy refuses (as it should); it stays for both widths.
    page.evaluate(Path(axe_script).read_text())
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        shot = screenshot_dir / f"{name}-{width}.png"
        page.screenshot(path=shot, full_page=True)
        screenshots_taken.append(shot)
        print(f"screenshot: {shot}")
        wide = page.evaluate(WIDER_THAN_VIEWPORT)
        if wide:
            failures.append(
                f"{path} at {width} px is wider than the screen (it scrolls sideways); "
                "what sticks out:\n" + "\n".join(f"    {line}" for line in wide)
            )
        for violation in page.evaluate(RUN_AXE):
            text = describe(violation, f"axe-core: {path} at {width} px")
            if violation["impact"] in FAILING_IMPACTS:
                failures.append(text)
            else:
                axe_notes.append(text.splitlines()[0])
                print(text)
    tab.check()
    assert not failures, "\n".join(failures)


def test_the_api_docs_run_under_the_content_security_policy(tab, reference_data):
    """Swagger UI (drf-spectacular's split view: its start-up script is a file
    of its own) renders the operations, and the browser reports no refusal."""
    from playwright.sync_api import expect

    response = tab.open("/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(tab.page.get_by_text("/api/v1/entities/", exact=True).first).to_be_visible()
    tab.check()

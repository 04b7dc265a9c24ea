"""The registry in each of its languages, in a real browser: in Khmer,
Kyrgyz, Mongolian, Thai and Vietnamese the home page, the country's own page,
an entity's page, the tapestry and the methodology, at a phone's and a
desktop's width, carry the language, cut no label of a chart or a table off,
make the page no wider than the screen, and give axe-core no serious or
critical finding; a screenshot of each is kept in build/screenshots/. The
language stays as a reader follows the menu, and the switcher leads to the
same page in the language chosen."""

import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import axe_notes, require, screenshots_taken
from .test_pages import FAILING_IMPACTS, RUN_AXE, WIDER_THAN_VIEWPORT, describe

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COUNTRY = {"km": "kh", "ky": "kg", "mn": "mn", "th": "th", "vi": "vn"}
PAGES = {
    "home": lambda built, language: "/",
    "country": lambda built, language: f"/countries/{COUNTRY[language]}/",
    "entity": lambda built, language: f"/entities/{built['th_coop'].pk}/",
    "tapestry": lambda built, language: "/tapestry/",
    "methodology": lambda built, language: "/methodology/",
}
WIDTHS = [1280, 360]

# Text that does not fit where it is drawn: an SVG label reaching outside its
# drawing, or the text of a box that hides what overflows it.
CUT_OFF = """() => {
  const found = [];
  for (const svg of document.querySelectorAll("main svg")) {
    const box = svg.getBoundingClientRect();
    if (!box.width) continue;
    for (const text of svg.querySelectorAll("text")) {
      const label = text.getBoundingClientRect();
      if (!label.width) continue;
      if (label.left < box.left - 1 || label.right > box.right + 1)
        found.push(`chart label ${JSON.stringify(text.textContent.slice(0, 60))} drawn ` +
                   `${Math.round(label.left - box.left)}..${Math.round(label.right - box.left)}` +
                   ` in a drawing ${Math.round(box.width)} px wide`);
    }
  }
  // Form controls scroll their own options; only text boxes are looked at.
  const boxes = document.querySelectorAll("main *:not(select, option, input, textarea)");
  for (const element of boxes) {
    const style = getComputedStyle(element);
    const hides =
      ["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis";
    // Text for screen readers only (.visually-hidden) is a 1 px box on purpose.
    if (element.closest(".visually-hidden")) continue;
    if (hides && element.scrollWidth > element.clientWidth + 1 && element.textContent.trim())
      found.push(`text cut off in <${element.tagName.toLowerCase()}` +
                 ` class="${element.className}">: ` +
                 JSON.stringify(element.textContent.trim().slice(0, 60)));
  }
  return found.slice(0, 10);
}"""


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", list(COUNTRY))
def test_page_in_each_language_fits_and_is_accessible(
    language, name, tab, registry, axe_script, screenshot_dir
):
    page = tab.page
    path = f"/{language}{PAGES[name](registry, language)}"
    tab.open(path)
    assert page.get_attribute("html", "lang") == language
    page.evaluate(Path(axe_script).read_text())
    failures = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        shot = screenshot_dir / f"{language}-{name}-{width}.png"
        page.screenshot(path=shot, full_page=True)
        screenshots_taken.append(shot)
        where = f"{path} at {width} px"
        if wide := page.evaluate(WIDER_THAN_VIEWPORT):
            failures.append(f"{where} is wider than the screen:\n    " + "\n    ".join(wide))
        if cut := page.evaluate(CUT_OFF):
            failures.append(f"{where} cuts text off:\n    " + "\n    ".join(cut))
        for violation in page.evaluate(RUN_AXE):
            text = describe(violation, f"axe-core: {where}")
            if violation["impact"] in FAILING_IMPACTS:
                failures.append(text)
            else:
                axe_notes.append(text.splitlines()[0])
    tab.check()
    assert not failures, "\n".join(failures)


def test_the_language_stays_through_the_menu_and_the_switcher(tab, registry):
    page = tab.page
    tab.open("/km/")
    page.get_by_role("navigation", name=None).first.locator("a[href='/km/tapestry/']").click()
    page.wait_for_url("**/km/tapestry/")
    assert page.get_attribute("html", "lang") == "km"
    tab.open("/th/entities/?country=TH&origin=community")
    page.select_option("#language-switcher-select", "mn")
    page.locator(".language-switcher button").click()
    page.wait_for_url("**/mn/entities/?country=TH&origin=community")
    assert page.get_attribute("html", "lang") == "mn"
    tab.check()


@pytest.mark.parametrize(
    ("language", "font"), [("km", "NotoSansKhmer"), ("th", "NotoSansThai"), ("mn", "NotoSans")]
)
def test_a_printed_page_carries_the_languages_script(language, font, tab, registry, tmp_path):
    """Printed from the browser (its print stylesheet), the country page and
    an entity's page with its adoption guidance embed the Noto font of the
    language's script that the registry serves."""
    if not shutil.which("pdffonts"):
        require(["pdffonts (poppler-utils): run `bash .ci/pdf-setup` as root"])
    page = tab.page
    for name, path in (
        ("country", f"/{language}/countries/{COUNTRY[language]}/"),
        ("entity", f"/{language}/entities/{registry['kh_sg'].pk}/"),
    ):
        tab.open(path)
        page.emulate_media(media="print")
        printed = tmp_path / f"{language}-{name}.pdf"
        page.pdf(path=str(printed), format="A4")
        fonts = subprocess.run(
            ["pdffonts", str(printed)], capture_output=True, text=True, check=True
        ).stdout
        assert font in fonts.replace(" ", "").replace("-", ""), (path, fonts)
    tab.check()

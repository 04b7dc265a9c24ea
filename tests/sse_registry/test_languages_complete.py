"""Each language's pages hold no English left over: the home page, a country
page, the list with a filter, an entity's page, the tapestry, the methodology,
a report, the map page and the releases, rendered in Khmer, Kyrgyz, Mongolian,
Thai and Vietnamese, show in their main content (text, labels read aloud,
titles, placeholders) no text that the English page shows, but proper names,
codes, numbers and what researchers wrote."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from entities.models import Country, Entity, Region
from research.models import Score

pytestmark = pytest.mark.usefixtures("shared_registry")

LANGUAGES = ["km", "ky", "mn", "th", "vi"]
PAGES = {
    "home": "/",
    "country": "/countries/TH/",
    "list": "/entities/?country=TH&origin=community",
    "entity": "entity",  # the Thai cooperative's page
    "tapestry": "/tapestry/",
    "methodology": "/methodology/",
    "report": "/countries/VN/report/",
    "map": "/map/?country=KH",
    "releases": "/releases/",
}
# Written the same in every language: codes, units and names of standards.
SAME_EVERYWHERE = {
    "SSE", "ISIC", "SDG", "ISO", "CSV", "JSON", "API", "PDF", "SVG", "PNG", "GeoJSON",
    "OpenAPI", "CC BY 4.0", "Natural Earth", "ILO", "Leaflet", "OpenStreetMap",
}  # fmt: skip
NO_WORDS = re.compile(r"^[\W\d_]*$")
# A code, a symbol or a number with its unit: "TH", "TH-40", "SDG 5", "A", "7/7", "0–3".
CODE = re.compile(r"^(?:[A-Z]{1,5}(?:[-‑][A-Z0-9]{1,3})?|SDG \d+|[A-U])[\W\d]*$")


# Attributes a reader meets: read aloud, shown on hover, shown in an empty field.
READ_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


class MainText(HTMLParser):
    """The text runs of a page's <main> and the attributes a reader meets,
    without scripts and styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <main>
        self.skipping = 0  # inside <script>, <style>, <code>
        self.runs = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        elif tag in ("script", "style", "code", "pre"):
            self.skipping += 1
        if self.depth and not self.skipping:
            for name, value in attrs:
                if name in READ_ATTRIBUTES and value and value.strip():
                    self.runs.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1
        elif tag in ("script", "style", "code", "pre"):
            self.skipping -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if self.depth and not self.skipping and text:
            self.runs.append(text)


def main_text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    parser = MainText()
    parser.feed(response.content.decode())
    assert parser.runs, path
    return parser.runs


def written_by_people(language):
    """Names and texts the registry holds as researchers wrote them, and the
    countries whose name the language writes as English does (Indonesia in
    Vietnamese)."""
    texts = set()
    with translation.override(language):
        texts.update(
            country.name for country in Country.objects.all() if country.name == country.name_en
        )
    texts.update(Score.objects.exclude(evidence="").values_list("evidence", flat=True))
    for row in Entity.objects.values_list(
        "name", "name_local", "legal_form", "locality", "description", "sources"
    ):
        texts.update(value for value in row if value)
    texts.update(Region.objects.values_list("name", flat=True))
    texts.update(Region.objects.values_list("name_local", flat=True))
    texts.update(filter(None, Country.objects.values_list("working_definition", flat=True)))
    return texts


# What follows a name: its country's code ("Battambang (KH)"), a figure ("Kyrgyzstan: 1").
AFTER_A_NAME = re.compile(r"(?: \([A-Z]{2}\)|:? [\d.,%\s]+)$")


def is_allowed(run, proper):
    if NO_WORDS.match(run) or CODE.match(run) or run in SAME_EVERYWHERE:
        return True
    name = AFTER_A_NAME.sub("", run).strip(" ,.·()")
    return run in proper or name in proper


def address(shared_registry, language, page):
    path = PAGES[page]
    if path == "entity":
        path = f"/entities/{shared_registry['th_coop'].pk}/"
    return f"/{language}{path}"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_english_is_left_in_the_main_content(client, shared_registry, language, page):
    translated_path = address(shared_registry, language, page)
    english = set(main_text(client, translated_path.removeprefix(f"/{language}")))
    proper = written_by_people(language)
    left = [
        run
        for run in main_text(client, translated_path)
        if run in english and not is_allowed(run, proper)
    ]
    assert left == [], left

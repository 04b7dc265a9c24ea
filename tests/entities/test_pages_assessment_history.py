"""An entity's page lists its published assessments, latest first, with each
feature's score and its change since the previous published one; drafts, work
in review and the record keeping of an assessment never appear."""

import datetime
import re
from html.parser import HTMLParser

import pytest

from research.framework import FEATURE_CODES
from research.models import Assessment

from ..factories import AssessmentFactory, EntityFactory, UserFactory, assess

pytestmark = pytest.mark.django_db

# A value no page could hold by chance, in each private field of an assessment.
NOTES = "qx7-assessment-notes"
REVIEW_COMMENT = "qx7-review-comment"
ASSESSOR = "qx7-assessor"

EARLIEST = [1, 1, 1, 1, None, 2, 3]
EARLIER = [2, 1, 0, None, 1, 2, None]
LATEST = [3, 1, 1, 2, 1, None, 0]


class HistoryTable(HTMLParser):
    """The rows of the page's history table, each a list of its cells' texts
    (the words for screen readers included), whitespace collapsed."""

    def __init__(self):
        super().__init__()
        self.rows, self.inside, self.cell = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "history") in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("th", "td"):
            self.rows[-1].append(" ".join(" ".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def history_rows(html):
    """The table's body rows (its header row left off)."""
    parser = HistoryTable()
    parser.feed(html)
    return parser.rows[1:]


@pytest.fixture
def entity():
    """Three published assessments, a later draft and one in review."""
    entity = EntityFactory(name="Three Times Assessed Cooperative")
    assessor = UserFactory(username=ASSESSOR, is_staff=True)
    private = {"assessor": assessor, "notes": NOTES}
    assess(entity, EARLIEST, assessed_on=datetime.date(2019, 4, 2), method="desk_review")
    earlier = assess(
        entity, EARLIER, assessed_on=datetime.date(2022, 6, 15), method="survey", **private
    )
    Assessment.objects.filter(pk=earlier.pk).update(review_comment=REVIEW_COMMENT)
    assess(entity, LATEST, assessed_on=datetime.date(2025, 3, 1), method="interview", **private)
    for status, day in [("draft", 10), ("in_review", 20)]:
        assess(
            entity,
            [0] * 7,
            assessed_on=datetime.date(2026, 1, day),
            method="site_visit",
            status=status,
            notes=f"Unpublished {status}",
        )
    return entity


def page(client, entity):
    response = client.get(f"/entities/{entity.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_published_assessments_are_listed_latest_first_with_the_current_marked(client, entity):
    rows = history_rows(page(client, entity))
    assert [row[:2] for row in rows] == [
        ["March 1, 2025 (current)", "Interview"],
        ["June 15, 2022", "Survey"],
        ["April 2, 2019 (first)", "Desk review"],
    ]
    assert all(len(row) == 2 + len(FEATURE_CODES) for row in rows)


def test_each_score_shows_its_change_since_the_previous_published_assessment(client, entity):
    latest, earlier, earliest = (row[2:] for row in history_rows(page(client, entity)))
    # 2 → 3, 1 → 1, 0 → 1, not assessed → 2, 1 → 1, 2 → not assessed, not assessed → 0
    assert latest == [
        "3 +1 up 1 point",
        "1 = unchanged",
        "1 +1 up 1 point",
        "2 new",
        "1 = unchanged",
        "– not assessed no longer assessed",
        "0 new",
    ]
    # 1 → 2, 1 → 1, 1 → 0, 1 → not assessed, not assessed → 1, 2 → 2, 3 → not assessed
    assert earlier == [
        "2 +1 up 1 point",
        "1 = unchanged",
        "0 −1 down 1 point",
        "– not assessed no longer assessed",
        "1 new",
        "2 = unchanged",
        "– not assessed no longer assessed",
    ]
    # The first has nothing to compare with.
    assert earliest == ["1", "1", "1", "1", "– not assessed", "2", "3"]


def test_a_change_is_written_in_words_not_colour_alone(client, entity):
    html = page(client, entity)
    assert (
        '<span class="change"><span aria-hidden="true">−1</span>'
        '<span class="visually-hidden">down 1 point</span></span>'
    ) in html
    assert "<caption>Each feature's score (0 absent, 1 emerging" in html
    # Scrolls inside its own box on a narrow screen.
    assert re.search(r'<div class="table-scroll"[^>]*aria-label="Assessment history"', html)


def test_a_change_of_two_points_is_plural(client):
    entity = EntityFactory()
    assess(entity, [3] * 7, assessed_on=datetime.date(2020, 1, 1))
    assess(entity, [1] * 7, assessed_on=datetime.date(2024, 1, 1))
    latest, _ = history_rows(page(client, entity))
    assert latest[2] == "1 −2 down 2 points"


def test_earlier_evidence_is_behind_a_disclosure_and_the_current_is_not_repeated(client, entity):
    html = page(client, entity)
    summaries = re.findall(r"<summary>(Evidence of the assessment of [^<]*)</summary>", html)
    assert summaries == [
        "Evidence of the assessment of June 15, 2022",
        "Evidence of the assessment of April 2, 2019",
    ]
    # The current evidence is in the profile's table, once.
    assert html.count("Evidence for economic_activity") == 3


def test_drafts_and_assessments_in_review_never_appear(client, entity):
    html = page(client, entity)
    assert "January 10, 2026" not in html and "January 20, 2026" not in html
    assert "Site visit" not in html
    assert "Unpublished" not in html


def test_no_private_field_of_an_assessment_appears(client, entity):
    html = page(client, entity)
    for private in (NOTES, REVIEW_COMMENT, ASSESSOR):
        assert private not in html


def test_one_assessment_says_so_without_a_table(client):
    entity = EntityFactory()
    assess(entity, [2] * 7)
    html = page(client, entity)
    assert "Assessment history" in html
    assert "This is the only published assessment of this entity so far." in html
    assert 'class="history"' not in html
    assert "evidence-history" not in html


def test_an_entity_without_a_published_assessment_has_no_history(client):
    entity = EntityFactory()
    AssessmentFactory(entity=entity, status=Assessment.Status.DRAFT)
    html = page(client, entity)
    assert "has not been assessed yet" in html
    assert "Assessment history" not in html


@pytest.mark.parametrize("count", [1, 5])
def test_the_page_costs_the_same_queries_for_any_number_of_assessments(
    client, django_assert_num_queries, count
):
    entity = EntityFactory()
    for year in range(2020, 2020 + count):
        assess(entity, [year % 4] * 7, assessed_on=datetime.date(year, 5, 1))
    client.get(f"/entities/{entity.pk}/")  # the demo banner's answer is cached after
    # the entity with its reference rows and current assessment, the features, the
    # published assessments, their scores, the SDGs, its identifiers elsewhere,
    # the attributions its sources' licences require (its country, whose data
    # version makes the page's ETag, was kept in the cache by the first request)
    with django_assert_num_queries(7):
        html = page(client, entity)
    assert len(history_rows(html)) == (count if count > 1 else 0)

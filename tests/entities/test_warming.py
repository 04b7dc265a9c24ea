"""The pages a change of the published data touched are drawn again once it
has committed (entities.warming), so that their first reader finds every
figure cached: the home page, and each changed country's page and list."""

import threading
from contextlib import contextmanager
from unittest import mock

import pytest
from django.db.models import QuerySet

from core import freshness
from entities import statistics, warming
from entities.models import Entity
from workflow.transitions import ENTITY_TRANSITIONS, apply

from ..factories import EntityFactory, reviewer

pytestmark = pytest.mark.django_db


def publish(country, capture):
    draft = EntityFactory(country_id=country, status=Entity.Status.DRAFT)
    with capture(execute=True):
        apply(reviewer(), [draft], ENTITY_TRANSITIONS["publish"])
    return draft


@contextmanager
def computing_refused():
    """No statistics computed and no count made: every figure is cached."""
    refused = AssertionError("computed")
    with (
        mock.patch.object(statistics, "_grouped", side_effect=refused),
        mock.patch.object(QuerySet, "count", side_effect=refused),
    ):
        yield


def test_after_a_publication_its_countrys_pages_need_no_figure_computed(
    client, settings, django_capture_on_commit_callbacks
):
    settings.WARM_PAGES = "request"
    EntityFactory(country_id="VN")
    publish("TH", django_capture_on_commit_callbacks)
    with computing_refused():
        assert client.get("/countries/th/").status_code == 200
        assert client.get("/").status_code == 200
        assert client.get("/entities/", {"country": "TH"}).status_code == 200
    # Viet Nam's page was not touched: its figures are computed by its reader.
    with computing_refused(), pytest.raises(AssertionError, match="computed"):
        client.get("/countries/vn/")


def test_without_warming_the_first_reader_computes(
    client, settings, django_capture_on_commit_callbacks
):
    publish("TH", django_capture_on_commit_callbacks)
    for address in ("/countries/th/", "/entities/?country=TH", "/"):
        with computing_refused(), pytest.raises(AssertionError, match="computed"):
            client.get(address)


def test_a_change_naming_no_country_draws_every_countrys_pages():
    pages = warming.pages_of(None)
    assert pages[0] == "/"
    assert {"/countries/th/", "/countries/vn/", "/entities/?country=KH"} <= set(pages)


def test_a_page_that_fails_to_draw_is_left_to_its_reader(caplog):
    with mock.patch.object(warming, "draw", side_effect=RuntimeError("broken")):
        warming.draw_all({"TH"})  # logged, not raised
    assert "Could not draw /" in caplog.text


def test_a_burst_of_changes_is_drawn_once_it_goes_quiet(monkeypatch):
    drawn = []
    done = threading.Event()

    def draw_all(countries):
        drawn.append(countries)
        done.set()

    monkeypatch.setattr(warming, "draw_all", draw_all)
    monkeypatch.setattr(warming, "QUIET_SECONDS", 0.2)
    painter = warming.Painter()
    painter.tell({"TH"})
    painter.tell({"VN"})
    assert done.wait(5)
    painter.thread.join(5)
    assert drawn == [{"TH", "VN"}]
    done.clear()
    painter.tell(None)  # a change naming no country: every country
    assert done.wait(5)
    assert drawn[-1] is None


def test_a_failing_listener_never_fails_the_write(django_capture_on_commit_callbacks):
    def broken(scopes):
        raise RuntimeError("broken")

    freshness.after_each_change(broken)
    try:
        before = freshness.current_version({"TH"})
        with django_capture_on_commit_callbacks(execute=True):
            freshness.published_data_changed(scopes={"TH"})
        assert freshness.current_version({"TH"}) != before
    finally:
        freshness._change_listeners.remove(broken)

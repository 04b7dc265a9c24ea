"""The releases' pages: /releases/ lists them, /releases/<number>/ shows one
with its counts, its changes against the previous release, its downloads and
how to cite it. Their footer dates and cites the release itself."""

from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property

from entities import citation, releases
from entities.models import Country, Release

# The ids of the entities a change names, shown on a release's page.
CHANGED_SHOWN = 100


class ReleaseCitation(citation.PageCitation):
    """The footer's licence, date and citation, of a release's page: dated by
    the release and citing it by its label."""

    def __init__(self, request, release):
        super().__init__(request)
        self.release = release

    @cached_property
    def as_of(self):
        return self.release.data_as_of

    @cached_property
    def text(self):
        return releases.release_citation(self.release, self.url)


CHANGE_KINDS = ("added", "withdrawn", "changed")


def change_rows(release, *, with_ids=False):
    """Each kind of change with its count (and the first ids), or [] for the first release."""
    if release.changes.get("previous") is None:
        return []
    return [
        {
            "kind": kind,
            "count": release.changes[kind]["count"],
            "ids": release.changes[kind]["ids"][:CHANGED_SHOWN] if with_ids else [],
        }
        for kind in CHANGE_KINDS
    ]


def release_list(request):
    releases = list(Release.objects.order_by("-number"))
    rows = [{"release": release, "changes": change_rows(release)} for release in releases]
    return render(request, "pages/release_list.html", {"rows": rows})


def release_detail(request, number):
    release = get_object_or_404(Release, number=number)
    names = dict(Country.objects.values_list("code", "name"))
    by_country = [
        {"code": code, "name": names.get(code, code), "entities": count}
        for code, count in sorted(release.counts.get("by_country", {}).items())
    ]
    terms = ReleaseCitation(request, release)
    return render(
        request,
        "pages/release_detail.html",
        {
            "release": release,
            "by_country": by_country,
            "changes": change_rows(release, with_ids=True),
            "changed_shown": CHANGED_SHOWN,
            "data_terms": terms,
        },
    )

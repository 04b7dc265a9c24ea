"""Mixed traffic on the registry, for `loadtest/run` (locust, headless).

Partners query the API (lists with filters, details, statistics, searches,
small CSV exports); people read the pages (home, lists, countries, entities,
the tapestry). Weights follow what each audience is expected to send: most
traffic is API lists and page views. Every answer other than 200 counts as a
failure, so the report's failures are exactly the errors.

The classes, chosen on locust's command line (loadtest/run):

- ``Visitor``: a person or a script, a second or two between requests.
- ``Saturating``: the same mix without a pause, for throughput.
- ``Reviewer``: one reviewer who publishes a record awaiting review every
  30 seconds through the admin, so that the run measures what a publication
  costs the caches (the country's data version moves).
- ``Ceiling``: ``/healthz`` (one trivial query) without a pause: the most the
  same server answers, for the ratio.
"""

import os
import random
import re

from locust import FastHttpUser, between, constant, task

COUNTRIES = ["KH", "CN", "ID", "JP", "KG", "LA", "MY", "MN", "PH", "KR", "TH", "VN"]
FEATURES = ["autonomy", "democratic_governance", "mutual_aid", "voluntary_cooperation"]
BANDS = ["all", "most", "some", "none"]
SEARCHES = ["hop tac xa", "วิสาหกิจชุมชน", "weavers", "rice", "women", "ban nong"]


class Visitor(FastHttpUser):
    """One client: a partner's script or a person's browser, a second or two
    between requests."""

    wait_time = between(0.5, 2)
    ids = []

    def on_start(self):
        if not Visitor.ids:
            page = self.client.get("/api/v1/entities/?page_size=500", name="setup").json()
            Visitor.ids = [row["id"] for row in page["results"]] or [1]

    def get(self, path, name):
        self.client.get(path, name=name)

    # --- API ---
    @task(20)
    def api_list_filtered(self):
        country = random.choice(COUNTRIES)
        filters = random.choice(
            [
                f"country={country}",
                f"country={country}&band={random.choice(BANDS)}",
                f"country={country}&lacks={random.choice(FEATURES)}&band=most",
                f"practises={random.choice(FEATURES)}&ordering=-updated_at",
            ]
        )
        self.get(f"/api/v1/entities/?{filters}", "api list + filters")

    @task(4)
    def api_list_paging(self):
        self.get(f"/api/v1/entities/?page={random.randint(1, 20)}", "api list, pages 1-20")

    @task(10)
    def api_detail(self):
        self.get(f"/api/v1/entities/{random.choice(self.ids)}/", "api detail")

    @task(6)
    def api_statistics(self):
        if random.random() < 0.5:
            self.get(f"/api/v1/countries/{random.choice(COUNTRIES)}/stats/", "api country stats")
        else:
            group_by = random.choice(["country", "sector", "entity_type", "origin"])
            self.get(f"/api/v1/stats/?group_by={group_by}", "api grouped stats")

    @task(6)
    def api_search(self):
        self.get(f"/api/v1/entities/?q={random.choice(SEARCHES)}", "api search")

    @task(2)
    def api_small_export(self):
        country = random.choice(COUNTRIES)
        self.get(
            f"/api/v1/entities/export.csv?country={country}&band=most&"
            f"practises={random.choice(FEATURES)}&registered=true",
            "api export (small)",
        )

    # --- Pages ---
    @task(8)
    def page_list(self):
        self.get(f"/entities/?country={random.choice(COUNTRIES)}", "page entity list")

    @task(6)
    def page_entity(self):
        self.get(f"/entities/{random.choice(self.ids)}/", "page entity")

    @task(4)
    def page_country(self):
        self.get(f"/countries/{random.choice(COUNTRIES)}/", "page country")

    @task(2)
    def page_home_and_tapestry(self):
        self.get("/", "page home")
        self.get(f"/tapestry/?country={random.choice(COUNTRIES)}", "page tapestry")


class Saturating(Visitor):
    """The same mix, each client asking again as soon as it has its answer."""

    wait_time = constant(0)


class Ceiling(FastHttpUser):
    """The cheapest answer the server gives (one trivial query)."""

    wait_time = constant(0)

    @task
    def health(self):
        self.client.get("/healthz", name="healthz (ceiling)")


CHANGE_LINK = re.compile(r'href="/admin/entities/entity/(\d+)/change/')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_FIELD = re.compile(r'name="version" value="(\d+)"')


class Reviewer(FastHttpUser):
    """A reviewer publishing one record awaiting review every 30 seconds
    (LOAD_REVIEWER / LOAD_REVIEWER_PASSWORD: a reviewer's or a superuser's
    account, which loadtest/run creates)."""

    fixed_count = 1
    wait_time = constant(float(os.environ.get("LOAD_PUBLISH_EVERY", 30)))

    def on_start(self):
        form = self.client.get("/admin/login/", name="reviewer: log in").text
        self.client.post(
            "/admin/login/?next=/admin/",
            data={
                "csrfmiddlewaretoken": CSRF_FIELD.search(form).group(1),
                "username": os.environ.get("LOAD_REVIEWER", "loadreviewer"),
                "password": os.environ["LOAD_REVIEWER_PASSWORD"],
            },
            name="reviewer: log in",
        )

    @task
    def publish_one(self):
        listing = self.client.get(
            f"/admin/entities/entity/?status__exact=in_review&country__code__exact="
            f"{random.choice(['TH', 'VN', 'KH'])}",
            name="reviewer: awaiting review",
        ).text
        found = CHANGE_LINK.search(listing)
        if not found:
            return
        url = f"/admin/entities/entity/{found.group(1)}/transition/publish/"
        page = self.client.get(url, name="reviewer: confirm publish").text
        self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": CSRF_FIELD.search(page).group(1),
                "version": VERSION_FIELD.search(page).group(1),
            },
            name="reviewer: publish",
        )

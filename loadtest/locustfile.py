"""Load test: the three roles and the public, mixed as in a deadline week.

Run with `python manage.py loadtest` (starts gunicorn and a worker, renders a large
report meanwhile, and checks the results), or by hand:

    locust -f loadtest/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8010
"""

import json
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task

PASSWORD = "nacionalni-niz-2026"
REGIONS = ["gorenjska", "pomurska", "podravska", "savinjska", "osrednjeslovenska", "goriska"]
# The grids of the reports still open, per region ({"gorenjska": ["/nacrti/…/uredi/"]}):
# the loadtest command finds them in the database.
OPEN_GRIDS = json.loads(os.environ.get("RIN_LOADTEST_OPEN_GRIDS", "{}"))


class GridForm(HTMLParser):
    """The fields of the report grid's form as a browser would send them, unchanged."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._select = self._textarea = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = "data-grid" in attrs
        if not self._in_form or (tag != "option" and not attrs.get("name")):
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("file", "submit", "button") or (
                kind in ("checkbox", "radio") and "checked" not in attrs
            ):
                return
            self.fields[attrs["name"]] = attrs.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select, self._first_option = attrs["name"], None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in attrs:
                self.fields[self._select] = value
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select:
            self.fields.setdefault(self._select, self._first_option or "")
            self._select = None
        elif tag == "textarea" and self._textarea:
            # As a browser does: the line break after <textarea> is not part of the text.
            self.fields[self._textarea] = self.fields[self._textarea].removeprefix("\n")
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def _plan_slugs(client, region: str) -> list[str]:
    page = client.get(f"/regije/{region}/", name="/regije/[region]/").text
    return sorted(set(re.findall(r'href="/regije/[a-z-]+/(nacionalni-niz-[a-z0-9-]+)/"', page)))


class Signed(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    numbers = range(0, 20)  # generated users 0–19 of a region are group members, 20–49 CSD staff

    def username(self) -> str:
        return f"nacionalni-niz-{self.region}-{random.choice(self.numbers)}"

    def on_start(self):
        self.region = random.choice(REGIONS)
        page = self.client.get("/prijava/", name="/prijava/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/prijava/",
            {"username": self.username(), "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/prijava/"},
            name="/prijava/ (POST)",
        )
        self.plans = _plan_slugs(self.client, self.region) or ["rin-gorenjska-2014-2016"]


class Citizen(HttpUser):
    weight = 4
    wait_time = between(1, 3)

    @task(3)
    def home(self):
        self.client.get("/", name="/")

    @task(3)
    def region_and_plan(self):
        region = random.choice(REGIONS)
        slugs = _plan_slugs(self.client, region)
        if slugs:
            self.client.get(
                f"/regije/{region}/{random.choice(slugs)}/", name="/regije/[region]/[plan]/"
            )


class GroupMember(Signed):
    weight = 3

    @task(4)
    def plan_page(self):
        self.client.get(f"/nacrti/{random.choice(self.plans)}/", name="/nacrti/[plan]/ (member)")

    @task(1)
    def history(self):
        self.client.get(
            f"/nacrti/{random.choice(self.plans)}/zgodovina/", name="/nacrti/[plan]/zgodovina/"
        )

    @task(1)
    def plans(self):
        self.client.get("/nacrti/", name="/nacrti/")


class CsdStaff(Signed):
    weight = 2
    numbers = range(20, 50)

    @task(1)
    def fill_in(self):
        """Open a report of the region still being filled in, change one number, save."""
        grids = OPEN_GRIDS.get(self.region)
        if not grids:
            return
        url = random.choice(grids)
        form = GridForm()
        form.feed(self.client.get(url, name="/nacrti/[plan]/porocila/[year]/uredi/").text)
        reached = [name for name in form.fields if name.endswith("-users_reached")]
        if not reached:
            return
        form.fields[random.choice(reached)] = str(random.randrange(1, 5000))
        with self.client.post(
            url,
            data=form.fields,
            headers={"Referer": self.host + url},
            name="/nacrti/[plan]/porocila/[year]/uredi/ (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # Saved, or a colleague saved the same entry first (the merge page): both are
            # what the portal should answer. Anything else is a failure.
            if response.status_code in (302, 409):
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")

    @task(2)
    def dashboard(self):
        self.client.get("/letna-porocila/", name="/letna-porocila/")

    @task(2)
    def reports(self):
        self.client.get(
            f"/nacrti/{random.choice(self.plans)}/porocila/", name="/nacrti/[plan]/porocila/"
        )


class Reviewer(Signed):
    weight = 1

    def username(self) -> str:
        return f"nacionalni-niz-ministrstvo-{random.randrange(0, 5)}"

    @task(3)
    def plan_page(self):
        self.client.get(f"/nacrti/{random.choice(self.plans)}/", name="/nacrti/[plan]/ (reviewer)")

    @task(1)
    def dashboard(self):
        self.client.get("/letna-porocila/", name="/letna-porocila/ (reviewer)")

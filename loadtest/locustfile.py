"""Load test: the three roles and the public, mixed as in a deadline week.

Run with `python manage.py loadtest` (starts gunicorn and a worker, renders a large
report meanwhile, and checks the results), or by hand:

    locust -f loadtest/locustfile.py --headless -u 50 -r 10 -t 60s --host http://127.0.0.1:8010
"""

import random
import re

from locust import HttpUser, between, task

PASSWORD = "nacionalni-niz-2026"
REGIONS = ["gorenjska", "pomurska", "podravska", "savinjska", "osrednjeslovenska", "goriska"]


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

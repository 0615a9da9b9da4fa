import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from municipalities.models import Region
from news.models import NewsItem
from plans.models import IndicatorYearTarget, YearlyReport
from plans.progress import selectors, services
from tests import builders

from .conftest import add_programme, fill

URL = reverse("progress:dashboard")


def _plans_shown(response) -> set[str]:
    """The plans whose tables the page shows, by their links."""
    page = response.content.decode()
    links = re.findall(r'<caption[^>]*><a [^>]*href="([^"]+)"', page)
    return {resolve(link).kwargs["slug"] for link in links}


def _years_shown(response) -> dict[int, str]:
    """Each year's row of the page (one plan), as the reader sees its text."""
    page = response.content.decode()
    rows = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page, re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        rows[int(text.split()[0])] = text
    return rows


@pytest.fixture
def pomurje_plan(pomurska):
    plan = builders.make_plan(
        region=pomurska, slug="rin-pomurje", status="confirmed", confirmed_on="2017-06-30"
    )
    builders.make_programme(plan)
    return plan


def test_staff_see_their_regions_reports_with_status_and_completeness(client, report, staff):
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    regions = [name.strip() for name in re.findall(r'<h2 [^>]*id="region-\d+">([^<]+)', page)]
    assert regions == ["Gorenjska"]
    rows = _years_shown(response)
    assert f'href="{report.plan.get_absolute_url()}porocila/2017/"' in page
    assert "Draft" in rows[2017] and "0 of 1 entries complete" in rows[2017]
    assert "Overdue" in rows[2017]  # due 31. 3. 2018
    assert "Draft" not in rows[2018] and "entries" not in rows[2018]  # not opened, listed


def test_the_ministry_reviewer_sees_every_region(client, report, pomurje_plan, reviewer):
    client.force_login(reviewer)
    response = client.get(URL)
    assert _plans_shown(response) == {"rin-confirmed", "rin-pomurje"}


def test_others_see_only_their_scope(client, report, pomurje_plan, outsider):
    client.force_login(outsider)
    assert _plans_shown(client.get(URL)) == {"rin-pomurje"}


def test_a_user_without_roles_sees_nothing(client, report, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="test-password-123")
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "<section" not in page and "<table" not in page
    assert "no confirmed plans" in page


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL).status_code == 302


def test_dashboard_rejects_post(client, staff):
    client.force_login(staff)
    assert client.post(URL).status_code == 405


def test_a_submitted_report_is_not_overdue(report, staff):
    fill(report, staff)
    services.report_submit(report=report, user=staff, version=report.version)
    [group] = selectors.dashboard(staff, datetime.date(2019, 1, 1))
    rows = {row.year: row for row in group["plans"][0]["rows"]}
    assert not rows[2017].is_overdue
    assert rows[2018].is_overdue is False  # due 31. 3. 2019
    assert 2019 in rows and 2020 not in rows  # years not begun are left out


def test_a_report_submitted_after_its_due_date_says_so(
    client, report, staff, django_capture_on_commit_callbacks
):
    """Not overdue any more, but the reviewers see it came late."""
    fill(report, staff)
    services.report_submit(report=report, user=staff, version=report.version)
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert "Submitted late" in page  # the 2017 report was due on 31. 3. 2018
    with django_capture_on_commit_callbacks(execute=True):  # as it commits
        YearlyReport.objects.filter(pk=report.pk).update(submitted_at="2018-03-01T10:00:00+01:00")
    assert "Submitted late" not in client.get(URL).content.decode()


@pytest.mark.parametrize("count", [0, 12])
def test_dashboard_queries_do_not_grow_with_programmes(
    client,
    confirmed_plan,
    staff,
    reviewer,
    count,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
):
    for n in range(count):
        add_programme(confirmed_plan, f"Program {n}")
    for year in (2017, 2018):
        fill(services.report_open(plan=confirmed_plan, year=year, user=staff), staff)
    client.force_login(reviewer)
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):  # committed changes
        YearlyReport.objects.update(version=F("version") + 1)  # completeness not cached
    # user; their roles; generations; plans; reports; the plans' areas, programmes,
    # indicators and yearly targets; entries, values, funds. (The session comes from the
    # cache. The user, roles and programmes are read again because this first commit also
    # renews the people and plans generations: the test created them in the same,
    # uncommitted transaction.)
    with django_assert_num_queries(12):
        assert client.get(URL).status_code == 200
    # After a change elsewhere the page is drawn again, the completeness of the open
    # reports still cached, the user kept under the people generation and the plans
    # under the plans generation: generation; reports.
    with django_capture_on_commit_callbacks(execute=True):
        NewsItem.objects.create(
            region=Region.objects.get(slug="pomurska"),
            title="Novica",
            body="Besedilo.",
            published_on=datetime.date(2019, 1, 1),
        )
    with django_assert_num_queries(2):
        assert client.get(URL).status_code == 200
    # After a change of the reference data the page reads it again (regions,
    # municipalities, national programmes) instead of joining it to every plan, and
    # the plans, kept under it.
    with django_capture_on_commit_callbacks(execute=True):
        Region.objects.filter(slug="pomurska").update(name_en="Mura")
    with django_assert_num_queries(6):
        assert client.get(URL).status_code == 200
    # Nothing changed: the whole page from the cache, and the user from memory kept
    # under the same generation (generation).
    with django_assert_num_queries(1):
        assert client.get(URL).status_code == 200


def test_completeness_is_cached_until_the_report_or_its_plan_changes(
    client, report, confirmed_plan, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)

    def shown() -> str:
        return _years_shown(client.get(URL))[2017]

    assert "0 of 1 entries complete" in shown()
    with django_capture_on_commit_callbacks(execute=True):  # as the save commits
        fill(report, staff)
    assert "1 of 1 entries complete" in shown()  # the saved entries bumped the version
    # A yearly target the saved value now misses, added as the admin adds it: without
    # raising the plan's revision or the report's version.
    indicator = report.entries.get().programme.indicators.get()
    with django_capture_on_commit_callbacks(execute=True):
        IndicatorYearTarget.objects.create(indicator=indicator, year=2017, value=Decimal(10))
    assert "0 of 1 entries complete" in shown()


def test_completeness_follows_a_reports_year_changed_in_the_admin(
    client, report, confirmed_plan, staff, django_capture_on_commit_callbacks
):
    """The admin saves a report without raising its version."""
    indicator = report.entries.get().programme.indicators.get()
    IndicatorYearTarget.objects.create(indicator=indicator, year=2018, value=Decimal(10))
    with django_capture_on_commit_callbacks(execute=True):
        fill(report, staff)  # on target for 2017 (4), not for 2018 (10)
    client.force_login(staff)

    def shown(year) -> str:
        return _years_shown(client.get(URL))[year]

    assert "1 of 1 entries complete" in shown(2017)
    report.year = 2018
    with django_capture_on_commit_callbacks(execute=True):
        report.save()
    assert "0 of 1 entries complete" in shown(2018)
    assert "entries" not in shown(2017)


def test_the_dashboard_is_cached_whole_and_never_stale(
    client, report, staff, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    client.get(URL)  # the first visit also sets the CSRF cookie, part of the key
    drawn = client.get(URL)
    assert drawn.context is not None and "Submitted" not in drawn.content.decode()
    assert client.get(URL).context is None  # served whole from the cache
    with django_capture_on_commit_callbacks(execute=True):  # the staff's work commits
        fill(report, staff)
        services.report_submit(report=report, user=staff, version=report.version)
    assert "Submitted" in client.get(URL).content.decode()


def test_after_a_change_only_the_changed_regions_section_is_drawn_again(
    client, report, staff, pomurje_plan, reviewer, django_capture_on_commit_callbacks
):
    region_template = "plans/progress/includes/dashboard_region.html"
    client.force_login(reviewer)
    first = client.get(URL)
    assert [t.name for t in first.templates].count(region_template) == 2
    again = client.get(URL)  # drawn again (the first visit set the CSRF cookie)
    assert [t.name for t in again.templates].count(region_template) == 0  # both kept
    page = first.content.decode()
    assert "0 of 1 entries complete" in page and "Overdue" in page
    with django_capture_on_commit_callbacks(execute=True):  # the staff's save commits
        fill(report, staff)
    again = client.get(URL)
    assert again.context is not None  # the page was drawn again, after the change
    assert [t.name for t in again.templates].count(region_template) == 1  # Gorenjska only
    page = again.content.decode()
    assert "1 of 1 entries complete" in page and "0 of 1 entries complete" not in page
    assert 'id="region-' in page and "rin-pomurje" in page  # Pomurje, kept, still there


def test_years_of_a_plan_not_yet_confirmed_are_not_overdue(client, plan, staff):
    """The plan's yearly-reports page lists its years; nothing is due while it is written."""
    client.force_login(staff)
    response = client.get(f"{plan.get_absolute_url()}porocila/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Progress is reported once the plan is confirmed." in page
    assert "2017" in page and "Overdue" not in page


def test_a_closed_reports_kept_count_ends_when_it_opens_again(
    report, staff, django_capture_on_commit_callbacks
):
    """A submitted report's entries are counted, not checked, and the count is kept; a
    status changed without raising the version (as the admin saves) is counted anew."""

    def shown() -> tuple[tuple[int, int], int]:
        with CaptureQueriesContext(connection) as queries:
            [group] = selectors.dashboard(staff, datetime.date(2019, 1, 1))
        row = {row.year: row for row in group["plans"][0]["rows"]}[2017]
        counted = sum('"plans_reportentry"' in query["sql"] for query in queries)
        return (row.completeness.complete, row.completeness.entries), counted

    assert shown()[0] == (0, 1)  # open, nothing filled in
    with django_capture_on_commit_callbacks(execute=True):
        YearlyReport.objects.filter(pk=report.pk).update(
            status=YearlyReport.Status.SUBMITTED, submitted_at=timezone.now()
        )
    assert shown() == ((1, 1), 1)
    assert shown() == ((1, 1), 0)  # kept, not counted again
    with django_capture_on_commit_callbacks(execute=True):
        YearlyReport.objects.filter(pk=report.pk).update(status=YearlyReport.Status.RETURNED)
    assert shown()[0] == (0, 1)

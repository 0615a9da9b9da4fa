"""The yearly report loop in Chromium: CSD staff fill and submit, the coordination group
returns one entry with a reason, staff fix and resubmit, the group approves, the year
locks. Pages are read in English so the test does not depend on the catalogues."""

import pytest

from plans.models import ReportEntry, YearlyReport

from .conftest import assert_accessible, log_in

REPORTS = "/nacrti/rin-gorenjska-2014-2016/porocila/"
REPORT = f"{REPORTS}2016/"
HOUSING = "2.1 Stanovanjske skupine z namestitveno podporo (primer)"
MENTAL = "4.1 Skupnostna podpora v duševnem zdravju (primer)"


@pytest.fixture
def open_page(new_page, live_server):
    def signed_in(username: str):
        page = new_page()
        log_in(page, username)
        page.context.add_cookies(
            [{"name": "django_language", "value": "en", "url": live_server.url}]
        )
        return page

    return signed_in


def _entry(page, title: str):
    return page.get_by_role("region", name=title)


def test_the_whole_review_loop(demo_site, open_page):
    staff, member = open_page("demo-csd"), open_page("demo-clan")

    # CSD staff see what is missing and fill the two empty entries of 2016.
    staff.goto("/letna-porocila/")
    assert_accessible(staff)
    staff.get_by_role("link", name="2016", exact=True).click()
    staff.get_by_role("link", name="Fill in", exact=True).click()
    assert staff.get_by_text("2 items are still missing").is_visible()
    assert_accessible(staff)
    housing = _entry(staff, HOUSING)
    housing.get_by_label("Status").select_option("realised")
    housing.get_by_label("What was done").fill("Odprli smo dve stanovanjski skupini.")
    housing.get_by_label("Število mest v stanovanjskih skupinah").fill("30")
    mental = _entry(staff, MENTAL)
    mental.get_by_label("Status").select_option("in_progress")
    mental.get_by_label("What was done").fill("Dnevni center deluje v Kranju.")
    mental.get_by_label("Število uporabnikov dnevnega centra").fill("70")
    mental.get_by_label("Explanation").fill("Drugi center se odpre šele 2017.")
    staff.get_by_role("button", name="Save all entries").click()
    assert staff.get_by_text("The entries were saved.").is_visible()
    assert staff.get_by_text("Nothing is missing").is_visible()
    staff.get_by_role("button", name="Submit the report for review").click()
    assert staff.get_by_text("submitted to the coordination group").is_visible()

    # A coordination-group member returns one entry, pointing at one field.
    member.goto(f"{REPORT}pregled/")
    assert_accessible(member)
    returned = _entry(member, HOUSING)
    returned.get_by_label("Reason for returning this entry").fill(
        "Navedite, v katerih občinah sta skupini."
    )
    returned.get_by_label("Part that needs revision").select_option(label="What was done")
    member.get_by_role("button", name="Return the report with these reasons").click()
    assert member.get_by_text("returned to the CSD for revision").is_visible()

    # Staff see what was returned and why, fix it and submit again.
    staff.goto(f"{REPORT}uredi/")
    housing = _entry(staff, HOUSING)
    assert housing.get_by_text("Navedite, v katerih občinah sta skupini.").is_visible()
    assert housing.get_by_text("Part that needs revision: What was done").is_visible()
    housing.get_by_label("What was done").fill(
        "Odprli smo dve stanovanjski skupini, v Kranju in na Jesenicah."
    )
    staff.get_by_role("button", name="Save all entries").click()
    housing = _entry(staff, HOUSING)
    assert housing.locator("ins", has_text="na Jesenicah").is_visible()  # changed since return
    staff.get_by_role("button", name="Submit the report for review").click()

    # The member sees what changed since the return, and approves.
    member.goto(f"{REPORT}pregled/")
    changed = _entry(member, HOUSING)
    assert changed.get_by_text("Changed since it was returned").is_visible()
    assert changed.locator("ins", has_text="v Kranju in na Jesenicah").is_visible()
    assert_accessible(member)
    member.get_by_role("button", name="Approve the report").click()
    assert member.get_by_text("the year is locked").first.is_visible()
    assert_accessible(member)  # the report page

    # The year is locked: the grid is gone for staff.
    staff.goto(f"{REPORT}uredi/")
    assert staff.url.endswith(REPORT)
    assert staff.get_by_text("approved and the year is locked").first.is_visible()
    assert staff.get_by_role("link", name="Fill in", exact=True).count() == 0
    report = YearlyReport.objects.get(plan__slug="rin-gorenjska-2014-2016", year=2016)
    assert report.status == "approved"
    assert list(report.events.values_list("action", flat=True)) == [
        "opened",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]


def test_two_people_saving_one_entry_get_the_conflict_page(demo_site, open_page):
    first, second = open_page("demo-csd"), open_page("demo-admin")
    first.goto(f"{REPORT}uredi/")
    second.goto(f"{REPORT}uredi/")
    _entry(first, HOUSING).get_by_label("What was done").fill("Besedilo prvega.")
    first.get_by_role("button", name="Save all entries").click()
    assert first.get_by_text("The entries were saved.").is_visible()

    _entry(second, HOUSING).get_by_label("What was done").fill("Besedilo drugega.")
    second.get_by_role("button", name="Save all entries").click()
    assert second.get_by_role("heading", name="Someone saved this first").is_visible()
    assert second.get_by_text("Besedilo prvega.").first.is_visible()
    assert_accessible(second)
    merge = second.get_by_role("region", name=HOUSING)
    merge.get_by_label("What was done").fill("Besedilo prvega. Besedilo drugega.")
    second.get_by_role("button", name="Save merged version").click()
    assert second.get_by_text("The entries were saved.").is_visible()
    entry = ReportEntry.objects.get(
        report__plan__slug="rin-gorenjska-2014-2016",
        report__year=2016,
        programme__title__startswith="Stanovanjske",
    )
    assert entry.achievements == "Besedilo prvega. Besedilo drugega."


def test_import_page_and_report_page_are_accessible(demo_site, open_page):
    staff = open_page("demo-csd")
    staff.goto(f"{REPORT}uvoz/")
    assert_accessible(staff)
    staff.goto(REPORTS)
    assert_accessible(staff)
    staff.goto(REPORT)
    assert_accessible(staff)

"""The yearly report loop in Chromium: CSD staff fill and submit, the coordination group
returns one entry with a reason, staff fix and resubmit, the group approves, the year
locks. Pages are read in English so the test does not depend on the catalogues."""

import io
import re

import pytest
from playwright.sync_api import expect

from plans.models import ReportEntry, YearlyReport

from .conftest import assert_accessible, follow, log_in

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


def _fill_the_two_missing_entries(staff) -> None:
    housing = _entry(staff, HOUSING)
    housing.get_by_label("Status").select_option("realised")
    housing.get_by_label("What was done").fill("Odprli smo dve stanovanjski skupini.")
    housing.get_by_label("Število mest v stanovanjskih skupinah").fill("30")
    mental = _entry(staff, MENTAL)
    mental.get_by_label("Status").select_option("in_progress")
    mental.get_by_label("What was done").fill("Dnevni center deluje v Kranju.")
    mental.get_by_label("Število uporabnikov dnevnega centra").fill("70")
    mental.get_by_label("Explanation").fill("Drugi center se odpre šele 2017.")


def test_the_whole_review_loop(demo_site, open_page):
    staff, member = open_page("demo-csd"), open_page("demo-clan")

    # CSD staff see what is missing and fill the two empty entries of 2016.
    staff.goto("/letna-porocila/")
    assert_accessible(staff)
    follow(staff.get_by_role("link", name="2016", exact=True))
    follow(staff.get_by_role("link", name="Fill in", exact=True))
    expect(staff.get_by_text("2 items are still missing")).to_be_visible()
    assert_accessible(staff)
    _fill_the_two_missing_entries(staff)
    follow(staff.get_by_role("button", name="Save all entries"))
    expect(staff.get_by_text("The entries were saved.")).to_be_visible()
    expect(staff.get_by_text("Nothing is missing")).to_be_visible()
    follow(staff.get_by_role("button", name="Submit the report for review"))
    expect(staff.get_by_text("submitted to the coordination group")).to_be_visible()

    # A coordination-group member returns one entry, pointing at one field.
    member.goto(f"{REPORT}pregled/")
    assert_accessible(member)
    returned = _entry(member, HOUSING)
    returned.get_by_label("Reason for returning this entry").fill(
        "Navedite, v katerih občinah sta skupini."
    )
    returned.get_by_label("Part that needs revision").select_option(label="What was done")
    follow(member.get_by_role("button", name="Return the report with these reasons"))
    expect(member.get_by_text("returned to the CSD for revision")).to_be_visible()

    # Staff see what was returned and why, fix it and submit again.
    staff.goto(f"{REPORT}uredi/")
    housing = _entry(staff, HOUSING)
    expect(housing.get_by_text("Navedite, v katerih občinah sta skupini.")).to_be_visible()
    expect(housing.get_by_text("Part that needs revision: What was done")).to_be_visible()
    housing.get_by_label("What was done").fill(
        "Odprli smo dve stanovanjski skupini, v Kranju in na Jesenicah."
    )
    follow(staff.get_by_role("button", name="Save all entries"))
    housing = _entry(staff, HOUSING)
    expect(housing.locator("ins", has_text="na Jesenicah")).to_be_visible()  # changed since return
    follow(staff.get_by_role("button", name="Submit the report for review"))

    # The member sees what changed since the return, and approves.
    member.goto(f"{REPORT}pregled/")
    changed = _entry(member, HOUSING)
    expect(changed.get_by_text("Changed since it was returned")).to_be_visible()
    expect(changed.locator("ins", has_text="v Kranju in na Jesenicah")).to_be_visible()
    assert_accessible(member)
    follow(member.get_by_role("button", name="Approve the report"))
    expect(member.get_by_text("the year is locked").first).to_be_visible()
    assert_accessible(member)  # the report page

    # The year is locked: the grid is gone for staff.
    staff.goto(f"{REPORT}uredi/")
    assert staff.url.endswith(REPORT)
    expect(staff.get_by_text("approved and the year is locked").first).to_be_visible()
    expect(staff.get_by_role("link", name="Fill in", exact=True)).to_have_count(0)
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
    follow(first.get_by_role("button", name="Save all entries"))
    expect(first.get_by_text("The entries were saved.")).to_be_visible()

    _entry(second, HOUSING).get_by_label("What was done").fill("Besedilo drugega.")
    follow(second.get_by_role("button", name="Save all entries"))
    expect(second.get_by_role("heading", name="Someone saved this first")).to_be_visible()
    expect(second.get_by_text("Besedilo prvega.").first).to_be_visible()
    assert_accessible(second)
    merge = second.get_by_role("region", name=HOUSING)
    merge.get_by_label("What was done").fill("Besedilo prvega. Besedilo drugega.")
    follow(second.get_by_role("button", name="Save merged version"))
    expect(second.get_by_text("The entries were saved.")).to_be_visible()
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


def test_submitting_with_unsaved_changes_asks_first(demo_site, open_page):
    staff = open_page("demo-csd")
    staff.goto(f"{REPORT}uredi/")
    _fill_the_two_missing_entries(staff)
    follow(staff.get_by_role("button", name="Save all entries"))
    _entry(staff, HOUSING).get_by_label("Število mest v stanovanjskih skupinah").fill("999")

    asked = []
    staff.once("dialog", lambda dialog: asked.append(dialog.message) or dialog.dismiss())
    with staff.expect_event("dialog"):  # asked once the portal knows the user is signed in
        staff.get_by_role("button", name="Submit the report for review").click()
    assert asked and "not saved" in asked[0]
    assert staff.url.endswith(f"{REPORT}uredi/")  # stayed, with the change
    report = YearlyReport.objects.get(plan__slug="rin-gorenjska-2014-2016", year=2016)
    assert report.status != "submitted"

    staff.once("dialog", lambda dialog: dialog.accept())
    follow(staff.get_by_role("button", name="Submit the report for review"))
    expect(staff.get_by_text("submitted to the coordination group")).to_be_visible()


def test_a_refused_save_leads_the_keyboard_to_each_wrong_value(demo_site, open_page):
    staff = open_page("demo-csd")
    staff.goto(f"{REPORT}uredi/")
    places = _entry(staff, HOUSING).get_by_label("Število mest v stanovanjskih skupinah")
    places.fill("veliko")
    follow(staff.get_by_role("button", name="Save all entries"))
    summary = staff.get_by_role("alert").filter(has_text="Nothing was saved")
    expect(summary).to_be_focused()  # announced, and where Tab goes on from
    summary.get_by_role("link", name=re.compile("Število mest v stanovanjskih skupinah")).click()
    expect(places).to_be_focused()
    expect(places).to_have_accessible_description(re.compile("number", re.IGNORECASE))
    assert_accessible(staff)


def test_the_save_bar_never_hides_the_field_being_filled(demo_site, open_page):
    """The grid's save bar stays at the bottom of the window; a field reached with Tab
    scrolls clear of it (WCAG 2.4.7)."""
    staff = open_page("demo-csd")
    staff.set_viewport_size({"width": 1280, "height": 700})
    staff.emulate_media(reduced_motion="reduce")  # scrolled at once, not smoothly
    staff.goto(f"{REPORT}uredi/")
    _entry(staff, HOUSING).get_by_label("Status").focus()
    for _ in range(40):
        staff.keyboard.press("Tab")
        # In view once the page has scrolled (a frame later at most).
        staff.wait_for_function(
            """() => {
                const bar = document.querySelector(".sticky-bottom");
                const field = document.activeElement;
                return bar.contains(field)
                    || field.getBoundingClientRect().bottom <= bar.getBoundingClientRect().top;
            }""",
            timeout=2000,
        )


def test_the_save_bar_leaves_a_low_window_to_the_grid(demo_site, open_page):
    """In a window 256 px high (1280 × 1024 at 400 %, WCAG 1.4.10) the save bar would
    cover a third of it: it waits at the end of the grid instead."""
    staff = open_page("demo-csd")
    staff.set_viewport_size({"width": 320, "height": 256})
    staff.goto(f"{REPORT}uredi/")
    _entry(staff, HOUSING).get_by_label("Status").scroll_into_view_if_needed()
    bar = staff.locator(".sticky-bottom").bounding_box()
    assert bar is not None and bar["y"] >= 256, "the save bar covers the window"
    staff.get_by_role("button", name="Save all entries").scroll_into_view_if_needed()
    expect(staff.get_by_role("button", name="Save all entries")).to_be_in_viewport()


def test_a_stale_workbook_keeps_a_colleagues_save_unless_ticked(demo_site, open_page, tmp_path):
    """A downloads the workbook, B saves an entry in the grid, A imports the old file."""
    from openpyxl import load_workbook

    from plans.progress import selectors
    from plans.progress import spreadsheets as layout

    report = YearlyReport.objects.get(plan__slug="rin-gorenjska-2014-2016", year=2016)
    workbook = load_workbook(
        io.BytesIO(layout.report_workbook(report, selectors.report_entries(report)))
    )
    colleague = open_page("demo-admin")
    colleague.goto(f"{REPORT}uredi/")
    _entry(colleague, HOUSING).get_by_label("What was done").fill("Besedilo kolega.")
    follow(colleague.get_by_role("button", name="Save all entries"))

    sheet = workbook.worksheets[0]
    [row] = [r for r in sheet.iter_rows() if str(r[2].value).startswith("Stanovanjske")]
    row[6].value = "Besedilo iz preglednice."
    path = tmp_path / "porocilo.xlsx"
    workbook.save(path)
    staff = open_page("demo-csd")
    staff.goto(f"{REPORT}uvoz/")
    staff.get_by_label("Filled workbook (.xlsx)").set_input_files(str(path))
    follow(staff.get_by_role("button", name="Show what would change"))
    expect(staff.get_by_text("Saved in the portal after the download")).to_be_visible()
    expect(staff.get_by_role("cell", name="Besedilo kolega.", exact=True)).to_be_visible()
    assert_accessible(staff)
    staff.get_by_label("Overwrite with the workbook's version").check()
    follow(staff.get_by_role("button", name="Confirm and save these changes"))
    expect(staff.get_by_text("The workbook was imported: 1 entry changed.")).to_be_visible()
    entry = ReportEntry.objects.get(report=report, programme__title__startswith="Stanovanjske")
    assert entry.achievements == "Besedilo iz preglednice."

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import EvidenceFile, IndicatorValue, ReportEntry
from plans.progress import services

from .conftest import add_programme, complete_input, entries_of, fill, grid_data

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def _url(report):
    return reverse("progress:grid", args=[report.plan.slug, report.year])


def _filled(report, entry, **fields) -> dict:
    prefix = f"e{entry.pk}"
    indicator = entry.programme.indicators.get()
    data = grid_data(report)
    data.update(
        {
            f"{prefix}-status": "in_progress",
            f"{prefix}-achievements": "Odprli smo dva centra.",
            f"{prefix}-value_{indicator.pk}": "4",
            f"{prefix}-fund_ministry": "900.50",
        }
    )
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data


def test_staff_see_every_entry_of_the_year(client, report, staff):
    client.force_login(staff)
    response = client.get(_url(report))
    assert response.status_code == 200
    assert [item["entry"].programme.title for item in response.context["items"]] == [
        "Medgeneracijski center"
    ]
    assert "Choose the status." in response.content.decode()


def test_saving_the_grid_saves_the_entry(client, report, staff):
    client.force_login(staff)
    [entry] = entries_of(report)
    response = client.post(_url(report), _filled(report, entry))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.achievements) == ("in_progress", "Odprli smo dva centra.")
    assert entry.funding.get().amount_used == pytest.approx(900.5)
    assert IndicatorValue.objects.get(entry=entry).achieved_value == 4


def test_a_slovenian_decimal_comma_is_understood(client, report, staff):
    client.cookies["django_language"] = "sl"
    client.force_login(staff)
    [entry] = entries_of(report)
    client.post(_url(report), _filled(report, entry, fund_ministry="1234,50"))
    assert str(entry.funding.get().amount_used) == "1234.50"


def test_a_value_that_does_not_fit_its_unit_is_a_field_error_and_nothing_is_saved(
    client, report, staff
):
    client.force_login(staff)
    [entry] = entries_of(report)
    indicator = entry.programme.indicators.get()
    data = _filled(report, entry, **{f"value_{indicator.pk}": "2.5"})
    response = client.post(_url(report), data)
    assert response.status_code == 400
    assert "This indicator counts whole numbers." in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == ""


def test_text_in_a_number_field_is_a_field_error(client, report, staff):
    client.force_login(staff)
    [entry] = entries_of(report)
    response = client.post(_url(report), _filled(report, entry, fund_ministry="veliko"))
    assert response.status_code == 400
    assert not ReportEntry.objects.exclude(status="").exists()


def test_a_colleagues_newer_save_gives_the_conflict_page(client, report, staff, other_member):
    client.force_login(staff)
    [entry] = entries_of(report)
    loaded = _filled(report, entry, achievements="Moje besedilo.")
    # A colleague saves the same entry first.
    services.report_save(
        report=report,
        user=staff,
        entries=[complete_input(entry, achievements="Kolegovo besedilo.")],
    )
    response = client.post(_url(report), loaded)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Kolegovo besedilo." in page and "Moje besedilo." in page
    assert f"saved by {staff.get_full_name() or staff.username}," in page  # who saved first
    entry.refresh_from_db()
    assert entry.achievements == "Kolegovo besedilo."
    # The merge form holds the user's text at the colleague's version: saving it wins.
    merge = response.context["forms"][0]
    assert merge["achievements"].value() == "Moje besedilo."
    assert int(merge["version"].value()) == entry.version
    data = dict(loaded)
    data[f"e{entry.pk}-version"] = merge["version"].value()
    data[f"e{entry.pk}-loaded"] = merge["loaded"].value()
    assert client.post(_url(report), data).status_code == 302
    entry.refresh_from_db()
    assert entry.achievements == "Moje besedilo."


def test_an_entry_the_user_did_not_touch_is_not_overwritten(client, confirmed_plan, staff):
    add_programme(confirmed_plan)
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    first, second = entries_of(report)
    client.force_login(staff)
    loaded = _filled(report, first)  # the user edits only the first entry
    services.report_save(
        report=report, user=staff, entries=[complete_input(second, achievements="Kolega.")]
    )
    assert client.post(_url(report), loaded).status_code == 302
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.achievements == "Kolega."
    assert first.achievements == "Odprli smo dva centra."


def test_uploads_evidence_with_the_save(client, report, staff):
    client.force_login(staff)
    [entry] = entries_of(report)
    data = grid_data(report)
    data[f"e{entry.pk}-evidence"] = SimpleUploadedFile("zapisnik.pdf", PDF, "application/pdf")
    assert client.post(_url(report), data).status_code == 302
    assert EvidenceFile.objects.get().original_name == "zapisnik.pdf"


def test_a_disguised_file_is_refused_by_its_content(client, report, staff):
    client.force_login(staff)
    [entry] = entries_of(report)
    data = grid_data(report)
    data[f"e{entry.pk}-evidence"] = SimpleUploadedFile(
        "slika.png", b"MZ\x90\x00 not an image", "image/png"
    )
    response = client.post(_url(report), data)
    assert response.status_code == 400
    assert "is not a PDF, an image" in response.content.decode()
    assert not EvidenceFile.objects.exists()


def test_grid_rejects_other_methods(client, report, staff):
    client.force_login(staff)
    assert client.put(_url(report)).status_code == 405
    assert client.delete(_url(report)).status_code == 405
    assert not ReportEntry.objects.exclude(status="").exists()


def test_member_may_not_fill_in(client, report, member):
    client.force_login(member)
    assert client.get(_url(report)).status_code == 403
    assert client.post(_url(report), grid_data(report)).status_code == 403


def test_outsider_gets_404(client, report, outsider):
    client.force_login(outsider)
    assert client.get(_url(report)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, report):
    response = client.get(_url(report))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_submitted_report_is_not_edited(client, report, staff):
    fill(report, staff)
    services.report_submit(report=report, user=staff, version=report.version)
    client.force_login(staff)
    response = client.get(_url(report))
    assert response.status_code == 302
    assert response["Location"] == reverse("progress:report", args=[report.plan.slug, 2017])


def test_text_typed_while_a_colleague_submitted_stays_on_the_screen(client, report, staff):
    """The grid was open when a colleague submitted the report: Save saves nothing and
    shows the grid again with what was typed (to copy), without a save button."""
    client.cookies["django_language"] = "en"
    client.force_login(staff)
    [entry] = entries_of(report)
    typed = _filled(report, entry, obstacles="Pol ure pisanja o ovirah.")
    fill(report, staff)
    services.report_submit(report=report, user=staff, version=report.version)
    response = client.post(_url(report), typed)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Pol ure pisanja o ovirah." in page and "it is kept below, to copy" in page
    assert "Save all entries" not in page
    assert ReportEntry.objects.get(pk=entry.pk).obstacles != "Pol ure pisanja o ovirah."


def _with_programmes(confirmed_plan, staff, count):
    for n in range(count):
        add_programme(confirmed_plan, f"Program {n}")
    return services.report_open(plan=confirmed_plan, year=2017, user=staff)


@pytest.mark.parametrize("count", [0, 12])
def test_grid_queries_do_not_grow_with_programmes(
    client, confirmed_plan, staff, count, django_assert_num_queries
):
    report = _with_programmes(confirmed_plan, staff, count)
    fill(report, staff)
    client.force_login(staff)
    client.get(_url(report))  # warm the session
    # user, plan, report; areas and programmes (numbering); entries with programme,
    # indicators, yearly targets, values, funds, evidence; planned funding; events.
    # (The session and the roles come from the cache. The plan and its programmes are
    # read again because the test's writes are not committed: once they are, both are
    # kept in the process, as tests/plans/progress/test_dashboard.py shows.)
    with django_assert_num_queries(13):
        assert client.get(_url(report)).status_code == 200


def test_an_entry_missing_from_the_posted_grid_is_left_alone(client, confirmed_plan, staff):
    add_programme(confirmed_plan)
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    fill(report, staff)
    first, second = entries_of(report)
    data = {k: v for k, v in _filled(report, first).items() if not k.startswith(f"e{second.pk}-")}
    client.force_login(staff)
    assert client.post(_url(report), data).status_code == 302
    second.refresh_from_db()
    assert (second.status, second.achievements) == ("in_progress", "Odprli smo dva centra.")


def test_users_reached_read_with_thousands_and_never_emptied_by_a_typo(client, report, staff):
    """The field is text, not the browser's number field, which sends nothing for what
    it cannot read: a typo was saved as an empty value, the number stored was lost.
    (In English, as all these tests: thousands grouped by commas.)"""
    client.force_login(staff)
    [entry] = entries_of(report)
    assert (
        client.post(_url(report), _filled(report, entry, users_reached="1,234")).status_code == 302
    )
    entry.refresh_from_db()
    assert entry.users_reached == 1234
    page = client.get(_url(report)).content.decode()
    assert 'inputmode="numeric"' in page and 'value="1234"' in page

    data = _filled(report, entry, users_reached="12-", version=entry.version)
    data[f"e{entry.pk}-loaded"] = ""  # as loaded before the save above: it is a change
    response = client.post(_url(report), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a whole number." in page and 'value="12-"' in page  # kept, to correct
    entry.refresh_from_db()
    assert entry.users_reached == 1234


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("users_reached", "١٢", "Enter digits 0–9 only: “١٢” has other digits."),
        (
            "fund_ministry",
            "9e2",
            "Enter the number in full with digits 0–9: “9e2” has an exponent.",
        ),
    ],
)
def test_a_number_in_other_digits_or_with_an_exponent_is_a_field_error(
    client, report, staff, field, typed, message
):
    """Python would read them as 12 and 900; the grid says what to type instead."""
    client.force_login(staff)
    [entry] = entries_of(report)
    response = client.post(_url(report), _filled(report, entry, **{field: typed}))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and f'value="{typed}"' in page
    assert not ReportEntry.objects.exclude(status="").exists()


def test_an_error_marks_only_its_own_entrys_field(client, confirmed_plan, staff):
    """Each entry's form has fields of its own (copied from shared prototypes): the red
    outline of a wrong amount in one entry does not spread to the others."""
    add_programme(confirmed_plan, "Dnevni center")
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    first, second = entries_of(report)
    client.force_login(staff)
    data = grid_data(report)
    data[f"e{first.pk}-fund_ministry"] = "veliko"
    page = client.post(_url(report), data).content.decode()

    def field_classes(entry) -> str:
        [tag] = re.findall(rf'<input[^>]*name="e{entry.pk}-fund_ministry"[^>]*>', page)
        return re.search(r'class="([^"]*)"', tag).group(1)

    assert "is-invalid" in field_classes(first)
    assert "is-invalid" not in field_classes(second)
    # and the next page's forms start clean
    page = client.get(_url(report)).content.decode()
    assert "is-invalid" not in field_classes(first)

import pytest
from django.core import mail
from django.urls import reverse

from plans.models import ReportEntry, YearlyReport
from plans.progress import services
from plans.services.errors import EditConflict, PlanError

from .conftest import add_programme, complete_input, entries_of, fill


@pytest.fixture
def submitted(confirmed_plan, staff):
    """A submitted 2017 report with two entries."""
    add_programme(confirmed_plan)
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    fill(report, staff)
    return services.report_submit(report=report, user=staff, version=report.version)


def _return_first(report, member, reason="Manjka opis delavnic.", part="achievements"):
    first = entries_of(report)[0]
    services.report_return(
        report=report, user=member, version=report.version, returns={first.pk: (reason, part)}
    )
    return first


def test_returns_the_entries_with_their_reasons(submitted, member):
    first = _return_first(submitted, member)
    submitted.refresh_from_db()
    assert submitted.status == YearlyReport.Status.RETURNED
    first.refresh_from_db()
    assert (first.is_returned, first.return_reason, first.returned_field) == (
        True,
        "Manjka opis delavnic.",
        "achievements",
    )
    assert first.returned_snapshot["achievements"] == "Odprli smo dva centra."
    other = ReportEntry.objects.exclude(pk=first.pk).get()
    assert not other.is_returned
    event = submitted.events.get(action="returned")
    assert event.user == member and "Manjka opis delavnic." in event.reason


def test_the_report_page_says_which_part_was_returned(client, submitted, member, staff):
    _return_first(submitted, member)
    client.force_login(staff)
    url = f"{submitted.plan.get_absolute_url()}porocila/{submitted.year}/"
    page = client.get(url).content.decode()
    assert "Returned for revision:</strong> Manjka opis delavnic." in page
    assert "Part that needs revision: What was done" in page


def test_a_return_needs_a_reason(submitted, member):
    first = entries_of(submitted)[0]
    with pytest.raises(PlanError, match="reason"):
        services.report_return(
            report=submitted, user=member, version=submitted.version, returns={first.pk: (" ", "")}
        )
    with pytest.raises(PlanError, match="reason"):
        services.report_return(report=submitted, user=member, version=submitted.version, returns={})
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_the_filer_hears_of_a_return_with_the_reasons(
    submitted, member, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _return_first(submitted, member)
    [message] = mail.outbox
    assert message.to == [staff.email]
    assert "Manjka opis delavnic." in message.body


@pytest.fixture
def colleague(submitted, staff, pomurska):
    """A CSD colleague of the submitter in the plan's region, beside staff who must not
    hear: one who left, one without an address, one of another region. The submitter
    also holds a second CSD role, so that they are counted once."""
    from rin_portal.models import Role
    from tests.conftest import _user

    Role.objects.create(user=staff, kind=Role.Kind.CSD_STAFF, region=pomurska)
    left = _user("csd-left", Role.Kind.CSD_STAFF, region=submitted.plan.region)
    left.is_active = False
    left.save(update_fields=["is_active"])
    no_address = _user("csd-no-address", Role.Kind.CSD_STAFF, region=submitted.plan.region)
    no_address.email = ""
    no_address.save(update_fields=["email"])
    _user("pomurski-csd", Role.Kind.CSD_STAFF, region=pomurska)
    return _user("csd-colleague", Role.Kind.CSD_STAFF, region=submitted.plan.region)


def _approve(report, member):
    services.report_approve(report=report, user=member, version=report.version)


def _reopen(report, member):
    services.report_reopen(report=report, user=member, version=report.version, reason="Popravek.")


@pytest.mark.parametrize(
    "before, step, words",
    [
        (None, _return_first, "Manjka opis delavnic."),
        (None, _approve, "/porocila/2017/"),
        (_approve, _reopen, "Popravek."),
    ],
    ids=["returned", "approved", "reopened"],
)
def test_every_csd_colleague_of_the_scope_hears_what_became_of_the_report_once(
    submitted, member, staff, colleague, before, step, words, django_capture_on_commit_callbacks
):
    """The report is filed by the CSD's staff, not only by whoever pressed Submit: each
    active colleague of the plan's region with an address is told of a return, an
    approval or a reopening, once, in a message of their own."""
    if before:
        before(submitted, member)  # its notice is not sent: its commit is not run
    with django_capture_on_commit_callbacks(execute=True):
        step(submitted, member)
    assert sorted(address for message in mail.outbox for address in message.to) == [
        colleague.email,
        staff.email,
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)  # nobody sees the others
    assert all(words in message.body for message in mail.outbox)
    assert member.email not in {message.to[0] for message in mail.outbox}


def test_a_submitter_without_a_csd_role_still_hears_of_the_return(
    confirmed_plan, staff, member, administrator, django_capture_on_commit_callbacks
):
    """An administrator may file for the CSD; the staff hear of the return, and so do they."""
    report = services.report_open(plan=confirmed_plan, year=2017, user=staff)
    fill(report, staff)
    services.report_submit(report=report, user=administrator, version=report.version)
    with django_capture_on_commit_callbacks(execute=True):
        _return_first(report, member)
    assert sorted(message.to[0] for message in mail.outbox) == [
        administrator.email,
        staff.email,
    ]


def test_the_return_notice_names_the_part_in_slovenian_whoever_returned_it(
    submitted, member, staff, django_capture_on_commit_callbacks
):
    """A reviewer working in English returns an entry: the CSD's Slovenian mail names the
    part "Porabljena sredstva", not "Funds used"."""
    from django.utils import translation

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        _return_first(submitted, member, reason="Preverite znesek.", part="funding")
    [message] = mail.outbox
    assert "(Porabljena sredstva): Preverite znesek." in message.body
    assert "Funds used" not in message.body


def test_a_resubmission_shows_what_changed_since_the_return(client, submitted, member, staff):
    first = _return_first(submitted, member)
    submitted.refresh_from_db()
    client.force_login(staff)
    grid = client.get(reverse("progress:grid", args=[submitted.plan.slug, 2017]))
    assert "Manjka opis delavnic." in grid.content.decode()
    first = entries_of(submitted)[0]
    services.report_save(
        report=submitted,
        user=staff,
        entries=[
            complete_input(first, achievements="Odprli smo dva centra in izvedli 12 delavnic.")
        ],
    )
    submitted.refresh_from_db()
    services.report_submit(report=submitted, user=staff, version=submitted.version)
    client.force_login(member)
    review = client.get(reverse("progress:review", args=[submitted.plan.slug, 2017]))
    [item] = [item for item in review.context["items"] if item["entry"].pk == first.pk]
    assert [(c["before"], c["after"]) for c in item["changes"]] == [
        ("Odprli smo dva centra.", "Odprli smo dva centra in izvedli 12 delavnic.")
    ]
    assert "Changed since it was returned" in review.content.decode()


def test_the_grid_says_which_returned_entries_are_not_revised_yet(client, submitted, member, staff):
    first = _return_first(submitted, member)
    client.force_login(staff)
    url = reverse("progress:grid", args=[submitted.plan.slug, 2017])
    page = client.get(url).content.decode()
    assert "An entry returned for revision has not been changed since it was returned:" in page
    assert (
        f'<a href="#entry-{first.pk}"><span lang="sl">1.1 {first.programme.title}</span></a>'
        in page
    )
    submitted.refresh_from_db()
    services.report_save(
        report=submitted,
        user=staff,
        entries=[complete_input(entries_of(submitted)[0], achievements="Izvedli smo delavnice.")],
    )
    assert "has not been changed since" not in client.get(url).content.decode()


def test_approval_locks_the_year_and_tells_the_filer(
    submitted, member, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report=submitted, user=member, version=submitted.version)
    submitted.refresh_from_db()
    assert submitted.status == "approved" and submitted.approved_by == member
    assert mail.outbox[0].to == [staff.email]
    entry = entries_of(submitted)[0]
    with pytest.raises(PlanError, match="approved"):
        services.report_save(
            report=submitted, user=staff, entries=[complete_input(entry, achievements="Drugače.")]
        )


def test_approval_clears_earlier_returns(submitted, member, staff):
    _return_first(submitted, member)
    submitted.refresh_from_db()
    services.report_submit(report=submitted, user=staff, version=submitted.version)
    services.report_approve(report=submitted, user=member, version=submitted.version)
    assert not ReportEntry.objects.filter(is_returned=True).exists()


def test_only_a_submitted_report_is_approved_or_returned(report, member):
    with pytest.raises(PlanError):
        services.report_approve(report=report, user=member, version=report.version)
    with pytest.raises(PlanError):
        services.report_return(
            report=report, user=member, version=report.version, returns={1: ("x", "")}
        )


def test_two_reviewers_at_once_take_one_step(submitted, member, other_member):
    version = submitted.version
    services.report_approve(report=submitted, user=member, version=version)
    again = YearlyReport.objects.get(pk=submitted.pk)
    again.status = "submitted"  # as the second reviewer loaded it
    with pytest.raises(EditConflict):
        services.report_return(
            report=again,
            user=other_member,
            version=version,
            returns={entries_of(submitted)[0].pk: ("Ne.", "")},
        )
    assert YearlyReport.objects.get(pk=submitted.pk).status == "approved"


def test_reopening_needs_a_reason_and_is_recorded(submitted, member):
    services.report_approve(report=submitted, user=member, version=submitted.version)
    with pytest.raises(PlanError, match="why"):
        services.report_reopen(report=submitted, user=member, version=submitted.version, reason=" ")
    services.report_reopen(
        report=submitted, user=member, version=submitted.version, reason="Napaka v številu."
    )
    submitted.refresh_from_db()
    assert submitted.status == "draft" and submitted.approved_at is None
    assert submitted.events.get(action="reopened").reason == "Napaka v številu."


# Views ---------------------------------------------------------------------------------


def _url(name, report):
    return reverse(f"progress:{name}", args=[report.plan.slug, report.year])


def test_member_reviews_and_returns_one_entry(client, submitted, member):
    client.force_login(member)
    page = client.get(_url("review", submitted))
    assert page.status_code == 200
    first, second = entries_of(submitted)
    response = client.post(
        _url("return", submitted),
        {
            "version": submitted.version,
            f"r{first.pk}-reason": "Dopolnite opis.",
            f"r{first.pk}-part": "achievements",
            f"r{second.pk}-reason": "",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_returned and not second.is_returned


def test_reasons_written_while_a_colleague_approved_stay_on_the_screen(
    client, submitted, member, other_member
):
    """The review page was open when a colleague approved: Return returns nothing and
    shows the page again with the reasons written (to copy), without the buttons."""
    client.cookies["django_language"] = "en"
    client.force_login(member)
    first = entries_of(submitted)[0]
    data = {"version": submitted.version, f"r{first.pk}-reason": "Dolg premislek o vnosu."}
    services.report_approve(report=submitted, user=other_member, version=submitted.version)
    response = client.post(_url("return", submitted), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Dolg premislek o vnosu." in page and "it is kept below, to copy" in page
    assert "Return the report with these reasons" not in page
    assert "Approve the report" not in page
    submitted.refresh_from_db()
    assert submitted.status == "approved"


def test_returning_without_any_reason_shows_the_page_again(client, submitted, member):
    client.force_login(member)
    response = client.post(_url("return", submitted), {"version": submitted.version})
    assert response.status_code == 400
    assert "no reason was given" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_part_without_a_reason_is_a_field_error(client, submitted, member):
    client.force_login(member)
    first = entries_of(submitted)[0]
    response = client.post(
        _url("return", submitted), {"version": submitted.version, f"r{first.pk}-part": "status"}
    )
    assert response.status_code == 400
    assert "Give the reason, or leave the part empty." in response.content.decode()


def test_member_approves(client, submitted, member):
    client.force_login(member)
    response = client.post(_url("approve", submitted), {"version": submitted.version}, follow=True)
    page = response.content.decode()
    assert "The report was approved." in page  # what was done, once
    assert page.count("the year is locked") == 1  # and where it stands, once
    submitted.refresh_from_db()
    assert submitted.status == "approved"


@pytest.mark.parametrize("name", ["return", "approve"])
def test_review_steps_reject_get(client, submitted, member, name):
    client.force_login(member)
    assert client.get(_url(name, submitted)).status_code == 405


@pytest.mark.parametrize("name", ["review", "return", "approve"])
def test_staff_may_not_review(client, submitted, staff, name):
    client.force_login(staff)
    method = client.get if name == "review" else client.post
    assert method(_url(name, submitted), {"version": submitted.version}).status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


@pytest.mark.parametrize("name", ["review", "return", "approve", "reopen"])
def test_outsider_gets_404(client, submitted, outsider, name):
    client.force_login(outsider)
    method = client.get if name == "review" else client.post
    assert method(_url(name, submitted), {"version": submitted.version}).status_code == 404


def test_the_approved_year_redirects_away_from_the_grid(client, submitted, member, staff):
    services.report_approve(report=submitted, user=member, version=submitted.version)
    client.force_login(staff)
    response = client.get(_url("grid", submitted), follow=True)
    assert response.redirect_chain[-1][0] == _url("report", submitted)
    assert "approved and the year is locked" in response.content.decode()


def test_reopen_page_needs_a_reason(client, submitted, member):
    services.report_approve(report=submitted, user=member, version=submitted.version)
    client.force_login(member)
    assert client.get(_url("reopen", submitted)).status_code == 200
    response = client.post(_url("reopen", submitted), {"version": submitted.version, "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    response = client.post(
        _url("reopen", submitted), {"version": submitted.version, "reason": "Popravek."}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "draft"


def test_staff_may_not_reopen(client, submitted, member, staff):
    services.report_approve(report=submitted, user=member, version=submitted.version)
    client.force_login(staff)
    assert client.post(_url("reopen", submitted), {"version": 1, "reason": "x"}).status_code == 403

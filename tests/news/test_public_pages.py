from django.urls import reverse

from plans.services import lifecycle


def test_drafts_are_never_public(client, plan, gorenjska):
    assert client.get(reverse("public:plan", args=[gorenjska.slug, plan.slug])).status_code == 404
    assert (
        plan.title
        not in client.get(reverse("public:region", args=[gorenjska.slug])).content.decode()
    )


def test_confirmed_plan_is_readable_at_a_clean_address(client, confirmed_plan, gorenjska):
    url = reverse("public:plan", args=[gorenjska.slug, confirmed_plan.slug])
    assert url == f"/regije/gorenjska/{confirmed_plan.slug}/"
    response = client.get(url)
    assert response.status_code == 200 and "Medgeneracijski center" in response.content.decode()
    assert (
        confirmed_plan.title
        in client.get(reverse("public:region", args=[gorenjska.slug])).content.decode()
    )


def test_plan_under_another_region_is_not_found(client, confirmed_plan, pomurska):
    assert (
        client.get(reverse("public:plan", args=[pomurska.slug, confirmed_plan.slug])).status_code
        == 404
    )


def _retitle_the_programme(plan, user, title: str):
    """Saves the plan's one programme under a new title, as its edit form would."""
    from plans.kinds import KINDS
    from plans.services import content

    programme = plan.programmes.get()
    data = {
        name: getattr(programme, name)
        for name in KINDS["programme"].fields
        if name not in ("implementers", "municipalities", "national_goals")
    }
    data["title"] = title
    content.content_save(
        plan=plan,
        user=user,
        kind=KINDS["programme"],
        obj=programme,
        data=data,
        version=programme.version,
    )
    return programme


def test_during_an_amendment_the_public_reads_the_confirmed_text(client, plan, member, gorenjska):
    import datetime

    lifecycle.plan_confirm(
        plan=plan,
        user=member,
        version=plan.version,
        confirmed_on=datetime.date(2017, 6, 1),
        confirmed_by="RKS",
    )
    plan.refresh_from_db()
    lifecycle.plan_amend(
        plan=plan, user=member, version=plan.version, reason="other", reason_text="Popravki"
    )
    _retitle_the_programme(plan, member, "Osnutek spremembe")
    page = client.get(reverse("public:plan", args=[gorenjska.slug, plan.slug])).content.decode()
    assert "Medgeneracijski center" in page and "Osnutek spremembe" not in page


def test_a_plan_confirmed_without_a_snapshot_stays_public_during_an_amendment(
    client, confirmed_plan, member, gorenjska
):
    """Loaded plans (the demo data, earlier plans) were confirmed outside the portal."""
    assert not confirmed_plan.snapshots.exists()
    lifecycle.plan_amend(
        plan=confirmed_plan,
        user=member,
        version=confirmed_plan.version,
        reason="other",
        reason_text="Popravki",
    )
    programme = _retitle_the_programme(confirmed_plan, member, "Osnutek spremembe")
    for url in (
        reverse("public:plan", args=[gorenjska.slug, confirmed_plan.slug]),
        reverse("plans:programme", args=[confirmed_plan.slug, programme.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Medgeneracijski center" in page and "Osnutek spremembe" not in page


def test_public_plan_page_is_served_whole_from_the_cache_and_never_stale(
    client, confirmed_plan, gorenjska, member, django_capture_on_commit_callbacks
):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("public:plan", args=[gorenjska.slug, confirmed_plan.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert "Medgeneracijski center" in client.get(url).content.decode()
    assert len(queries) == 1  # the content generation, which keys the cached page
    with django_capture_on_commit_callbacks(execute=True):  # as when the edit commits
        lifecycle.plan_amend(
            plan=confirmed_plan,
            user=member,
            version=confirmed_plan.version,
            reason="other",
            reason_text="x",
        )
        confirmed_plan.refresh_from_db()
        lifecycle.plan_confirm(
            plan=confirmed_plan,
            user=member,
            version=confirmed_plan.version,
            confirmed_on=datetime.date(2018, 1, 5),
            confirmed_by="Nova RKS",
        )
    assert "Nova RKS" in client.get(url).content.decode()


def test_pages_for_visitors_carry_no_csrf_token(client, confirmed_plan, gorenjska):
    page = client.get(
        reverse("public:plan", args=[gorenjska.slug, confirmed_plan.slug])
    ).content.decode()
    assert "csrfmiddlewaretoken" not in page


def test_language_switch_works_without_a_token(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def test_approved_yearly_reports_are_public_at_the_plans_address(
    client, confirmed_plan, gorenjska, staff, member, saved
):
    from plans.models import YearlyReport

    from ..builders import make_report

    draft = make_report(confirmed_plan, 2017)
    url = reverse("public:report", args=[gorenjska.slug, confirmed_plan.slug, 2017])
    assert client.get(url).status_code == 404
    plan_url = reverse("public:plan", args=[gorenjska.slug, confirmed_plan.slug])
    client.cookies["django_language"] = "en"
    # None approved yet: no empty section.
    assert "Approved yearly reports" not in client.get(plan_url).content.decode()
    saved(
        YearlyReport.objects.filter(pk=draft.pk).update,
        status="approved",
        submitted_at="2018-03-01T10:00:00+01:00",
        approved_at="2018-03-10T10:00:00+01:00",
    )
    assert client.get(url).status_code == 200
    plan_page = client.get(plan_url).content.decode()
    assert url in plan_page and "Approved yearly reports" in plan_page
    assert "No approved yearly reports yet." not in plan_page
    assert (
        client.get(
            reverse("public:report", args=["pomurska", confirmed_plan.slug, 2017])
        ).status_code
        == 404
    )


def test_a_reopened_report_says_so_at_its_public_address(
    client, confirmed_plan, gorenjska, staff, member
):
    """The e-news told subscribers of the approved report: its link does not break while
    the report is corrected."""
    from plans.models import YearlyReport
    from plans.progress import services

    from ..builders import make_report

    report = make_report(confirmed_plan, 2017)
    YearlyReport.objects.filter(pk=report.pk).update(
        status="approved",
        submitted_at="2018-03-01T10:00:00+01:00",
        approved_at="2018-03-10T10:00:00+01:00",
    )
    report.refresh_from_db()
    services.report_reopen(report=report, user=member, version=report.version, reason="Napaka")
    client.cookies["django_language"] = "en"
    url = reverse("public:report", args=[gorenjska.slug, confirmed_plan.slug, 2017])
    response = client.get(url)
    assert response.status_code == 200
    assert "reopened to be corrected" in response.content.decode()
    assert (
        client.get(
            reverse("public:report", args=[gorenjska.slug, confirmed_plan.slug, 2018])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("public:report", args=["pomurska", confirmed_plan.slug, 2017])
        ).status_code
        == 404
    )


def test_a_regions_page_lists_its_plans_its_municipalities_strategies_and_their_reports(
    client, gorenjska, pomurska, django_assert_num_queries
):
    from municipalities.models import Municipality
    from plans.models import YearlyReport

    from ..builders import make_plan, make_report

    confirmed = {"status": "confirmed", "confirmed_on": "2017-06-30"}
    rin = make_plan(slug="rin-gor", title="RIN Gorenjska", **confirmed)
    kranj = Municipality.objects.get(name="Kranj")
    strategy = make_plan(
        slug="str-kranj", title="Strategija Kranj", municipality=kranj, **confirmed
    )
    # Not region_id=1: reference data loaded again after a flush has other ids.
    make_plan(slug="rin-pom", title="RIN Pomurje", region=pomurska, **confirmed)
    approved = {
        "status": "approved",
        "submitted_at": "2018-03-01T10:00:00+01:00",
        "approved_at": "2018-03-10T10:00:00+01:00",
    }
    for plan, year in ((rin, 2017), (strategy, 2018), (rin, 2018)):
        report = make_report(plan, year)
        YearlyReport.objects.filter(pk=report.pk).update(**approved)
    client.get("/")  # the reference data, read once per process
    # generation; plans; reports; news
    with django_assert_num_queries(4):
        page = client.get("/regije/gorenjska/").content.decode()
    assert "RIN Gorenjska" in page and "Strategija Kranj" in page
    assert "RIN Pomurje" not in page
    order = [
        page.index(f"/regije/gorenjska/{slug}/porocila/{year}/")
        for slug, year in (("rin-gor", 2018), ("str-kranj", 2018), ("rin-gor", 2017))
    ]
    assert order == sorted(order)  # newest first, then by plan title
    assert page.count("(odobreno 10. 3. 2018)") == 3  # when each was approved


def test_an_unknown_region_is_not_found(client, db):
    assert client.get("/regije/atlantida/").status_code == 404

"""The Django admin, for administrators: what the data's rules refuse is refused in
words, never with a server error, and records keep to their plan."""

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from plans.models import Programme, YearlyReport
from providers.models import Provider
from rin_portal import security
from rin_portal.models import Role, SecurityEvent

from ..builders import make_entry, make_plan, make_report


def english(event) -> str:
    with translation.override("en"):
        return security.describe(event)


def _report_form(report, **changes) -> dict:
    data = {
        "plan": report.plan_id,
        "year": report.year,
        "status": report.status,
        "due_date": report.due_date.isoformat(),
        "version": report.version,
        "entries-TOTAL_FORMS": 0,
        "entries-INITIAL_FORMS": 0,
        "events-TOTAL_FORMS": 0,
        "events-INITIAL_FORMS": 0,
    }
    return data | changes


def test_a_report_moved_outside_its_plans_years_is_refused_in_words(admin_client, confirmed_plan):
    report = make_report(confirmed_plan, 2017)
    url = reverse("admin:plans_yearlyreport_change", args=[report.pk])
    response = admin_client.post(url, _report_form(report, year=2031))
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Nothing was saved" in message or "Nič ni bilo shranjeno" in message
    assert YearlyReport.objects.get(pk=report.pk).year == 2017


def test_a_report_stays_with_its_plan(admin_client, confirmed_plan, gorenjska):
    other = make_plan(region=gorenjska, slug="drugi-nacrt")
    report = make_report(confirmed_plan, 2017)
    url = reverse("admin:plans_yearlyreport_change", args=[report.pk])
    admin_client.post(url, _report_form(report, plan=other.pk))
    assert YearlyReport.objects.get(pk=report.pk).plan_id == confirmed_plan.pk


def test_what_only_the_portal_creates_cannot_be_added_in_the_admin(admin_client):
    for name in ["news_subscriber", "news_pendingsubscription", "plans_plansnapshot"]:
        assert admin_client.get(reverse(f"admin:{name}_add")).status_code == 403, name


def test_a_role_without_its_scope_is_refused_in_words(admin_client, member):
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(
        reverse("admin:rin_portal_role_add"),
        {"user": member.pk, "kind": Role.Kind.GROUP_MEMBER},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "has a region or a municipality" in page and "rin_portal_role_scope" not in page


def test_the_security_log_names_who_granted_and_revoked_a_role(admin_client, member, pomurska):
    admin_client.post(
        reverse("admin:rin_portal_role_add"),
        {"user": member.pk, "kind": Role.Kind.CSD_STAFF, "region": pomurska.pk},
    )
    role = Role.objects.get(user=member, kind=Role.Kind.CSD_STAFF)
    granted = SecurityEvent.objects.filter(kind="role_changed").latest("id")
    assert english(granted) == "granted: Coordinating CSD staff (Pomurska) (by admin)"
    admin_client.post(reverse("admin:rin_portal_role_delete", args=[role.pk]), {"post": "yes"})
    revoked = SecurityEvent.objects.filter(kind="role_changed").latest("id")
    assert english(revoked) == "revoked: Coordinating CSD staff (Pomurska) (by admin)"
    assert revoked.username == "member"


def test_the_security_log_names_who_made_a_user_a_superuser(admin_client, member):
    url = reverse("admin:auth_user_change", args=[member.pk])
    data = {
        "username": member.username,
        "first_name": member.first_name,
        "last_name": "",
        "email": member.email,
        "is_active": "on",
        "is_superuser": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "initial-date_joined_0": "2026-01-01",
        "initial-date_joined_1": "10:00:00",
        "roles-TOTAL_FORMS": 0,  # the page's roles, left as they are
        "roles-INITIAL_FORMS": 0,
    }
    assert admin_client.post(url, data).status_code == 302
    event = SecurityEvent.objects.filter(kind="role_changed", user=member).latest("id")
    assert english(event) == "made a superuser (by admin)"


def test_an_administrators_reset_of_a_password_is_in_the_security_log(admin_client, member):
    url = reverse("admin:auth_user_password_change", args=[member.pk])
    admin_client.post(
        url,
        {
            "password1": "Novo-geslo-2026-x",
            "password2": "Novo-geslo-2026-x",
            "usable_password": "true",
        },
    )
    member.refresh_from_db()
    assert member.check_password("Novo-geslo-2026-x")
    event = SecurityEvent.objects.filter(kind="password_changed").latest("id")
    assert event.username == "member" and english(event) == "new password set (by admin)"


def test_a_programme_with_yearly_report_entries_is_not_deleted_in_the_admin(
    admin_client, confirmed_plan
):
    programme = confirmed_plan.programmes.get()
    now = timezone.now()
    report = make_report(confirmed_plan, 2017, status="approved", submitted_at=now, approved_at=now)
    make_entry(report, programme)
    admin_client.cookies["django_language"] = "en"
    url = reverse("admin:plans_programme_delete", args=[programme.pk])
    page = admin_client.get(url).content.decode()
    assert "its entries in the yearly reports of 2017 would be deleted" in page
    admin_client.post(url, {"post": "yes"})
    assert Programme.objects.filter(pk=programme.pk).exists()


def test_a_submitted_yearly_report_is_not_deleted_in_the_admin(admin_client, confirmed_plan):
    report = make_report(confirmed_plan, 2017, status="submitted", submitted_at=timezone.now())
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(
        reverse("admin:plans_yearlyreport_changelist"),
        {"action": "delete_selected", "_selected_action": [report.pk], "post": "yes"},
    )
    assert "submitted to review is a record" in response.content.decode()
    assert YearlyReport.objects.filter(pk=report.pk).exists()


def test_a_draft_yearly_report_may_still_be_deleted_in_the_admin(admin_client, confirmed_plan):
    report = make_report(confirmed_plan, 2017)
    admin_client.post(reverse("admin:plans_yearlyreport_delete", args=[report.pk]), {"post": "yes"})
    assert not YearlyReport.objects.filter(pk=report.pk).exists()


def test_a_provider_named_in_a_plan_is_retired_not_deleted_in_the_admin(admin_client, plan):
    """Deleting it would take it, unseen, out of the programmes it implements."""
    provider = Provider.objects.get(name="Center za socialno delo Gorenjska, Enota Kranj")
    plan.programmes.get().implementers.add(provider)
    admin_client.cookies["django_language"] = "en"
    url = reverse("admin:providers_provider_delete", args=[provider.pk])
    page = admin_client.get(url).content.decode()
    assert f"is named in {plan.title}. Untick “active” to retire it instead" in page
    admin_client.post(url, {"post": "yes"})
    assert plan.programmes.get().implementers.filter(pk=provider.pk).exists()
    unused = Provider.objects.create(name="Društvo, ki ga ni", kind="ngo")
    admin_client.post(reverse("admin:providers_provider_delete", args=[unused.pk]), {"post": "yes"})
    assert not Provider.objects.filter(pk=unused.pk).exists()


def test_the_admin_names_who_opened_submitted_and_approved_a_report(admin_client, confirmed_plan):
    report = make_report(confirmed_plan, 2017)
    page = admin_client.get(reverse("admin:plans_yearlyreport_change", args=[report.pk]))
    text = page.content.decode()
    assert "Odprl" in text and "Oddal" in text and "Odobril" in text
    assert "Opened by" not in text and "Submitted by" not in text

"""A user's page in the admin lists and edits their roles, under the rules of the roles'
own pages; users who get no notices for want of an e-mail address are easy to see."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation

from rin_portal import security
from rin_portal.models import Role, SecurityEvent

USERS = reverse("admin:auth_user_changelist")
SUPERUSER_ONLY = "Only a superuser gives or takes away the administrator role"


@pytest.fixture
def helpdesk(db):
    """Staff, not a superuser, with Django's rights to edit users and roles."""
    user = get_user_model().objects.create_user(
        username="helpdesk", password="test-password-123", is_staff=True, email="h@example.org"
    )
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["add_role", "change_role", "delete_role", "view_role"]
            + ["add_user", "change_user", "delete_user", "view_user"]
        )
    )
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def change_url(account) -> str:
    return reverse("admin:auth_user_change", args=[account.pk])


def user_form(account, rows=(), **changes) -> dict:
    """The user's page as sent: their fields, and the roles' rows (existing ones first)."""
    data = {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "roles-TOTAL_FORMS": len(rows),
        "roles-INITIAL_FORMS": sum(1 for row in rows if "id" in row),
        "roles-MIN_NUM_FORMS": 0,
        "roles-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        for name, value in {"user": account.pk, "region": "", "municipality": "", **row}.items():
            data[f"roles-{index}-{name}"] = value
    return data | changes


def existing(role: Role, **changes) -> dict:
    row = {"id": role.pk, "kind": role.kind, "region": role.region_id or ""}
    return row | changes


def shown_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_users_page_lists_their_roles(admin_client, member):
    admin_client.cookies["django_language"] = "en"
    page = admin_client.get(change_url(member)).content.decode()
    assert 'id="roles-group"' in page
    assert 'name="roles-0-kind"' in page and "Gorenjska" in page


def test_a_superuser_gives_a_role_on_the_users_page_and_the_log_names_them(
    admin_client, member, pomurska
):
    [role] = member.roles.all()
    rows = [existing(role), {"kind": Role.Kind.CSD_STAFF, "region": pomurska.pk}]
    response = admin_client.post(change_url(member), user_form(member, rows))
    assert response.status_code == 302
    assert member.roles.filter(kind=Role.Kind.CSD_STAFF, region=pomurska).exists()
    event = SecurityEvent.objects.filter(kind="role_changed").latest("id")
    with translation.override("en"):
        assert security.describe(event) == "granted: Coordinating CSD staff (Pomurska) (by admin)"


def test_a_superuser_takes_a_role_away_on_the_users_page(admin_client, member):
    [role] = member.roles.all()
    admin_client.post(change_url(member), user_form(member, [existing(role, DELETE="on")]))
    assert not member.roles.exists()


def test_a_helpdesk_account_gives_scoped_roles_to_others_on_their_page(helpdesk, member, pomurska):
    [role] = member.roles.all()
    rows = [existing(role), {"kind": Role.Kind.CSD_STAFF, "region": pomurska.pk}]
    assert helpdesk.post(change_url(member), user_form(member, rows)).status_code == 302
    assert member.roles.filter(kind=Role.Kind.CSD_STAFF, region=pomurska).exists()


def test_a_helpdesk_account_cannot_give_the_administrator_role_on_a_users_page(helpdesk, member):
    [role] = member.roles.all()
    rows = [existing(role), {"kind": Role.Kind.ADMINISTRATOR}]
    response = helpdesk.post(change_url(member), user_form(member, rows))
    assert response.status_code == 200 and SUPERUSER_ONLY in response.content.decode()
    assert not member.roles.filter(kind=Role.Kind.ADMINISTRATOR).exists()


def test_a_helpdesk_account_cannot_turn_a_role_into_the_administrator_role(helpdesk, member):
    [role] = member.roles.all()
    rows = [existing(role, kind=Role.Kind.ADMINISTRATOR, region="")]
    response = helpdesk.post(change_url(member), user_form(member, rows))
    assert response.status_code == 200 and SUPERUSER_ONLY in response.content.decode()
    assert Role.objects.get(pk=role.pk).kind == Role.Kind.GROUP_MEMBER


def test_a_helpdesk_account_cannot_change_its_own_roles_on_its_page(helpdesk, gorenjska):
    account = get_user_model().objects.get(username="helpdesk")
    page = helpdesk.get(change_url(account)).content.decode()
    assert 'name="roles-TOTAL_FORMS"' in page and 'name="roles-0-kind"' not in page
    rows = [
        {"kind": Role.Kind.ADMINISTRATOR},
        {"kind": Role.Kind.CSD_STAFF, "region": gorenjska.pk},
    ]
    helpdesk.post(change_url(account), user_form(account, rows))
    assert not account.roles.exists()


def test_a_helpdesk_account_cannot_take_away_an_administrators_role(helpdesk, administrator):
    [role] = administrator.roles.all()
    response = helpdesk.post(
        change_url(administrator), user_form(administrator, [existing(role, DELETE="on")])
    )
    assert response.status_code == 403
    assert administrator.roles.filter(kind=Role.Kind.ADMINISTRATOR).exists()


def test_the_same_role_twice_is_refused_in_words_not_a_server_error(admin_client, member, pomurska):
    [role] = member.roles.all()
    new = {"kind": Role.Kind.CSD_STAFF, "region": pomurska.pk}
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(change_url(member), user_form(member, [existing(role), new, new]))
    assert response.status_code == 302
    assert any(m.startswith("Nothing was saved") for m in shown_messages(response))
    assert not member.roles.filter(kind=Role.Kind.CSD_STAFF).exists()


# Users without an e-mail address -------------------------------------------------------


def test_the_user_list_shows_and_finds_who_gets_no_notices(admin_client, member, staff):
    staff.email = ""
    staff.save()
    admin_client.cookies["django_language"] = "en"
    page = admin_client.get(USERS).content.decode()
    assert "Gets notices" in page and "none (gets no notices)" in page
    without = admin_client.get(USERS, {"has_email": "no"}).context["cl"].result_list
    assert [user.username for user in without] == ["staff"]
    given = admin_client.get(USERS, {"has_email": "yes"}).context["cl"].result_list
    assert {"admin", "member"} == {user.username for user in given}


def test_saving_a_user_with_roles_and_no_address_warns_but_saves(admin_client, member):
    [role] = member.roles.all()
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(change_url(member), user_form(member, [existing(role)], email=""))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == ""
    [warning] = [m for m in shown_messages(response) if "no e-mail address" in m]
    assert warning == (
        "member has roles but no e-mail address, so gets no notices by e-mail (yearly "
        "reports submitted for their review). Add their address unless that is meant."
    )


def test_the_warning_names_the_notices_csd_staff_miss(admin_client, staff):
    """What becomes of their reports, and their deadlines (plans/progress/notifications.py)."""
    [role] = staff.roles.all()
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(change_url(staff), user_form(staff, [existing(role)], email=""))
    [warning] = [m for m in shown_messages(response) if "no e-mail address" in m]
    assert (
        "(their region's or municipality's yearly reports returned for revision, approved or "
        "reopened; reminders of yearly reports due soon or overdue)"
    ) in warning


def test_the_warning_names_what_an_administrator_who_files_misses(admin_client, administrator):
    [role] = administrator.roles.all()
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(
        change_url(administrator), user_form(administrator, [existing(role)], email="")
    )
    [warning] = [m for m in shown_messages(response) if "no e-mail address" in m]
    assert "(yearly reports they submitted returned for revision, approved or reopened)" in warning


def test_a_reviewer_without_an_address_misses_no_notice_and_is_not_warned(admin_client, reviewer):
    """Ministry reviewers get no mail at all: a warning would say they miss some."""
    [role] = reviewer.roles.all()
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(
        change_url(reviewer), user_form(reviewer, [existing(role)], email="")
    )
    assert response.status_code == 302
    assert not [m for m in shown_messages(response) if "no e-mail address" in m]


def test_saving_a_user_with_an_address_or_no_roles_does_not_warn(admin_client, member):
    [role] = member.roles.all()
    admin_client.cookies["django_language"] = "en"  # the warning looked for is in English
    response = admin_client.post(change_url(member), user_form(member, [existing(role)]))
    assert not [m for m in shown_messages(response) if "no e-mail address" in m]
    response = admin_client.post(
        change_url(member), user_form(member, [existing(role, DELETE="on")], email="")
    )
    assert not [m for m in shown_messages(response) if "no e-mail address" in m]


def test_giving_a_role_to_a_user_without_an_address_warns(admin_client, pomurska):
    account = get_user_model().objects.create_user("brez-naslova")
    admin_client.cookies["django_language"] = "en"
    response = admin_client.post(
        reverse("admin:rin_portal_role_add"),
        {"user": account.pk, "kind": Role.Kind.CSD_STAFF, "region": pomurska.pk},
    )
    assert response.status_code == 302 and account.roles.exists()
    assert any("no e-mail address" in m for m in shown_messages(response))

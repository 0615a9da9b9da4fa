"""A staff account that is not a superuser, given Django's rights to edit users and roles
(a help desk), cannot make itself or anyone an administrator, nor take over an
administrator's account."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from rin_portal.models import Role


@pytest.fixture
def helpdesk(db, client):
    user = get_user_model().objects.create_user(
        username="helpdesk", password="test-password-123", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(
            codename__in=["add_role", "change_role", "delete_role", "view_role"]
            + ["add_user", "change_user", "delete_user", "view_user"]
        )
    )
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def test_a_helpdesk_account_cannot_give_itself_the_administrator_role(client, helpdesk):
    response = client.post(
        reverse("admin:rin_portal_role_add"),
        {"user": helpdesk.pk, "kind": Role.Kind.ADMINISTRATOR},
    )
    assert response.status_code == 200
    assert (
        "Only a superuser gives or takes away the administrator role" in response.content.decode()
    )
    assert not Role.objects.filter(user=helpdesk).exists()


def test_a_helpdesk_account_cannot_make_another_user_an_administrator(client, helpdesk, member):
    client.post(
        reverse("admin:rin_portal_role_add"), {"user": member.pk, "kind": Role.Kind.ADMINISTRATOR}
    )
    assert not Role.objects.filter(user=member, kind=Role.Kind.ADMINISTRATOR).exists()


def test_a_helpdesk_account_still_gives_scoped_roles_to_others(client, helpdesk, member, pomurska):
    response = client.post(
        reverse("admin:rin_portal_role_add"),
        {"user": member.pk, "kind": Role.Kind.CSD_STAFF, "region": pomurska.pk},
    )
    assert response.status_code == 302
    assert Role.objects.filter(user=member, kind=Role.Kind.CSD_STAFF, region=pomurska).exists()


def test_a_helpdesk_account_cannot_make_itself_a_superuser(client, helpdesk):
    url = reverse("admin:auth_user_change", args=[helpdesk.pk])
    response = client.post(
        url,
        {
            "username": "helpdesk",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "roles-TOTAL_FORMS": 0,
            "roles-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302  # saved, but not that
    helpdesk.refresh_from_db()
    assert not helpdesk.is_superuser


def test_a_helpdesk_account_cannot_set_an_administrators_password(client, helpdesk, administrator):
    url = reverse("admin:auth_user_password_change", args=[administrator.pk])
    response = client.post(
        url, {"password1": "Prevzeto-geslo-2026", "password2": "Prevzeto-geslo-2026"}
    )
    assert response.status_code == 403
    administrator.refresh_from_db()
    assert administrator.check_password("test-password-123")

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from rin_portal import security
from rin_portal.models import SecurityEvent

LOGIN = "/prijava/"


def attempt(client, password, ip="203.0.113.7", **headers):
    return client.post(
        LOGIN, {"username": "member", "password": password}, REMOTE_ADDR=ip, **headers
    )


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_sign_in_and_out_are_logged(client, member):
    response = attempt(client, "test-password-123")
    assert response.status_code == 302 and is_signed_in(client)
    client.post(reverse("logout"))
    kinds = list(SecurityEvent.objects.filter(username="member").values_list("kind", flat=True))
    assert "login" in kinds and "logout" in kinds


def test_five_failures_lock_the_user_at_that_address(client, member):
    for _ in range(5):
        attempt(client, "wrong")
    response = attempt(client, "test-password-123")
    assert not is_signed_in(client)
    assert (
        "Preveč neuspešnih" in response.content.decode() or "Too many" in response.content.decode()
    )
    assert SecurityEvent.objects.filter(kind="lockout", username="member").exists()
    assert SecurityEvent.objects.filter(kind="login_failed", username="member").count() == 5


def test_a_forged_forwarding_header_does_not_bypass_the_lockout(client, member):
    for n in range(5):
        attempt(client, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    attempt(client, "test-password-123", HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert not is_signed_in(client)


def test_behind_a_trusted_proxy_the_address_the_proxy_saw_counts(client, member, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(5):
        # The client forges the left part; the proxy appends the real address.
        attempt(
            client, "wrong", ip="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.50"
        )
    attempt(
        client, "test-password-123", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.50"
    )
    assert not is_signed_in(client)
    assert set(
        SecurityEvent.objects.filter(kind="login_failed").values_list("ip_address", flat=True)
    ) == {"203.0.113.50"}


def test_the_same_user_from_another_address_can_still_sign_in(client, member):
    for _ in range(5):
        attempt(client, "wrong", ip="203.0.113.7")
    attempt(client, "test-password-123", ip="192.0.2.10")
    assert is_signed_in(client)


def test_password_spraying_from_one_address_is_stopped(client, member, other_member):
    for n in range(20):
        client.post(LOGIN, {"username": f"nobody{n}", "password": "x"}, REMOTE_ADDR="203.0.113.9")
    client.post(
        LOGIN, {"username": "colleague", "password": "test-password-123"}, REMOTE_ADDR="203.0.113.9"
    )
    assert not is_signed_in(client)


def test_idle_session_ends_after_thirty_minutes(client, member):
    client.force_login(member)
    session = client.session
    session["last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/nacrti/novi-nacrt/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_session_lifetime_is_twelve_hours(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60


@pytest.mark.parametrize("password", ["kratko", "123456789012345", "password1234"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_role_changes_are_logged(member):
    assert SecurityEvent.objects.filter(kind="role_changed", username="member").exists()


def test_a_revoked_role_stops_working_at_once(
    client, member, plan, django_capture_on_commit_callbacks
):
    """Roles are kept with the user in each process's memory; revoking one must not wait
    for them to expire (its commit renews the people generation)."""
    client.force_login(member)
    assert client.get(plan.get_absolute_url()).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        member.roles.all().delete()
    assert client.get(plan.get_absolute_url()).status_code == 404


def test_the_admin_sign_in_page_locks_out_too(client, administrator):
    for _ in range(5):
        client.post(
            "/admin/login/",
            {"username": "administrator", "password": "wrong", "next": "/admin/"},
            REMOTE_ADDR="203.0.113.7",
        )
    response = client.post(
        "/admin/login/",
        {"username": "administrator", "password": "test-password-123", "next": "/admin/"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert not is_signed_in(client)
    assert "Preveč neuspešnih" in response.content.decode()
    assert SecurityEvent.objects.filter(kind="lockout", username="administrator").exists()


def test_making_a_user_a_superuser_is_logged_as_a_role_change(member):
    member.is_superuser = True
    member.save()
    event = SecurityEvent.objects.filter(kind="role_changed", user=member).latest("id")
    with translation.override("en"):
        assert security.describe(event) == "made a superuser"
    member.is_superuser = False
    member.is_active = False
    member.save(update_fields=["is_superuser", "is_active"])
    event = SecurityEvent.objects.filter(kind="role_changed", user=member).latest("id")
    with translation.override("en"):
        assert security.describe(event) == "no longer a superuser; deactivated"


def test_changing_to_another_ipv6_address_of_the_same_network_does_not_bypass_the_lockout(
    client, member
):
    for n in range(1, 6):
        attempt(client, "wrong", ip=f"2001:db8:5:7::{n}")
    attempt(client, "test-password-123", ip="2001:db8:5:7:abcd::99")
    assert not is_signed_in(client)
    attempt(client, "test-password-123", ip="2001:db8:5:8::1")  # another subscriber
    assert is_signed_in(client)

from django.test import Client, TestCase
from django.urls import reverse

from rin_portal.models import SecurityEvent

URL = "/geslo/"
NEW = "nova-dolga-fraza-2027"
capture_on_commit_callbacks = TestCase.captureOnCommitCallbacks


def _change(client, old="test-password-123", new=NEW):
    data = {"old_password": old, "new_password1": new, "new_password2": new}
    with capture_on_commit_callbacks(execute=True):  # renews the users kept in memory
        return client.post(URL, data)


def test_a_user_changes_their_own_password(client, member):
    client.force_login(member)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{URL}"' in page  # offered in the header
    response = _change(client)
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password(NEW)
    assert client.get(URL).status_code == 200  # this session goes on
    assert SecurityEvent.objects.filter(kind="password_changed", user=member).exists()


def test_the_old_password_is_required(client, member):
    client.force_login(member)
    response = _change(client, old="ugibam")
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.check_password("test-password-123")


def test_a_weak_new_password_is_refused(client, member):
    client.force_login(member)
    _change(client, new="12345678")
    member.refresh_from_db()
    assert member.check_password("test-password-123")


def test_other_sessions_of_the_user_end(client, member):
    elsewhere = Client()
    elsewhere.force_login(member)
    client.force_login(member)
    _change(client)
    assert elsewhere.get(reverse("plans:create")).status_code == 302  # to sign in again

"""Pages ask how long a signed-in session has left, to warn before it ends (WCAG 2.2.1)
and to hold a form back, with what was typed, once it has ended (static/js/portal.js)."""

import time

from django.test import Client
from django.urls import reverse

STATUS, EXTEND = reverse("session_status"), reverse("session_extend")


def idle_for(client, seconds: int) -> None:
    session = client.session
    session["last_seen"] = int(time.time()) - seconds
    session.save()


def test_asking_tells_the_time_left_without_extending_it(client, member):
    client.force_login(member)
    idle_for(client, 20 * 60)
    answer = client.get(STATUS)
    assert answer["Cache-Control"].count("no-store") == 1
    data = answer.json()
    assert data["signed_in"] is True and 9 * 60 <= data["seconds_left"] <= 10 * 60
    # Asking again and again keeps a session away from its user no longer.
    client.get(STATUS)
    assert client.session["last_seen"] <= int(time.time()) - 20 * 60


def test_any_other_request_counts_as_activity(client, member):
    client.force_login(member)
    idle_for(client, 20 * 60)
    client.get(reverse("plans:list"))
    assert client.get(STATUS).json()["seconds_left"] >= 29 * 60


def test_a_session_idle_too_long_has_ended_when_asked(client, member):
    client.force_login(member)
    idle_for(client, 31 * 60)
    assert client.get(STATUS).json() | {"csrf_token": ""} == {
        "signed_in": False,
        "seconds_left": 0,
        "csrf_token": "",
    }
    assert client.get(reverse("plans:create")).status_code == 302  # to the sign-in page


def test_a_visitor_is_not_signed_in(client):
    assert client.get(STATUS).json()["signed_in"] is False


def test_staying_signed_in_restarts_the_idle_time(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    idle_for(client, 28 * 60)
    token = client.get(STATUS).json()["csrf_token"]
    assert client.post(EXTEND).status_code == 403  # a form token is needed
    answer = client.post(EXTEND, headers={"X-CSRFToken": token})
    assert answer.status_code == 200 and answer.json()["seconds_left"] == 30 * 60
    assert client.get(EXTEND).status_code == 405


def test_after_signing_in_again_the_token_given_is_the_new_one(member):
    """A page drawn before the session ended sends its form with the token it is given
    after its user signed in again (in another window): Django's old one no longer holds."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    old = client.get(STATUS).json()["csrf_token"]
    client.logout()
    client.force_login(member)
    client.cookies.pop("csrftoken", None)
    new = client.get(STATUS).json()["csrf_token"]
    assert new != old
    assert client.post(EXTEND, headers={"X-CSRFToken": new}).status_code == 200


def test_signed_in_pages_carry_the_warning_and_public_ones_do_not(client, member):
    assert b"data-idle-seconds" not in client.get("/").content
    client.force_login(member)
    page = client.get(reverse("plans:list")).content.decode()
    assert 'data-idle-seconds="1800"' in page and 'role="alertdialog"' in page

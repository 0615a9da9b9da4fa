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
        "user": None,
        "seconds_left": 0,
        "limit": "",
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
    from django.contrib.auth import login

    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    old = client.get(STATUS).json()["csrf_token"]
    # Signing in again rotates the form token, as the sign-in page does.
    request = client.get(STATUS).wsgi_request
    login(request, member)
    request.session.save()
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    client.cookies["sessionid"] = request.session.session_key
    assert client.post(EXTEND, headers={"X-CSRFToken": old}).status_code == 403
    new = client.get(STATUS).json()["csrf_token"]
    assert client.post(EXTEND, headers={"X-CSRFToken": new}).status_code == 200


def test_signed_in_pages_carry_the_warning_and_public_ones_do_not(client, member):
    assert b"data-idle-seconds" not in client.get("/").content
    client.force_login(member)
    page = client.get(reverse("plans:list")).content.decode()
    assert 'data-idle-seconds="1800"' in page and 'role="alertdialog"' in page


def test_twelve_hours_after_signing_in_the_session_ends_however_active(client, member):
    """Activity keeps a session from its idle end, not past the absolute one; the page
    is told which limit comes first, to warn of it."""
    client.force_login(member)
    session = client.session
    session["signed_in_at"] = int(time.time()) - 12 * 60 * 60 + 100
    session.save()
    data = client.get(STATUS).json()
    assert data["limit"] == "absolute" and 90 <= data["seconds_left"] <= 100
    session = client.session
    session["signed_in_at"] = int(time.time()) - 12 * 60 * 60 - 1
    session.save()
    client.get(reverse("plans:list"))  # activity
    assert client.get(STATUS).json()["signed_in"] is False


def test_the_status_is_not_activity_under_an_address_prefix(client, member):
    """Served under /rin/ (SCRIPT_NAME), the page's own status checks still do not keep
    its session alive."""
    from django.urls import set_script_prefix

    client.force_login(member)
    idle_for(client, 20 * 60)
    set_script_prefix("/rin/")
    try:
        data = client.get("/seja/", SCRIPT_NAME="/rin").json()
    finally:
        set_script_prefix("/")
    assert data["seconds_left"] <= 10 * 60
    assert client.session["last_seen"] <= int(time.time()) - 20 * 60

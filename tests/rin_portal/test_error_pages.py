"""The error pages a user can meet in the middle of work say what happened and what to
do, in the portal's language."""

from django.test import Client
from django.urls import reverse


def test_visiting_a_forms_address_explains_itself(client, member, confirmed_plan):
    """After signing in again, the sign-in page sends a user to the address of the form
    they had sent (a POST-only step): not an empty page."""
    client.force_login(member)
    response = client.get(reverse("progress:open", args=[confirmed_plan.slug]))
    page = response.content.decode()
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert "To ni stran" in page and "pošljite znova" in page
    # A page like any other: with its security headers.
    assert "Content-Security-Policy" in response and response["X-Frame-Options"] == "DENY"


def test_a_form_sent_with_an_old_token_says_what_to_do(member, plan):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(reverse("plans:edit", args=[plan.slug]), {"title": "X"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "Obrazec je potekel" in page and "Nazaj" in page

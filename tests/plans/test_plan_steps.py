"""The lifecycle step pages speak the reader's language and say what was done."""

from django.contrib.messages import get_messages
from django.urls import reverse

from plans.models import Plan


def test_step_page_is_in_the_readers_language(client, member, plan):
    client.force_login(member)
    url = reverse("plans:step", args=[plan.slug, "consultation"])
    assert "Začni javno obravnavo" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Start public consultation" in page and "Začni javno obravnavo" not in page


def test_a_step_done_says_what_happened(client, member, plan):
    client.force_login(member)
    response = client.post(
        reverse("plans:step", args=[plan.slug, "consultation"]), {"version": plan.version}
    )
    assert response.status_code == 302
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.CONSULTATION
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Javna obravnava se je začela."
    ]


def test_starting_an_amendment_says_so_once(client, member, confirmed_plan):
    """The message says what was done; the page's banner, what the public reads."""
    client.cookies["django_language"] = "en"
    client.force_login(member)
    response = client.post(
        reverse("plans:step", args=[confirmed_plan.slug, "amend"]),
        {"version": confirmed_plan.version, "reason": "other", "reason_text": "Nove potrebe"},
        follow=True,
    )
    page = response.content.decode()
    assert "The amendment has started." in page
    assert page.count("The public still reads the text confirmed last.") == 1
    assert "The public reads the last confirmed text." not in page


def test_a_step_taken_in_english_reads_in_slovenian_in_the_history(client, member, plan):
    """The history is written in the portal's language whoever writes it: a member working
    in English does not leave "Draft → Public consultation" for the others."""
    client.cookies["django_language"] = "en"
    client.force_login(member)
    client.post(reverse("plans:step", args=[plan.slug, "consultation"]), {"version": plan.version})
    client.cookies["django_language"] = "sl"
    page = client.get(reverse("plans:history", args=[plan.slug])).content.decode()
    assert "Osnutek" in page and "Javna obravnava" in page
    assert "Public consultation" not in page

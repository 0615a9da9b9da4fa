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

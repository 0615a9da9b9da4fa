"""The public PDF of a draft in public consultation says, on its cover, what the public
page says: until when comments are taken and where to (the date as Slovenians write it),
and after the last day that the consultation has ended. The document says so as of the
day it is asked for: the next day's document is prepared anew, never the stored one.

Read back from the real PDF, in the portal's language (Slovenian); the words expected
are looked up in the catalogue, so the tests do not depend on its wording."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from plans.models import Plan
from plans.services import lifecycle
from providers.models import Provider
from reports.models import Document

from .conftest import content, page_texts, reader, rendered

COMMENTS = "pripombe@example.si"


def last_day() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=30)


def slovenian(day: datetime.date) -> str:
    return f"{day.day}. {day.month}. {day.year}"


def sl(text: str) -> str:
    with translation.override("sl"):
        return gettext(text)


def until(day: datetime.date, email: str) -> str:
    """As the cover says it: "Pripombe do 2. 1. 2027 na pripombe@example.si."."""
    text = sl('Comments until %(date)s to <a href="mailto:%(email)s">%(email)s</a>.')
    return re.sub("<[^>]+>", "", text) % {"date": slovenian(day), "email": email}


@pytest.fixture
def in_consultation(plan, member, saved) -> Plan:
    return saved(
        lifecycle.plan_start_consultation,
        plan=plan,
        user=member,
        version=plan.version,
        ends_on=last_day(),
        email=COMMENTS,
    )


def public_pdf(client, plan: Plan) -> tuple[Document, str, list]:
    """As a visitor asks for it on the plan's documents page: the document rendered, the
    text of its cover and the addresses its cover links to."""
    response = client.post(
        reverse("reports:plan_request", args=[plan.slug]), {"document": "plan", "format": "pdf"}
    )
    assert response.status_code == 302
    document = Document.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])
    document = rendered(document)
    assert document.status == Document.Status.READY, document.error
    pdf = reader(content(document))
    cover = pdf.pages[0]
    links = [
        annotation.get_object().get("/A", {}).get("/URI") for annotation in cover.get("/Annots", [])
    ]
    return document, page_texts(pdf)[0], links


def test_the_cover_says_until_when_and_where_to_comment(client, in_consultation):
    document, cover, links = public_pdf(client, in_consultation)
    assert document.audience == "public"
    assert until(last_day(), COMMENTS) in cover
    assert sl("Public consultation has ended") not in cover
    assert f"mailto:{COMMENTS}" in links  # the address is a link, as on the page


def test_after_the_last_day_a_new_document_says_the_consultation_has_ended(
    client, in_consultation, days_later
):
    day = last_day()
    before, cover, _links = public_pdf(client, in_consultation)
    assert COMMENTS in cover
    days_later(30)  # the last day: comments are still taken, the same document serves
    assert public_pdf(client, in_consultation)[0].pk == before.pk
    days_later(31)
    after, cover, links = public_pdf(client, in_consultation)
    assert after.pk != before.pk and after.version == before.version + 1
    assert sl("Public consultation has ended") in cover
    assert slovenian(day) in cover  # "the period for comments ended on …"
    assert COMMENTS not in cover and not any(links)


def test_a_moved_last_day_gives_a_new_document(client, in_consultation, member, saved):
    before, _cover, _links = public_pdf(client, in_consultation)
    later = last_day() + datetime.timedelta(days=10)
    saved(
        lifecycle.plan_update,
        plan=in_consultation,
        user=member,
        data={"consultation_ends_on": later, "consultation_email": "rks@example.si"},
        version=in_consultation.version,
    )
    after, cover, links = public_pdf(client, in_consultation)
    assert after.pk != before.pk
    assert until(later, "rks@example.si") in cover
    assert until(last_day(), COMMENTS) not in cover and COMMENTS not in cover
    assert links == ["mailto:rks@example.si"]


def test_set_by_the_admin_the_cover_names_the_coordinator(client, in_consultation, saved):
    """Without a last day and an address for comments (as the admin may set a
    consultation): the coordinator, with its contact details, as the page says."""
    coordinator = Provider.objects.get(name="Center za socialno delo Gorenjska, Enota Kranj")
    coordinator.email, coordinator.phone = "rin@csd-gorenjska.example", "04 256 87 00"
    coordinator.save(update_fields=["email", "phone"])
    Plan.objects.filter(pk=in_consultation.pk).update(
        coordinator=coordinator, consultation_ends_on=None, consultation_email=""
    )
    in_consultation.refresh_from_db()
    _document, cover, links = public_pdf(client, in_consultation)
    assert "Center za socialno delo Gorenjska" in cover and "04 256 87 00" in cover
    assert "mailto:rin@csd-gorenjska.example" in links
    assert COMMENTS not in cover

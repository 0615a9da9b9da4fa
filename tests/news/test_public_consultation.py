"""A draft in public consultation (javna obravnava) is public: everyone reads its current
text, without signing in, with a notice that it is not confirmed, until when and where to
comment. A draft before or after its consultation is not."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from news.models import NewsItem
from plans.kinds import KINDS
from plans.models import Chapter, Plan
from plans.services import content, lifecycle
from providers.models import Provider
from reports.contexts import document_html
from reports.errors import DocumentError
from reports.services import document_request_plan

CONTACT = "rin@csd-gorenjska.example"
COMMENTS = "ime@example.si"


@pytest.fixture
def coordinator(db) -> Provider:
    provider = Provider.objects.get(name="Center za socialno delo Gorenjska, Enota Kranj")
    provider.email, provider.phone = CONTACT, "04 256 87 00"
    provider.save(update_fields=["email", "phone"])
    return provider


def last_day() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=45)


def shown(day: datetime.date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


@pytest.fixture
def in_consultation(plan, member, coordinator, saved) -> Plan:
    """The draft Gorenjska RIN with a chapter and a coordinator, put to consultation
    with comments taken until `last_day()` at COMMENTS."""
    Chapter.objects.create(plan=plan, title="Uvod", body="Besedilo osnutka.")
    plan.coordinator = coordinator
    plan.save(update_fields=["coordinator"])
    return saved(
        lifecycle.plan_start_consultation,
        plan=plan,
        user=member,
        version=plan.version,
        ends_on=last_day(),
        email=COMMENTS,
    )


@pytest.fixture
def set_by_the_admin(in_consultation, saved) -> Plan:
    """A consultation without a last day and an address for comments, as the admin may
    set one (and as consultations started before the portal asked for them are)."""
    in_consultation.consultation_ends_on = None
    in_consultation.consultation_email = ""
    saved(in_consultation.save)
    return in_consultation


def public_url(plan: Plan) -> str:
    return reverse("public:plan", args=[plan.scope_region.slug, plan.slug])


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def back_to_draft(plan: Plan, saved) -> None:
    """As the admin takes the plan out of consultation (the portal has no such step)."""
    plan.status = Plan.Status.DRAFT
    saved(plan.save)


def test_the_public_reads_a_plan_in_consultation_with_a_notice(client, in_consultation):
    page = english(client).get(public_url(in_consultation)).content.decode()
    assert "Besedilo osnutka." in page and "Medgeneracijski center" in page
    notice = page[page.index('id="consultation"') : page.index("</section>")]
    assert "Draft in public consultation" in notice
    assert "It has not been confirmed yet and may still change." in notice
    assert (
        f"Comments until {shown(last_day(), 'en')} to "
        f'<a href="mailto:{COMMENTS}">{COMMENTS}</a>.' in notice
    )
    # The address given for comments, not the coordinator's or the group's.
    assert CONTACT not in notice and 'href="#group"' not in notice
    # The notice comes before the plan's text.
    assert page.index('id="consultation"') < page.index("Besedilo osnutka.")
    # A draft has no approved yearly reports: no empty section for them.
    assert "Approved yearly reports" not in page and "public-reports" not in page


def test_the_public_reads_it_in_slovenian_too(client, in_consultation):
    response = client.get(public_url(in_consultation))
    assert response.status_code == 200
    page = response.content.decode()
    notice = page[page.index('id="consultation"') : page.index("</section>")]
    # The date as Slovenians write it: 15. 1. 2027.
    day = last_day()
    assert f"{day.day}. {day.month}. {day.year}" in notice
    assert f'href="mailto:{COMMENTS}"' in notice
    assert "Besedilo osnutka." in page and "Javna obravnava" in page


def test_after_the_last_day_the_notice_says_the_consultation_has_ended(
    client, in_consultation, days_later
):
    url, day = public_url(in_consultation), shown(last_day(), "en")
    english(client).get(url)
    days_later(45)
    assert f"Comments until {day}" in client.get(url).content.decode()  # the last day
    days_later(46)
    page = client.get(url).content.decode()
    notice = page[page.index('id="consultation"') : page.index("</section>")]
    assert "Public consultation has ended" in notice
    assert (
        f"The period for comments ended on {day}. "
        "This draft of the plan awaits confirmation by the coordination group" in notice
    )
    assert "Comments until" not in notice and "mailto:" not in notice
    assert "Besedilo osnutka." in page  # still public, until confirmed or taken back


def test_the_group_sees_until_when_and_then_that_it_has_ended(
    client, in_consultation, member, days_later
):
    client.force_login(member)
    url, day = in_consultation.get_absolute_url(), shown(last_day(), "en")
    page = english(client).get(url).content.decode()
    assert f'Comments until {day} to <a href="mailto:{COMMENTS}">' in page
    days_later(46)
    page = client.get(url).content.decode()
    assert f"The period for comments ended on {day}" in page
    assert "Record the confirmation, or end the consultation" in page


def test_set_by_the_admin_the_notice_names_the_coordinator(client, set_by_the_admin):
    """Without an address for comments: the coordinator, with the e-mail and phone the
    providers' register has for it."""
    page = english(client).get(public_url(set_by_the_admin)).content.decode()
    notice = page[page.index('id="consultation"') : page.index("</section>")]
    assert "Send your comments to the coordinator: Center za socialno delo Gorenjska" in notice
    assert f'href="mailto:{CONTACT}"' in notice and "04 256 87 00" in notice
    assert "Comments until" not in notice


def test_the_group_is_asked_for_what_the_admin_did_not_set(client, set_by_the_admin, member):
    client.force_login(member)
    page = english(client).get(set_by_the_admin.get_absolute_url()).content.decode()
    assert "No last day for comments and no address for them are set yet" in page


def test_without_a_coordinator_the_notice_names_the_group(client, set_by_the_admin, saved):
    set_by_the_admin.coordinator = None
    saved(set_by_the_admin.save)
    page = english(client).get(public_url(set_by_the_admin)).content.decode()
    assert "Send your comments to the coordination group." in page
    assert '<a href="#group">coordination group</a> and their organisations' in page
    assert 'id="group"' in page


def test_a_coordinator_without_contact_details_points_to_the_group_too(
    client, set_by_the_admin, coordinator, saved
):
    """The providers' register often has no e-mail or phone: the group's members, with
    their organisations, are on the page."""
    coordinator.email = coordinator.phone = ""
    saved(coordinator.save)
    page = english(client).get(public_url(set_by_the_admin)).content.decode()
    assert "Send your comments to the coordinator: Center za socialno delo Gorenjska" in page
    assert "mailto:" not in page
    assert '<a href="#group">coordination group</a> and their organisations' in page


def test_a_draft_not_in_consultation_is_not_public(client, plan):
    assert client.get(public_url(plan)).status_code == 404
    assert client.get(plan.get_absolute_url()).status_code == 302  # to sign in


def test_back_to_draft_it_is_not_public_any_more(client, in_consultation, saved):
    url = public_url(in_consultation)
    region = reverse("public:region", args=[in_consultation.scope_region.slug])
    for cached in (url, region, "/", in_consultation.get_absolute_url()):
        assert client.get(cached).status_code == 200
        client.get(cached)  # now kept in the cache
    back_to_draft(in_consultation, saved)
    assert client.get(url).status_code == 404
    assert client.get(in_consultation.get_absolute_url()).status_code == 302
    assert url not in client.get(region).content.decode()
    assert url not in client.get("/").content.decode()


def test_a_cached_public_page_shows_an_edit_of_the_draft_at_once(
    client, in_consultation, member, saved
):
    url = public_url(in_consultation)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert "Besedilo osnutka." in client.get(url).content.decode()
    assert len(queries) == 1  # served from the cache
    chapter = in_consultation.chapters.get(title="Uvod")
    saved(
        content.content_save,
        plan=in_consultation,
        user=member,
        kind=KINDS["chapter"],
        obj=chapter,
        data={"title": "Uvod", "body": "Popravljeno besedilo."},
        version=chapter.version,
    )
    page = client.get(url).content.decode()
    assert "Popravljeno besedilo." in page and "Besedilo osnutka." not in page


def test_once_confirmed_the_notice_is_gone(client, in_consultation, member, saved):
    import datetime

    url = public_url(in_consultation)
    client.get(url)
    saved(
        lifecycle.plan_confirm,
        plan=in_consultation,
        user=member,
        version=in_consultation.version,
        confirmed_on=datetime.date(2017, 6, 1),
        confirmed_by="Regijska koordinacijska skupina",
    )
    page = english(client).get(url).content.decode()
    assert "Besedilo osnutka." in page and 'id="consultation"' not in page


def test_the_region_and_home_pages_list_it_as_in_consultation(client, in_consultation):
    english(client)
    region = client.get(
        reverse("public:region", args=[in_consultation.scope_region.slug])
    ).content.decode()
    item = region[region.index(public_url(in_consultation)) :]
    item = item[: item.index("</li>")]
    assert "Public consultation" in item and "not confirmed yet" in item
    home = client.get("/").content.decode()
    item = home[home.index(public_url(in_consultation)) :]
    assert "Public consultation" in item[: item.index("</li>")]


def test_its_programme_pages_say_it_is_a_draft(client, in_consultation):
    programme = in_consultation.programmes.get()
    page = (
        english(client)
        .get(reverse("plans:programme", args=[in_consultation.slug, programme.pk]))
        .content.decode()
    )
    assert "This programme is part of a draft plan in public consultation" in page
    assert f'href="{in_consultation.get_absolute_url()}#consultation"' in page


def test_the_group_is_told_that_the_public_reads_it(client, in_consultation, member):
    client.force_login(member)
    page = english(client).get(in_consultation.get_absolute_url()).content.decode()
    assert "The draft is in public consultation: anyone can read it" in page
    assert f'href="{public_url(in_consultation)}"' in page
    assert 'id="consultation"' not in page  # the public's notice is for the public


def test_news_may_link_it_while_it_is_public(client, in_consultation, gorenjska, saved):
    from news.forms import NewsItemForm

    form = NewsItemForm(region=gorenjska)
    assert in_consultation in form.fields["plan"].queryset
    item = NewsItem.objects.create(
        region=gorenjska,
        title="Javna obravnava",
        body="x",
        published_on="2017-05-01",
        plan=in_consultation,
    )
    url = reverse("public:news_item", args=[gorenjska.slug, item.pk])
    assert public_url(in_consultation) in client.get(url).content.decode()
    back_to_draft(in_consultation, saved)
    assert public_url(in_consultation) not in client.get(url).content.decode()


def test_the_public_gets_its_pdf_marked_as_a_draft(client, in_consultation, saved):
    url = reverse("reports:plan_request", args=[in_consultation.slug])
    response = client.post(url, {"document": "plan", "format": "pdf"})
    assert response.status_code == 302
    document = in_consultation.documents.get()
    assert document.audience == "public" and document.text_status == "consultation"
    with translation.override("en"):
        html = document_html(document)
    assert "Draft in public consultation: this version of the plan has not been confirmed" in html
    assert client.get(document.get_absolute_url()).status_code == 200
    back_to_draft(in_consultation, saved)
    assert client.get(document.get_absolute_url()).status_code == 302  # to sign in
    in_consultation.refresh_from_db()
    with pytest.raises(DocumentError):
        document_request_plan(user=None, plan=in_consultation, format="pdf", audience="public")

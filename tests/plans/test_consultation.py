"""Public consultation: the group says until when and where the public comments, may
change both while it lasts, and may take the draft back with a reason. Starting one
tells the region's e-news subscribers; taking it back does not."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.feedgenerator import rfc3339_date

from news.models import NewsItem, Subscriber
from news.tasks import notify_subscribers
from plans.models import ChangeRecord, Plan
from plans.services import lifecycle
from plans.services.errors import PlanError

from ..builders import make_strategy, plan_details

COMMENTS = "pripombe@example.si"


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def slovenian(day: datetime.date) -> str:
    return f"{day.day}. {day.month}. {day.year}"


def english_date(day: datetime.date) -> str:
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


def english(client):
    client.cookies["django_language"] = "en"
    return client


def start(client, plan: Plan, **data):
    url = reverse("plans:step", args=[plan.slug, "consultation"])
    fields = {
        "version": Plan.objects.get(pk=plan.pk).version,
        "consultation_ends_on": days(30).isoformat(),
        "consultation_email": COMMENTS,
    }
    return client.post(url, {**fields, **data})


def withdraw(client, plan: Plan, **data):
    url = reverse("plans:step", args=[plan.slug, "withdraw"])
    return client.post(url, {"version": Plan.objects.get(pk=plan.pk).version, **data})


def public_url(plan: Plan) -> str:
    return reverse("public:plan", args=[plan.scope_region.slug, plan.slug])


@pytest.fixture
def subscriber(gorenjska, immediate_tasks):
    """Ana reads Gorenjska's e-news; mail is sent at once, as the worker would."""
    ana = Subscriber.objects.create(
        email="ana@example.org", consented_at=timezone.now(), consent_text="x"
    )
    ana.regions.set([gorenjska])
    return ana


@pytest.fixture
def in_consultation(client, member, plan, django_capture_on_commit_callbacks):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        assert start(client, plan).status_code == 302
    plan.refresh_from_db()
    return plan


# Starting --------------------------------------------------------------------------------


def test_the_start_asks_until_when_and_where_with_the_members_address(client, member, plan):
    client.force_login(member)
    page = english(client).get(reverse("plans:step", args=[plan.slug, "consultation"]))
    page = page.content.decode()
    assert "Last day for comments" in page and 'type="date"' in page
    assert "E-mail address for comments" in page
    assert 'name="consultation_email" value="member@example.org"' in page


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"consultation_ends_on": ""}, "consultation_ends_on", "This field is required."),
        (
            {"consultation_ends_on": days(-1).isoformat()},
            "consultation_ends_on",
            "The last day for comments cannot be in the past.",
        ),
        ({"consultation_ends_on": "2027-02-30"}, "consultation_ends_on", "Enter a valid date."),
        ({"consultation_email": ""}, "consultation_email", "This field is required."),
        ({"consultation_email": "ime@"}, "consultation_email", "Enter a valid email address."),
    ],
)
def test_a_missing_or_wrong_answer_gets_a_field_error(client, member, plan, data, field, error):
    client.force_login(member)
    response = start(english(client), plan, **data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [error]
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT
    assert not NewsItem.objects.exists()


def test_comments_may_end_on_the_day_it_starts(client, member, plan):
    client.force_login(member)
    assert start(client, plan, consultation_ends_on=days(0).isoformat()).status_code == 302
    assert Plan.objects.get(pk=plan.pk).consultation_ends_on == days(0)


def test_the_service_refuses_a_past_day_or_no_address(member, plan):
    with pytest.raises(PlanError):
        lifecycle.plan_start_consultation(
            plan=plan, user=member, version=plan.version, ends_on=days(-1), email=COMMENTS
        )
    with pytest.raises(PlanError):
        lifecycle.plan_start_consultation(
            plan=plan, user=member, version=plan.version, ends_on=days(5), email=" "
        )
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT


def test_starting_keeps_both_and_the_history_shows_them(client, in_consultation):
    plan = in_consultation
    assert (plan.consultation_started_on, plan.consultation_ends_on) == (days(0), days(30))
    assert plan.consultation_email == COMMENTS
    page = english(client).get(reverse("plans:history", args=[plan.slug])).content.decode()
    assert "Last day for comments" in page and slovenian(days(30)) in page
    assert "E-mail address for comments" in page and COMMENTS in page
    assert "Osnutek" in page and "Javna obravnava" in page


def test_starting_publishes_a_news_item_mailed_to_the_regions_subscribers(
    client, member, plan, subscriber, gorenjska, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        start(client, plan)
    item = NewsItem.objects.get()
    assert (item.region, item.plan, item.author) == (gorenjska, plan, member)
    assert item.published_on == days(0)
    # Written in the portal's language (Slovenian dates), whoever started it.
    assert plan.title in item.title and slovenian(days(30)) in item.title
    assert f"]({settings.SITE_URL}{public_url(plan)})" in item.body  # a Markdown link
    assert COMMENTS in item.body
    [message] = mail.outbox
    assert message.to == ["ana@example.org"] and plan.title in message.subject
    assert public_url(plan) in message.body and COMMENTS in message.body
    client.logout()
    region = client.get(reverse("public:region", args=[gorenjska.slug])).content.decode()
    assert item.get_absolute_url() in region
    news = client.get(item.get_absolute_url()).content.decode()
    assert f'href="{public_url(plan)}"' in news


def test_an_announcement_the_worker_sends_after_the_draft_was_taken_back_is_not_mailed(
    client, member, plan, subscriber
):
    """The worker was behind: by the time it came to the announcement, the group had
    taken the draft back. Its subscribers are not sent to a page that is gone."""
    client.force_login(member)
    start(client, plan)  # its mail waits in the queue (not run on commit here)
    item = NewsItem.objects.get()
    assert withdraw(client, plan, reason="Dopolniti moramo analizo potreb.").status_code == 302
    assert notify_subscribers.call("news", item.pk) == 0
    assert mail.outbox == []
    # Put to consultation again, the new announcement goes out.
    start(client, Plan.objects.get(pk=plan.pk))
    new = NewsItem.objects.exclude(pk=item.pk).get()
    assert notify_subscribers.call("news", new.pk) == 1
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]


def test_a_long_title_is_shortened_to_fit_the_news_title(member, plan, saved):
    plan.title = "Regijski izvedbeni načrt " * 12  # 300 characters
    plan.save(update_fields=["title"])
    saved(
        lifecycle.plan_start_consultation,
        plan=plan,
        user=member,
        version=plan.version,
        ends_on=days(30),
        email=COMMENTS,
    )
    item = NewsItem.objects.get()
    assert len(item.title) <= 200 and item.title.endswith("…")
    assert slovenian(days(30)) in item.title


def test_a_strategys_news_goes_to_its_municipalitys_region(velenje_member, saved):
    strategy = make_strategy()
    saved(
        lifecycle.plan_start_consultation,
        plan=strategy,
        user=velenje_member,
        version=strategy.version,
        ends_on=days(30),
        email=COMMENTS,
    )
    item = NewsItem.objects.get()
    assert item.region == strategy.municipality.region and item.plan == strategy


# Editing while it lasts ------------------------------------------------------------------


def details(plan: Plan, **changes) -> dict:
    consultation = {
        "version": Plan.objects.get(pk=plan.pk).version,
        "consultation_ends_on": plan.consultation_ends_on.isoformat(),
        "consultation_email": plan.consultation_email,
    }
    return plan_details(plan, **{**consultation, **changes})


def test_a_drafts_details_do_not_ask_about_comments(client, member, plan):
    client.force_login(member)
    page = english(client).get(reverse("plans:edit", args=[plan.slug])).content.decode()
    assert "consultation_ends_on" not in page and "consultation_email" not in page


def test_the_group_moves_the_last_day_and_the_history_records_it(client, in_consultation):
    plan, url = in_consultation, reverse("plans:edit", args=[in_consultation.slug])
    page = english(client).get(url).content.decode()
    assert f'name="consultation_ends_on" value="{days(30).isoformat()}"' in page
    response = client.post(
        url, details(plan, consultation_ends_on=days(40), consultation_email="rks@example.si")
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.consultation_ends_on, plan.consultation_email) == (days(40), "rks@example.si")
    change = ChangeRecord.objects.filter(action=ChangeRecord.Action.UPDATED).get()
    assert change.changes == {
        "consultation_ends_on": {"before": slovenian(days(30)), "after": slovenian(days(40))},
        "consultation_email": {"before": COMMENTS, "after": "rks@example.si"},
    }
    page = client.get(reverse("plans:history", args=[plan.slug])).content.decode()
    assert "Last day for comments" in page and "rks@example.si" in page
    client.logout()
    public = english(client).get(public_url(plan)).content.decode()
    assert f"Comments until {english_date(days(40))} to" in public


def test_a_last_day_before_the_start_gets_a_clear_error(client, in_consultation):
    plan = in_consultation
    started = days(-10)
    Plan.objects.filter(pk=plan.pk).update(consultation_started_on=started)
    url = reverse("plans:edit", args=[plan.slug])
    response = english(client).post(url, details(plan, consultation_ends_on=days(-11)))
    assert response.status_code == 200
    assert response.context["form"].errors["consultation_ends_on"] == [
        f"The last day for comments cannot be before the consultation started, "
        f"{english_date(started)}."
    ]
    # Earlier than first said, but not before the start: the period may end sooner.
    assert client.post(url, details(plan, consultation_ends_on=days(-2))).status_code == 302
    assert Plan.objects.get(pk=plan.pk).consultation_ends_on == days(-2)


def test_in_consultation_both_stay_required(client, in_consultation):
    url = reverse("plans:edit", args=[in_consultation.slug])
    response = english(client).post(
        url, details(in_consultation, consultation_ends_on="", consultation_email="")
    )
    errors = response.context["form"].errors
    assert (
        errors["consultation_ends_on"]
        == errors["consultation_email"]
        == ["This field is required."]
    )


def test_the_database_refuses_a_last_day_before_the_start(in_consultation):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=in_consultation.pk).update(consultation_ends_on=days(-1))


# Taking it back --------------------------------------------------------------------------


def test_the_group_takes_it_back_with_a_reason_and_the_public_page_is_gone(
    client, in_consultation, subscriber, django_capture_on_commit_callbacks
):
    plan = in_consultation
    assert mail.outbox == []  # the fixture started it before Ana subscribed
    page = english(client).get(plan.get_absolute_url()).content.decode()
    step = reverse("plans:step", args=[plan.slug, "withdraw"])
    assert f'href="{step}">End consultation and return to draft</a>' in page
    assert "Reason for ending the consultation" in client.get(step).content.decode()
    anonymous = english(type(client)())
    assert anonymous.get(public_url(plan)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = withdraw(client, plan, reason="Dopolniti moramo analizo potreb.")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The consultation has ended: the plan is a draft again."
    ]
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT
    assert anonymous.get(public_url(plan)).status_code == 404
    assert NewsItem.objects.count() == 1 and mail.outbox == []  # only the start's
    history = client.get(reverse("plans:history", args=[plan.slug])).content.decode()
    assert "Reason: <span" in history and "Dopolniti moramo analizo potreb." in history
    record = ChangeRecord.objects.filter(action=ChangeRecord.Action.STATUS).first()
    assert record.changes["status"] == {"before": "Javna obravnava", "after": "Osnutek"}
    assert record.reason_text == "Dopolniti moramo analizo potreb."


def test_taking_it_back_needs_a_reason(client, in_consultation):
    response = withdraw(english(client), in_consultation, reason="  ")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["This field is required."]
    assert Plan.objects.get(pk=in_consultation.pk).status == Plan.Status.CONSULTATION


def test_only_a_plan_in_consultation_is_taken_back(client, member, plan):
    client.force_login(member)
    page = english(client).get(plan.get_absolute_url()).content.decode()
    assert "End consultation and return to draft" not in page
    response = withdraw(client, plan, reason="Napaka.")
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "A plan with the status “Draft” cannot take this step."
    ]
    assert not ChangeRecord.objects.filter(action=ChangeRecord.Action.STATUS).exists()


# The news after it is taken back -------------------------------------------------------


def withdrawn_on(day: datetime.date) -> str:
    return f"Withdrawn from public consultation on {english_date(day)}"


def test_taken_back_its_news_item_says_so_and_no_longer_links_to_the_draft(
    client, in_consultation, gorenjska
):
    plan, item = in_consultation, NewsItem.objects.get()
    visitor = english(type(client)())
    assert f'href="{settings.SITE_URL}{public_url(plan)}"' in (
        visitor.get(item.get_absolute_url()).content.decode()
    )
    assert withdrawn_on(days(0)) not in visitor.get(item.get_absolute_url()).content.decode()
    assert withdraw(client, plan, reason="Dopolniti moramo analizo potreb.").status_code == 302

    page = visitor.get(item.get_absolute_url()).content.decode()
    notice = page[page.index('id="consultation-ended"') :]
    assert notice[: notice.index("</p>")].endswith(
        f"The draft was withdrawn from public consultation on {english_date(days(0))} "
        "and is no longer public."
    )
    # The announcement's text stays as it was mailed, but its link to the page that is
    # gone (404) is plain text now, and the plan's own link below is gone too.
    [link_text] = re.findall(r"\[([^]]+)\]\(", item.body)  # "javni strani"
    assert link_text in page and public_url(plan) not in page
    assert visitor.get(public_url(plan)).status_code == 404
    # The lists say so under its title.
    for url in (reverse("public:region", args=[gorenjska.slug]), "/"):
        listed = visitor.get(url).content.decode()
        entry = listed[listed.index(item.get_absolute_url()) :]
        assert withdrawn_on(days(0)) in entry[: entry.index("</article>")]
    # And the feeds: in the title, a notice before the text, no link, a new update time.
    item.refresh_from_db()
    for url in (reverse("public:region_feed", args=[gorenjska.slug]), "/novice/feed/"):
        feed = visitor.get(url).content.decode()
        assert f"({withdrawn_on(days(0))})</title>" in feed
        assert "and is no longer public." in feed and public_url(plan) not in feed
        assert f"<updated>{rfc3339_date(item.consultation_ended_at)}</updated>" in feed


def test_the_groups_own_news_on_the_draft_says_so_too_and_keeps_its_other_links(
    client, in_consultation, gorenjska
):
    plan, region = in_consultation, reverse("public:region", args=[gorenjska.slug])
    body = (
        f"Preberite [osnutek]({public_url(plan)}) ali [njegov začetek]"
        f"({settings.SITE_URL}{public_url(plan).rstrip('/')}). Druge novice so na "
        f"[strani regije]({region}) in [drugje](https://www.example.org{public_url(plan)}); "
        "pišite na [pripombe@example.si](mailto:pripombe@example.si)."
    )
    item = NewsItem.objects.create(
        region=gorenjska, title="Predstavitev", body=body, published_on=days(0), plan=plan
    )
    withdraw(client, plan, reason="Popravki.")
    page = english(type(client)()).get(item.get_absolute_url()).content.decode()
    assert 'id="consultation-ended"' in page
    text = page[page.index('class="narrative"') :]
    text = text[: text.index("</div>")]
    # Both links to the draft's public page are their text alone; the others stay.
    assert "osnutek</a>" in text and "njegov začetek</a>" in text
    assert re.findall(r'href="([^"]*)"', text) == [
        region,  # the region's page is still there
        f"https://www.example.org{public_url(plan)}",  # not the portal's
        "mailto:pripombe@example.si",
    ]


def test_put_to_consultation_again_the_new_item_links_and_the_old_one_keeps_its_notice(
    client, in_consultation
):
    plan = in_consultation
    withdraw(client, plan, reason="Popravki.")
    first = NewsItem.objects.get()
    ended = timezone.now() - datetime.timedelta(days=20)  # as if taken back 20 days ago
    NewsItem.objects.filter(pk=first.pk).update(consultation_ended_at=ended)
    assert start(client, plan, consultation_ends_on=days(60)).status_code == 302
    second = NewsItem.objects.exclude(pk=first.pk).get()
    visitor = english(type(client)())
    page = visitor.get(second.get_absolute_url()).content.decode()
    assert "consultation-ended" not in page and "Withdrawn from" not in page
    assert f'href="{settings.SITE_URL}{public_url(plan)}"' in page
    old = visitor.get(first.get_absolute_url()).content.decode()
    notice = old[old.index('id="consultation-ended"') :]
    # The draft is public again: the old item says when that consultation was ended,
    # and its links lead to the draft again.
    assert notice[: notice.index("</p>")].endswith(
        f"The draft was withdrawn from public consultation on {english_date(days(-20))}."
    )
    assert f'href="{settings.SITE_URL}{public_url(plan)}"' in old
    # Taken back again: each item keeps the day its own consultation was ended.
    withdraw(client, plan, reason="Še popravki.")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.consultation_ended_at == ended
    assert timezone.localtime(second.consultation_ended_at).date() == days(0)


def test_news_lists_and_feeds_say_it_of_every_item_with_no_query_per_item(
    client, in_consultation, gorenjska, django_capture_on_commit_callbacks
):
    """The notice comes with each item's row: no query per item."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rin_portal import caching

    withdraw(client, in_consultation, reason="Popravki.")
    visitor = english(type(client)())
    urls = (
        reverse("public:region", args=[gorenjska.slug]),
        "/",
        reverse("public:region_feed", args=[gorenjska.slug]),
        "/novice/feed/",
    )

    def counts() -> list[int]:
        found = []
        for url in urls:
            cache.clear()  # the page drawn, not served from the cache
            caching.forget()
            with CaptureQueriesContext(connection) as queries:
                page = visitor.get(url).content.decode()
            assert page.count(withdrawn_on(days(0))) == NewsItem.objects.count()
            found.append(len(queries))
        return found

    visitor.get("/")  # the reference data, kept
    one = counts()
    item = NewsItem.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the cached pages renew
        for n in range(4):
            NewsItem.objects.create(
                region=gorenjska,
                title=f"Obvestilo {n}",
                body=f"[Osnutek]({settings.SITE_URL}{public_url(in_consultation)})",
                published_on=item.published_on,
                plan=in_consultation,
                consultation_ended_at=item.consultation_ended_at,
            )
    assert counts() == one


def test_started_again_it_asks_again_and_tells_the_region_again(client, in_consultation):
    withdraw(client, in_consultation, reason="Popravki.")
    assert start(client, in_consultation, consultation_ends_on=days(60)).status_code == 302
    plan = Plan.objects.get(pk=in_consultation.pk)
    assert plan.status == Plan.Status.CONSULTATION and plan.consultation_ends_on == days(60)
    assert NewsItem.objects.count() == 2


# Taken back in the admin --------------------------------------------------------------


class _AdminForm(HTMLParser):
    """The values an admin change form posts as it stands (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") not in {"checkbox", "radio"}:
                self.data[name] = attrs.get("value", "")
            elif "checked" in attrs:
                self.data[name] = attrs.get("value", "on")
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def test_taken_back_in_the_admin_its_news_says_so_and_is_not_mailed(
    client, admin_client, member, plan, subscriber
):
    client.force_login(member)
    start(client, plan)  # its mail waits in the queue
    item = NewsItem.objects.get()
    url = reverse("admin:plans_plan_change", args=[plan.pk])
    form = _AdminForm()
    form.feed(admin_client.get(url).content.decode())
    assert form.data["status"] == Plan.Status.CONSULTATION
    response = admin_client.post(url, {**form.data, "status": Plan.Status.DRAFT})
    assert response.status_code == 302, re.findall(
        r"errors field-(\w+)", response.content.decode()
    )  # (which fields)
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.DRAFT
    page = english(type(client)()).get(item.get_absolute_url()).content.decode()
    assert "The draft was withdrawn from public consultation on" in page
    assert public_url(plan) not in page
    assert notify_subscribers.call("news", item.pk) == 0
    assert mail.outbox == []

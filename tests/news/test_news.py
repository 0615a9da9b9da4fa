import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from news.models import NewsItem, Subscriber


def subscriber(email, region):
    s = Subscriber.objects.create(email=email, consented_at=timezone.now(), consent_text="x")
    s.regions.set([region])
    return s


def news_data(**changes):
    data = {
        "title": "Nov dnevni center",
        "body": "Odprli smo **dnevni center**.",
        "published_on": "2026-11-20",
    }
    data.update(changes)
    return data


def test_member_publishes_news_and_subscribers_are_told(
    client, member, gorenjska, pomurska, django_capture_on_commit_callbacks
):
    ana = subscriber("ana@example.org", gorenjska)
    subscriber("bojan@example.org", pomurska)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("public:news_create", args=[gorenjska.slug]), news_data())
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    message = mail.outbox[0]
    assert "Nov dnevni center" in message.subject
    assert f"/e-novice/odjava/{ana.unsubscribe_token()}/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    page = client.get(reverse("public:region", args=[gorenjska.slug])).content.decode()
    assert "Nov dnevni center" in page


def test_unsubscribed_addresses_get_nothing(
    client, member, gorenjska, django_capture_on_commit_callbacks
):
    gone = subscriber("ana@example.org", gorenjska)
    gone.unsubscribed_at = timezone.now()
    gone.save()
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("public:news_create", args=[gorenjska.slug]), news_data())
    assert mail.outbox == []


def test_only_the_regions_members_publish(client, outsider, staff, reviewer, gorenjska):
    for user in (outsider, staff, reviewer):
        client.force_login(user)
        assert (
            client.post(
                reverse("public:news_create", args=[gorenjska.slug]), news_data()
            ).status_code
            == 403
        )
    assert not NewsItem.objects.exists()


def test_news_text_is_sanitised_and_long_titles_refused(client, member, gorenjska):
    client.force_login(member)
    response = client.post(
        reverse("public:news_create", args=[gorenjska.slug]), news_data(title="x" * 201)
    )
    assert "title" in response.context["form"].errors
    client.post(
        reverse("public:news_create", args=[gorenjska.slug]),
        news_data(body="<script>alert(1)</script>"),
    )
    item = NewsItem.objects.get()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_feeds_list_the_news(client, member, gorenjska):
    NewsItem.objects.create(
        region=gorenjska, title="Objava", body="Besedilo", published_on=datetime.date(2026, 11, 1)
    )
    for url in ("/novice/feed/", f"/regije/{gorenjska.slug}/novice/feed/"):
        response = client.get(url)
        assert (
            response.status_code == 200
            and b"Objava" in response.content
            and b"<feed" in response.content
        )


def test_a_feed_dates_an_item_as_its_author_did(client, gorenjska):
    """An item entered today about 1 November is dated 1 November in feed readers too."""
    NewsItem.objects.create(
        region=gorenjska, title="Objava", body="Besedilo", published_on=datetime.date(2026, 11, 1)
    )
    feed = client.get("/novice/feed/").content.decode()
    assert "<updated>2026-11-01T12:00:00+01:00</updated>" in feed
    assert f"<updated>{timezone.localdate().isoformat()}" not in feed


def test_a_regions_feed_is_named_in_the_language_of_the_portal(client, gorenjska):
    # A feed reader shows this title; the Slovenian portal calls itself "Portal RIN".
    response = client.get(f"/regije/{gorenjska.slug}/novice/feed/", HTTP_ACCEPT_LANGUAGE="sl")
    assert "<title>Portal RIN – Gorenjska</title>" in response.content.decode()
    assert "RIN portal" not in response.content.decode()


def test_confirming_a_plan_tells_the_regions_subscribers(
    plan, member, gorenjska, django_capture_on_commit_callbacks
):
    from plans.services import lifecycle

    subscriber("ana@example.org", gorenjska)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.plan_confirm(
            plan=plan,
            user=member,
            version=plan.version,
            confirmed_on=datetime.date(2026, 11, 1),
            confirmed_by="RKS",
        )
    assert len(mail.outbox) == 1 and plan.title in mail.outbox[0].subject


def test_approving_a_yearly_report_tells_the_regions_subscribers(
    confirmed_plan, member, staff, gorenjska, django_capture_on_commit_callbacks
):
    from plans.models import YearlyReport

    from ..builders import make_report

    subscriber("ana@example.org", gorenjska)
    report = make_report(
        confirmed_plan,
        2017,
        status=YearlyReport.Status.SUBMITTED,
        submitted_at="2018-03-01T10:00:00+01:00",
    )
    from plans.progress import services as progress

    with django_capture_on_commit_callbacks(execute=True):
        progress.report_approve(report=report, user=member, version=report.version)
    notices = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert len(notices) == 1 and "2017" in notices[0].subject
    # The link leads to the approved report itself, not to its plan.
    assert f"/regije/gorenjska/{confirmed_plan.slug}/porocila/2017/" in notices[0].body


def test_news_by_e_mail_is_plain_text_as_typed(
    client, member, gorenjska, django_capture_on_commit_callbacks
):
    subscriber("ana@example.org", gorenjska)
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("public:news_create", args=[gorenjska.slug]),
            news_data(title='Dom & center "Sonček"', body="Vrednosti < 5 in > 2 ter 'navednice'."),
        )
    [message] = mail.outbox
    assert message.subject == 'Gorenjska: Dom & center "Sonček"'
    assert "Vrednosti < 5 in > 2 ter 'navednice'." in message.body
    assert "&amp;" not in message.body + message.subject and "&lt;" not in message.body


def test_a_news_date_still_to_come_or_before_2000_is_refused(client, member, gorenjska):
    """A date still to come would keep the item at the top, as the latest news, for years."""
    client.force_login(member)
    url = reverse("public:news_create", args=[gorenjska.slug])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    client.cookies["django_language"] = "en"
    for date, error in (
        (tomorrow, "The date cannot be in the future."),
        (datetime.date(1999, 12, 31), "The date cannot be earlier than 2000."),
    ):
        response = client.post(url, news_data(published_on=date.isoformat()))
        assert response.context["form"].errors["published_on"] == [error]
    assert not NewsItem.objects.exists()
    client.post(url, news_data(published_on=timezone.localdate().isoformat()))
    assert NewsItem.objects.get().published_on == timezone.localdate()


def test_a_new_item_is_dated_today(client, member, gorenjska):
    client.force_login(member)
    page = client.get(reverse("public:news_create", args=[gorenjska.slug])).content.decode()
    assert f'name="published_on" value="{timezone.localdate().isoformat()}"' in page


def test_a_title_typed_with_a_line_break_still_reaches_the_subscribers(
    client, member, gorenjska, django_capture_on_commit_callbacks
):
    subscriber("ana@example.org", gorenjska)
    client.force_login(member)
    title = "Nov dnevni center\r\nBcc: tuji@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("public:news_create", args=[gorenjska.slug]), news_data(title=title))
    [message] = mail.outbox
    assert message.subject == "Gorenjska: Nov dnevni center Bcc: tuji@example.org"
    assert message.recipients() == ["ana@example.org"]

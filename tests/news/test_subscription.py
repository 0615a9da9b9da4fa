import datetime
import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from municipalities.models import Region
from news.models import PendingSubscription, Subscriber

SUBSCRIBE = "/e-novice/"


def sign_up(client, email="ana@example.org", regions=(9,), ip="198.51.100.1", captured=None):
    data = {
        "email": email,
        "regions": [Region.objects.get(code=c).pk for c in regions],
        "consent": "on",
    }
    return client.post(SUBSCRIBE, data, REMOTE_ADDR=ip)


def link_in(message) -> str:
    return re.search(r"http\S+/e-novice/potrditev/\S+/", message.body).group(0)


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_double_opt_in(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 200
    assert not Subscriber.objects.exists()  # nothing until the link is opened
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.org"]
    assert mail.outbox[0].body.rstrip().endswith("Portal RIN")  # signed in Slovenian
    assert mail.outbox[0].from_email.startswith("Portal RIN")
    # Opening the link (as a mail scanner does) only asks; the button confirms.
    link = path_of(link_in(mail.outbox[0]))
    assert 'method="post"' in client.get(link).content.decode()
    assert not Subscriber.objects.exists()
    response = client.post(link)
    assert response.status_code == 200
    subscriber = Subscriber.objects.get(email="ana@example.org")
    assert subscriber.consented_at is not None and "Gorenjska" in subscriber.consent_text
    assert list(subscriber.regions.values_list("code", flat=True)) == [9]


def test_a_reused_link_changes_nothing(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    link = path_of(link_in(mail.outbox[0]))
    client.post(link)
    consented = Subscriber.objects.get().consented_at
    response = client.post(link)
    assert response.status_code == 400 and "že uporabljena" in response.content.decode()
    assert Subscriber.objects.get().consented_at == consented


def test_an_expired_link_is_refused(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    PendingSubscription.objects.update(created_at=timezone.now() - datetime.timedelta(hours=49))
    response = client.post(path_of(link_in(mail.outbox[0])))
    assert response.status_code == 400 and "potekla" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_a_forged_link_is_refused(client, db):
    response = client.post(reverse("public:confirm", args=["izmisljen-zeton"]))
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_the_answer_does_not_reveal_an_existing_subscription(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = sign_up(client)
    client.post(path_of(link_in(mail.outbox[0])))
    with django_capture_on_commit_callbacks(execute=True):
        again = sign_up(client, ip="198.51.100.2")
    assert again.status_code == first.status_code == 200
    assert without_csrf(again) == without_csrf(first)


@pytest.mark.parametrize(
    "data,field",
    [
        ({"email": "ni-naslov", "consent": "on"}, "email"),
        ({"email": "a" * 300 + "@example.org", "consent": "on"}, "email"),
        ({"email": "ana@example.org"}, "consent"),
        ({"email": "ana@example.org", "consent": "on", "regions": []}, "regions"),
    ],
)
def test_bad_input_gets_a_field_error_and_changes_nothing(client, db, data, field):
    data.setdefault("regions", [Region.objects.get(code=9).pk])
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not PendingSubscription.objects.exists() and not mail.outbox


def test_the_error_summary_puts_no_colon_after_a_label_that_ends_a_sentence(client, db):
    # The consent label is a sentence ending in a full stop: "…dokler se ne odjavim.: Brez …"
    # read as a typo; the e-mail field's label still takes its colon.
    page = client.post(SUBSCRIBE, {"regions": [Region.objects.get(code=9).pk]}).content.decode()
    summary = page.split('data-error-summary="1"', 1)[1].split("</ul>", 1)[0]
    assert ".</a>:" not in summary
    assert "odjavim.</a> Brez vašega soglasja" in summary
    assert "naslov</a>: To polje je obvezno." in summary


def test_a_flood_from_one_address_is_stopped(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            sign_up(client, email=f"user{n}@example.org")
        response = sign_up(client, email="eleventh@example.org")
    assert response.status_code == 429
    assert PendingSubscription.objects.count() == 10 and len(mail.outbox) == 10


def test_one_mailbox_gets_at_most_three_confirmations_a_day(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            response = sign_up(client, ip=f"198.51.100.{n}")
            assert response.status_code == 200
    assert len(mail.outbox) == 3


def test_unsubscribe_with_the_button_and_a_forged_token_changes_nothing(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    client.post(path_of(link_in(mail.outbox[0])))
    subscriber = Subscriber.objects.get()
    assert client.post(reverse("public:unsubscribe", args=["ponarejen"])).status_code == 400
    assert Subscriber.objects.get().is_active
    url = reverse("public:unsubscribe", args=[subscriber.unsubscribe_token()])
    assert 'method="post"' in client.get(url).content.decode()  # opening it only asks
    assert Subscriber.objects.get().is_active
    response = client.post(url)
    assert response.status_code == 200
    assert not Subscriber.objects.exists()


def test_a_head_on_the_links_confirms_and_unsubscribes_nobody(
    client, db, django_capture_on_commit_callbacks
):
    """Mail scanners check links with HEAD as well as GET: it gets the page that asks,
    without its body, and acts no more than opening the link does."""
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    link = path_of(link_in(mail.outbox[0]))
    response = client.head(link)
    assert response.status_code == 200 and response.content == b""
    assert not Subscriber.objects.exists()
    client.post(link)
    unsubscribe = path_of(Subscriber.objects.get().get_unsubscribe_url())
    response = client.head(unsubscribe)
    assert response.status_code == 200 and response.content == b""
    assert Subscriber.objects.get().is_active


@pytest.mark.parametrize("token", ["a\x00b", "ä" * 10, "x" * 5000])
def test_a_mangled_unsubscribe_link_is_not_valid_not_a_500(client, db, token):
    # PostgreSQL refuses a NUL in a query: the link is not valid, said as for any other.
    response = client.post(reverse("public:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "ni veljavna" in response.content.decode()


def test_unsubscribing_deletes_the_address_as_the_privacy_notice_promises(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, email="ana@example.org")
    client.post(path_of(link_in(mail.outbox[0])))
    token = Subscriber.objects.get().unsubscribe_token()
    client.cookies["django_language"] = "en"
    response = client.post(reverse("public:unsubscribe", args=[token]))
    assert "deleted your address" in response.content.decode()
    assert not Subscriber.objects.filter(email="ana@example.org").exists()
    assert not PendingSubscription.objects.filter(email="ana@example.org").exists()


def test_mail_clients_may_unsubscribe_with_a_post(client, db):
    subscriber = Subscriber.objects.create(
        email="b@example.org",
        consented_at=timezone.now(),
        consent_text="x",
    )
    response = client.post(
        reverse("public:unsubscribe", args=[subscriber.unsubscribe_token()]),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_the_link_names_its_regions_and_the_last_one_confirmed_stands(
    client, db, django_capture_on_commit_callbacks
):
    """Signed up twice with other regions: each e-mail and page says which regions it
    confirms, and an older link opened later does not switch the subscription back."""
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, regions=(9,))  # Gorenjska
        sign_up(client, regions=(4,))  # Savinjska
    older, newer = (path_of(link_in(message)) for message in mail.outbox)
    assert "Gorenjska" in mail.outbox[0].body and "Savinjska" in mail.outbox[1].body
    assert "Savinjska" in client.get(newer).content.decode()
    client.post(newer)
    assert client.post(older).status_code == 400
    assert list(Subscriber.objects.get().regions.values_list("code", flat=True)) == [4]


def test_the_english_sign_up_page_says_the_e_news_are_in_slovenian(client, db):
    client.cookies["django_language"] = "en"
    assert "written in Slovenian" in client.get(SUBSCRIBE).content.decode()
    client.cookies["django_language"] = "sl"
    assert "v slovenščini" not in client.get(SUBSCRIBE).content.decode()


def test_the_task_queue_holds_neither_the_address_nor_a_token_that_confirms_it(
    client, db, settings, django_capture_on_commit_callbacks, monkeypatch
):
    """The queue's table keeps each task's arguments for weeks (docs/deploy.md): the
    confirmation link must be confirmable only by its mailbox, not by the database."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "documents"],
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, email="ana@example.org")
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload")
    [message] = mail.outbox
    link = link_in(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    queued = json.dumps([task.args_kwargs for task in DBTaskResult.objects.all()])
    assert "ana@example.org" not in queued and token not in queued
    client.post(path_of(link))
    assert Subscriber.objects.filter(email="ana@example.org").exists()


def test_a_region_number_too_large_for_the_database_is_an_error_not_a_500(client, db):
    # A tampered form: SQLite cannot compare a number past 64 bits with an id.
    data = {"email": "ana@example.org", "regions": ["9" * 40], "consent": "on"}
    response = client.post(SUBSCRIBE, data)
    assert response.status_code == 200
    assert "regions" in response.context["form"].errors
    assert not PendingSubscription.objects.exists()

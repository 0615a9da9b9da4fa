"""Unsubscribe links: the database keeps nothing that works as one. Links mailed before
links were signed still work; links mailed now are signed with the SECRET_KEY."""

import hashlib
import secrets

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from news.models import Subscriber
from news.tasks import notify_subscribers

BEFORE, AFTER = ("news", "0002_field_labels"), ("news", "0003_unsubscribe_token_hash")


def _latest_news_migration(executor) -> str:
    return next(name for app, name in executor.loader.graph.leaf_nodes() if app == "news")


def unsubscribe(client, token):
    return client.post(reverse("public:unsubscribe", args=[token]))


def subscribe(email="ana@example.org", *regions) -> Subscriber:
    subscriber = Subscriber.objects.create(
        email=email, consented_at=timezone.now(), consent_text="x"
    )
    subscriber.regions.set(regions)
    return subscriber


def stored_strings(subscriber) -> list[str]:
    """What a dump of the database holds of the subscriber, as text."""
    row = Subscriber.objects.filter(pk=subscriber.pk).values().get()
    return [str(value) for value in row.values() if value is not None]


@pytest.mark.django_db(transaction=True)
def test_a_link_mailed_before_the_migration_still_works_and_the_dump_holds_no_link(client):
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old_apps = executor.loader.project_state([BEFORE]).apps
    token = secrets.token_urlsafe(32)
    old_apps.get_model("news", "Subscriber").objects.create(
        email="ana@example.org",
        consented_at=timezone.now(),
        consent_text="x",
        unsubscribe_token=token,
    )
    executor.loader.build_graph()
    # Through AFTER to the latest migrations: the tests after this one need the schema
    # the code has (stopping at AFTER left later columns out for them).
    assert AFTER in executor.loader.graph.forwards_plan(("news", _latest_news_migration(executor)))
    executor.migrate(executor.loader.graph.leaf_nodes())

    subscriber = Subscriber.objects.get(email="ana@example.org")
    assert subscriber.unsubscribe_token_hash == hashlib.sha256(token.encode()).hexdigest()
    for value in stored_strings(subscriber):
        assert unsubscribe(client, value).status_code == 400
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert unsubscribe(client, token).status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_the_link_in_a_notice_unsubscribes_and_the_database_holds_none(
    client, confirmed_plan, gorenjska
):
    subscriber = subscribe("ana@example.org", gorenjska)
    for value in stored_strings(subscriber):
        assert unsubscribe(client, value).status_code == 400
    assert notify_subscribers.call("plan", confirmed_plan.pk) == 1
    [message] = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    assert client.post("/" + link.split("/", 3)[3]).status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_a_link_names_one_subscription(client, db):
    ana, bojan = subscribe("ana@example.org"), subscribe("bojan@example.org")
    _id, signature = ana.unsubscribe_token().split(".")
    assert unsubscribe(client, f"{bojan.pk}.{signature}").status_code == 400
    # The same id given to another address (a restored backup) is not unsubscribed either.
    token = ana.unsubscribe_token()
    Subscriber.objects.filter(pk=ana.pk).update(email="cilka@example.org")
    assert unsubscribe(client, token).status_code == 400
    assert Subscriber.objects.count() == 2


def test_a_link_signed_without_the_secret_key_does_not_work(client, db, settings):
    """Whoever has a dump but not the SECRET_KEY cannot make a working link."""
    subscriber = subscribe()
    key = settings.SECRET_KEY
    settings.SECRET_KEY = "another-key-of-someone-with-only-the-database-" + "x" * 20
    forged = subscriber.unsubscribe_token()
    settings.SECRET_KEY = key
    assert forged != subscriber.unsubscribe_token()
    assert unsubscribe(client, forged).status_code == 400
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_a_link_signed_under_a_former_key_works_while_that_key_is_a_fallback(client, db, settings):
    """After the SECRET_KEY is changed, links already mailed work as long as the former
    key is in SECRET_KEY_FALLBACKS (docs/deploy.md, "Rotating the secret key")."""
    subscriber = subscribe()
    former = settings.SECRET_KEY
    token = subscriber.unsubscribe_token()
    settings.SECRET_KEY = "the-new-key-after-rotation-" + "5e1f0a9b3c7d" * 3
    settings.SECRET_KEY_FALLBACKS = []
    assert unsubscribe(client, token).status_code == 400
    assert Subscriber.objects.filter(pk=subscriber.pk).exists()
    settings.SECRET_KEY_FALLBACKS = [former]
    assert unsubscribe(client, token).status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()

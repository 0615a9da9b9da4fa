import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from news.models import PendingSubscription, Subscriber
from rin_portal.models import SecurityEvent


def _aged(model, days: float, **fields):
    row = model.objects.create(**fields)
    model.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    return row


def test_security_events_are_kept_for_one_year(db):
    old = _aged(SecurityEvent, 366, kind="login_failed", username="ana", ip_address="192.0.2.1")
    recent = _aged(SecurityEvent, 300, kind="login_failed", username="ana", ip_address="192.0.2.1")
    call_command("prune_personal_data", stdout=io.StringIO())
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.filter(pk=recent.pk).exists()


def test_expired_sign_ups_lose_their_address(db):
    def signup(days, token):
        return _aged(
            PendingSubscription,
            days,
            email="ana@example.org",
            regions=[1],
            token_hash=token,
            ip_address="198.51.100.1",
        )

    expired = signup(3, "a" * 64)
    waiting = signup(0.5, "b" * 64)
    call_command("prune_personal_data", stdout=io.StringIO())
    assert not PendingSubscription.objects.filter(pk=expired.pk).exists()
    assert PendingSubscription.objects.filter(pk=waiting.pk).exists()


def test_addresses_marked_unsubscribed_before_are_deleted(db):
    def subscriber(email, unsubscribed_at):
        return Subscriber.objects.create(
            email=email,
            consented_at=timezone.now(),
            consent_text="x",
            unsubscribed_at=unsubscribed_at,
        )

    gone = subscriber("gone@example.org", timezone.now())
    reader = subscriber("reader@example.org", None)
    call_command("prune_personal_data", stdout=io.StringIO())
    assert not Subscriber.objects.filter(pk=gone.pk).exists()
    assert Subscriber.objects.filter(pk=reader.pk).exists()

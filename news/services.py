"""News and the e-newsletter: publishing, double opt-in, unsubscribing, notices.

Sign-ups never reveal whether an address is already subscribed: every valid request
gets the same answer and (within the limits below) a confirmation link. Only the
link's owner can confirm, within CONFIRMATION_HOURS, once. Mail goes out through the
task worker, after the transaction that caused it has committed.
"""

import datetime
import re

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from municipalities.models import Region
from plans.kinds import by_kind
from plans.models import Plan, YearlyReport

from . import tasks
from .models import NewsItem, PendingSubscription, Subscriber, hash_token

CONFIRMATION_HOURS = 48
SIGNUPS_PER_ADDRESS_PER_HOUR = 10  # per sender IP address
CONFIRMATIONS_PER_EMAIL_PER_DAY = 3  # mails to one mailbox, against mail bombing
# An unsubscribe link's token: the subscriber's id and its signature (URL-safe Base64
# of an HMAC-SHA256), or, in mail sent before links were signed, what
# Subscriber.new_token() made.
SIGNED_TOKEN_FORM = re.compile(r"([0-9]{1,18})\.[A-Za-z0-9_-]{43}")
OLD_TOKEN_FORM = re.compile(r"[A-Za-z0-9_-]{1,64}")


class NewsError(Exception):
    """A refused action, worded for the user."""


class RateLimited(NewsError):
    pass


def normalise_email(email: str) -> str:
    local, _, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


def news_publish(
    *,
    user,
    region: Region,
    title: str,
    body: str,
    published_on: datetime.date,
    plan: Plan | None = None,
    report: YearlyReport | None = None,
) -> NewsItem:
    item = NewsItem(
        region=region,
        title=title,
        body=body,
        published_on=published_on,
        plan=plan,
        report=report,
        author=user,
    )
    item.full_clean()
    with transaction.atomic():
        item.save()
        transaction.on_commit(lambda: tasks.notify_subscribers.enqueue("news", item.pk))
    return item


def consultation_announce(*, plan: Plan, user) -> NewsItem:
    """A news item of the plan's region saying that its draft is in public consultation,
    until when and where to comment, with a link to its public page; mailed to the
    region's subscribers like every news item. Written in the portal's language, as
    the group writes its news."""
    with translation.override(settings.LANGUAGE_CODE):
        date = formats.date_format(plan.consultation_ends_on, "DATE_FORMAT")
        title = by_kind(
            plan,
            _("Draft plan in public consultation until %(date)s: %(title)s"),
            _("Draft strategy in public consultation until %(date)s: %(title)s"),
        )
        room = NewsItem._meta.get_field("title").max_length - len(
            title % {"date": date, "title": ""}
        )
        title %= {"date": date, "title": Truncator(plan.title).chars(room)}
        url = settings.SITE_URL + reverse("public:plan", args=[plan.scope_region.slug, plan.slug])
        body = by_kind(
            plan,
            _(
                "The draft of the plan “%(title)s” is in public consultation until %(date)s. "
                "Read it on its [public page](%(url)s) and send your comments to "
                "%(email)s by that day."
            ),
            _(
                "The draft of the strategy “%(title)s” is in public consultation until "
                "%(date)s. Read it on its [public page](%(url)s) and send your comments to "
                "%(email)s by that day."
            ),
        ) % {"title": plan.title, "date": date, "url": url, "email": plan.consultation_email}
    return news_publish(
        user=user,
        region=plan.scope_region,
        title=title,
        body=body,
        published_on=timezone.localdate(),
        plan=plan,
    )


def consultation_news_mark_ended(*, plan: Plan) -> int:
    """Mark the news about the plan's public consultation as ended now: the item that
    announced it, and those the group published linking the draft while it lasted. Their
    page, the news lists and the feeds then say so, and while the draft is not public the
    item no longer links to its public page (a 404). Nothing is mailed. Returns how many.

    Items of an earlier consultation keep the day that one ended."""
    items = NewsItem.objects.filter(plan=plan, consultation_ended_at__isnull=True)
    if plan.consultation_started_on is not None:
        started = datetime.datetime.combine(plan.consultation_started_on, datetime.time())
        items = items.filter(created_at__gte=timezone.make_aware(started))
    return items.update(consultation_ended_at=timezone.now())


def subscription_request(*, email: str, regions: list[Region], ip: str | None) -> None:
    """Record a sign-up and send its confirmation link (or, past the limits, refuse)."""
    email = normalise_email(email)
    since_hour = timezone.now() - datetime.timedelta(hours=1)
    if (
        ip
        and PendingSubscription.objects.filter(ip_address=ip, created_at__gte=since_hour).count()
        >= SIGNUPS_PER_ADDRESS_PER_HOUR
    ):
        raise RateLimited(_("Too many sign-ups from your address. Please try again in an hour."))
    since_day = timezone.now() - datetime.timedelta(days=1)
    if (
        PendingSubscription.objects.filter(email=email, created_at__gte=since_day).count()
        >= CONFIRMATIONS_PER_EMAIL_PER_DAY
    ):
        return  # answer as always, but do not flood the mailbox
    with transaction.atomic():
        pending = PendingSubscription.objects.create(
            email=email,
            regions=sorted(region.pk for region in regions),
            # The hash of a token nobody has: no link confirms the sign-up until the worker
            # makes the one it sends (confirmation_token_issue). The task is queued with
            # the sign-up's id only: the queue's table keeps a task's arguments for weeks,
            # and must hold neither the address nor a token that confirms it.
            token_hash=hash_token(Subscriber.new_token()),
            ip_address=ip,
        )
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(pending.pk))


def confirmation_token_issue(*, pending_id: int) -> tuple[PendingSubscription, str] | None:
    """A new confirmation token for a sign-up still waiting (its hash stored, the token
    returned to be mailed), or None when it was confirmed, replaced or deleted since."""
    token = Subscriber.new_token()
    updated = PendingSubscription.objects.filter(pk=pending_id, used_at__isnull=True).update(
        token_hash=hash_token(token)
    )
    pending = PendingSubscription.objects.filter(pk=pending_id).first() if updated else None
    return (pending, token) if pending is not None else None


def pending_regions(token: str) -> list[Region]:
    """The regions a confirmation link would subscribe to (none if it is not valid)."""
    pending = PendingSubscription.objects.filter(
        token_hash=hash_token(token), used_at__isnull=True
    ).first()
    return list(Region.objects.filter(pk__in=pending.regions)) if pending else []


def subscription_confirm(*, token: str) -> Subscriber:
    """Confirm the sign-up behind `token`: a link works once, within CONFIRMATION_HOURS."""
    with transaction.atomic():
        pending = (
            PendingSubscription.objects.select_for_update()
            .filter(token_hash=hash_token(token))
            .first()
        )
        if pending is None:
            raise NewsError(_("This confirmation link is not valid."))
        if pending.used_at is not None:
            raise NewsError(
                _("This confirmation link was already used; your subscription is confirmed.")
            )
        if timezone.now() - pending.created_at > datetime.timedelta(hours=CONFIRMATION_HOURS):
            raise NewsError(_("This confirmation link has expired. Please sign up again."))
        regions = list(Region.objects.filter(pk__in=pending.regions))
        subscriber = Subscriber.objects.filter(email=pending.email).first()
        if subscriber is None:
            subscriber = Subscriber(email=pending.email)
        subscriber.consented_at = timezone.now()
        subscriber.consent_text = _("E-news of the RIN portal for: %(regions)s") % {
            "regions": ", ".join(region.name for region in regions)
        }
        subscriber.unsubscribed_at = None
        subscriber.save()
        subscriber.regions.set(regions)
        pending.used_at = timezone.now()
        pending.save(update_fields=["used_at"])
        # The subscription is what was confirmed last: an older link opened later must
        # not switch it back to the regions chosen before.
        PendingSubscription.objects.filter(email=pending.email, used_at__isnull=True).update(
            used_at=pending.used_at
        )
    return subscriber


def unsubscribe(*, token: str) -> Subscriber:
    """Forget the subscriber behind `token`: the privacy notice promises that an address
    is deleted when its owner unsubscribes, with the sign-ups it still has waiting."""
    with transaction.atomic():
        subscriber = _subscriber_of(token)
        if subscriber is None:
            raise NewsError(_("This unsubscribe link is not valid."))
        PendingSubscription.objects.filter(email=subscriber.email).delete()
        subscriber.delete()
    return subscriber


def _subscriber_of(token: str) -> Subscriber | None:
    """The subscriber an unsubscribe link's token names, or None. A token of neither form
    (a mangled link: PostgreSQL refuses a NUL in a query) is not looked up at all."""
    if signed := SIGNED_TOKEN_FORM.fullmatch(token):
        subscriber = Subscriber.objects.filter(pk=int(signed[1])).first()
        return subscriber if subscriber and subscriber.has_unsubscribe_token(token) else None
    if OLD_TOKEN_FORM.fullmatch(token):
        return Subscriber.objects.filter(unsubscribe_token_hash=hash_token(token)).first()
    return None


def pending_subscriptions_prune() -> int:
    """Delete sign-ups (address and sender's IP address) once their link can no longer
    be used and the sign-up limits no longer count them; returns how many."""
    hours = max(CONFIRMATION_HOURS, 24)
    cutoff = timezone.now() - datetime.timedelta(hours=hours)
    deleted, _by_model = PendingSubscription.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def unsubscribed_prune() -> int:
    """Delete the addresses that unsubscribed while unsubscribing only marked them (before
    it deleted them, as the privacy notice says); returns how many."""
    deleted, _by_model = Subscriber.objects.filter(unsubscribed_at__isnull=False).delete()
    return deleted


def announce(kind: str, object_id: int) -> None:
    """Tell subscribers, through the worker, once the current transaction commits."""
    transaction.on_commit(lambda: tasks.notify_subscribers.enqueue(kind, object_id))

"""Delete personal data the privacy notice says is not kept (run daily, from cron).

    python manage.py prune_personal_data

- security events (sign-ins, addresses, downloads) older than one year;
- e-news sign-ups (an address and the sender's IP address) whose confirmation link has
  expired, used or not: a confirmed address is kept on its subscriber, until it unsubscribes;
- subscribers marked as unsubscribed (unsubscribing deletes them now; it once only
  marked them).
"""

from django.core.management.base import BaseCommand

from news.services import pending_subscriptions_prune, unsubscribed_prune
from rin_portal.security import prune_events


class Command(BaseCommand):
    help = "Delete security events older than a year and expired e-news sign-ups."

    def handle(self, *args, **options):
        events = prune_events()
        signups = pending_subscriptions_prune()
        unsubscribed = unsubscribed_prune()
        self.stdout.write(
            f"Deleted {events} security events, {signups} e-news sign-ups and "
            f"{unsubscribed} unsubscribed addresses."
        )

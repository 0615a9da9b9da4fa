from django.core.management.base import BaseCommand, CommandError

from plans.demo import DEMO_PASSWORD, DemoRefused, demo_data_load


class Command(BaseCommand):
    help = (
        "Load demonstration plans, progress and one demo user per role. Idempotent. "
        "Refused unless RIN_DEMO_MODE=1 or DJANGO_DEBUG=1: demo users never exist in production."
    )

    def handle(self, *args, **options):
        try:
            users = demo_data_load()
        except DemoRefused as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Demo data loaded. Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"  {user.username:<18} {user.description}")

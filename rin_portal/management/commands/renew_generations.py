"""Renew the content, people, reference and plans generations: every page, plan text and
user kept under them is drawn or read afresh by every process.

Run it as the last step of an upgrade, once every app server runs the new version:
`migrate` renews them too, but app servers still running the old version afterwards may
have kept pages drawn with the old templates under the new values (docs/deploy.md).
"""

from django.core.management.base import BaseCommand

from rin_portal import generation


class Command(BaseCommand):
    help = "Make every cached page, plan text and user be drawn or read afresh."

    def handle(self, *args, **options):
        generation.bump()
        self.stdout.write(
            self.style.SUCCESS("Generations renewed: cached pages will be drawn afresh.")
        )

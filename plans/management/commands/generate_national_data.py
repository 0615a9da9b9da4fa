import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from plans.national_dataset import (
    PASSWORD,
    DatasetExists,
    national_dataset_create,
    national_dataset_delete,
)


class Command(BaseCommand):
    help = (
        "Generate a national-scale test data set (12 regions × 2 plans × ~40 programmes, 8 years "
        "of progress, ~500 providers, ~600 users) for benchmarks and load tests. Refused unless "
        "RIN_DEMO_MODE=1 or DJANGO_DEBUG=1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--replace", action="store_true", help="Delete an existing set first.")
        parser.add_argument("--delete", action="store_true", help="Only delete the set.")
        parser.add_argument("--programmes", type=int, default=40, help="Programmes per plan.")

    def handle(self, *args, replace: bool, delete: bool, programmes: int, **options):
        if not (settings.DEMO_MODE or settings.DEBUG):
            raise CommandError("Test data never goes into production: set RIN_DEMO_MODE=1.")
        if delete or replace:
            national_dataset_delete()
            if delete:
                self.stdout.write("National test data deleted.")
                return
        started = time.perf_counter()
        try:
            counts = national_dataset_create(programmes_per_plan=programmes)
        except DatasetExists as error:
            raise CommandError(str(error)) from None
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(
            f"Done in {time.perf_counter() - started:.1f} s. Users' password: {PASSWORD}"
        )

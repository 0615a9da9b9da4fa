from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipalities.services import REFERENCE_DIR, ReferenceDataError, reference_data_load
from plans.services.reference import national_programmes_load


class Command(BaseCommand):
    help = (
        "Load regions, administrative units, municipalities, population and the CSD network "
        "and the national programmes from fixtures/reference/. Idempotent: a second run "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=REFERENCE_DIR)

    def handle(self, *args, directory: Path, **options):
        try:
            result = reference_data_load(directory=directory)
        except ReferenceDataError as error:
            raise CommandError(f"Reference data not loaded, nothing changed: {error}") from None
        national = national_programmes_load()
        if national:
            self.stdout.write(
                f"national programmes, goals and targets: {national} created or updated"
            )
        if not result.changed_anything and not national:
            self.stdout.write("Reference data already up to date; nothing changed.")
            return
        for label, counts in (("created", result.created), ("updated", result.updated)):
            for kind, count in counts.items():
                self.stdout.write(f"{kind}: {count} {label}")

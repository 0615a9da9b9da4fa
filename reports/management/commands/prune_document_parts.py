"""Delete stored document parts not written for a while (they are only a cache).

    python manage.py prune_document_parts [--days 30]

Long documents are assembled from parts kept under MEDIA_ROOT/document-parts/ so that
an unchanged part is not rendered again. Finished documents never need them: a part
that is gone is simply rendered again the next time a document needs it.
"""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

ROOT = "document-parts"


class Command(BaseCommand):
    help = "Delete cached parts of long documents older than --days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, days: int, **options):
        cutoff = timezone.now() - datetime.timedelta(days=days)
        deleted = 0
        if default_storage.exists(ROOT):
            folders, _files = default_storage.listdir(ROOT)
            for folder in folders:
                for name in default_storage.listdir(f"{ROOT}/{folder}")[1]:
                    path = f"{ROOT}/{folder}/{name}"
                    if default_storage.get_modified_time(path) < cutoff:
                        default_storage.delete(path)
                        deleted += 1
        self.stdout.write(f"Deleted {deleted} document parts older than {days} days.")

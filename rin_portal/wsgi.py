"""WSGI entry point: `gunicorn rin_portal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rin_portal.settings")

application = get_wsgi_application()

from rin_portal.server import tune_garbage_collector  # noqa: E402  (needs the settings)

tune_garbage_collector()

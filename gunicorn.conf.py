"""gunicorn's settings for Kommunejournal, read from the working directory when gunicorn
starts there (`gunicorn config.wsgi:application`); flags on the command line win.

Issue 12 (the core request path): the worker heartbeat file lives in memory (/dev/shm)
where there is one, so a busy disk never stalls a worker between requests, and there is no
access log (gunicorn's default; the request id and the audit log say who did what).
"""

from __future__ import annotations

import os

# Sync workers, one per core (2 on the reference machine); set WEB_CONCURRENCY to change.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# The heartbeat file only (no data); a RAM-backed folder, as gunicorn's docs advise.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
accesslog = None
timeout = 120

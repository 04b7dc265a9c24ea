"""gunicorn's settings for SSE Registry (`gunicorn sse_registry.wsgi`); each
can be overridden on the command line or by its GUNICORN_* variable."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two processes per core is gunicorn's advice; WEB_CONCURRENCY overrides it.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1)))
# Threads: a CSV export of millions of rows streams for tens of seconds, and a
# sync worker that long without a heartbeat would be killed.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
# Request lines up to 8 KB (gunicorn's most), as the proxy's own limit
# (docs/deploy.md); longer ones get gunicorn's 400 if they get this far.
limit_request_line = 8190
# Workers are not restarted after a number of requests (max_requests): a
# gthread worker restarting that way drops the connections it has accepted but
# not yet served, so clients see resets (the database-restart drill, where
# quick 503s reach the count within seconds, caught two). No leak calls for it.
max_requests = 0
# The reverse proxy's address, whose X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The app logs every request itself, as JSON with its id, duration and query
# count (core/observability.py); gunicorn's own access log is off.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"

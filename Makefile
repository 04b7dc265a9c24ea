# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run serve test test-fast lint clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --entities 2000 --if-empty
	$(PY) manage.py demo_admin
	$(PY) manage.py runserver 127.0.0.1:8000

# The production way, on the loopback: DEBUG off, static files collected and
# served by WhiteNoise, gunicorn with 2 workers. Plain HTTP here, so the HTTPS
# settings are relaxed; behind a TLS proxy leave them at their defaults
# (docs/deploy.md). SECRET_KEY: yours, or a new one each start. The dev tooling
# is installed for seeding the demo data only, not in the server.
SERVE_ENV = DEBUG=false ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECRET_KEY=$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')} \
	SECURE_SSL_REDIRECT=false SECURE_COOKIES=false BEHIND_TLS_PROXY=false SECURE_HSTS_SECONDS=0

serve: $(STAMP)
	export $(SERVE_ENV) && \
	$(PY) manage.py migrate --no-input && \
	DEVTOOLS=true $(PY) manage.py seed_demo --entities 2000 --if-empty && \
	$(PY) manage.py collectstatic --no-input -v0 && \
	WEB_CONCURRENCY=$${WEB_CONCURRENCY:-2} $(VENV)/bin/gunicorn sse_registry.wsgi

# One worker per core (pytest-xdist), each on its own test database; tests
# that share something outside it (a Redis database, one gunicorn) carry the
# same xdist_group and run on one worker. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto

test: $(STAMP)
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The tests without the slow ones (seeding, other processes, the browser,
# tests that commit): under a minute, for while you work. CI runs `make test`.
test-fast: $(STAMP)
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadgroup -m "not slow" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache staticfiles

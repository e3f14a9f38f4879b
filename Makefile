# The two commands that matter: `make run` and `make test`. Everything they need is set up on the way.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST_ARGS ?= -n 2
# `make run PORT=8101` serves on another port; links in e-mails and the printed demo logins follow it
# unless SITE_URL says otherwise.
PORT ?= 8000
SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: run test bench lint format deps assets venv migrate demo check-deploy clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

deps:
	scripts/system-deps.sh $(if $(CI),--with-libreoffice,)

migrate: venv assets
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py signing_certificate
	$(PY) manage.py load_demo

run: venv assets
	scripts/system-deps.sh
	$(PY) manage.py migrate --noinput
	$(PY) manage.py signing_certificate
	SITE_URL=$(SITE_URL) $(PY) manage.py load_demo
	SITE_URL=$(SITE_URL) DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: venv assets deps
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

bench: venv assets
	scripts/system-deps.sh
	scripts/services.sh  # PostgreSQL and Redis on 127.0.0.1, for the load test and the large-over-small pages
	$(PY) bench/run.py

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check-deploy: venv assets
	$(PY) manage.py signing_certificate >/dev/null  # production names its own; this is the installation's default
	DJANGO_PRODUCTION=true SECRET_KEY=$$($(PY) -c "import secrets;print(secrets.token_urlsafe(50))") \
	  ALLOWED_HOSTS=portal.example.org $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache

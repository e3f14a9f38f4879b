"""Settings for the governance portal, read from the environment (django-environ).

Everything has a safe default for a single machine: SQLite, in-process tasks, e-mail printed to the
console. Set ``DJANGO_PRODUCTION=true`` for a deployment; it then requires a real ``SECRET_KEY`` and
``ALLOWED_HOSTS`` and turns on the HTTPS-only settings that ``manage.py check --deploy`` asks for.
"""

import datetime
from pathlib import Path

import environ

from core.error_reports import error_reports_init
from core.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env.bool("DJANGO_PRODUCTION", default=False)
# Off unless asked for (`make run` asks, for the demo server): a forgotten variable never shows tracebacks.
DEBUG = env.bool("DEBUG", default=False)

if PRODUCTION:
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "axes",
    "django_celery_beat",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "boards",
    "meetings",
    "actions",
    "performance",
    "portal",
    "demo",  # demo and scale data (load_demo, load_scale); last: it may import every app, none imports it
]

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",  # first: every response, even a redirect, says its request's id
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.IdleSessionMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the "signing in is paused" page.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Static files are collected and served by WhiteNoise; in development runserver serves them.
    MIDDLEWARE.insert(2, "whitenoise.middleware.WhiteNoiseMiddleware")  # after SecurityMiddleware

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep connections between requests (a new PostgreSQL connection per request halves throughput), checked
# before reuse so a restarted database server costs one failed check, not an error page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, in-process tasks, tests) share the file: wait rather than fail on a lock.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "boards.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out account and address is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Guessing passwords (django-axes). Failures are counted per account *and* client address together, so a
# stranger guessing from elsewhere never locks the real person out; a locked pair waits out the cool-off
# (each further try restarts it), and a completed password reset lifts it at once.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "accounts.guessing.posted_username"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
# The client address: REMOTE_ADDR, unless the portal runs behind proxies that say who the client is in a
# header, named here (e.g. X-Forwarded-For or X-Real-IP). Without it, a forwarded header is never believed.
# TRUSTED_PROXY_COUNT is how many proxies in front of the portal add to that header; the address the
# outermost of them wrote is used and anything the client wrote before it is ignored. (django-ipware counts
# only the proxies listed inside the header, which is one fewer: the last one appears as REMOTE_ADDR.)
TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER", default="")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
if TRUSTED_PROXY_HEADER:
    _meta_key = TRUSTED_PROXY_HEADER.strip().upper().replace("-", "_")
    AXES_IPWARE_META_PRECEDENCE_ORDER = [_meta_key if _meta_key.startswith("HTTP_") else f"HTTP_{_meta_key}"]
    AXES_IPWARE_PROXY_COUNT = max(TRUSTED_PROXY_COUNT - 1, 0)
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = None
AXES_IPWARE_PROXY_ORDER = "left-most"
# Take the position the proxy count gives even when a client padded the header with made-up entries.
IPWARE_STRICT = False

# Two-factor sign-in (django-otp): the name authenticator apps show beside the code.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Board portal")

# Password-reset e-mails: at most this many per hour for one e-mail address, and from one client address.
PASSWORD_RESET_LIMIT_PER_ADDRESS = env.int("PASSWORD_RESET_LIMIT_PER_ADDRESS", default=3)
PASSWORD_RESET_LIMIT_PER_CLIENT = env.int("PASSWORD_RESET_LIMIT_PER_CLIENT", default=10)
PASSWORD_RESET_LIMIT_WINDOW = datetime.timedelta(hours=1)
# How long an invitation to sign in works (days); sending it again starts the count afresh.
INVITATION_MAX_AGE_DAYS = env.int("INVITATION_MAX_AGE_DAYS", default=14)
# Actions: how long the update link in a reminder e-mail works (it opens one action's update form only).
ACTION_LINK_MAX_AGE_DAYS = env.int("ACTION_LINK_MAX_AGE_DAYS", default=21)

# The cache keeps the rate-limit counters: Redis in production (e.g. redis://127.0.0.1:6379/1), so every
# web process shares them; memory in one process otherwise.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# Each person's dashboard body is kept this long in that shared cache (made anew at once when anything it
# shows changes: portal/dashboard.py); off with a per-process memory cache, which one process cannot clear
# for the others.
DASHBOARD_CACHE_SECONDS = env.int(
    "DASHBOARD_CACHE_SECONDS", default=0 if "locmem" in CACHES["default"]["BACKEND"].lower() else 300
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
]
# Stored files (papers, built packs): the local file system under MEDIA_ROOT, or an S3-compatible bucket
# when AWS_STORAGE_BUCKET_NAME is set, so that several web and worker hosts share one store. The code reads
# and writes them only through the storage API (core/files.py). Private either way: no public ACL, and a
# URL to a file is signed and short-lived, given out only after the permission check (core/responses.py).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
# Seconds a signed link to a stored PDF works (S3 only): the browser is sent there instead of the web
# process streaming the file. 0 streams from the bucket through the web process.
STORAGE_SIGNED_URL_SECONDS = env.int("STORAGE_SIGNED_URL_SECONDS", default=60 if AWS_STORAGE_BUCKET_NAME else 0)
if AWS_STORAGE_BUCKET_NAME:
    file_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),  # MinIO, Ceph, moto...; None for AWS
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            # None: boto3's own chain (the environment, an instance role)
            "access_key": env("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default=None),
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default=None),  # "path" for most local servers
            "location": env("AWS_LOCATION", default=""),  # a prefix inside the bucket
            "default_acl": None,  # the bucket's own (private) policy; never public-read
            "querystring_auth": True,  # every URL is signed...
            "querystring_expire": STORAGE_SIGNED_URL_SECONDS or 60,  # ...and short-lived
            "file_overwrite": False,  # a taken name gets a new one, as on the file system
            "max_memory_size": 2 * 1024 * 1024,  # a file read through the web process spills to disk past this
        },
    }
else:
    file_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": file_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploaded papers and built packs are never served from a public URL: views check permission first.
MEDIA_URL = "/media-not-served/"

# Papers: the largest upload accepted, in megabytes.
PAPER_MAX_MB = env.int("PAPER_MAX_MB", default=50)
# Several papers for an item at once: at most this many files, and this much data, in one upload; checked
# files wait this long for the clerk to confirm their kinds and titles.
PAPER_BATCH_MAX_FILES = env.int("PAPER_BATCH_MAX_FILES", default=20)
PAPER_BATCH_MAX_MB = env.int("PAPER_BATCH_MAX_MB", default=150)
PAPER_HELD_HOURS = env.int("PAPER_HELD_HOURS", default=24)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Local working files (packs being built, with copies of their papers; large uploads as they arrive): the
# system's temporary folder unless set. Never shared between hosts; nothing stays there.
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", default=None)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
LIBREOFFICE_BINARY = env("LIBREOFFICE_BINARY", default="")
# Hostile files: limits while checking and converting (meetings/pdfsafety.py, filetypes.py, conversion.py).
PAPER_MAX_PAGES = env.int("PAPER_MAX_PAGES", default=5000)
PAPER_MAX_STREAM_MB = env.int("PAPER_MAX_STREAM_MB", default=256)  # one stream, unpacked
PAPER_CHECK_MEMORY_MB = env.int("PAPER_CHECK_MEMORY_MB", default=768)  # the checking child process
OFFICE_MAX_UNZIPPED_MB = env.int("OFFICE_MAX_UNZIPPED_MB", default=256)
CONVERSION_TIMEOUT = env.int("CONVERSION_TIMEOUT", default=180)  # seconds, wall clock
CONVERSION_CPU_SECONDS = env.int("CONVERSION_CPU_SECONDS", default=120)
CONVERSION_MEMORY_MB = env.int("CONVERSION_MEMORY_MB", default=2048)  # LibreOffice's address space
# Member lists imported from spreadsheets (boards/imports/): the largest file, the most rows, and what a
# workbook may unpack to.
MEMBER_IMPORT_MAX_MB = env.int("MEMBER_IMPORT_MAX_MB", default=2)
MEMBER_IMPORT_MAX_ROWS = env.int("MEMBER_IMPORT_MAX_ROWS", default=1000)
MEMBER_IMPORT_MAX_UNZIPPED_MB = env.int("MEMBER_IMPORT_MAX_UNZIPPED_MB", default=50)
# The chair's digital signature on signed-off minutes (meetings/minutes/signing.py): the installation's key
# and certificate as one PKCS#12 file, kept outside MEDIA_ROOT and the database, and the passphrase that
# opens it. `manage.py signing_certificate` makes a self-signed one there, named MINUTES_SIGNING_NAME; or
# name the organisation's own. A signature is trusted when made with that certificate or one that chains to
# a certificate in MINUTES_SIGNING_TRUSTED_CERTS (PEM files: the organisation's own CA, or a certificate
# the portal signed with before a new one).
MINUTES_SIGNING_KEY_FILE = Path(env("MINUTES_SIGNING_KEY_FILE", default=str(BASE_DIR / "var" / "minutes-signing.p12")))
MINUTES_SIGNING_PASSPHRASE = env("MINUTES_SIGNING_PASSPHRASE", default="")
MINUTES_SIGNING_TRUSTED_CERTS = env.list("MINUTES_SIGNING_TRUSTED_CERTS", default=[])
MINUTES_SIGNING_NAME = env("MINUTES_SIGNING_NAME", default="Governance portal")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console unless configured.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Board portal <portal@example.org>")

# Celery: no broker means tasks run in-process, in the request that queued them.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Scheduled jobs (the daily action reminders) are rows in the database (django-celery-beat), set up by a
# migration and changed in the admin; one `celery beat` process sends them to the workers.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged when it has finished, not when it starts, and a task whose worker process dies
# is put back on the queue: a build interrupted by a killed worker runs again on another.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis hands a task that was never acknowledged (its worker was killed outright) to another worker after
# this many seconds. Longer than any task takes; the Redis default is an hour.
visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=30 * 60)
# Queueing fails within seconds when the broker does not answer, so the page can say so: connect and
# reply timeouts, and one quick retry, rather than the defaults that wait for ever on a hung broker.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": visibility_timeout,
    # Look for such tasks five times per timeout, at least every 10 s (kombu's default is every 100 s).
    "unacked_restore_interval": max(1, min(10, visibility_timeout // 5)),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 3,
    "socket_timeout": 3,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True  # a worker started before the broker waits for it

# Agenda packs: a build queued or running that nothing has been heard of for this long has stopped (no
# worker took it, or its worker died). The page then says so, and the next click builds afresh.
PACK_BUILD_STALE_SECONDS = env.int("PACK_BUILD_STALE_SECONDS", default=300)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE

SESSION_COOKIE_HTTPONLY = True
# A session left alone this long is signed out (accounts.middleware.IdleSessionMiddleware).
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=8 * 60)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    # Load balancers probe the health check over plain HTTP, on the host's own address: answer rather than
    # redirect to HTTPS (the address must still be in ALLOWED_HOSTS, or the probe sends the site's name).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Logs: one JSON object per line in production (for a log collector), plain lines otherwise; each says which
# request (the X-Request-ID header) or Celery task wrote it (core/logging.py).
LOG_FORMAT = env("LOG_FORMAT", default="json" if PRODUCTION else "text")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env("LOG_LEVEL", default="INFO"))

# Unexpected errors go to an error tracker (Sentry) only when SENTRY_DSN is set: the kind of error, where in
# the code, the page's path and the user's id; never what people wrote (core/error_reports.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    error_reports_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default=None),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

"""The Celery application.

With no CELERY_BROKER_URL configured, tasks run in-process (``task_always_eager``), so the portal
works on one machine with nothing else installed. With a broker, a real worker runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

"""The Celery application.

With no CELERY_BROKER_URL configured, tasks run in-process (``task_always_eager``), so the portal
works on one machine with nothing else installed. With a broker, a real worker runs them.

Each task's log lines carry its task id, and the id of the web request that queued it (passed along in the
task's headers): see core/logging.py.
"""

import os

from celery import Celery, signals

from core import logging as log_context

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect(weak=False)
def keep_the_portals_logging(**kwargs) -> None:
    """Workers log as the web processes do (the settings' LOGGING, with LOG_FORMAT and LOG_LEVEL): a receiver
    here tells Celery not to set up logging of its own."""


signals.before_task_publish.connect(log_context.on_before_task_publish, weak=False)
signals.task_prerun.connect(log_context.on_task_prerun, weak=False)
signals.task_postrun.connect(log_context.on_task_postrun, weak=False)

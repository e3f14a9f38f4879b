"""Celery pointed at a broker address for one test (one that does not answer, usually)."""

from __future__ import annotations

import contextlib
import os


@contextlib.contextmanager
def broker_at(url: str):
    """Send tasks to ``url`` for real (not in-process) until the block ends, then put everything back.

    Celery reads ``CELERY_BROKER_URL`` from the environment before its own setting, and makes its
    connection pools from the URL on first use, so both are set and the pools are dropped either side.
    """
    from config.celery import app

    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    saved_env = os.environ.get("CELERY_BROKER_URL")

    def use(conf: dict) -> None:
        app.conf.update(conf)
        app._pool = None
        app.amqp._producer_pool = None

    os.environ["CELERY_BROKER_URL"] = url
    use({"broker_url": url, "task_always_eager": False})
    try:
        yield app
    finally:
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        use(saved)

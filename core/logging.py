"""Log lines that say which request or task wrote them.

Every web request gets an id (:class:`core.middleware.RequestIdMiddleware`), every Celery task run its task
id (the signals connected in ``config/celery.py``); both live in context variables that
:class:`ContextFilter` copies onto each log record. With ``LOG_FORMAT=json`` (the default in production)
:class:`JsonFormatter` writes one JSON object per line, for a log collector; otherwise
:class:`TextFormatter` writes plain lines for a person at a terminal.

Only the standard library: the module is imported by the settings, before Django is set up.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import uuid

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
task_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("task_id", default=None)
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)

#: An id sent in by a proxy or a client is kept only when it is a short token of these characters.
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def new_request_id() -> str:
    return uuid.uuid4().hex


def sane_request_id(value: str | None) -> str:
    """``value`` (an incoming ``X-Request-ID``) when it is a plain short token, else a new id: whatever a
    client sends never reaches a log line unchecked (no newlines, nothing long)."""
    if value and _SANE_ID.fullmatch(value):
        return value
    return new_request_id()


# Tasks ---------------------------------------------------------------------------------------------------

_task_tokens: dict[str, tuple[contextvars.Token, contextvars.Token]] = {}


def task_started(task_id: str | None, request_id: str | None = None) -> None:
    """A task begins: its log lines carry ``task_id`` and, when the web request that queued it passed its
    own id along, that request's id. Run in the request itself (no broker), the request's id stays."""
    if not task_id:
        return
    request_token = request_id_var.set(request_id or request_id_var.get())
    _task_tokens[task_id] = (task_id_var.set(task_id), request_token)


def task_finished(task_id: str | None) -> None:
    """A task has ended: the ids are put back as they were before it started."""
    tokens = _task_tokens.pop(task_id, None) if task_id else None
    if tokens is None:
        return
    task_token, request_token = tokens
    try:
        task_id_var.reset(task_token)
        request_id_var.reset(request_token)
    except ValueError:  # finished in another context than it started in: just clear
        task_id_var.set(None)


def on_task_prerun(sender=None, task_id=None, task=None, **kwargs) -> None:
    request = getattr(task, "request", None)
    task_started(task_id, getattr(request, "request_id", None) if request is not None else None)


def on_task_postrun(sender=None, task_id=None, **kwargs) -> None:
    task_finished(task_id)


def on_before_task_publish(headers=None, **kwargs) -> None:
    """Pass the current request's id along with a task queued from it (read back in ``on_task_prerun``)."""
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault("request_id", request_id)


# Records -------------------------------------------------------------------------------------------------


class ContextFilter(logging.Filter):
    """Adds ``request_id``, ``task_id`` and ``user_id`` (``None`` when not known) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.task_id = task_id_var.get()
        record.user_id = user_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, the request, task and user
    ids where known, and the traceback as text when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "task_id": getattr(record, "task_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Plain lines for a terminal: the level, the logger and the message, with the request or task id in
    brackets when there is one."""

    def __init__(self) -> None:
        super().__init__("%(levelname)s %(name)s %(context)s%(message)s")

    def format(self, record: logging.LogRecord) -> str:
        ids = [
            f"{name} {value}"
            for name, value in (
                ("request", getattr(record, "request_id", None)),
                ("task", getattr(record, "task_id", None)),
            )
            if value
        ]
        record.context = f"[{', '.join(ids)}] " if ids else ""
        return super().format(record)


def logging_config(*, log_format: str, level: str) -> dict:
    """The ``LOGGING`` setting: one console handler, in ``json`` or ``text``."""
    if log_format not in ("json", "text"):
        raise ValueError(f'LOG_FORMAT must be "json" or "text", not {log_format!r}.')
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": "core.logging.ContextFilter"}},
        "formatters": {
            "json": {"()": "core.logging.JsonFormatter"},
            "text": {"()": "core.logging.TextFormatter"},
        },
        "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context"], "formatter": log_format}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "weasyprint": {"level": "ERROR"},
            "fontTools": {"level": "ERROR"},
            "pikepdf": {"level": "WARNING"},
            # pyHanko logs every untrusted certificate and every change after signing with a traceback; the
            # signature check reports them in plain words.
            "pyhanko": {"level": "ERROR"},
            "pyhanko_certvalidator": {"level": "ERROR"},
        },
    }

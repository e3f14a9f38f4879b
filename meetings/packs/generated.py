"""Generated documents by kind: how an app adds a paper the portal writes itself to agenda packs.

The meetings app owns packs but not every document that goes into one: the action log and the
recommendation tracker belong to ``actions``, the scorecard to ``performance``. Each app declares the kinds
of document it writes in its ``AppConfig.ready()``::

    from meetings.packs.generated import register_generated_kind

    register_generated_kind("action_log", "Action log", ActionLogSource, public_by_default=False)

An agenda item carries one kind (``AgendaItem.generated_kind``, a plain string: the kinds known are the
ones registered when the portal runs, so the item form and the services check it, not the database). When
a pack is built, the item's kind gives the :class:`~meetings.packs.sources.GeneratedPageSource` that writes
its pages, before the item's uploaded papers. So ``meetings`` never imports the apps that add papers.

Whether the pages go into the public edition is the item's visibility rule
(:func:`meetings.visibility.generated_document_visibility`): never for a Part II item; for a public item,
the kind's ``public_by_default`` unless the item says otherwise.

A kind may also show itself live on the meeting page, under the item that carries it: ``summary`` is a
callable ``summary(meeting, reader)`` that returns a template name and its context, or ``None`` when the
reader may not see it (or there is nothing to show). The page renders it for members only, never on the
public page (``{% generated_summary %}``, :mod:`meetings.templatetags.generated`)::

    register_generated_kind("action_log", "Action log", ActionLogSource, public_by_default=False,
                            summary=agenda_summary)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured, ValidationError

if TYPE_CHECKING:
    from ..models import Meeting
    from .sources import GeneratedPageSource

#: ``summary(meeting, reader)``: a template name and its context for the meeting page, or None.
Summary = Callable[["Meeting", Any], "tuple[str, dict[str, Any]] | None"]

__all__ = [
    "GeneratedKind",
    "generated_kind",
    "generated_kind_choices",
    "generated_kinds",
    "register_generated_kind",
    "validate_generated_kind",
]

#: The longest key an item can store (``AgendaItem.generated_kind``).
KEY_MAX_LENGTH = 40
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class GeneratedKind:
    key: str
    label: str
    source_class: type[GeneratedPageSource]
    #: Whether a public item's generated pages go into the public edition unless the item says otherwise.
    public_by_default: bool = True
    #: What the meeting page shows under the item, for members (None: nothing).
    summary: Summary | None = None


#: Key -> kind, in the order the apps registered them.
_REGISTRY: dict[str, GeneratedKind] = {}


def register_generated_kind(
    key: str,
    label: str,
    source_class: type[GeneratedPageSource],
    *,
    public_by_default: bool = True,
    summary: Summary | None = None,
) -> GeneratedKind:
    """Declare a kind of generated document (call it from the owning app's ``AppConfig.ready()``).

    Registering the same kind again with the same class changes nothing; another class under a key already
    taken is a mistake in the apps' configuration and is refused.
    """
    from .sources import GeneratedPageSource

    if not _KEY.match(key) or len(key) > KEY_MAX_LENGTH:
        raise ImproperlyConfigured(
            f"Generated document kind {key!r}: use lower-case letters, digits and underscores, "
            f"at most {KEY_MAX_LENGTH} characters."
        )
    if not (isinstance(source_class, type) and issubclass(source_class, GeneratedPageSource)):
        raise ImproperlyConfigured(f"Generated document kind {key!r}: {source_class!r} is not a GeneratedPageSource.")
    if summary is not None and not callable(summary):
        raise ImproperlyConfigured(f"Generated document kind {key!r}: its summary {summary!r} is not callable.")
    if source_class.kind != key:
        raise ImproperlyConfigured(
            f"Generated document kind {key!r}: {source_class.__name__}.kind is {source_class.kind!r}; they must match "
            "(the kind names the rendered copies in the cache)."
        )
    kind = GeneratedKind(
        key=key, label=label, source_class=source_class, public_by_default=public_by_default, summary=summary
    )
    existing = _REGISTRY.get(key)
    if existing is not None and existing.source_class is not source_class:
        raise ImproperlyConfigured(
            f"Generated document kind {key!r} is already registered by {existing.source_class.__module__}."
        )
    _REGISTRY[key] = kind
    return kind


def generated_kinds() -> list[GeneratedKind]:
    """Every registered kind, by label."""
    return sorted(_REGISTRY.values(), key=lambda kind: kind.label.lower())


def generated_kind(key: str | None) -> GeneratedKind | None:
    """The registered kind ``key``, or ``None`` (no kind, or one no installed app registers)."""
    return _REGISTRY.get(key) if key else None


def generated_kind_choices() -> list[tuple[str, str]]:
    """Choices for a form: "(none)" and the registered kinds, worked out when the form is shown."""
    return [("", "(none)"), *((kind.key, kind.label) for kind in generated_kinds())]


def validate_generated_kind(value: str) -> None:
    """Refuse a kind no installed app registers (blank means none)."""
    if value and value not in _REGISTRY:
        known = ", ".join(kind.label for kind in generated_kinds()) or "none"
        raise ValidationError(
            f"“{value}” is not a kind of generated document this portal writes (it writes: {known}).",
            code="unknown_generated_kind",
        )

"""The link in a reminder e-mail that lets an owner update one action without signing in.

The link carries the action and the owner, signed with the site's secret (Django's signing) and dated: it
expires after ``ACTION_LINK_MAX_AGE_DAYS``; an altered one fails the signature. It opens that action's
update form and nothing else, and creates no session, so it never stands in for signing in (nor for
two-factor sign-in). It stops working as soon as the person no longer owns the action.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from boards.models import Person

from .models import Action

SALT = "actions.update-link"


class BadLink(Exception):
    """A link that has expired, was altered, or no longer fits: the message says which, in plain words."""


@dataclass(frozen=True)
class LinkHolder:
    action: Action
    person: Person


def update_token(action: Action, person: Person) -> str:
    return signing.dumps({"a": action.pk, "p": person.pk}, salt=SALT, compress=True)


def update_url(action: Action, person: Person) -> str:
    """The full address of the update form for ``person`` on ``action``, for an e-mail."""
    path = reverse("actions:action_update_by_link", args=[update_token(action, person)])
    return settings.SITE_URL.rstrip("/") + path


def read_token(token: str) -> LinkHolder:
    max_age = settings.ACTION_LINK_MAX_AGE_DAYS * 24 * 3600
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise BadLink(
            "This link has expired. Sign in to the portal to update the action, or wait for the next reminder."
        ) from exc
    except signing.BadSignature as exc:
        raise BadLink("This link is not one the portal sent, or it was changed on the way.") from exc
    action = Action.objects.select_related("board").filter(pk=data.get("a")).first()
    person = Person.objects.filter(pk=data.get("p")).first()
    if action is None or person is None or not action.owner_rows.filter(person=person).exists():
        raise BadLink("This link is for an action you no longer own. Sign in to the portal to see your actions.")
    return LinkHolder(action=action, person=person)

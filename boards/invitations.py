"""Invitations to sign in: a coordinator offers a person on their board a login, by e-mail.

The e-mail carries a single-use link bound to the address the person has in the directory. Whoever opens it
either chooses a password for a new login (when no login uses that address), or, signed in as the login that
already has that address, links it to the person. The coordinator never sees the link, never sets a password
and cannot point an existing login at anyone: an existing login is linked only by its owner, signed in.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core import clock
from core.activity import log_action
from core.locks import lock_row, locked
from core.mail import queue_email_on_commit
from core.permissions import require_permission

from .models import Board, Invitation, Membership, Person, User


def max_age_days() -> int:
    return settings.INVITATION_MAX_AGE_DAYS


def _max_age() -> datetime.timedelta:
    return datetime.timedelta(days=max_age_days())


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def accept_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("boards:invitation_open", args=[token])


def _day(moment: datetime.datetime) -> str:
    moment = timezone.localtime(moment)
    return f"{moment.day} {moment:%B %Y}"


def _sits_on(person: Person, board: Board) -> bool:
    """A seat on the board today or starting later: invitations are for the board's people, not its past."""
    today = clock.today()
    return Membership.objects.filter(board=board, person=person).exclude(end_date__lt=today).exists()


def check_can_invite(person: Person, board: Board) -> User | None:
    """Why this person cannot be invited, as a ValidationError; else the login their address already has."""
    if not _sits_on(person, board):
        raise ValidationError(f"{person} has no current or future seat on {board.display_short_name}.")
    if User.objects.filter(person=person).exists():
        raise ValidationError(f"{person} already has a login.")
    if not person.email:
        raise ValidationError(
            f"{person} has no e-mail address in the directory. Add one to their details first, "
            "then send the invitation."
        )
    existing = User.objects.filter(email__iexact=person.email).first()
    if existing is not None and existing.person_id and existing.person_id != person.pk:
        raise ValidationError(
            f"The address {person.email} already signs in for someone else in the directory. "
            f"Check {person}'s e-mail address."
        )
    return existing


@transaction.atomic
def invitation_send(*, user, board: Board, person: Person) -> Invitation:
    """Send ``person`` an invitation to sign in (or send it again, with a new link that replaces the old)."""
    require_permission(user, "boards.manage_board", board)
    if not lock_row(Person, person.pk):
        raise ValidationError("That person is no longer in the directory.")
    person.refresh_from_db()
    existing_login = check_can_invite(person, board)
    token = secrets.token_urlsafe(32)
    now = clock.now()
    invitation = locked(Invitation.objects.open(), missing_ok=True, person=person)
    again = invitation is not None
    if invitation is None:
        invitation = Invitation(person=person, created_at=now, times_sent=0)
    invitation.board = board
    invitation.email = person.email.lower()
    invitation.token_digest = _digest(token)
    invitation.invited_by = user if isinstance(user, User) else None
    invitation.sent_at = now
    invitation.times_sent += 1
    invitation.expires_at = now + _max_age()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise ValidationError(f"{person} was invited a moment ago; the roster now shows it.") from None
    _email(invitation, token, existing_login=existing_login, inviter=user)
    log_action(
        "boards.invitation.resent" if again else "boards.invitation.sent",
        actor=user,
        obj=invitation,
        data={"person": str(person), "to": invitation.email},
    )
    return invitation


def _email(invitation: Invitation, token: str, *, existing_login: User | None, inviter) -> None:
    board = invitation.board
    who = getattr(inviter, "get_full_name", lambda: "")() or "The board's coordinator"
    expires = timezone.localtime(invitation.expires_at)
    if existing_login is None:
        how = (
            f"Open this link to choose a password. You will then sign in with this e-mail address ({invitation.email}):"
        )
    else:
        how = (
            f"You already have a login with this address ({invitation.email}). Open this link, sign in as "
            f"usual, and confirm to link your login to your place on {board.name}:"
        )
    body = (
        f"Dear {invitation.person},\n\n"
        f"{who} has invited you to sign in to the board portal for {board.name}, where you can read its "
        "agendas and papers.\n\n"
        f"{how}\n\n{accept_url(token)}\n\n"
        f"The link works once, until {expires.day} {expires:%B %Y at %H:%M}. If it has expired, ask {who} to send "
        "a new one.\n\nIf you were not expecting this, you can ignore it: nothing happens unless the link "
        "is opened."
    )
    queue_email_on_commit(
        subject=f"Your invitation to the board portal for {board.name}", body=body, to=[invitation.email]
    )


def invitable_people(board: Board) -> tuple[list[Person], list[tuple[Person, str]]]:
    """The board's current and coming people whom "invite everyone" would invite (no login, an address, no
    invitation still open), and the others with the reason they are left out. Four queries."""
    seats = Membership.objects.filter(board=board).exclude(end_date__lt=clock.today())
    people = list(Person.objects.filter(pk__in=seats.values("person_id")).order_by("last_name", "first_name", "pk"))
    ids = [p.pk for p in people]
    with_login = set(User.objects.filter(person_id__in=ids).values_list("person_id", flat=True))
    pending = {i.person_id: i for i in Invitation.objects.open().filter(person_id__in=ids) if not i.is_expired}
    addresses = [p.email for p in people if p.email]
    taken = {e.lower() for e in User.objects.filter(email__in=addresses).values_list("email", flat=True)}
    chosen, left_out = [], []
    for person in people:
        if person.pk in with_login:
            left_out.append((person, "has a login"))
        elif not person.email:
            left_out.append((person, "no e-mail address"))
        elif person.pk in pending:
            left_out.append((person, f"invited {_day(pending[person.pk].sent_at)}"))
        elif person.email.lower() in taken:
            left_out.append((person, "a login already uses their address: invite them one by one"))
        else:
            chosen.append(person)
    return chosen, left_out


@transaction.atomic
def invitations_send_all(*, user, board: Board) -> list[Invitation]:
    """Invite everyone :func:`invitable_people` chooses. One refusal (a change since the page was read)
    leaves the others sent."""
    require_permission(user, "boards.manage_board", board)
    chosen, _ = invitable_people(board)
    sent = []
    for person in chosen:
        try:
            with transaction.atomic():
                sent.append(invitation_send(user=user, board=board, person=person))
        except ValidationError:
            continue
    return sent


@transaction.atomic
def invitation_withdraw(*, user, invitation: Invitation) -> Invitation:
    require_permission(user, "boards.manage_board", invitation.board)
    invitation = locked(Invitation.objects, pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(f"{invitation.person} has already used the invitation; they have a login.")
    if invitation.withdrawn_at:
        return invitation
    invitation.withdrawn_at = clock.now()
    invitation.save(update_fields=["withdrawn_at"])
    log_action("boards.invitation.withdrawn", actor=user, obj=invitation, data={"person": str(invitation.person)})
    return invitation


# Opening the link ---------------------------------------------------------------------------------------


def invitation_for_token(token: str, *, for_update: bool = False) -> Invitation:
    """The invitation a link opens, if it still may be used; else a ValidationError in a reader's words."""
    queryset = Invitation.objects.select_related("person", "board", "invited_by__person")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_digest=_digest(token or "")).first()
    if invitation is None:
        raise ValidationError(
            "This invitation link is not valid. If you were sent more than one, use the link in the most "
            "recent e-mail; otherwise ask the board's coordinator to send a new one."
        )
    who = invitation.invited_by.get_full_name() if invitation.invited_by else "the board's coordinator"
    if invitation.accepted_at or User.objects.filter(person_id=invitation.person_id).exists():
        raise ValidationError(
            "This invitation has already been used. Sign in with your e-mail address and password; if you "
            "have forgotten the password, choose “Forgotten your password?” on the sign-in page."
        )
    if invitation.withdrawn_at:
        raise ValidationError(f"This invitation was withdrawn. Ask {who} if you need to sign in.")
    if invitation.is_expired:
        raise ValidationError(f"This invitation expired on {_day(invitation.expires_at)}. Ask {who} to send a new one.")
    if invitation.person.email.lower() != invitation.email:
        raise ValidationError(
            "This invitation was sent to an address that is no longer the one in the directory. "
            f"Ask {who} to send a new one to the right address."
        )
    return invitation


def existing_login_for(invitation: Invitation) -> User | None:
    return User.objects.filter(email__iexact=invitation.email).first()


@transaction.atomic
def invitation_accept_with_password(*, token: str, password: str) -> User:
    """Create the person's login with the address the invitation went to, and use the invitation up."""
    invitation = invitation_for_token(token, for_update=True)
    if existing_login_for(invitation) is not None:
        raise ValidationError(
            f"A login already uses {invitation.email}. Sign in with it, then open the link again to link it."
        )
    login = User.objects.create_user(email=invitation.email, password=password, person=invitation.person)
    _use(invitation, login)
    return login


@transaction.atomic
def invitation_accept_as(*, user, token: str) -> User:
    """Link the signed-in login to the invited person: only the login that has the invited address may."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in first.")
    invitation = invitation_for_token(token, for_update=True)
    login = locked(User.objects, pk=user.pk)
    if login.email.lower() != invitation.email:
        raise ValidationError(
            f"This invitation is for {invitation.email}, but you are signed in as {login.email}. "
            "Sign out, then open the link again and sign in with the invited address."
        )
    if login.person_id and login.person_id != invitation.person_id:
        raise ValidationError(
            f"Your login already belongs to {login.person} in the directory. Ask the board's coordinator to "
            "add that entry to the board instead."
        )
    login.person = invitation.person
    login.save(update_fields=["person"])
    _use(invitation, login)
    return login


def _use(invitation: Invitation, login: User) -> None:
    invitation.accepted_at = clock.now()
    invitation.save(update_fields=["accepted_at"])
    log_action("boards.invitation.used", actor=login, obj=invitation, data={"person": str(invitation.person)})


# The roster's view of it ---------------------------------------------------------------------------------


def sign_in_status(people_ids) -> tuple[set[int], dict[int, Invitation]]:
    """(ids of people with a login, person id -> their latest invitation): two queries for a roster."""
    people_ids = list(people_ids)
    with_login = set(User.objects.filter(person_id__in=people_ids).values_list("person_id", flat=True))
    latest: dict[int, Invitation] = {}
    for invitation in Invitation.objects.filter(person_id__in=people_ids).order_by("person_id", "-sent_at"):
        latest.setdefault(invitation.person_id, invitation)
    return with_login, latest

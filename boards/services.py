"""Writes for boards, people and memberships. Views, admin, commands and tests all come through here."""

from __future__ import annotations

import contextlib
import datetime
import re

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from core import clock
from core.activity import changes, log_action, snapshot
from core.locks import locked
from core.mail import queue_email
from core.permissions import SYSTEM, require_permission

from .enums import VOTING_BY_DEFAULT, BoardKind, Role
from .front_sheet import FRONT_SHEET_FIELDS, fill_front_sheet_defaults
from .models import Board, MemberImport, Membership, Organisation, Person, User
from .signals import board_created

# Initials --------------------------------------------------------------------------------------------


def _initials_in_use(board_ids, exclude_person_id=None) -> set[str]:
    qs = Person.objects.filter(memberships__board_id__in=list(board_ids)).distinct()
    if exclude_person_id:
        qs = qs.exclude(pk=exclude_person_id)
    return {i.upper() for i in qs.values_list("initials", flat=True)}


def _initial_candidates(first_name: str, last_name: str):
    first = re.sub(r"[^A-Za-z]", "", first_name)[:1].upper()
    parts = [p for p in re.split(r"[\s\-']+", last_name) if p]
    last = "".join(p[0].upper() for p in parts) or "X"
    base = first + last
    yield base
    surname = parts[-1] if parts else ""
    # "DMc" for McMillan, "JMa" for Mason: first letters of the surname, as minutes do it.
    match = re.match(r"(Ma?c)", surname)
    if match:
        yield first + match.group(1)
    if len(surname) > 1:
        yield first + surname[0].upper() + surname[1].lower()
    for n in range(2, 10):
        yield f"{base}{n}"


def initials_suggest(*, first_name: str, last_name: str, board: Board | None = None, exclude_person=None) -> str:
    """Initials for a new person, unique on the board when one is given ("SA", then "SAs", "DMc")."""
    taken = _initials_in_use([board.pk]) if board else set()
    if exclude_person is not None and board is not None:
        taken = _initials_in_use([board.pk], exclude_person_id=exclude_person.pk)
    for candidate in _initial_candidates(first_name, last_name):
        if candidate.upper() not in taken:
            return candidate
    raise ValidationError("Could not suggest initials; please type them.")


def _check_initials_unique(person: Person, board_ids) -> None:
    clash = (
        Person.objects.filter(memberships__board_id__in=list(board_ids), initials__iexact=person.initials)
        .exclude(pk=person.pk)
        .select_related()
        .first()
    )
    if clash:
        raise ValidationError(
            {"initials": f"The initials {person.initials} are already used by {clash} on this board."}
        )


# Organisations and people ----------------------------------------------------------------------------


@transaction.atomic
def organisation_save(
    *,
    user,
    organisation: Organisation | None = None,
    name: str,
    short_name: str = "",
    aliases=(),
    sector: str = "other",
) -> Organisation:
    require_permission(user, "boards.manage_directory")
    created = organisation is None
    organisation = organisation or Organisation()
    before = snapshot(organisation, ORGANISATION_FIELDS)
    organisation.name = name.strip()
    organisation.short_name = short_name.strip()
    organisation.aliases = [a.strip() for a in aliases if a and a.strip()]
    organisation.sector = sector
    organisation.full_clean()
    organisation.save()
    log_action(
        "boards.organisation.added" if created else "boards.organisation.changed",
        actor=user,
        obj=organisation,
        data={"changes": changes(before, snapshot(organisation, ORGANISATION_FIELDS))},
    )
    return organisation


ORGANISATION_FIELDS = ("name", "short_name", "aliases", "sector")
PERSON_FIELDS = (
    "honorific",
    "first_name",
    "last_name",
    "initials",
    "job_title",
    "organisation",
    "email",
    "phone",
)


@transaction.atomic
def person_save(
    *,
    user,
    person: Person | None = None,
    last_name: str,
    first_name: str = "",
    honorific: str = "",
    initials: str = "",
    job_title: str = "",
    organisation: Organisation | None = None,
    email: str | None = None,
    phone: str = "",
    board: Board | None = None,
) -> Person:
    """Create or update a person. Initials are suggested when left blank and kept unique on their boards.

    A coordinator changes only people without a login who sit on no board but theirs; everyone changes
    their own details; a login's e-mail address changes only through :func:`email_change_confirm`, except
    by a site administrator. ``email=None`` leaves the address as it is.
    """
    if person is None or person.pk is None:
        require_permission(user, "boards.add_person")
    else:
        require_permission(user, "boards.change_person", person)
    created = person is None or person.pk is None
    person = person or Person()
    before = snapshot(person, PERSON_FIELDS)
    login = User.objects.filter(person_id=person.pk).first() if person.pk else None
    email = person.email if email is None else email.strip().lower()
    if login is not None and email != person.email:
        if not (user is SYSTEM or user.is_superuser):
            raise ValidationError(
                {"email": f"{person} signs in with this address; only they can change it, from their own page."}
            )
        if not email:
            raise ValidationError({"email": f"{person} signs in with their e-mail address; it cannot be blank."})
        if User.objects.filter(email__iexact=email).exclude(pk=login.pk).exists():
            raise ValidationError({"email": f"Another login already uses {email}."})
        login.email = email
        login.save(update_fields=["email"])
    person.honorific = honorific.strip()
    person.first_name = first_name.strip()
    person.last_name = last_name.strip()
    person.job_title = job_title.strip()
    person.organisation = organisation
    person.email = email
    person.phone = phone.strip()
    person.initials = initials.strip() or initials_suggest(
        first_name=person.first_name,
        last_name=person.last_name,
        board=board,
        exclude_person=person if person.pk else None,
    )
    person.full_clean()
    board_ids = set()
    if person.pk:
        board_ids |= set(person.memberships.values_list("board_id", flat=True))
    if board is not None:
        board_ids.add(board.pk)
    _check_initials_unique(person, board_ids)
    person.save()
    log_action(
        "boards.person.added" if created else "boards.person.changed",
        actor=user,
        obj=person,
        scope=board,
        data={"changes": changes(before, snapshot(person, PERSON_FIELDS))},
    )
    return person


# Boards ----------------------------------------------------------------------------------------------


def _unique_slug(name: str, exclude_pk=None) -> str:
    base = slugify(name)[:50] or "board"
    slug, n = base, 2
    while Board.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def board_create(*, user, name: str, short_name: str = "", **fields) -> Board:
    require_permission(user, "boards.add_board")
    fill_front_sheet_defaults(fields, fields.get("kind") or BoardKind.PARTNERSHIP_BOARD)
    board = Board(name=name.strip(), short_name=short_name.strip(), **fields)
    board.slug = fields.get("slug") or _unique_slug(short_name or name)
    board.full_clean()
    board.save()
    board_created.send(sender=Board, board=board)
    log_action("boards.board.created", actor=user, obj=board, data={"name": board.name})
    return board


@transaction.atomic
def board_set_up(
    *,
    user,
    board_fields: dict,
    coordinator: Person | None = None,
    new_coordinator: dict | None = None,
    invite: bool = True,
) -> tuple[Board, Membership]:
    """A new board with its first coordinator (someone in the directory, or a new person), and, when asked
    and they have no login, an invitation to sign in. All or nothing: a refused invitation saves no board."""
    from .invitations import invitation_send

    board = board_create(user=user, **board_fields)
    if coordinator is None:
        coordinator = person_save(user=user, board=board, **(new_coordinator or {}))
    seat = membership_add(
        user=user,
        board=board,
        person=coordinator,
        role=Role.COORDINATOR,
        organisation=coordinator.organisation,
        voting=False,
    )
    if invite and not User.objects.filter(person=coordinator).exists():
        invitation_send(user=user, board=board, person=coordinator)
    return board, seat


@transaction.atomic
def board_update(*, user, board: Board, **fields) -> Board:
    require_permission(user, "boards.manage_board", board)
    # The stored kind: a ModelForm has already copied the new one onto ``board``.
    stored_kind = Board.objects.filter(pk=board.pk).values_list("kind", flat=True).first()
    if fields.get("kind", stored_kind) != stored_kind:
        # Now a council's committee (say): the front-sheet wording left blank takes the new kind's defaults.
        wording = {name: fields.get(name, getattr(board, name)) for name in FRONT_SHEET_FIELDS}
        fields = {**fields, **fill_front_sheet_defaults(wording, fields["kind"])}
    before = snapshot(board, fields)
    for name, value in fields.items():
        setattr(board, name, value)
    if board.parent_id == board.pk:
        raise ValidationError({"parent": "A board cannot report to itself."})
    ancestor = board.parent
    while ancestor is not None:
        if ancestor.pk == board.pk:
            raise ValidationError({"parent": "That would make the board report to one of its own sub-groups."})
        ancestor = ancestor.parent
    board.full_clean()
    board.save()
    diff = changes(before, snapshot(board, fields))
    if diff:
        log_action("boards.board.changed", actor=user, obj=board, data={"changes": diff})
    return board


# Memberships -----------------------------------------------------------------------------------------


def _check_no_overlap(membership: Membership) -> None:
    overlapping = Membership.objects.filter(
        board=membership.board, person=membership.person, role=membership.role
    ).exclude(pk=membership.pk)
    start, end = membership.start_date, membership.end_date or datetime.date.max
    for other in overlapping:
        o_end = other.end_date or datetime.date.max
        if other.start_date <= end and start <= o_end:
            raise ValidationError(
                f"{membership.person} already holds the role {membership.get_role_display()} on this board "
                f"from {other.start_date:%d %B %Y}."
            )


@transaction.atomic
def membership_add(
    *,
    user,
    board: Board,
    person: Person,
    role: str = Role.MEMBER,
    organisation: Organisation | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    voting: bool | None = None,
    co_opted_type: str = "",
    deputy: Person | None = None,
) -> Membership:
    require_permission(user, "boards.manage_board", board)
    membership = Membership(
        board=board,
        person=person,
        role=role,
        organisation=organisation or person.organisation,
        start_date=start_date or clock.today(),
        end_date=end_date,
        voting=(role in VOTING_BY_DEFAULT) if voting is None else voting,
        co_opted_type=co_opted_type.strip() if role == Role.CO_OPTED else "",
        deputy=deputy,
    )
    if deputy is not None and deputy.pk == person.pk:
        raise ValidationError({"deputy": "A member cannot be their own deputy."})
    membership.full_clean()
    _check_no_overlap(membership)
    _check_initials_unique(person, [board.pk])
    membership.save()
    log_action(
        "boards.membership.added",
        actor=user,
        obj=membership,
        data={"person": str(person), "role": membership.get_role_display(), "from": membership.start_date},
    )
    return membership


@transaction.atomic
def membership_end(*, user, membership: Membership, end_date: datetime.date | None = None) -> Membership:
    require_permission(user, "boards.manage_board", membership.board)
    end_date = end_date or clock.today()
    if end_date < membership.start_date:
        raise ValidationError(
            {"end_date": f"The membership started on {membership.start_date:%d %B %Y}; it cannot end before that."}
        )
    membership.end_date = end_date
    membership.full_clean()
    membership.save()
    log_action(
        "boards.membership.ended", actor=user, obj=membership, data={"person": str(membership.person), "on": end_date}
    )
    return membership


@transaction.atomic
def membership_change_role(
    *,
    user,
    membership: Membership,
    role: str,
    from_date: datetime.date | None = None,
    voting: bool | None = None,
    co_opted_type: str = "",
) -> Membership:
    """End the current seat the day before ``from_date`` and open a new one with the new role: history is kept."""
    require_permission(user, "boards.manage_board", membership.board)
    from_date = from_date or clock.today()
    if role == membership.role and co_opted_type == membership.co_opted_type:
        raise ValidationError({"role": "That is already their role."})
    if from_date <= membership.start_date:
        # The seat began today (or later): correct it in place rather than leave a zero-length record.
        membership.role = role
        membership.co_opted_type = co_opted_type if role == Role.CO_OPTED else ""
        membership.voting = (role in VOTING_BY_DEFAULT) if voting is None else voting
        membership.full_clean()
        membership.save()
        return membership
    membership_end(user=user, membership=membership, end_date=from_date - datetime.timedelta(days=1))
    return membership_add(
        user=user,
        board=membership.board,
        person=membership.person,
        role=role,
        organisation=membership.organisation,
        start_date=from_date,
        voting=voting,
        co_opted_type=co_opted_type,
        deputy=membership.deputy,
    )


@transaction.atomic
def membership_set_deputy(*, user, membership: Membership, deputy: Person | None) -> Membership:
    require_permission(user, "boards.manage_board", membership.board)
    if deputy is not None and deputy.pk == membership.person_id:
        raise ValidationError({"deputy": "A member cannot be their own deputy."})
    membership.deputy = deputy
    membership.save(update_fields=["deputy"])
    log_action(
        "boards.membership.deputy_set",
        actor=user,
        obj=membership,
        data={"person": str(membership.person), "deputy": str(deputy) if deputy else ""},
    )
    return membership


@transaction.atomic
def member_add(*, user, board: Board, person: Person | None = None, new_person: dict | None = None, **seat):
    """Add a seat for an existing person, or for a new person typed in: both or neither are saved."""
    if person is None:
        person = person_save(user=user, board=board, **(new_person or {}))
    return membership_add(user=user, board=board, person=person, **seat)


# A login's e-mail address ------------------------------------------------------------------------------

EMAIL_CHANGE_SALT = "boards.email_change"


def _email_change_max_age() -> int:
    return getattr(settings, "EMAIL_CHANGE_MAX_AGE", 2 * 24 * 3600)


def email_change_token(*, user: User, email: str) -> str:
    """A signed, dated token for "make ``email`` this login's address"; void once the address changes."""
    return signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).sign_object(
        {"user": user.pk, "old": user.email, "new": email.strip().lower()}
    )


def email_change_request(*, user, email: str, confirm_url: callable) -> str:
    """Send the owner's new address a link; nothing changes until the owner opens it, signed in."""
    if user is None or not getattr(user, "pk", None):
        raise PermissionDenied("Only the owner of a login can change its e-mail address.")
    email = email.strip().lower()
    if email == user.email:
        raise ValidationError({"email": "That is already your e-mail address."})
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": "Another login already uses that address."})
    url = confirm_url(email_change_token(user=user, email=email))
    hours = _email_change_max_age() // 3600
    queue_email(  # nothing is stored until the link is opened, so nothing to wait for
        subject="Confirm your new e-mail address for the board portal",
        body=f"Someone signed in as {user.email} asked to use this address ({email}) instead.\n\n"
        f"To confirm, open this link while signed in, within {hours} hours:\n\n{url}\n\n"
        "If that was not you, ignore this message: nothing changes.",
        to=[email],
    )
    return email


def email_change_read(*, user, token: str) -> str:
    """The new address a token asks for, when it is for this signed-in owner and still valid; else raise."""
    try:
        data = signing.TimestampSigner(salt=EMAIL_CHANGE_SALT).unsign_object(token, max_age=_email_change_max_age())
    except signing.SignatureExpired:
        raise ValidationError("This link has expired. Ask for a new one from your details page.") from None
    except signing.BadSignature:
        raise ValidationError("This link is not valid.") from None
    if not getattr(user, "pk", None) or data.get("user") != user.pk or data.get("old") != user.email:
        raise ValidationError("This link is not for the login you are signed in with, or was already used.")
    return data["new"]


@transaction.atomic
def email_change_confirm(*, user, token: str) -> User:
    """Apply a confirmed change: the login's address, and the address of the person it belongs to."""
    email = email_change_read(user=user, token=token)
    user = locked(User.objects, pk=user.pk)
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError("Another login now uses that address.")
    user.email = email
    user.save(update_fields=["email"])
    if user.person_id:
        person = Person.objects.get(pk=user.person_id)
        person.email = email
        person.save(update_fields=["email"])
    log_action("boards.login.email_changed", actor=user, obj=user)
    return user


# Erasing a person's personal data ----------------------------------------------------------------------

ERASED_NAME = "Name removed"


def person_named_in_record(person: Person) -> bool:
    """True when the person's name is part of a published record: an item they led on a published agenda
    or an issued pack, a seat on a board (minutes and packs list who sat on it), a meeting's register or a
    declaration of interest made at a meeting (the minutes record both). Councils keep those."""
    return (
        person.memberships.exists()
        or person.item_leads.filter(item__meeting__agenda_published_at__isnull=False).exists()
        or person.item_leads.filter(item__meeting__pack_builds__issued_at__isnull=False).exists()
        or person.attendance.exists()
        or person.declarations.exists()
    )


def _without_contact(row: dict, value: str) -> dict:
    if value.lower() not in (row.get("email", "").lower(), row.get("phone", "").lower()):
        return row
    return {**row, "email": "", "phone": ""}


@transaction.atomic
def person_erase(*, user, person: Person) -> Person:
    """Erase a person's personal data at their request (a site administrator's task).

    Removed: contact details and job title, on the person and in every earlier version of the row; the
    login (its address, name and password; it can no longer sign in); their secret calendar feed; their
    values in the activity log, and their contact details in member lists uploaded and not yet imported.
    Kept: the name, only where it is part of a published record (see :func:`person_named_in_record`);
    otherwise it is replaced too. The activity log records that an erasure happened, not what was erased.
    """
    from django.apps import apps

    from core.models import ActivityLog

    require_permission(user, "boards.erase_person", person)
    person = locked(Person.objects, pk=person.pk)
    secrets = {v for v in (person.email, person.phone) if v}
    keep_name = person_named_in_record(person)
    blank = {"email": "", "phone": "", "job_title": ""}
    if not keep_name:
        blank |= {"honorific": "", "first_name": "", "last_name": ERASED_NAME, "initials": ""}
    Person.objects.filter(pk=person.pk).update(**blank)
    person.history.model.objects.filter(id=person.pk).update(**blank)
    for login in User.objects.filter(person_id=person.pk):
        secrets.add(login.email)
        login.email = f"erased-{login.pk}@invalid"
        login.is_active = False
        login.set_unusable_password()
        login.save()
    apps.get_model("meetings", "CalendarFeed").objects.filter(person=person).delete()
    person.invitations.all().delete()
    ActivityLog.objects.filter(
        content_type__model="person", content_type__app_label="boards", object_id=person.pk
    ).update(data={})
    for value in secrets:
        ActivityLog.objects.filter(data__icontains=value).update(data={})
        for upload in MemberImport.objects.filter(rows__icontains=value):  # a member list not yet imported
            upload.rows = [_without_contact(row, value) for row in upload.rows]
            upload.save(update_fields=["rows"])
    if apps.is_installed("axes"):
        for model in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
            with contextlib.suppress(LookupError):
                apps.get_model("axes", model).objects.filter(username__in=secrets).delete()
    person.refresh_from_db()
    log_action("boards.person.erased", actor=user, obj=person, data={"name_kept": keep_name})
    return person

"""Who sees what: the one visibility rule for meetings, agenda items, papers and packs.

Every record has a board and a visibility (:class:`core.visibility.Visibility`), derived, never copied:

* a meeting is *public* once its agenda is published, otherwise for *members*;
* an agenda item is *confidential* when it, or the item it sits under, is Part II; otherwise it is as
  visible as its meeting. On a council committee's published agenda a Part II item is nevertheless
  *listed* to every reader by its number, title and paragraph of Schedule 12A, and nothing else (not its
  outcome, leads, links or papers), as the Local Government Act 1972 expects of a council's public agenda;
  another board's Part II items stay off its public page and off the agenda of a reader who may not read
  them, and its public pack lists them unnamed (:func:`part_two_titles_listed`, :func:`part_two_listed_q`);
* an item's generated document (action log, scorecard, ...: :mod:`meetings.packs.generated`) is never more
  visible than its item: *confidential* under Part II; otherwise *public* or for *members* as the item
  chooses, and as its kind suggests when the item does not say;
* a paper is as visible as its item, once it is *ready*: a paper still converting, or refused (a hostile
  or broken file), is read by no one, site administrators and the members' edition included; only its
  status is shown, on the pages of people who may see its item;
* a pack's members' edition is *confidential* (it carries Part II papers); its public edition is *public*
  while it is the latest issued version and has not been withdrawn, otherwise for *members*.

Who reads which level, for the records of one board:

============================================  ========  =========  ==============  =====================
reader                                        public    members    confidential    notes
============================================  ========  =========  ==============  =====================
anonymous                                     yes       no         no
signed in, no seat on the board               yes       no         no
member, chair, coordinator, officer, adviser  yes       yes        yes             current seat
observer                                      yes       yes        no              no Part II
deputy or substitute named for one meeting    yes       yes        yes             that meeting only,
                                                                                   until it is held
item lead from outside the board              yes       no         no              plus their own items
                                                                                   and those items' papers
coordinator of another board                  yes       no         no              as any outsider
site administrator                            yes       yes        yes             every board
============================================  ========  =========  ==============  =====================

Pages, files, packs, feeds and e-mails ask :meth:`visible_to` on the model's queryset (``Paper.objects
.visible_to(user)``); a single record is checked with :func:`can_see`. The table is tested row by row in
``meetings/tests/test_visibility.py``. A pack edition is built for an *audience* rather than a person:
:data:`PUBLIC_READER` for the public edition, :data:`BOARD_READER` for the members' edition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

from core import clock
from core.visibility import Visibility

__all__ = [
    "BOARD_READER",
    "PUBLIC_READER",
    "Visibility",
    "can_see",
    "generated_document_visibility",
    "part_two_listed_q",
    "part_two_q",
]

NOTHING = Q(pk__in=[])


class _BoardReader(AnonymousUser):
    """The board as a whole, as the reader of a members' edition. It is no one: it signs in to nothing and
    holds no permission; only the visibility rule knows it, and lets it read every record."""

    def __str__(self) -> str:
        return "the board's members"


PUBLIC_READER = AnonymousUser()
BOARD_READER = _BoardReader()


@dataclass
class Access:
    """What one reader may read: boards by level, meetings stood in at, items led from outside."""

    everything: bool = False
    boards: dict[int, Visibility] = field(default_factory=dict)
    person_id: int | None = None

    def boards_at(self, level: Visibility) -> list[int]:
        return sorted(board for board, held in self.boards.items() if held == level)


def access_for(user) -> Access:
    """The reader's access, worked out once per request (the board roles are cached on the user)."""
    if user is BOARD_READER or getattr(user, "is_superuser", False):
        return Access(everything=True)
    if not getattr(user, "is_authenticated", False):
        return Access()
    from boards.rules import board_levels

    return Access(boards=board_levels(user), person_id=getattr(user, "person_id", None))


def _stood_in_meetings(person_id: int):
    """Meetings a person is named at as a deputy or substitute, from today until the meeting is held."""
    from .enums import MeetingStatus
    from .models import StandIn

    return (
        StandIn.objects.filter(person_id=person_id, meeting__date__gte=clock.today())
        .exclude(meeting__status__in=[MeetingStatus.HELD, MeetingStatus.CANCELLED])
        .values("meeting_id")
    )


def _led_items(person_id: int):
    from .models import AgendaItem

    return AgendaItem.objects.filter(Q(leads__person_id=person_id) | Q(uploaders__pk=person_id)).values("pk")


def _readable(access: Access, *, board: str, meeting: str, restricted: Q, public: Q, item: str | None = None) -> Q:
    """The rule as a filter: public records, plus what the reader's seats, stand-ins and leads open."""
    if access.everything:
        return Q()
    q = public
    full = access.boards_at(Visibility.CONFIDENTIAL)
    members_only = access.boards_at(Visibility.MEMBERS)
    if full:
        q |= Q(**{f"{board}__in": full})
    if members_only:
        q |= Q(**{f"{board}__in": members_only}) & ~restricted
    if access.person_id:
        q |= Q(**{f"{meeting}__in": _stood_in_meetings(access.person_id)})
        if item is not None:
            q |= Q(**{f"{item}__in": _led_items(access.person_id)})
    return q


def part_two_q(prefix: str = "") -> Q:
    """Part II: the item itself, or the item it sits under (``prefix`` leads from a paper: ``"item__"``)."""
    return Q(**{f"{prefix}confidential": True}) | Q(**{f"{prefix}parent__confidential": True})


def part_two_titles_listed(board) -> bool:
    """Whether the board's published agenda names its Part II items to readers who may not read them: a
    council's committees do (Schedule 12A practice); other boards do not."""
    from boards.enums import COUNCIL_KINDS

    return board.kind in COUNCIL_KINDS


def part_two_listed_q(prefix: str = "") -> Q:
    """Part II items listed by number, title and exemption to readers who may not read them: those of a
    council committee's published agenda (Schedule 12A practice; see the head of this module)."""
    from boards.enums import COUNCIL_KINDS

    return (
        part_two_q(prefix)
        & Q(**{f"{prefix}meeting__board__kind__in": COUNCIL_KINDS})
        & Q(**{f"{prefix}meeting__agenda_published_at__isnull": False})
    )


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user) -> MeetingQuerySet:
        """Meetings whose public face or members' page the user may read."""
        return self.filter(
            _readable(
                access_for(user),
                board="board_id",
                meeting="pk",
                restricted=NOTHING,
                public=Q(agenda_published_at__isnull=False),
            )
        )

    def for_members_of(self, user) -> MeetingQuerySet:
        """Meetings whose members' page the user may read: a seat on the board, or stood in at it."""
        access = access_for(user)
        if access.everything:
            return self
        q = Q(board_id__in=list(access.boards))
        if access.person_id:
            q |= Q(pk__in=_stood_in_meetings(access.person_id))
        return self.filter(q)


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user) -> AgendaItemQuerySet:
        return self.filter(
            _readable(
                access_for(user),
                board="meeting__board_id",
                meeting="meeting_id",
                item="pk",
                restricted=part_two_q(),
                public=~part_two_q() & Q(meeting__agenda_published_at__isnull=False),
            )
        )

    def with_visibility(self, user=None) -> AgendaItemQuerySet:
        """Annotate ``is_part_two`` and, for a reader, ``is_visible`` and ``is_listed`` (visible, or listed by
        title only: :func:`part_two_listed_q`): one query, whatever the agenda's size."""
        qs = self.annotate(is_part_two=Case(When(part_two_q(), then=Value(True)), default=Value(False)))
        if user is not None and access_for(user).everything:
            qs = qs.annotate(is_visible=Value(True), is_listed=Value(True))
        elif user is not None:
            rule = self.model.objects.visible_to(user).filter(pk=OuterRef("pk"))
            qs = qs.annotate(is_visible=Exists(rule)).annotate(
                is_listed=Case(When(Q(is_visible=True) | part_two_listed_q(), then=Value(True)), default=Value(False))
            )
        return qs


class PaperQuerySet(models.QuerySet):
    def ready(self) -> PaperQuerySet:
        """Papers converted and checked: the only ones anyone reads, lists or packs."""
        from .enums import PaperStatus

        return self.filter(status=PaperStatus.READY)

    def pending(self) -> PaperQuerySet:
        """Uploads not (or not yet) ready: converting, or refused with the reason."""
        from .enums import PaperStatus

        return self.exclude(status=PaperStatus.READY)

    def visible_to(self, user) -> PaperQuerySet:
        return self.ready().filter(
            _readable(
                access_for(user),
                board="item__meeting__board_id",
                meeting="item__meeting_id",
                item="item_id",
                restricted=part_two_q("item__"),
                public=~part_two_q("item__") & Q(item__meeting__agenda_published_at__isnull=False),
            )
        )


def _current_public_edition() -> Q:
    from .enums import PackEdition, PackStatus
    from .models import PackBuild

    later = PackBuild.objects.filter(
        meeting_id=OuterRef("meeting_id"),
        edition=PackEdition.PUBLIC,
        status=PackStatus.DONE,
        issued_at__gt=OuterRef("issued_at"),
    )
    return Q(
        edition=PackEdition.PUBLIC,
        status=PackStatus.DONE,
        issued_at__isnull=False,
        withdrawn_at__isnull=True,
        meeting__agenda_published_at__isnull=False,
    ) & ~Exists(later)


class PackBuildQuerySet(models.QuerySet):
    def visible_to(self, user) -> PackBuildQuerySet:
        from .enums import PackEdition

        return self.filter(
            _readable(
                access_for(user),
                board="meeting__board_id",
                meeting="meeting_id",
                restricted=Q(edition=PackEdition.MEMBERS),
                public=_current_public_edition(),
            )
        )


def generated_document_visibility(item, *, public_by_default: bool) -> Visibility:
    """How visible the generated document an agenda item carries is (which pack editions carry its pages).

    A Part II item's is *confidential*, whatever the item or its kind say. A public item's is *public* when
    the item says so (``generated_public``), or, when it does not, when its kind is public by default;
    otherwise it is for *members*.
    """
    part_two = getattr(item, "is_part_two", None)
    if part_two is None:
        part_two = item.confidential or bool(item.parent_id and item.parent.confidential)
    if part_two:
        return Visibility.CONFIDENTIAL
    public = public_by_default if item.generated_public is None else item.generated_public
    return Visibility.PUBLIC if public else Visibility.MEMBERS


def is_part_two(item) -> bool:
    """One item: it, or the item it sits under, is Part II (what :func:`part_two_q` says for a queryset)."""
    if item is None:
        return False
    return bool(item.confidential or (item.parent_id and item.parent.confidential))


def can_see(user, record) -> bool:
    """Whether ``user`` may read one meeting, item, paper or pack: the same rule as :meth:`visible_to`."""
    if record is None or record.pk is None:
        return False
    if access_for(user).everything and getattr(record, "is_ready", True):
        return True
    return type(record).objects.visible_to(user).filter(pk=record.pk).exists()


def minutes_edition_for(user, minutes) -> str | None:
    """Which edition of a meeting's minutes ``user`` reads, or ``None`` when none yet.

    - The board's coordinators (and site administrators) read the members' edition, drafts included.
    - Until the draft is circulated no one else reads it.
    - Then those who read Part II at the board read the members' edition; the board's other members
      (observers) and, once the minutes are approved, everyone read the public edition, where a Part II
      minute is its heading and exemption only. A board may publish its circulated drafts, marked DRAFT.
    """
    from .enums import MINUTES_APPROVED, MinutesStatus, PackEdition

    board = minutes.meeting.board
    access = access_for(user)
    if access.everything:
        return PackEdition.MEMBERS
    from boards.rules import is_board_coordinator

    if getattr(user, "is_authenticated", False) and is_board_coordinator(user, board):
        return PackEdition.MEMBERS
    if minutes.status == MinutesStatus.DRAFT and minutes.circulated_at is None:
        return None
    level = access.boards.get(board.pk)
    if level == Visibility.CONFIDENTIAL:
        return PackEdition.MEMBERS
    if level == Visibility.MEMBERS:
        return PackEdition.PUBLIC
    public = minutes.status in MINUTES_APPROVED or minutes.status == MinutesStatus.AMENDING
    if public or board.draft_minutes_public:
        return PackEdition.PUBLIC
    return None

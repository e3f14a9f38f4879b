"""Numbers that stay put: published item numbers change only when the changes are sent to members."""

from __future__ import annotations

import re
import shutil
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse

from boards.enums import NumberingStyle, Role
from boards.tests.factories import MembershipFactory, UserFactory
from core.activity import ActivityLog
from core.permissions import SYSTEM
from meetings import services
from meetings.agenda import build_agenda, number_items
from meetings.enums import PackEdition, PackStatus
from meetings.models import AgendaItem, Meeting
from meetings.packs import services as pack_services
from meetings.tests.factories import PaperFactory, meeting_with_papers
from meetings.visibility import BOARD_READER
from testsupport.shared import check_pack
from testsupport.storage import local_copy

pytestmark = pytest.mark.django_db


ROW = re.compile(
    r'<th scope="row">([^<]+?)( <span class="badge text-bg-warning">new</span>)?</th>\s*'
    r'<td class="agenda-title">(?:<span class="sub-item-indent ms-3"></span>)?([^<\n]+)'
)


def table(html: str) -> list[tuple[str, str]]:
    """The agenda table of a page as (number, title) rows; a provisional number reads "6A (new)"."""
    return [(number + (" (new)" if new else ""), title.strip()) for number, new, title in ROW.findall(html)]


def front_text(path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", "-l", "4", str(path), "-"], capture_output=True, text=True).stdout


def manifest(meeting) -> list[tuple[str, str]]:
    built = pack_services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.MEMBERS)
    assert built.status == PackStatus.DONE, built.error
    return [(i["number"], i["title"]) for i in built.manifest["items"]], built


def item(meeting, title) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting, title=title)


def fresh(meeting) -> Meeting:
    return Meeting.objects.get(pk=meeting.pk)


PUBLISHED = [
    ("1", "Welcome and apologies"),
    ("2", "Minutes of the last meeting and matters arising"),
    ("3", "Safeguarding"),
    ("3a", "Local CSE plans"),
    ("3b", "Update from the LSCB"),
    ("4", "Troubled Families"),
    ("5", "Commissioning"),
    ("6", "Youth Justice Plan"),
    ("7", "Future meeting dates"),
]


def test_numbers_stay_put_after_a_republish_free_edit(client, cast, django_capture_on_commit_callbacks):
    meeting = meeting_with_papers(cast.board)
    services.agenda_publish(user=cast.coordinator, meeting=meeting)
    client.force_login(cast.member)
    assert table(client.get(meeting.get_absolute_url()).content.decode()) == PUBLISHED

    # Between sendings: a move, an item added (a Part I item: before the Part II one), an item withdrawn.
    services.agenda_item_move(user=cast.coordinator, item=item(meeting, "Youth Justice Plan"), direction="up")
    late = services.agenda_item_add(user=cast.coordinator, meeting=fresh(meeting), title="Ofsted inspection")
    PaperFactory(item=late, title="Ofsted letter", pages=3)
    services.agenda_item_delete(
        user=cast.coordinator, item=item(meeting, "Troubled Families"), reason="The report is not ready"
    )

    shown = [
        ("1", "Welcome and apologies"),
        ("2", "Minutes of the last meeting and matters arising"),
        ("3", "Safeguarding"),
        ("3a", "Local CSE plans"),
        ("3b", "Update from the LSCB"),
        ("6", "Youth Justice Plan"),  # moved up, keeps its number
        ("6A (new)", "Ofsted inspection"),  # after item 6, until the changes are sent
        ("5", "Commissioning"),
        ("7", "Future meeting dates"),
    ]
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert table(html) == shown
    assert "Item 4: Troubled Families" in html  # withdrawn, with the number it was published with
    assert "were added after the agenda was sent to members" in html
    client.logout()
    public = client.get(reverse("meetings:meeting_public", args=[meeting.pk])).content.decode()
    assert table(public) == [row for row in shown if row[1] != "Commissioning"]  # Part II stays off

    numbers, pack = manifest(meeting)
    assert numbers == [(n.removesuffix(" (new)"), t) for n, t in shown]
    ofsted = pack.manifest["items"][6]
    assert [p["appendix"] for p in ofsted["papers"]] == ["6A(a)"]
    assert ofsted["pages"] is not None
    if shutil.which("pdftotext"):  # the page references, and the "Agenda Item 5A" stamps, read back
        result = check_pack(local_copy(pack.file))
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"(Pages {ofsted['pages'][0]} - {ofsted['pages'][1]})" in front_text(local_copy(pack.file))

    # Sending the changes renumbers, and says so in a revision of its own and in the e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(user=cast.coordinator, meeting=fresh(meeting))
    renumbered = fresh(meeting).revisions.order_by("-number").first()
    assert renumbered.summary.splitlines() == [
        "Items renumbered:",
        "Item 6 is now item 4: Youth Justice Plan",
        "Item 6A is now item 5: Ofsted inspection",
        "Item 5 is now item 6: a confidential (Part II) item",
    ]
    assert fresh(meeting).agenda_revision_sent == renumbered.number  # sent with the others
    body = mail.outbox[-1].body
    assert "- Items renumbered:\n  Item 6 is now item 4: Youth Justice Plan\n  Item 6A is now item 5: Ofsted" in body
    entry = ActivityLog.objects.for_object(meeting).get(action="meetings.agenda.renumbered")
    assert entry.data["renumbered"][0] == ["6", "4", "Youth Justice Plan"]

    client.force_login(cast.member)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert table(html) == [
        ("1", "Welcome and apologies"),
        ("2", "Minutes of the last meeting and matters arising"),
        ("3", "Safeguarding"),
        ("3a", "Local CSE plans"),
        ("3b", "Update from the LSCB"),
        ("4", "Youth Justice Plan"),
        ("5", "Ofsted inspection"),
        ("6", "Commissioning"),
        ("7", "Future meeting dates"),
    ]
    assert "Item 4: Troubled Families" in html  # a withdrawn item keeps the number it was published with
    assert "Item 6 is now item 4: Youth Justice Plan<br>" in html
    assert manifest(meeting)[0][5:8] == [
        ("4", "Youth Justice Plan"),
        ("5", "Ofsted inspection"),
        ("6", "Commissioning"),
    ]


def test_a_draft_agenda_numbers_live_and_deferral_drops_the_published_number(cast):
    meeting = meeting_with_papers(cast.board)
    services.agenda_item_move(user=SYSTEM, item=item(meeting, "Youth Justice Plan"), direction="up")
    agenda = build_agenda(fresh(meeting), reader=BOARD_READER)
    assert agenda.entry_for(item(meeting, "Youth Justice Plan").pk).number == "5"  # a draft renumbers at once
    assert not agenda.has_provisional
    services.agenda_publish(user=SYSTEM, meeting=fresh(meeting))
    later = Meeting.objects.get(board=cast.board, date__gt=meeting.date)  # a draft with no items
    services.agenda_item_defer(user=SYSTEM, item=item(meeting, "Safeguarding"), to_meeting=later)
    moved = AgendaItem.objects.filter(title__in=["Safeguarding", "Local CSE plans"]).values_list("published_number")
    assert set(moved) == {("",)}
    assert [e.number for e in build_agenda(later, reader=BOARD_READER).flat()] == ["1", "1a", "1b"]


def item_rows(*rows):
    """(pk, parent pk, published number) rows, in agenda order, as number_items reads them."""
    return [SimpleNamespace(pk=pk, parent_id=parent, published_number=number) for pk, parent, number in rows]


@pytest.mark.parametrize(
    ("rows", "style", "expected"),
    [
        # Two items added after item 2, one above item 1.
        (
            [(9, None, ""), (1, None, "1"), (2, None, "2"), (7, None, ""), (8, None, ""), (3, None, "3")],
            NumberingStyle.LETTERS,
            ["0A", "1", "2", "2A", "2B", "3"],
        ),
        # Sub-items: after 3b, first under an item with none, and under a new item in either style.
        (
            [
                (3, None, "3"),
                (4, 3, "3a"),
                (5, 3, "3b"),
                (6, 3, ""),
                (7, None, "4"),
                (8, 7, ""),
                (9, None, ""),
                (10, 9, ""),
            ],
            NumberingStyle.LETTERS,
            ["3", "3a", "3b", "3bA", "4", "4A", "4B", "4Ba"],
        ),
        ([(1, None, "1"), (2, None, ""), (3, 2, "")], NumberingStyle.DECIMAL, ["1", "1A", "1A.1"]),
        # A published item moved under a new one keeps its number.
        ([(1, None, "1"), (2, None, ""), (3, 2, "1"), (4, 2, "")], NumberingStyle.DECIMAL, ["1", "1A", "1", "1A.2"]),
    ],
)
def test_provisional_numbers_follow_the_item_before_them_and_never_collide(rows, style, expected):
    numbered = number_items(item_rows(*rows), style, stored=True)
    assert [number for number, _ in numbered.values()] == expected
    published = {pk: bool(number) for pk, _, number in rows}
    assert [provisional for _, provisional in numbered.values()] == [not published[pk] for pk in numbered]
    new = [number for number, provisional in numbered.values() if provisional]
    assert len(new) == len(set(new))


def test_withdrawn_part_two_items_are_listed_only_for_those_who_may_read_them(client, cast):
    meeting = meeting_with_papers(cast.board)
    services.agenda_publish(user=SYSTEM, meeting=meeting)
    services.agenda_item_delete(user=SYSTEM, item=item(meeting, "Commissioning"), reason="Settled")
    client.force_login(cast.member)
    assert "Item 5: Commissioning" in client.get(meeting.get_absolute_url()).content.decode()
    observer = UserFactory(email="observer@example.org")
    MembershipFactory(board=cast.board, person=observer.person, role=Role.OBSERVER, voting=False)
    client.force_login(observer)  # observers read no Part II
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Withdrawn items" not in html and "Item 5: Commissioning" not in html


def test_sending_the_changes_stores_the_new_numbers_and_keeps_the_publication_date(cast):
    meeting = meeting_with_papers(cast.board)
    services.agenda_publish(user=SYSTEM, meeting=meeting)
    published_at = fresh(meeting).agenda_published_at
    services.agenda_item_move(user=SYSTEM, item=item(meeting, "Youth Justice Plan"), direction="up")
    services.agenda_publish(user=SYSTEM, meeting=fresh(meeting))
    assert fresh(meeting).agenda_published_at == published_at
    assert item(meeting, "Youth Justice Plan").published_number == "5"
    assert item(meeting, "Commissioning").published_number == "6"

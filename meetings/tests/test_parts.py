"""Part I and Part II (meetings/parts.py): the exemption each board kind asks for, Part II kept last, the
headings on every agenda page, and who is shown a Part II item. The pack's side: test_parts_pack.py."""

from __future__ import annotations

import datetime
import html as html_text

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from boards.enums import BoardKind, Role
from boards.tests.factories import MembershipFactory, UserFactory
from core.permissions import SYSTEM
from meetings import parts, services
from meetings.agenda import build_agenda
from meetings.enums import ExemptParagraph
from meetings.models import AgendaItem, Meeting
from meetings.tests.factories import AgendaItemFactory, PaperFactory, meeting_with_papers
from meetings.visibility import BOARD_READER, PUBLIC_READER

pytestmark = pytest.mark.django_db

COUNCIL_NOTICE = (
    "Not for publication by virtue of paragraph {} of Part 1 of Schedule 12A of the Local Government Act 1972"
)


def new_meeting(board, day=datetime.date(2030, 3, 14)) -> Meeting:
    """A meeting made as the portal makes one: standing items from the board's template, AOB and future
    meeting dates last."""
    return services.meeting_create(
        user=SYSTEM, board=board, date=day, start_time=datetime.time(14), end_time=datetime.time(16)
    )


def add(meeting, title, **fields) -> AgendaItem:
    return services.agenda_item_add(user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk), title=title, **fields)


def titles(meeting, reader=BOARD_READER) -> list[str]:
    return [e.item.title for e in build_agenda(Meeting.objects.get(pk=meeting.pk), reader=reader).flat()]


def flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------------
# What a Part II item says about its exemption, by the kind of board


def test_a_council_committees_part_two_item_names_its_paragraph_and_words_are_optional(council):
    meeting = new_meeting(council)
    with pytest.raises(ValidationError) as refused:
        add(meeting, "Contract award", confidential=True, exemption_reason="Commercially sensitive")
    assert refused.value.message_dict == {"exemption_paragraph": [parts.PART_TWO_NEEDS_PARAGRAPH]}
    item = add(meeting, "Contract award", confidential=True, exemption_paragraph=ExemptParagraph.FINANCIAL)
    assert (item.exemption_paragraph, item.exemption_reason) == (3, "")
    entry = build_agenda(meeting, reader=BOARD_READER).entry_for(item.pk)
    assert entry.exemption_ground == (
        "Paragraph 3: Information relating to the financial or business affairs of any particular person "
        "(including the authority holding that information)"
    )
    assert entry.publication_notice == COUNCIL_NOTICE.format(3)
    with pytest.raises(ValidationError, match="exemption_paragraph"):  # Schedule 12A has seven paragraphs
        add(meeting, "Other", confidential=True, exemption_paragraph=8)


def test_another_boards_part_two_item_gives_its_reason_in_words(cast):
    meeting = new_meeting(cast.board)
    with pytest.raises(ValidationError) as refused:
        add(meeting, "Case review", confidential=True, exemption_paragraph=ExemptParagraph.INDIVIDUAL)
    assert refused.value.message_dict == {"exemption_reason": [parts.PART_TWO_NEEDS_REASON]}
    item = add(meeting, "Case review", confidential=True, exemption_reason="It identifies a child")
    entry = build_agenda(meeting, reader=BOARD_READER).entry_for(item.pk)
    assert (entry.exemption_ground, entry.publication_notice) == (
        "It identifies a child",
        "Not for publication: It identifies a child",
    )


def test_a_part_one_item_keeps_no_exemption_and_the_database_refuses_part_two_without_one(council):
    meeting = new_meeting(council)
    item = add(meeting, "Budget", exemption_paragraph=3, exemption_reason="Stray words")
    assert (item.confidential, item.exemption_paragraph, item.exemption_reason) == (False, None, "")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=item.pk).update(confidential=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=item.pk).update(confidential=True, exemption_paragraph=9)


def test_a_sub_item_is_in_its_main_items_part(council):
    meeting = new_meeting(council)
    budget = add(meeting, "Budget")
    with pytest.raises(ValidationError, match="a sub-item is in its main item's part of the agenda"):
        add(meeting, "Savings proposals", parent=budget, confidential=True, exemption_paragraph=3)
    contract = add(meeting, "Contract award", confidential=True, exemption_paragraph=3)
    scores = add(meeting, "Bid scores", parent=contract)
    entry = build_agenda(meeting, reader=BOARD_READER).entry_for(scores.pk)
    assert (entry.part_two, entry.exemption_paragraph, entry.section) == (True, 3, None)
    assert entry.publication_notice == COUNCIL_NOTICE.format(3)
    # A sub-item of a Part II item may name a paragraph of its own.
    named = add(meeting, "Named bidder", parent=contract, confidential=True, exemption_paragraph=2)
    assert build_agenda(meeting, reader=BOARD_READER).entry_for(named.pk).exemption_paragraph == 2


# --------------------------------------------------------------------------------------------------
# Part II after every Part I item


def test_new_part_two_items_go_last_and_new_part_one_items_before_them(council):
    meeting = new_meeting(council)
    add(meeting, "Contract award", confidential=True, exemption_paragraph=3)
    add(meeting, "Budget")
    assert titles(meeting)[-4:] == ["Budget", "Any other business", "Future meeting dates", "Contract award"]
    add(meeting, "Budget appendix", before_closing_items=False)  # after AOB and dates, still before Part II
    assert titles(meeting)[-2:] == ["Budget appendix", "Contract award"]


def test_no_change_puts_a_part_one_item_after_a_part_two_one(council):
    meeting = new_meeting(council)
    budget = add(meeting, "Budget")
    contract = add(meeting, "Contract award", confidential=True, exemption_paragraph=3)
    staffing = add(meeting, "Staffing", confidential=True, exemption_paragraph=1)
    before = titles(meeting)
    version = Meeting.objects.get(pk=meeting.pk).agenda_version

    with pytest.raises(ValidationError, match="“Budget” cannot be Part II where it is"):
        services.agenda_item_update(user=SYSTEM, item=budget, confidential=True, exemption_paragraph=1)
    with pytest.raises(ValidationError, match="That would put “Future meeting dates” \\(Part I\\) after"):
        services.agenda_item_move(user=SYSTEM, item=AgendaItem.objects.get(pk=contract.pk), direction="up")
    with pytest.raises(ValidationError, match="Part II items come after every Part I item"):
        services.agenda_item_move(
            user=SYSTEM, item=AgendaItem.objects.get(title="Future meeting dates", meeting=meeting), direction="down"
        )
    layout = [(pk, None) for pk in AgendaItem.objects.filter(meeting=meeting).values_list("pk", flat=True)]
    layout.remove((contract.pk, None))
    with pytest.raises(ValidationError, match="Part II items come after every Part I item"):
        services.agenda_reorder(user=SYSTEM, meeting=meeting, layout=[(contract.pk, None), *layout])
    with pytest.raises(ValidationError, match="“Staffing” cannot be Part I where it is, after the Part II item"):
        services.agenda_item_update(user=SYSTEM, item=AgendaItem.objects.get(pk=staffing.pk), confidential=False)
    assert titles(meeting) == before  # nothing was saved, not even the agenda's version
    assert Meeting.objects.get(pk=meeting.pk).agenda_version == version


def test_the_builder_asks_to_move_a_part_one_item_placed_after_part_two_before_the_rule(client, cast):
    meeting = meeting_with_papers(cast.board)  # 5 Commissioning (Part II), then 6 and 7 in Part I
    client.force_login(cast.coordinator)
    html = client.get(reverse("meetings:agenda_builder", args=[meeting.pk])).content.decode()
    assert (
        "move item 6 “Youth Justice Plan”, item 7 “Future meeting dates” (Part I) above item 5 “Commissioning”, "
        "the first Part II item." in flat(html)
    )
    # Its changes are still made, as long as they do not add to it.
    services.agenda_item_update(
        user=SYSTEM, item=AgendaItem.objects.get(meeting=meeting, title="Youth Justice Plan"), title="YJ Plan"
    )


# --------------------------------------------------------------------------------------------------
# The headings


@pytest.mark.parametrize(
    ("part_two", "council", "expected"),
    [
        ([False, False], False, {}),
        ([False, False], True, {0: parts.PART_ONE}),
        ([False, True, True], False, {1: parts.PART_TWO}),
        ([False, True, True], True, {0: parts.PART_ONE, 1: parts.PART_TWO}),
        ([True], True, {0: parts.PART_TWO}),
        ([False, True, False], False, {1: parts.PART_TWO, 2: parts.PART_ONE}),  # arranged before the rule
    ],
)
def test_headings_go_before_the_first_item_of_each_part(part_two, council, expected):
    starts = parts.section_starts(part_two, council=council)
    assert {index: section.part for index, section in starts.items()} == expected
    resolution = parts.COUNCIL_RESOLUTION if council else parts.BOARD_RESOLUTION
    assert all(s.resolution == resolution for s in starts.values() if s.is_part_two)


def test_only_the_first_part_two_item_carries_the_heading(council):
    meeting = new_meeting(council)
    add(meeting, "Budget")
    contract = add(meeting, "Contract award", confidential=True, exemption_paragraph=3)
    add(meeting, "Bid scores", parent=contract)
    add(meeting, "Staffing", confidential=True, exemption_paragraph=1)
    agenda = build_agenda(meeting, reader=BOARD_READER)
    headed = [(e.item.title, e.section.heading) for e in agenda.flat() if e.section]
    assert headed == [
        ("Welcome, introductions and apologies", "Part I (Open to Press and Public)"),
        ("Contract award", "Part II (Not Open to Press and Public)"),
    ]
    assert agenda.entry_for(contract.pk).section.resolution.startswith(
        "To consider passing the following resolution: That under Section 100A(4) of the Local Government Act 1972"
    )


def test_no_part_two_no_heading_and_only_councils_head_part_one(cast):
    meeting = new_meeting(cast.board)
    add(meeting, "Budget")
    assert [e for e in build_agenda(meeting, reader=BOARD_READER).flat() if e.section] == []


def test_every_page_shows_the_headings_where_they_belong(client, cast, council):
    meeting = new_meeting(council)
    add(meeting, "Budget")
    outcome = "Recommend the preferred bidder"
    contract = add(meeting, "Contract award", confidential=True, exemption_paragraph=3, intended_outcome=outcome)
    PaperFactory(item=contract, title="Tender evaluation", pages=2)
    services.agenda_publish(user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk))
    part_one, part_two = parts.PART_ONE_HEADING, parts.PART_TWO_HEADING
    client.force_login(cast.coordinator)
    pages = {
        "builder": client.get(reverse("meetings:agenda_builder", args=[meeting.pk])),
        "members": client.get(meeting.get_absolute_url()),
    }
    client.logout()
    pages["public"] = client.get(reverse("meetings:meeting_public", args=[meeting.pk]))
    for name, response in pages.items():
        html = flat(response.content.decode())
        assert html.count(part_one) == 1 and html.count(part_two) == 1, name
        assert html.index(part_one) < html.index("Budget") < html.index(part_two) < html.index("Contract award"), name
        assert "the public be excluded from the meeting for the following item(s)" in html, name
    public = flat(pages["public"].content.decode())
    # The public page lists a council's Part II item by title and paragraph; nothing else of it.
    assert "Paragraph 3: Information relating to the financial or business affairs" in public
    assert "Tender evaluation" not in public and outcome not in public


def test_another_boards_public_page_lists_no_part_two_and_so_no_part_two_heading(client, cast):
    meeting = new_meeting(cast.board)
    add(meeting, "Case review", confidential=True, exemption_reason="It identifies a child")
    services.agenda_publish(user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk))
    public = client.get(reverse("meetings:meeting_public", args=[meeting.pk])).content.decode()
    assert "Case review" not in public and parts.PART_TWO_HEADING not in public
    client.force_login(cast.member)
    members = flat(client.get(meeting.get_absolute_url()).content.decode())
    assert parts.PART_TWO_HEADING in members and parts.BOARD_RESOLUTION in members
    assert parts.PART_ONE_HEADING not in members


def test_an_observer_reads_a_council_committees_part_two_titles_as_the_public_does(client, council):
    meeting = new_meeting(council)
    contract = add(meeting, "Contract award", confidential=True, exemption_paragraph=3, intended_outcome="Award")
    paper = PaperFactory(item=contract, title="Tender evaluation", pages=1)
    observer = UserFactory(email="observer@example.org")
    MembershipFactory(board=council, person=observer.person, role=Role.OBSERVER, voting=False)
    client.force_login(observer)
    draft = client.get(meeting.get_absolute_url()).content.decode()
    assert "Contract award" not in draft  # not public until the agenda is published
    services.agenda_publish(user=SYSTEM, meeting=Meeting.objects.get(pk=meeting.pk))
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Contract award" in html and "Paragraph 3" in html
    assert "Tender evaluation" not in html and reverse("meetings:paper_file", args=[paper.pk]) not in html
    assert client.get(reverse("meetings:paper_file", args=[paper.pk])).status_code == 403


# --------------------------------------------------------------------------------------------------
# The item form


def test_the_item_form_asks_a_council_for_the_paragraph_and_another_board_for_words(client, cast):
    meeting = new_meeting(cast.board)
    client.force_login(cast.coordinator)
    url = reverse("meetings:agenda_builder", args=[meeting.pk])
    html = client.get(url).content.decode()
    assert 'name="exemption_paragraph"' not in html and "printed against it and on every page of its" in html
    assert "js/part-two-fields.js" in html and "data-part-two-toggle" in html
    cast.board.kind = BoardKind.COUNCIL_COMMITTEE
    cast.board.save()
    html = client.get(url).content.decode()
    assert 'name="exemption_paragraph"' in html and "7. Information relating to any action taken" in html
    meeting.refresh_from_db()
    response = client.post(
        reverse("meetings:agenda_item_add", args=[meeting.pk]),
        {
            "title": "Contract award",
            "confidential": "on",
            "agenda_version": meeting.agenda_version,
            "leads-TOTAL_FORMS": "0",
            "leads-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 422
    assert parts.PART_TWO_NEEDS_PARAGRAPH in html_text.unescape(response.content.decode())
    assert not AgendaItem.objects.filter(title="Contract award").exists()


# --------------------------------------------------------------------------------------------------
# Who is shown a Part II item


def test_part_two_listing_is_for_published_council_agendas_only(council):
    meeting = new_meeting(council)
    add(meeting, "Contract award", confidential=True, exemption_paragraph=3)
    assert "Contract award" not in titles(meeting, PUBLIC_READER)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_published_at=timezone.now())
    public = build_agenda(Meeting.objects.get(pk=meeting.pk), reader=PUBLIC_READER)
    entry = next(e for e in public.flat() if e.item.title == "Contract award")
    assert entry.withheld and entry.papers == [] and entry.leads == [] and entry.pending_papers == []
    assert not AgendaItem.objects.visible_to(PUBLIC_READER).filter(pk=entry.item.pk).exists()


def test_a_part_two_item_made_by_a_factory_needs_no_service(council):
    """Factories write rows directly: the database constraint is what they meet."""
    meeting = new_meeting(council)
    item = AgendaItemFactory(meeting=meeting, confidential=True, exemption_paragraph=7)
    assert build_agenda(meeting, reader=BOARD_READER).entry_for(item.pk).publication_notice == (
        COUNCIL_NOTICE.format(7)
    )

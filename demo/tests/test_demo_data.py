"""Pure checks of the demo board data in ``demo/data/*.yaml`` (no database, no Django).

Run on its own with:  .venv/bin/pytest -p no:django --noconftest demo/tests/test_demo_data.py -q
"""

import datetime
import itertools
import re

import pytest

from demo.content import demo_content
from meetings.enums import PaperKind
from testsupport.shared import SEEDS

SECTORS = {"local_authority", "police", "health", "education", "probation", "voluntary", "other"}
ROLES = {
    "chair",
    "vice_chair",
    "deputy_chair",
    "independent_chair",
    "member",
    "co_opted",
    "coordinator",
    "officer",
    "adviser",
    "observer",
}
ITEM_FOR = {"information", "discussion", "decision", "action", "assurance", "to_note", "to_agree", ""}
STANDING = {"welcome", "declarations", "minutes", "action_log", "aob", "future_dates", None}
ITEM_KEYS = {
    "title",
    "item_for",
    "intended_outcome",
    "leads",
    "duration_minutes",
    "verbal",
    "papers",
    "children",
    "standing",
}
PAPER_KEYS = {"title", "kind", "author", "author_organisation", "pages", "text"}


BOARDS_DATA = demo_content("boards")
MEETINGS_DATA = demo_content("meetings")
ACTIONS_DATA = demo_content("actions")


def day(text):
    return datetime.date.fromisoformat(text)


PEOPLE = {p["key"]: p for p in BOARDS_DATA["people"]}
ORG_KEYS = {o["short_name"] for o in BOARDS_DATA["organisations"]} | {o["name"] for o in BOARDS_DATA["organisations"]}
MEETINGS = {m["date"]: m for m in MEETINGS_DATA["meetings"]}


def numbered_items(meeting):
    """(number, item) for every item and sub-item, numbered 1, 2, 3 and 3a, 3b as in the packs."""
    for position, item in enumerate(meeting["agenda"], start=1):
        yield str(position), item
        for letter, child in zip("abcdefghij", item["children"], strict=False):
            yield f"{position}{letter}", child


def all_items():
    for meeting in MEETINGS_DATA["meetings"]:
        for number, item in numbered_items(meeting):
            yield meeting["date"], number, item


def chairs_on(date):
    return [
        m["person"]
        for m in BOARDS_DATA["memberships"]
        if m["role"] == "chair"
        and day(m["start_date"]) <= date
        and (m["end_date"] is None or day(m["end_date"]) >= date)
    ]


# ---- keys and references -------------------------------------------------------------------


def test_keys_are_unique():
    assert len(PEOPLE) == len(BOARDS_DATA["people"])
    assert len({o["name"] for o in BOARDS_DATA["organisations"]}) == len(BOARDS_DATA["organisations"])
    assert len({o["short_name"] for o in BOARDS_DATA["organisations"]}) == len(BOARDS_DATA["organisations"])
    assert len(MEETINGS) == len(MEETINGS_DATA["meetings"])


def test_organisations_are_well_formed():
    for org in BOARDS_DATA["organisations"]:
        assert set(org) == {"name", "short_name", "aliases", "sector"}
        assert org["sector"] in SECTORS
        assert isinstance(org["aliases"], list)
        assert len(org["short_name"]) <= 50
    aliases = {alias: org["name"] for org in BOARDS_DATA["organisations"] for alias in org["aliases"]}
    assert aliases["LCC"] == "Lancashire County Council"
    assert aliases["South Ribble Council"] == "South Ribble Borough Council"
    assert aliases["West Lancs Council"] == "West Lancashire Borough Council"


def test_every_person_organisation_exists():
    for person in BOARDS_DATA["people"]:
        assert person["organisation"] in ORG_KEYS, person["key"]
        assert person["last_name"], person["key"]
        assert 1 <= len(person["initials"]) <= 8


def test_every_membership_reference_exists():
    for m in BOARDS_DATA["memberships"]:
        assert m["person"] in PEOPLE
        assert m["organisation"] in ORG_KEYS
        assert m["role"] in ROLES
        assert m["deputy"] is None or (m["deputy"] in PEOPLE and m["deputy"] != m["person"])


def test_every_lead_and_login_refers_to_a_person():
    for date, number, item in all_items():
        for lead in item["leads"]:
            assert set(lead) in ({"person"}, {"office"}, {"guest_name", "guest_title", "guest_organisation"})
            if "person" in lead:
                assert lead["person"] in PEOPLE, (date, number)
    for login in BOARDS_DATA["logins"]:
        assert login["person"] in PEOPLE
        assert login["email"].endswith("@example.org")
    for row in MEETINGS_DATA["attendance"]:
        assert row["person"] in PEOPLE
        assert row["meeting"] in MEETINGS
        assert row["status"] in {"present", "apologies", "in_attendance", "deputy"}
        assert (row["status"] == "deputy") == ("for_member" in row)
        assert row.get("for_member") is None or row["for_member"] in PEOPLE


def test_action_owners_are_initials_of_people():
    initials = {p["initials"] for p in BOARDS_DATA["people"]}
    for action in ACTIONS_DATA["minutes_actions"]:
        assert action["meeting"] in MEETINGS
        assert action["owners"]
        assert set(action["owners"]) <= initials, action


def test_action_items_exist_in_the_notes():
    for action in ACTIONS_DATA["minutes_actions"]:
        numbers = dict(numbered_items(MEETINGS[action["meeting"]]))
        assert action["item"] in numbers, action


# ---- people and memberships ---------------------------------------------------------------


def test_initials_unique_among_members():
    members = {m["person"] for m in BOARDS_DATA["memberships"]}
    initials = [PEOPLE[key]["initials"].upper() for key in members]  # the portal compares them upper-cased
    assert len(initials) == len(set(initials))


def test_initials_used_in_the_notes():
    by_initials = {p["initials"]: p["key"] for p in BOARDS_DATA["people"]}
    for initials, key in {
        "SA": "sarah_ashcroft",
        "KT": "karl_turner",
        "LM": "lesley_morville",
        "RM": "richard_matthews",
        "IE": "irene_elwell",
        "LE": "louise_elo",
        "DMc": "danielle_mcmillan",
        "SJ": "sarah_james",
        "JR": "jean_rollinson",
        "MG": "mark_gaffney",
        "JA": "julie_appleby",
    }.items():
        assert by_initials[initials] == key


def test_membership_dates_are_valid_and_do_not_overlap_per_person():
    rows = {}
    for m in BOARDS_DATA["memberships"]:
        start = day(m["start_date"])
        end = day(m["end_date"]) if m["end_date"] else None
        assert end is None or end >= start
        rows.setdefault(m["person"], []).append((start, end))
    for person, periods in rows.items():
        periods.sort()
        for (_, end), (next_start, _) in itertools.pairwise(periods):
            assert end is not None and end < next_start, person


@pytest.mark.parametrize(
    ("date", "chair"),
    [
        ("2015-05-21", "sarah_james"),
        ("2015-09-17", "rebecca_huddleston"),
        ("2016-12-14", "louise_elo"),
        ("2017-03-16", "louise_elo"),
    ],
)
def test_exactly_one_chair_where_the_seeds_say_who_chaired(date, chair):
    assert chairs_on(day(date)) == [chair]


def test_never_two_chairs_at_once():
    date = datetime.date(2015, 1, 1)
    while date <= datetime.date(2017, 12, 31):
        assert len(chairs_on(date)) <= 1, date
        date += datetime.timedelta(days=1)


def test_role_change_is_a_new_row():
    fiona = [m for m in BOARDS_DATA["memberships"] if m["person"] == "fiona_grieveson"]
    assert [m["role"] for m in fiona] == ["member", "deputy_chair"]
    assert day(fiona[0]["end_date"]) + datetime.timedelta(days=1) == day(fiona[1]["start_date"])


def test_coordinator_and_demo_logins():
    coordinators = [m for m in BOARDS_DATA["memberships"] if m["role"] == "coordinator"]
    assert [m["person"] for m in coordinators] == ["sarah_ashcroft"]
    assert not coordinators[0]["voting"]
    assert [login["label"] for login in BOARDS_DATA["logins"]] == ["Coordinator", "Chair", "Chair in 2015", "Member"]
    chair, chair_2015, member = (BOARDS_DATA["logins"][n]["person"] for n in (1, 2, 3))
    assert chairs_on(datetime.date(2017, 3, 16)) == [chair]
    # The chair who presided when the notes of 21 May 2015 were confirmed, and signs them (minutes.yaml).
    assert chairs_on(datetime.date(2015, 9, 17)) == [chair_2015]
    current = [m for m in BOARDS_DATA["memberships"] if m["person"] == member and m["end_date"] is None]
    assert [m["role"] for m in current] == ["member"]


def test_emails_only_where_a_seed_gives_one():
    emails = {p["email"] for p in BOARDS_DATA["people"] if p["email"]}
    assert emails == {"amanda.gibbons@lancashire.pnn.police.uk"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")
def test_every_person_is_named_in_the_seeds():
    text = "\n".join(path.read_text(encoding="utf-8") for path in SEEDS.glob("cpb-pack-*.txt"))
    for person in BOARDS_DATA["people"]:
        assert person["last_name"] in text, person["key"]
        if person["first_name"]:
            assert person["first_name"] in text, person["key"]
        if person["email"]:
            assert person["email"] in text


# ---- meetings and agendas -----------------------------------------------------------------


def test_meetings_are_the_four_held_in_the_seeds():
    assert sorted(MEETINGS) == ["2015-05-21", "2015-09-17", "2016-12-14", "2017-03-16"]
    for meeting in (
        MEETINGS_DATA["meetings"] + MEETINGS_DATA["future_meetings"] + MEETINGS_DATA["earlier_listed_meetings"]
    ):
        assert re.fullmatch(r"\d\d:\d\d", meeting["start"])
        assert meeting["end"] > meeting["start"]
        assert meeting["kind"] == "ordinary"
        assert meeting["venue"]["building"]
        assert set(meeting["venue"]) == {"room", "building", "address", "postcode", "access_notes"}
    assert {m["status"] for m in MEETINGS_DATA["meetings"]} == {"held"}
    assert [(m["date"], m["start"]) for m in MEETINGS_DATA["future_meetings"]] == [
        ("2017-06-15", "10:00"),
        ("2017-09-21", "14:00"),
    ]
    assert MEETINGS_DATA["future_meetings"][0]["venue"]["postcode"] == "PR7 1DP"
    assert MEETINGS_DATA["future_meetings"][1]["venue"]["room"] == "Paddock Room"


def test_items_are_well_formed():
    for date, number, item in all_items():
        assert set(item) - {"generated_kind"} == ITEM_KEYS, (date, number)  # generated_kind is optional
        assert item["item_for"] in ITEM_FOR, (date, number)
        assert item["standing"] in STANDING, (date, number)
        assert isinstance(item["duration_minutes"], int) and item["duration_minutes"] >= 0
        assert isinstance(item["verbal"], bool)
        for paper in item["papers"]:
            assert set(paper) == PAPER_KEYS
            assert paper["kind"] in PaperKind.values, (date, number)
            assert len(paper["text"]) <= 1600


def test_sub_items_only_one_level_deep():
    for meeting in MEETINGS_DATA["meetings"]:
        for item in meeting["agenda"]:
            for child in item["children"]:
                assert child["children"] == []


def test_page_counts_positive():
    for date, number, item in all_items():
        for paper in item["papers"]:
            assert isinstance(paper["pages"], int) and paper["pages"] > 0, (date, number)


def test_agenda_fits_the_meeting():
    for meeting in MEETINGS_DATA["meetings"]:
        start = datetime.datetime.strptime(meeting["start"], "%H:%M")
        end = datetime.datetime.strptime(meeting["end"], "%H:%M")
        allotted = sum(item["duration_minutes"] for _, item in numbered_items(meeting))
        assert allotted <= (end - start).seconds // 60, meeting["date"]


def test_standing_items_open_and_close_each_agenda():
    for meeting in MEETINGS_DATA["meetings"]:
        standings = [item["standing"] for item in meeting["agenda"]]
        assert standings[0] == "welcome"
        assert "minutes" in standings
        assert standings[-1] == "future_dates"
        assert "aob" in standings


def test_17_september_2015_agenda_as_printed():
    agenda = MEETINGS["2015-09-17"]["agenda"]
    assert [(item["title"], item["item_for"]) for item in agenda] == [
        ("Welcome and Introduction/Apologies", "information"),
        ("Minutes of last meeting and matters arising", "action"),
        ("Pan Lancashire e-Safety Strategy", "discussion"),
        ("Safeguarding", "information"),
        ("Prevent Duty and Channel Programme", "discussion"),
        ("Wellbeing, Prevention and Early Help", "discussion"),
        ("Raising Aspirations Project", "discussion"),
        ("Young People Participation Proposals", "discussion"),
        ("Childrens Nasal Flu Vaccination Programme", "discussion"),
        ("Any other business", "discussion"),
        ("A tour of the Youth Zone will follow at the close of the meeting", ""),
        ("Future CPB meetings dates", "information"),
    ]
    assert [child["title"] for child in agenda[3]["children"]] == ["Child Sexual Exploitation"]
    assert agenda[0]["leads"] == [{"office": "Deputy Chair"}]
    assert agenda[5]["leads"] == [{"person": "stephanie_critchley"}, {"person": "lili_rushton"}]


def test_16_march_2017_agenda_as_printed():
    agenda = MEETINGS["2017-03-16"]["agenda"]
    assert [item["title"] for item in agenda] == [
        "Welcome and Introduction/Apologies",
        "Minutes of last meeting and matters arising",
        "Safeguarding",
        "Troubled Families",
        "Children's Centres Update",
        "Membership/Attendance",
        "Lancashire Children and Young People's Trust Board Update",
        "Future of Lancashire Children and Young People's Trust Board",
        "Papers for information",
        "Any other business",
        "Future CPB meeting dates",
    ]
    heading = agenda[2]
    assert heading["item_for"] == "" and heading["leads"] == [] and heading["papers"] == []
    assert [(c["title"], c["verbal"]) for c in heading["children"]] == [
        ("Local CSE Plans", True),
        ("Update from LSCB", True),
    ]
    assert [item["title"] for item in agenda if item["verbal"]] == ["Children's Centres Update"]


def pack_ranges(meeting, first_page):
    """Page ranges a duplex pack gives each item: every paper padded to an even page count."""
    ranges, page = {}, first_page
    for number, item in numbered_items(meeting):
        if not item["papers"]:
            continue
        assert page % 2 == 1
        length = sum(paper["pages"] + paper["pages"] % 2 for paper in item["papers"])
        ranges[number] = (page, page + length - 1)
        page += length
    return ranges


@pytest.mark.parametrize("date", sorted(MEETINGS_DATA["seed_page_ranges"]))
def test_paper_pages_reproduce_the_pack_page_ranges(date):
    expected = {number: tuple(pages) for number, pages in MEETINGS_DATA["seed_page_ranges"][date].items()}
    first_page = min(start for start, _ in expected.values())
    assert pack_ranges(MEETINGS[date], first_page) == expected


def test_17_september_2015_page_totals():
    totals = {
        number: sum(p["pages"] + p["pages"] % 2 for p in item["papers"])
        for number, item in numbered_items(MEETINGS["2015-09-17"])
        if item["papers"]
    }
    # (Pages 5 - 8), (9 - 16), (17 - 18), (19 - 30), (31 - 50), [51 - 54], (55 - 56)
    assert totals == {"2": 4, "3": 8, "4": 2, "5": 12, "6": 20, "7": 4, "8": 2}


# ---- the LSCB's attendance in 2015-16 (annual report, Appendix 3) ---------------------------------


def appendix_3() -> list[tuple[str, int]]:
    """(agency, % Atn) as printed in the seed report, in order, read from the seed itself."""
    text = (SEEDS / "lscb-annual-report-2015-16.txt").read_text(encoding="utf-8")
    table = text[text.index("Appendix 3 – LSCB Attendance 2015/16") : text.index("OVERALL %")]
    cells = [line.strip() for line in table.splitlines()[1:] if line.strip()]
    assert cells[:2] == ["Agency", "% Atn"]
    return [(cells[i], int(cells[i + 1])) for i in range(2, len(cells), 2)]


def test_lscb_seats_are_appendix_3_row_by_row():
    seats = BOARDS_DATA["lscb"]["seats"]
    assert [(s["agency"], s["printed_percent"]) for s in seats] == appendix_3()
    assert len(seats) == 28


def test_lscb_attendance_marks_give_each_printed_percentage():
    marks = MEETINGS_DATA["lscb_attendance"]
    meetings = MEETINGS_DATA["lscb_meetings"]["dates"]
    assert len(meetings) == 6 and day("2015-07-10").isoformat() in meetings  # the one date in the seeds
    for seat in BOARDS_DATA["lscb"]["seats"]:
        letters = marks[seat["key"]]
        assert len(letters) == 6 and set(letters) <= set("PDA-"), seat["key"]
        attended = sum(letter in "PD" for letter in letters)
        assert round(100 * attended / 6) == seat["printed_percent"], seat["key"]
        assert ("D" in letters) == (seat["deputy"] is not None), seat["key"]
    assert sum(sum(letter in "PD" for letter in marks[s["key"]]) for s in BOARDS_DATA["lscb"]["seats"]) == 120

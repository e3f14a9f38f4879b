"""Nothing with a history is destroyed: once an agenda is part of the record, items and papers are
withdrawn with a reason, governance rows protect each other, and the admin cannot delete them."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from core.models import ActivityLog
from core.permissions import SYSTEM
from meetings import scheduling, services
from meetings.enums import MeetingStatus
from meetings.models import AgendaItem, AgendaRevision, ItemLead, Meeting, Paper
from meetings.tests.factories import meeting_with_papers

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(cast):
    meeting = meeting_with_papers(cast.board)
    services.agenda_publish(user=cast.coordinator, meeting=meeting)
    return meeting


def _item(meeting, title):
    return AgendaItem.objects.get(meeting=meeting, title=title)


def test_a_published_agendas_item_is_withdrawn_with_a_reason_not_deleted(cast, published):
    families = _item(published, "Troubled Families")
    with pytest.raises(ValidationError, match="say why"):
        services.agenda_item_delete(user=cast.coordinator, item=families)
    services.agenda_item_delete(user=cast.coordinator, item=families, reason="Report not ready")

    families = AgendaItem.everything.get(pk=families.pk)
    assert families.withdrawn_at is not None and families.withdrawn_reason == "Report not ready"
    assert families.withdrawn_by == cast.coordinator
    assert Paper.everything.filter(item=families, withdrawn_at__isnull=False).count() == 2
    assert not published.items.filter(pk=families.pk).exists()  # gone from the agenda, packs and feeds
    assert not Paper.objects.filter(item=families).exists()
    revision = published.revisions.order_by("-number").first()
    assert revision.summary == "Item withdrawn: Troubled Families (Report not ready)"
    entry = ActivityLog.objects.for_object(published).get(action="meetings.item.withdrawn")
    assert entry.actor == cast.coordinator and entry.data["reason"] == "Report not ready"


def test_a_published_agendas_paper_is_withdrawn_not_deleted(cast, published):
    paper = Paper.objects.get(title="Core offer figures")
    services.paper_delete(user=cast.coordinator, paper=paper, reason="Superseded by the report")
    paper = Paper.everything.get(pk=paper.pk)
    assert paper.is_withdrawn and paper.file  # the row and its file are kept
    assert "Paper withdrawn: Core offer figures (Superseded by the report)" in published.revisions.values_list(
        "summary", flat=True
    )


def test_a_draft_agendas_item_is_still_deleted(cast):
    meeting = meeting_with_papers(cast.board)
    families = _item(meeting, "Troubled Families")
    services.agenda_item_delete(user=cast.coordinator, item=families)
    assert not AgendaItem.everything.filter(pk=families.pk).exists()
    assert ActivityLog.objects.for_object(meeting).filter(action="meetings.item.deleted").exists()


def test_a_held_meeting_keeps_its_agenda_even_unpublished(cast):
    meeting = meeting_with_papers(cast.board, date=timezone.localdate() - datetime.timedelta(days=3))
    services.agenda_item_delete(user=cast.coordinator, item=_item(meeting, "Welcome and apologies"))  # still a draft
    scheduling.meeting_mark_held(user=cast.coordinator, meeting=meeting)
    with pytest.raises(ValidationError, match="say why"):
        services.agenda_item_delete(user=cast.coordinator, item=_item(meeting, "Troubled Families"))


def test_the_withdraw_page_asks_for_the_reason(client, cast, published):
    families = _item(published, "Troubled Families")
    client.force_login(cast.coordinator)
    url = reverse("meetings:agenda_item_delete", args=[published.pk, families.pk])
    page = client.get(url).content.decode()
    assert "Withdraw “Troubled Families”?" in page and 'name="reason"' in page
    response = client.post(url, {"agenda_version": published.agenda_version})
    assert response.status_code == 422 and "say why" in response.content.decode()
    assert published.items.filter(pk=families.pk).exists()  # nothing lost
    published.refresh_from_db()
    client.post(url, {"agenda_version": published.agenda_version, "reason": "Moved to June"})
    assert not published.items.filter(pk=families.pk).exists()


def test_the_paper_withdraw_page_asks_for_the_reason(client, cast, published):
    paper = Paper.objects.get(title="Core offer figures")
    client.force_login(cast.coordinator)
    url = reverse("meetings:paper_delete", args=[published.pk, paper.pk])
    assert 'name="reason"' in client.get(url).content.decode()
    version = Meeting.objects.get(pk=published.pk).agenda_version
    assert client.post(url, {"agenda_version": version}).status_code == 422
    assert Paper.objects.filter(pk=paper.pk).exists()
    assert client.post(url, {"agenda_version": version, "reason": "Sent in error"}).status_code == 302
    assert not Paper.objects.filter(pk=paper.pk).exists()


# A held meeting cannot be deleted by any door. ------------------------------------------------------------


@pytest.fixture
def held(cast):
    meeting = meeting_with_papers(cast.board, date=timezone.localdate() - datetime.timedelta(days=7))
    scheduling.meeting_mark_held(user=cast.coordinator, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    return meeting


def test_a_held_meeting_cannot_be_deleted_in_the_database(held):
    with pytest.raises(ProtectedError):
        held.delete()
    with pytest.raises(ProtectedError):
        AgendaItem.objects.get(meeting=held, title="Troubled Families").delete()  # its papers protect it
    with pytest.raises(ProtectedError):
        Meeting.objects.filter(pk=held.pk).delete()
    assert Meeting.objects.filter(pk=held.pk).exists()


@pytest.mark.parametrize("model", [Meeting, AgendaItem, Paper, ItemLead, AgendaRevision], ids=lambda m: m.__name__)
def test_the_admin_shows_governance_records_read_only(client, cast, held, model):
    client.force_login(cast.superuser)
    row = model._base_manager.filter(**_of(model, held)).first() if model is not AgendaRevision else None
    if model is AgendaRevision:
        services.agenda_publish(user=cast.coordinator, meeting=held)
        services.agenda_item_delete(user=cast.coordinator, item=held.items.last(), reason="Not needed")
        row = held.revisions.first()
    opts = model._meta
    changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert b'value="delete_selected"' not in changelist.content
    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[row.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk]))
    assert change.status_code == 200 and b'name="_save"' not in change.content
    assert model._base_manager.filter(pk=row.pk).exists()


def _of(model, meeting):
    return {
        Meeting: {"pk": meeting.pk},
        AgendaItem: {"meeting": meeting},
        Paper: {"item__meeting": meeting},
        ItemLead: {"item__meeting": meeting},
    }[model]


def test_no_service_deletes_a_held_meeting_and_the_reorder_is_logged(cast):
    meeting = meeting_with_papers(cast.board)
    layout = services._layout(meeting)
    layout[1], layout[2] = layout[2], layout[1]
    services.agenda_reorder(user=cast.coordinator, meeting=meeting, layout=layout)
    entry = ActivityLog.objects.for_object(meeting).get(action="meetings.agenda.reordered")
    assert entry.actor == cast.coordinator
    assert entry.data["before"][1] == "Minutes of the last meeting and matters arising"
    assert entry.data["after"][1] == "Safeguarding" and entry.data["after"][2] == "  Local CSE plans"
    assert not hasattr(services, "meeting_delete") and not hasattr(scheduling, "meeting_delete")


def test_item_leads_and_revisions_have_history(cast, published):
    families = _item(published, "Troubled Families")
    services.agenda_item_update(user=cast.coordinator, item=families, leads=[{"office": "Director"}])
    assert ItemLead.history.filter(item_id=families.pk, history_type="-").exists()
    assert AgendaRevision.history.filter(meeting_id=published.pk).exists()


def test_dumpdata_keeps_withdrawn_rows(cast, published):
    """A backup taken the usual way holds withdrawn items too (they are part of the record)."""
    services.agenda_item_delete(user=SYSTEM, item=_item(published, "Troubled Families"), reason="Not ready")
    out = io.StringIO()
    call_command("dumpdata", "meetings.agendaitem", "--all", stdout=out)
    assert "Not ready" in out.getvalue()


def test_revisions_never_name_a_part_two_item(client, cast, published, django_capture_on_commit_callbacks):
    """Revisions are read and e-mailed to every member, observers too, who do not read Part II."""
    from django.core import mail

    from boards.enums import Role
    from boards.tests.factories import MembershipFactory, UserFactory

    exempt = _item(published, "Commissioning")
    services.agenda_item_update(user=cast.coordinator, item=exempt, title="Commissioning of Acme Care Ltd")
    services.paper_delete(user=cast.coordinator, paper=Paper.objects.get(title="Tender evaluation"), reason="Late")
    services.agenda_item_add(
        user=cast.coordinator, meeting=published, title="Bidder shortlist", parent=AgendaItem.objects.get(pk=exempt.pk)
    )
    summaries = list(published.revisions.values_list("summary", flat=True))
    assert summaries == [
        "Item changed: a confidential (Part II) item",
        "Paper withdrawn: a confidential (Part II) item",
        "Item added: a confidential (Part II) item",
    ]
    observer = UserFactory(email="observer@example.org")
    MembershipFactory(board=cast.board, person=observer.person, role=Role.OBSERVER)
    client.force_login(observer)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Acme" not in page and "Tender evaluation" not in page and "Bidder shortlist" not in page
    with django_capture_on_commit_callbacks(execute=True):
        services.agenda_publish(user=cast.coordinator, meeting=Meeting.objects.get(pk=published.pk))
    body = mail.outbox[-1].body
    assert "a confidential (Part II) item" in body and "Acme" not in body and "Bidder" not in body
    # The coordinators' activity log keeps the titles.
    assert ActivityLog.objects.filter(data__summary="Item changed: Commissioning of Acme Care Ltd").exists()

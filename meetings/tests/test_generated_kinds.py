"""Generated documents plug into packs by kind (meetings/packs/generated.py): registered by the app that
writes them, carried by an agenda item, shown in the editions the item's visibility rule allows."""

from __future__ import annotations

import configparser
import datetime
import importlib
import shutil
import subprocess
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from core.permissions import SYSTEM
from core.visibility import Visibility
from meetings import services
from meetings.agenda import build_agenda
from meetings.enums import PackEdition, PackStatus, Standing
from meetings.forms import AgendaItemForm, AgendaTemplateItemForm
from meetings.models import AgendaItem, AgendaTemplateItem, WorkProgrammeEntry
from meetings.packs import services as pack_services
from meetings.packs.generated import generated_kind, generated_kind_choices
from meetings.packs.sources import GeneratedPageSource, gather
from meetings.tests.factories import AgendaItemFactory, MeetingFactory, meeting_with_papers, pdf_bytes
from meetings.visibility import BOARD_READER, generated_document_visibility
from testsupport.shared import check_pack
from testsupport.storage import local_copy

pytestmark = pytest.mark.django_db


class Probe(GeneratedPageSource):
    """A generated document that is never rendered: these tests only ask which items get one."""

    kind = "probe"

    @classmethod
    def for_item(cls, *, meeting, entry, edition):
        return [cls(meeting=meeting, entry=entry, title="Probe")]

    def content(self) -> dict:
        return {}

    def render(self, output: Path) -> None:
        output.write_bytes(pdf_bytes(2, "Probe document"))


@pytest.fixture
def meeting(cast):
    return meeting_with_papers(cast.board)


def generated_in(meeting, edition) -> list[str]:
    """Titles of the items whose generated document goes into ``edition``."""
    rows = gather(build_agenda(meeting, reader=BOARD_READER), edition=edition)
    return [r.entry.item.title for r in rows if any(isinstance(s, GeneratedPageSource) for s in r.sources)]


# --------------------------------------------------------------------------------------------------
# The registry


def test_the_apps_register_their_kinds_and_the_item_form_lists_them():
    choices = AgendaItemForm().fields["generated_kind"].choices
    assert choices == [
        ("", "(none)"),
        ("action_log", "Action log"),
        ("minutes", "Minutes of the last meeting"),
        ("recommendation_tracker", "Recommendation tracker"),
        ("scorecard", "Scorecard"),
        ("work_programme", "Work programme"),
    ]
    owners = {key: generated_kind(key).source_class.__module__ for key, _ in choices if key}
    assert owners == {
        "action_log": "actions.packs",
        "recommendation_tracker": "actions.packs",
        "scorecard": "performance.packs",
        "minutes": "meetings.packs.kinds",
        "work_programme": "meetings.packs.kinds",
    }


def test_a_kind_an_app_registers_appears_in_the_item_form_and_the_builder(cast, meeting, client, register_kind):
    register_kind("probe", "Probe report", Probe)
    assert ("probe", "Probe report") in AgendaItemForm().fields["generated_kind"].choices
    assert ("probe", "Probe report") in AgendaTemplateItemForm().fields["generated_kind"].choices
    client.force_login(cast.coordinator)
    page = client.get(reverse("meetings:agenda_builder", args=[meeting.pk])).content.decode()
    assert '<option value="probe">Probe report</option>' in page
    assert '<option value="" selected>(none)</option>' in page


def test_an_unknown_kind_is_refused_by_the_form_and_the_services(cast, meeting):
    form = AgendaItemForm(data={"title": "Briefing", "generated_kind": "briefing_note"})
    assert not form.is_valid()
    assert "briefing_note is not one of the available choices" in form.errors["generated_kind"][0]
    with pytest.raises(ValidationError) as refused:
        services.agenda_item_add(
            user=cast.coordinator, meeting=meeting, title="Briefing", generated_kind="briefing_note"
        )
    assert "“briefing_note” is not a kind of generated document" in refused.value.message_dict["generated_kind"][0]
    assert not AgendaItem.objects.filter(title="Briefing").exists()
    with pytest.raises(ValidationError, match="is not a kind of generated document"):
        services.agenda_template_item_add(
            user=cast.coordinator, board=cast.board, title="Briefing", generated_kind="briefing_note"
        )


def test_a_known_kind_is_kept_and_dropping_it_clears_the_public_choice(cast, meeting):
    item = services.agenda_item_add(
        user=cast.coordinator,
        meeting=meeting,
        title="Work programme",
        generated_kind="work_programme",
        generated_public=False,
    )
    item.refresh_from_db()
    assert (item.generated_kind, item.generated_public, item.generated_kind_label) == (
        "work_programme",
        False,
        "Work programme",
    )
    services.agenda_item_update(user=cast.coordinator, item=item, generated_kind="")
    item.refresh_from_db()
    assert (item.generated_kind, item.generated_public) == ("", None)


def test_registering_a_kind_twice_or_under_another_name_is_a_configuration_error(register_kind):
    register_kind("probe", "Probe report", Probe)
    register_kind("probe", "Probe report", Probe)  # an app's ready() run again: no change

    class OtherProbe(Probe):
        pass

    with pytest.raises(ImproperlyConfigured, match="already registered"):
        register_kind("probe", "Another probe", OtherProbe)
    with pytest.raises(ImproperlyConfigured, match="must match"):
        register_kind("probe_two", "Probe two", Probe)
    with pytest.raises(ImproperlyConfigured, match="not a GeneratedPageSource"):
        register_kind("probe", "Probe", object)
    assert [k for k, _ in generated_kind_choices()].count("probe") == 1


# --------------------------------------------------------------------------------------------------
# Which editions carry the pages: the item's visibility rule


def test_a_part_two_items_generated_pages_never_go_into_the_public_edition(meeting, register_kind):
    register_kind("probe", "Probe report", Probe, public_by_default=True)
    AgendaItem.objects.filter(title="Commissioning").update(generated_kind="probe", generated_public=True)
    heading = AgendaItem.objects.get(title="Commissioning")
    AgendaItemFactory(meeting=meeting, parent=heading, title="Contract monitoring", generated_kind="probe")
    assert generated_in(meeting, PackEdition.MEMBERS) == ["Commissioning", "Contract monitoring"]
    assert generated_in(meeting, PackEdition.PUBLIC) == []
    assert generated_document_visibility(heading, public_by_default=True) == Visibility.CONFIDENTIAL


def test_a_members_only_kind_stays_out_of_the_public_edition_unless_the_item_opts_in(meeting, register_kind):
    register_kind("probe", "Probe report", Probe, public_by_default=False)
    plan = AgendaItem.objects.get(title="Youth Justice Plan")
    plan.generated_kind = "probe"
    plan.save()
    assert generated_in(meeting, PackEdition.MEMBERS) == ["Youth Justice Plan"]
    assert generated_in(meeting, PackEdition.PUBLIC) == []
    plan.generated_public = True
    plan.save()
    assert generated_in(meeting, PackEdition.PUBLIC) == ["Youth Justice Plan"]
    assert generated_document_visibility(plan, public_by_default=False) == Visibility.PUBLIC


def test_a_public_kind_is_public_unless_the_item_keeps_it_for_members(meeting, register_kind):
    register_kind("probe", "Probe report", Probe, public_by_default=True)
    plan = AgendaItem.objects.get(title="Youth Justice Plan")
    plan.generated_kind = "probe"
    plan.save()
    assert generated_in(meeting, PackEdition.PUBLIC) == ["Youth Justice Plan"]
    plan.generated_public = False
    plan.save()
    assert generated_in(meeting, PackEdition.PUBLIC) == []
    assert generated_in(meeting, PackEdition.MEMBERS) == ["Youth Justice Plan"]


def test_an_item_whose_kind_no_app_registers_any_more_gets_no_pages(meeting):
    AgendaItem.objects.filter(title="Youth Justice Plan").update(generated_kind="retired_kind")
    assert generated_in(meeting, PackEdition.MEMBERS) == []


# --------------------------------------------------------------------------------------------------
# Standing items and existing agendas


def test_the_default_standing_items_carry_their_kinds_into_new_agendas(cast):
    kinds = dict(cast.board.agenda_template.values_list("standing", "generated_kind"))
    assert kinds[Standing.MINUTES] == "minutes"
    assert kinds[Standing.ACTION_LOG] == "action_log"
    assert kinds[Standing.AOB] == ""
    meeting = services.meeting_create(
        user=cast.coordinator, board=cast.board, date=datetime.date(2030, 6, 12), start_time=datetime.time(10)
    )
    carried = dict(meeting.items.values_list("title", "generated_kind"))
    assert carried["Action log"] == "action_log"
    assert carried["Minutes of the last meeting and matters arising"] == "minutes"
    assert carried["Any other business"] == ""


def test_a_standing_item_can_be_given_a_kind(cast):
    row = services.agenda_template_item_add(
        user=cast.coordinator, board=cast.board, title="Work programme", generated_kind="work_programme"
    )
    assert AgendaTemplateItem.objects.get(pk=row.pk).generated_kind_label == "Work programme"


def test_the_migration_gives_existing_standing_items_the_kind_their_standing_chose(cast):
    migration = importlib.import_module("meetings.migrations.0009_generated_document_kind")
    meeting = MeetingFactory(board=cast.board)
    log = AgendaItemFactory(meeting=meeting, title="Action log", standing=Standing.ACTION_LOG)
    minutes = AgendaItemFactory(meeting=meeting, title="Minutes", standing=Standing.MINUTES)
    aob = AgendaItemFactory(meeting=meeting, title="AOB", standing=Standing.AOB)
    chosen = AgendaItemFactory(meeting=meeting, title="Log", standing=Standing.ACTION_LOG, generated_kind="scorecard")
    AgendaTemplateItem.objects.filter(board=cast.board).update(generated_kind="")
    migration.standing_to_kind(django_apps, None)
    kinds = dict(AgendaItem.objects.filter(meeting=meeting).values_list("pk", "generated_kind"))
    assert kinds == {log.pk: "action_log", minutes.pk: "minutes", aob.pk: "", chosen.pk: "scorecard"}
    template = dict(cast.board.agenda_template.values_list("standing", "generated_kind"))
    assert (template[Standing.ACTION_LOG], template[Standing.MINUTES], template[Standing.WELCOME]) == (
        "action_log",
        "minutes",
        "",
    )


# --------------------------------------------------------------------------------------------------
# A real generated document in a real pack


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)")
def test_the_work_programme_goes_into_the_pack_with_correct_page_references(cast, meeting):
    later = MeetingFactory(board=cast.board, date=meeting.date + datetime.timedelta(days=182))
    WorkProgrammeEntry.objects.create(board=cast.board, meeting=later, topic="Early Help strategy refresh")
    WorkProgrammeEntry.objects.create(board=cast.board, topic="Youth voice annual report", lead="Youth Council")
    WorkProgrammeEntry.objects.create(board=cast.board, meeting=meeting, topic="Already on this agenda")
    AgendaItemFactory(meeting=meeting, title="Work programme", generated_kind="work_programme", position=10_000)
    for edition in (PackEdition.MEMBERS, PackEdition.PUBLIC):
        built = pack_services.pack_build_now(user=SYSTEM, meeting=meeting, edition=edition)
        assert built.status == PackStatus.DONE, built.error
        result = check_pack(local_copy(built.file))
        assert result.returncode == 0, result.stdout + result.stderr
        text = subprocess.run(
            ["pdftotext", "-layout", local_copy(built.file), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Early Help strategy refresh" in text
        assert "Youth voice annual report" in text and "To be confirmed" in text
        assert "Already on this agenda" not in text


# --------------------------------------------------------------------------------------------------
# One-way doors


def test_the_layers_contract_keeps_meetings_below_actions_and_performance():
    config = configparser.ConfigParser()
    config.read(Path(__file__).resolve().parents[2] / ".importlinter")
    layers = config["importlinter:contract:layers"]
    assert layers["type"] == "layers"
    order = [line.strip() for line in layers["layers"].splitlines() if line.strip()]
    assert order.index("(actions) | (performance)") < order.index("meetings") < order.index("boards")
    ignored = layers.get("ignore_imports", "")
    assert "meetings" not in "".join(line.split("->")[0] for line in ignored.splitlines())

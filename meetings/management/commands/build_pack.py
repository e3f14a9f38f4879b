"""Build a meeting's agenda pack synchronously: ``manage.py build_pack MEETING_ID [--edition public] [--output F]``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.files import copy_to_local
from core.permissions import SYSTEM
from meetings.enums import PackEdition, PackStatus
from meetings.models import Meeting
from meetings.packs.services import pack_build_now


class Command(BaseCommand):
    help = "Build a meeting's agenda pack now, in this process, and print its page count and where it is."

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int)
        parser.add_argument("--edition", choices=PackEdition.values, default=PackEdition.MEMBERS)
        parser.add_argument("--output", type=Path, help="Also copy the pack to this file.")

    def handle(self, *args, meeting_id, edition, output, **options):
        try:
            meeting = Meeting.objects.select_related("board").get(pk=meeting_id)
        except Meeting.DoesNotExist:
            raise CommandError(f"There is no meeting {meeting_id}.") from None
        build = pack_build_now(user=SYSTEM, meeting=meeting, edition=edition)
        if build.status == PackStatus.FAILED:
            raise CommandError(build.error)
        where = f"stored as {build.file.name}"
        if output is not None:
            output.parent.mkdir(parents=True, exist_ok=True)
            copy_to_local(build.file.name, output, storage=build.file.storage)
            where = str(output)
        state = "unchanged since the last build" if build.status == PackStatus.UNCHANGED else f"version {build.number}"
        self.stdout.write(f"{meeting}: {build.get_edition_display()}, {state}: {build.page_count} pages")
        self.stdout.write(where)

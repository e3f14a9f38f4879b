"""Check every signed minutes document: recompute its SHA-256 against the one recorded when the chair signed,
and validate its digital signature. Any file that differs, is missing or no longer verifies is reported, and
the command then fails (exit status 1), so it can run from a scheduler or after a restore."""

from __future__ import annotations

import hashlib

from django.core.management.base import BaseCommand, CommandError

from core.files import stored_files
from meetings.enums import MinutesDocumentKind, PackStatus
from meetings.models import MinutesDocument


class Command(BaseCommand):
    help = "Recompute the hash and validate the signature of every signed minutes document; report any that differ."

    def add_arguments(self, parser):
        parser.add_argument("--board", help="Only this board's minutes (its web address, e.g. cpb).")

    def handle(self, *args, **options):
        from meetings.minutes.signing import check_pdf_signatures

        documents = (
            MinutesDocument.objects.filter(kind=MinutesDocumentKind.SIGNED, status=PackStatus.DONE)
            .select_related("minutes__meeting__board")
            .order_by("minutes__meeting__board__name", "minutes__meeting__date", "edition", "version")
        )
        if options["board"]:
            documents = documents.filter(minutes__meeting__board__slug=options["board"])
        storage = stored_files()
        checked = failed = 0
        for document in documents.iterator():
            checked += 1
            meeting = document.minutes.meeting
            label = (
                f"{meeting.board.display_short_name} {meeting.date:%-d %B %Y}, "
                f"{document.get_edition_display().lower()}, signed version {document.version} ({document.file.name})"
            )
            problems = []
            try:
                with storage.open(document.file.name, "rb") as fh:
                    data = fh.read()
            except FileNotFoundError:
                data = None
                problems.append("the file is missing from storage")
            if data is not None:
                digest = hashlib.sha256(data).hexdigest()
                if digest != document.sha256:
                    problems.append(f"its SHA-256 is {digest}, not {document.sha256} as recorded when it was signed")
                checks = check_pdf_signatures(data)
                if not checks:
                    problems.append("it carries no digital signature")
                for check in checks:
                    if not check.valid or not check.covers_whole_file:
                        problems.extend(check.problems or ("its signature does not verify",))
            if problems:
                failed += 1
                self.stdout.write(self.style.ERROR(f"DIFFERS  {label}: " + "; ".join(problems)))
            else:
                self.stdout.write(f"OK       {label}")
        summary = f"{checked} signed document{'s' if checked != 1 else ''} checked, {failed} with problems."
        if failed:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))

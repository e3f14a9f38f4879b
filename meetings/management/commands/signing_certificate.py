"""The certificate signed-off minutes are signed with: ``manage.py signing_certificate [--check] [--force]
[--common-name X] [--organisation Y] [--days N] [--export-pem PATH]``.

Without options it makes a self-signed certificate at ``MINUTES_SIGNING_KEY_FILE`` (opened with
``MINUTES_SIGNING_PASSPHRASE``) unless one is there already, so it is safe to run on every start.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import clock
from meetings.minutes.signing import (
    SigningUnavailable,
    certificate_pem,
    certificate_summary,
    make_self_signed_certificate,
)


class Command(BaseCommand):
    help = (
        "Make the portal's own (self-signed) certificate for signing minutes, unless one is in place; "
        "or show or export the one in use."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--common-name",
            default=None,
            help="The name PDF readers show as the signer (default: MINUTES_SIGNING_NAME).",
        )
        parser.add_argument("--organisation", default="", help="The organisation named in the certificate.")
        parser.add_argument("--days", type=int, default=3650, help="How long the certificate is valid (days).")
        parser.add_argument("--force", action="store_true", help="Replace the certificate that is there.")
        parser.add_argument(
            "--export-pem",
            type=Path,
            metavar="PATH",
            help="Write the public certificate (no key) to PATH as PEM, for PDF readers to trust.",
        )
        parser.add_argument(
            "--check", action="store_true", help="Only show the certificate in use; fail when it cannot be used."
        )

    def handle(self, *args, common_name, organisation, days, force, export_pem, check, **options):
        path = Path(settings.MINUTES_SIGNING_KEY_FILE)
        if check:
            self._show(self._summary())
        elif path.exists() and not force:
            summary = self._summary(hint=" Run with --force to replace it with a new certificate.")
            self.stdout.write("A signing certificate is in place; nothing was changed (--force makes a new one).")
            self._show(summary)
        else:
            if days < 1:
                raise CommandError("--days must be at least 1.")
            if path.exists():
                self._keep_replaced(path)
            make_self_signed_certificate(
                path=path,
                common_name=common_name or settings.MINUTES_SIGNING_NAME,
                organisation=organisation,
                passphrase=settings.MINUTES_SIGNING_PASSPHRASE,
                days=days,
            )
            self.stdout.write(self.style.SUCCESS("Made a new signing certificate."))
            self._show(self._summary())
            if not settings.MINUTES_SIGNING_PASSPHRASE:
                self.stdout.write(
                    "Its key has no passphrase, so only the file's permissions (owner only) protect it: set "
                    "MINUTES_SIGNING_PASSPHRASE and run with --force to make one that has."
                )
        if export_pem is not None:
            export_pem.parent.mkdir(parents=True, exist_ok=True)
            export_pem.write_bytes(certificate_pem())
            self.stdout.write(f"Wrote the public certificate to {export_pem}.")
        self.stdout.write(
            "PDF readers show the chair's signature as trusted once this certificate is trusted in them: export "
            "it with --export-pem PATH and add it to the reader's trusted certificates."
        )

    def _summary(self, *, hint: str = "") -> dict:
        try:
            return certificate_summary()
        except SigningUnavailable as error:
            raise CommandError(f"{error}{hint}") from error

    def _show(self, summary: dict) -> None:
        self.stdout.write(f"Signing certificate: {summary['path']}")
        self.stdout.write(f"Subject: {summary['subject']}" + (" (self-signed)" if summary["self_signed"] else ""))
        self.stdout.write(f"SHA-256 fingerprint: {summary['sha256_fingerprint']}")
        self.stdout.write(
            f"Valid from {summary['not_before']:%Y-%m-%d %H:%M} to {summary['not_after']:%Y-%m-%d %H:%M} (UTC)"
        )

    def _keep_replaced(self, path: Path) -> None:
        """Keep the public half of the certificate being replaced beside it, so minutes signed with it can
        still be trusted (MINUTES_SIGNING_TRUSTED_CERTS). A file that cannot be opened is replaced as asked."""
        try:
            pem = certificate_pem()
            short = certificate_summary()["sha256_fingerprint"].replace(":", "")[:12].lower()
        except SigningUnavailable as error:
            self.stdout.write(f"The certificate being replaced cannot be opened, so it is not kept: {error}")
            return
        kept = path.with_name(f"{path.stem}-replaced-{clock.today().isoformat()}-{short}.pem")
        kept.write_bytes(pem)
        self.stdout.write(
            f"The certificate being replaced is kept as {kept}: add it to MINUTES_SIGNING_TRUSTED_CERTS so that "
            "minutes signed before today still show as trusted here."
        )

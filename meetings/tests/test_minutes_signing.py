"""The chair's digital signature on minutes PDFs (meetings.minutes.signing, manage.py signing_certificate).

Real PDF/UA minutes from WeasyPrint are signed with a real key made in the test's folder, then read back
the ways a reader would: pyHanko (through check_pdf_signatures), poppler's pdfsig and pdftotext, pikepdf.
"""

from __future__ import annotations

import datetime
import io
import re
import shutil
import stat
import subprocess
import uuid
from pathlib import Path

import pikepdf
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.management import call_command
from django.core.management.base import CommandError

from meetings.minutes.signing import (
    ADDED,
    CANNOT_READ,
    CHANGED,
    EXPIRED,
    LATER_SIGNATURE,
    UNTRUSTED,
    SignatureCheck,
    SigningUnavailable,
    certificate_pem,
    certificate_summary,
    check_pdf_signatures,
    make_self_signed_certificate,
    sign_pdf,
)

PASSPHRASE = "correct horse battery staple"
COMMON_NAME = "Leeds Health and Wellbeing Board portal"
ORGANISATION = "Leeds City Council"
# One character of each digit the tampering needs: "100" becomes "200" by swapping one glyph for another.
DECISION = "Resolved: to spend 100 pounds, by 7 votes to 2."

needs_poppler = pytest.mark.skipif(
    shutil.which("pdfsig") is None or shutil.which("pdftotext") is None, reason="needs poppler-utils"
)


def render_minutes(*, compressed: bool = True) -> bytes:
    """Minutes as the portal prints them: PDF/UA-1, so tagged, with a bookmark for the heading."""
    import weasyprint

    html = (
        "<html lang='en'><head><title>Minutes of the board, 12 March 2025</title></head>"
        f"<body><h1>Minutes</h1><p>{DECISION}</p></body></html>"
    )
    return weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=not compressed)


@pytest.fixture(scope="module")
def minutes_pdf() -> bytes:
    return render_minutes()


@pytest.fixture(scope="module")
def plain_minutes_pdf() -> bytes:
    """The same minutes with uncompressed content streams, so a test can change the text in place."""
    return render_minutes(compressed=False)


@pytest.fixture
def signing_key(settings, tmp_path) -> Path:
    """The installation's own self-signed certificate, in the test's folder."""
    path = tmp_path / "keys" / "minutes-signing.p12"
    settings.MINUTES_SIGNING_KEY_FILE = path
    settings.MINUTES_SIGNING_PASSPHRASE = PASSPHRASE
    settings.MINUTES_SIGNING_TRUSTED_CERTS = []
    settings.MINUTES_SIGNING_NAME = COMMON_NAME
    make_self_signed_certificate(path=path, common_name=COMMON_NAME, organisation=ORGANISATION, passphrase=PASSPHRASE)
    return path


def sign(data: bytes) -> bytes:
    return sign_pdf(data, signer_name="Cllr Jo Bloggs", reason="Signed off as a true record", location="Leeds")


def pdfsig(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=True).stdout


def pdftotext(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / f"{uuid.uuid4().hex}.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def fingerprint(pem_or_path: bytes | Path) -> str:
    data = pem_or_path.read_bytes() if isinstance(pem_or_path, Path) else pem_or_path
    return x509.load_pem_x509_certificate(data).fingerprint(hashes.SHA256()).hex(":").upper()


# --------------------------------------------------------------------------------------------------
# Signing and checking


def test_signed_minutes_check_as_valid_intact_trusted_and_whole(signing_key, minutes_pdf):
    signed = sign(minutes_pdf)

    [check] = check_pdf_signatures(signed)

    assert check == SignatureCheck(
        field="ChairSignature",
        signer=COMMON_NAME,
        signed_at=check.signed_at,
        intact=True,
        valid=True,
        trusted=True,
        covers_whole_file=True,
        problems=(),
    )
    assert abs(check.signed_at - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(minutes=1)
    # An incremental update: every byte of the minutes as rendered is still there, first.
    assert signed.startswith(minutes_pdf)


def test_the_signature_is_invisible_pades_and_carries_the_name_reason_and_location(signing_key, minutes_pdf):
    signed = sign_pdf(
        minutes_pdf,
        signer_name="Cllr Jo Bloggs",
        reason="Signed off as a true record",
        location="Civic Hall, Leeds",
        contact="governance@example.org",
    )

    with pikepdf.open(io.BytesIO(signed)) as pdf:
        [field] = pdf.Root.AcroForm.Fields
        signature = field.V
        assert str(field.T) == "ChairSignature"
        assert [float(n) for n in field.Rect] == [0, 0, 0, 0]
        assert signature.SubFilter == pikepdf.Name("/ETSI.CAdES.detached")
        assert (str(signature.Name), str(signature.Reason)) == ("Cllr Jo Bloggs", "Signed off as a true record")
        assert (str(signature.Location), str(signature.ContactInfo)) == ("Civic Hall, Leeds", "governance@example.org")


def test_signing_keeps_the_tags_and_bookmarks_of_pdf_ua_minutes(signing_key, minutes_pdf):
    signed = sign(minutes_pdf)

    with pikepdf.open(io.BytesIO(signed)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == "en"
        assert str(pdf.Root.Outlines.First.Title) == "Minutes"
        assert len(pdf.pages) == 1
        with pikepdf.open(io.BytesIO(minutes_pdf)) as original:
            assert repr(pdf.Root.StructTreeRoot.K) == repr(original.Root.StructTreeRoot.K)


@needs_poppler
def test_pdfsig_finds_the_signature_valid_and_a_changed_figure_breaks_it(signing_key, plain_minutes_pdf, tmp_path):
    signed = sign(plain_minutes_pdf)
    report = pdfsig(tmp_path, signed)
    assert "Signature Field Name: ChairSignature" in report
    assert f"Signer Certificate Common Name: {COMMON_NAME}" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report

    # Someone changes "spend 100 pounds" to "spend 200 pounds" in the signed part of the file: in the
    # decision's text-showing array, the glyph of the "1" becomes the glyph of the "2". Same length, still a
    # PDF, and a reader now shows the other figure.
    tampered = None
    for array in re.finditer(rb"\[([^\]]*)\] ?TJ", signed):
        glyphs = list(re.finditer(rb"<([0-9a-fA-F]{4})>", array.group(1)))
        if len(glyphs) == len(DECISION):  # one glyph per character: no ligatures in the sentence
            one, two = glyphs[DECISION.index("1")], glyphs[DECISION.index("2")]
            at = array.start(1) + one.start(1)
            tampered = signed[:at] + two.group(1) + signed[at + 4 :]
            break
    assert tampered is not None and len(tampered) == len(signed)
    assert "spend 200 pounds" in pdftotext(tmp_path, tampered)

    report = pdfsig(tmp_path, tampered)
    assert "Signature Validation: Digest Mismatch." in report
    assert "Signature is Valid" not in report
    [check] = check_pdf_signatures(tampered)
    assert (check.valid, check.intact, check.problems) == (False, False, (CHANGED,))
    assert check.trusted is True  # still the installation's certificate: it is the file that changed


@needs_poppler
def test_an_update_added_after_signing_leaves_the_signature_valid_but_not_covering_the_file(
    signing_key, minutes_pdf, tmp_path
):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = sign(minutes_pdf)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page, _resources = writer.find_page_for_modification(0)
    note = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Text"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.NumberObject(n) for n in (50, 50, 70, 70)]),
            generic.NameObject("/Contents"): generic.TextStringObject("Not what we agreed"),
        }
    )
    writer.register_annotation(page, writer.add_object(note))
    output = io.BytesIO()
    writer.write(output)
    annotated = output.getvalue()
    assert annotated.startswith(signed)

    [check] = check_pdf_signatures(annotated)

    assert (check.valid, check.intact, check.trusted) == (True, True, True)
    assert check.covers_whole_file is False
    assert check.problems == (ADDED,)
    report = pdfsig(tmp_path, annotated)
    assert "Not total document signed" in report
    assert "Signature Validation: Signature is Valid." in report


def test_signing_again_adds_a_second_field_and_the_first_covers_the_earlier_version(signing_key, minutes_pdf):
    twice = sign(sign(minutes_pdf))

    first, second = check_pdf_signatures(twice)

    assert (first.field, second.field) == ("ChairSignature", "ChairSignature2")
    assert (first.valid, first.trusted, first.covers_whole_file, first.problems) == (
        True,
        True,
        False,
        (LATER_SIGNATURE,),
    )
    assert (second.valid, second.trusted, second.covers_whole_file, second.problems) == (True, True, True, ())


def test_another_certificate_is_untrusted_unless_its_pem_is_listed(settings, signing_key, minutes_pdf, tmp_path):
    other = tmp_path / "elsewhere" / "other.p12"
    make_self_signed_certificate(path=other, common_name="Someone else", organisation="", passphrase=PASSPHRASE)
    settings.MINUTES_SIGNING_KEY_FILE = other
    signed = sign(minutes_pdf)
    other_pem = tmp_path / "other.pem"
    other_pem.write_bytes(certificate_pem())
    settings.MINUTES_SIGNING_KEY_FILE = signing_key

    [check] = check_pdf_signatures(signed)
    assert (check.signer, check.valid, check.intact, check.trusted) == ("Someone else", True, True, False)
    assert check.problems == (UNTRUSTED,)

    settings.MINUTES_SIGNING_TRUSTED_CERTS = [str(other_pem)]
    [check] = check_pdf_signatures(signed)
    assert (check.trusted, check.problems) == (True, ())


def test_a_certificate_that_had_expired_when_it_signed_is_not_trusted(settings, tmp_path, minutes_pdf):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Last year's portal")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=400))
        .not_valid_after(now - datetime.timedelta(days=35))
        .sign(key, hashes.SHA256())
    )
    path = tmp_path / "expired.p12"
    encryption = serialization.BestAvailableEncryption(PASSPHRASE.encode())
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"old", key, certificate, None, encryption))
    settings.MINUTES_SIGNING_KEY_FILE = path
    settings.MINUTES_SIGNING_PASSPHRASE = PASSPHRASE
    settings.MINUTES_SIGNING_TRUSTED_CERTS = []

    [check] = check_pdf_signatures(sign(minutes_pdf))

    assert (check.valid, check.trusted, check.problems) == (True, False, (EXPIRED,))


def test_a_file_with_no_signatures_has_no_checks(signing_key, minutes_pdf):
    assert check_pdf_signatures(minutes_pdf) == []


@pytest.mark.parametrize("data", [b"", b"This is not a PDF at all", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog"])
def test_a_file_that_is_not_a_pdf_gives_one_failed_check(signing_key, data):
    assert check_pdf_signatures(data) == [
        SignatureCheck(
            field="",
            signer="",
            signed_at=None,
            intact=False,
            valid=False,
            trusted=False,
            covers_whole_file=False,
            problems=(CANNOT_READ,),
        )
    ]


def test_a_missing_trusted_certificate_file_is_named(settings, signing_key, minutes_pdf, tmp_path):
    settings.MINUTES_SIGNING_TRUSTED_CERTS = [str(tmp_path / "our-ca.pem")]

    with pytest.raises(SigningUnavailable) as error:
        check_pdf_signatures(sign(minutes_pdf))

    assert str(error.value).startswith(f"The portal cannot check signatures: the trusted certificate file {tmp_path}")


# --------------------------------------------------------------------------------------------------
# When the key cannot be used


def test_no_key_file_says_how_to_make_one(settings, tmp_path, minutes_pdf):
    path = tmp_path / "var" / "minutes-signing.p12"
    settings.MINUTES_SIGNING_KEY_FILE = path

    with pytest.raises(SigningUnavailable) as error:
        sign(minutes_pdf)

    assert str(error.value) == (
        f"The portal cannot sign minutes: no signing certificate at {path}. An administrator runs "
        "`python manage.py signing_certificate` (or names the organisation's own PKCS#12 file in "
        "MINUTES_SIGNING_KEY_FILE)."
    )
    with pytest.raises(SigningUnavailable, match="no signing certificate at"):
        certificate_summary()


@pytest.mark.parametrize(
    ("passphrase", "reason"),
    [
        ("not the passphrase", "does not open with the passphrase in MINUTES_SIGNING_PASSPHRASE"),
        ("", "needs a passphrase and MINUTES_SIGNING_PASSPHRASE is empty"),
    ],
)
def test_a_wrong_passphrase_says_so(settings, signing_key, minutes_pdf, passphrase, reason):
    settings.MINUTES_SIGNING_PASSPHRASE = passphrase

    with pytest.raises(SigningUnavailable) as error:
        sign(minutes_pdf)

    assert str(error.value) == (
        f"The portal cannot sign minutes: the signing certificate at {signing_key} {reason} (or it is not a "
        "PKCS#12 file). An administrator sets the passphrase the file was made with."
    )


def test_a_key_file_that_cannot_be_read_says_why(settings, tmp_path, minutes_pdf):
    settings.MINUTES_SIGNING_KEY_FILE = tmp_path  # a folder: root reads any file, so a mode would not do

    with pytest.raises(SigningUnavailable) as error:
        sign(minutes_pdf)

    assert str(error.value).startswith(
        f"The portal cannot sign minutes: the signing certificate at {tmp_path} cannot be read (Is a directory)."
    )


def test_a_passphrase_is_optional(settings, tmp_path, minutes_pdf):
    path = tmp_path / "open.p12"
    settings.MINUTES_SIGNING_KEY_FILE = path
    settings.MINUTES_SIGNING_PASSPHRASE = ""
    settings.MINUTES_SIGNING_TRUSTED_CERTS = []
    make_self_signed_certificate(path=path, common_name=COMMON_NAME, organisation="", passphrase="")

    [check] = check_pdf_signatures(sign(minutes_pdf))

    assert (check.valid, check.trusted) == (True, True)


# --------------------------------------------------------------------------------------------------
# The certificate


def test_a_new_certificate_is_for_signing_documents_and_private_to_its_owner(settings, tmp_path):
    path = tmp_path / "var" / "keys" / "minutes-signing.p12"
    settings.MINUTES_SIGNING_KEY_FILE = path
    settings.MINUTES_SIGNING_PASSPHRASE = PASSPHRASE

    make_self_signed_certificate(
        path=path, common_name=COMMON_NAME, organisation=ORGANISATION, passphrase=PASSPHRASE, days=30
    )

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["minutes-signing.p12"]  # no temporary file left
    key, certificate, _chain = pkcs12.load_key_and_certificates(path.read_bytes(), PASSPHRASE.encode())
    assert key.key_size == 3072
    usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert (usage.digital_signature, usage.content_commitment, usage.key_cert_sign) == (True, True, False)
    purposes = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert {p.dotted_string for p in purposes} == {"1.3.6.1.5.5.7.3.36", "1.3.6.1.5.5.7.3.4"}
    summary = certificate_summary()
    assert summary["subject"] == f"O={ORGANISATION},CN={COMMON_NAME}"
    assert summary["common_name"] == COMMON_NAME
    assert summary["self_signed"] is True
    assert summary["path"] == path
    assert summary["sha256_fingerprint"] == fingerprint(certificate_pem())
    assert summary["not_after"] - summary["not_before"] == datetime.timedelta(days=30, minutes=5)


# --------------------------------------------------------------------------------------------------
# manage.py signing_certificate


@pytest.fixture
def key_settings(settings, tmp_path) -> Path:
    path = tmp_path / "var" / "minutes-signing.p12"
    settings.MINUTES_SIGNING_KEY_FILE = path
    settings.MINUTES_SIGNING_PASSPHRASE = PASSPHRASE
    settings.MINUTES_SIGNING_TRUSTED_CERTS = []
    settings.MINUTES_SIGNING_NAME = COMMON_NAME
    return path


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("signing_certificate", *args, stdout=out)
    return out.getvalue()


def test_the_command_makes_a_private_certificate_and_prints_what_it_made(key_settings):
    output = run_command("--organisation", ORGANISATION)

    assert stat.S_IMODE(key_settings.stat().st_mode) == 0o600
    summary = certificate_summary()
    assert summary["subject"] == f"O={ORGANISATION},CN={COMMON_NAME}"
    assert "Made a new signing certificate." in output
    assert f"Signing certificate: {key_settings}\n" in output
    assert f"Subject: O={ORGANISATION},CN={COMMON_NAME} (self-signed)\n" in output
    assert f"SHA-256 fingerprint: {summary['sha256_fingerprint']}\n" in output
    assert f"Valid from {summary['not_before']:%Y-%m-%d %H:%M} to {summary['not_after']:%Y-%m-%d %H:%M}" in output
    assert "PDF readers show the chair's signature as trusted once this certificate is trusted in them" in output


def test_running_the_command_again_changes_nothing_unless_forced(key_settings):
    run_command()
    first = certificate_summary()["sha256_fingerprint"]
    contents = key_settings.read_bytes()

    output = run_command()

    assert key_settings.read_bytes() == contents
    assert "nothing was changed" in output
    assert f"SHA-256 fingerprint: {first}\n" in output

    output = run_command("--force", "--common-name", "Governance portal 2026", "--days", "365")

    summary = certificate_summary()
    assert summary["sha256_fingerprint"] != first
    assert summary["common_name"] == "Governance portal 2026"
    assert summary["not_after"] - summary["not_before"] == datetime.timedelta(days=365, minutes=5)
    assert stat.S_IMODE(key_settings.stat().st_mode) == 0o600
    # The old certificate's public half is kept, to be trusted for the minutes it signed.
    [kept] = key_settings.parent.glob("minutes-signing-replaced-*.pem")
    assert fingerprint(kept) == first
    assert str(kept) in output


def test_the_command_exports_the_public_certificate_as_pem(key_settings, tmp_path):
    target = tmp_path / "export" / "portal-signing.pem"

    output = run_command("--export-pem", str(target))

    assert target.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----\n")
    assert b"PRIVATE KEY" not in target.read_bytes()
    assert fingerprint(target) == certificate_summary()["sha256_fingerprint"]
    assert f"Wrote the public certificate to {target}." in output


def test_check_fails_without_a_certificate_and_shows_one_that_is_there(key_settings):
    with pytest.raises(CommandError, match="no signing certificate at"):
        run_command("--check")
    assert not key_settings.exists()  # checking makes nothing

    run_command()
    output = run_command("--check")

    assert f"SHA-256 fingerprint: {certificate_summary()['sha256_fingerprint']}\n" in output


def test_the_command_will_not_pass_over_a_certificate_it_cannot_open(settings, key_settings):
    run_command()
    contents = key_settings.read_bytes()
    settings.MINUTES_SIGNING_PASSPHRASE = "not the passphrase"

    with pytest.raises(CommandError, match=r"does not open with the passphrase.*Run with --force to replace it"):
        run_command()

    assert key_settings.read_bytes() == contents


def test_signing_and_checking_work_inside_a_running_event_loop(minutes_pdf, signing_key):
    """An async view, or a test that drives a browser, runs an event loop in its thread: pyHanko's own loop
    must not clash with it."""
    import asyncio

    async def inside():
        signed = sign_pdf(minutes_pdf, signer_name="Sarah James", reason="Correct record")
        return check_pdf_signatures(signed)

    def in_a_thread_of_its_own():  # this thread may already run a loop (the browser tests' own)
        loop = asyncio.new_event_loop()
        try:
            return loop.run_until_complete(inside())
        finally:
            loop.close()

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        [check] = pool.submit(in_a_thread_of_its_own).result()
    assert check.valid and check.intact

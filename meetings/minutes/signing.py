"""The chair's digital signature on minutes PDFs: signing, checking, and the installation's certificate.

Minutes a chair has signed off are signed digitally, so that any PDF reader shows who signed them and
whether the file has changed since. :func:`sign_pdf` adds a PAdES baseline (B-B) signature with the
installation's key: invisible, in an incremental update, so everything already in the file stays byte for
byte, the tags and bookmarks of a PDF/UA document included. :func:`check_pdf_signatures` reads every
signature in a file back and says in plain words what is wrong with each.

The key and its certificate are one PKCS#12 file (``MINUTES_SIGNING_KEY_FILE``, opened with
``MINUTES_SIGNING_PASSPHRASE``), kept outside the stored files and the database: the organisation's own, or
a self-signed one that ``manage.py signing_certificate`` makes (:func:`make_self_signed_certificate`).
Signatures are trusted when their certificate is that one or chains to a certificate listed in
``MINUTES_SIGNING_TRUSTED_CERTS`` (PEM files: an organisation's own CA, or a certificate used before).

Nothing here touches the network: no timestamp server, no revocation look-ups. The signing time is the one
the server's clock gives, as the signer's own claim. pyHanko is slow to import, so it is imported inside the
functions that use it; no Django models here.
"""

from __future__ import annotations

import datetime
import io
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from django.conf import settings

from core import clock

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.validation.status import PdfSignatureStatus

logger = logging.getLogger(__name__)

FIELD_NAME = "ChairSignature"
# id-kp-documentSigning (RFC 9336): the certificate is for signing documents.
DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36"

CANNOT_READ = "The file cannot be read as a PDF."
DAMAGED = "A signature in the file is damaged and cannot be checked."
CHANGED = "The file was changed after it was signed."
BROKEN = "The signature itself is damaged, or was not made with the key of the certificate it names."
UNTRUSTED = "Signed by a certificate this portal does not trust."
EXPIRED = "The certificate it was signed with had expired when it was signed."
NOT_YET_VALID = "The certificate it was signed with was not yet in force when it was signed."
REVOKED = "The certificate it was signed with has been withdrawn (revoked)."
LATER_SIGNATURE = (
    "Another signature (or a form entry) was added after this one: this signature covers the file as it was "
    "before that."
)
ADDED = (
    "Something was added to the file after it was signed (for example a comment, or pages changed): what a "
    "reader sees now may differ from what was signed."
)
PARTLY_COVERED = "The signature does not cover the whole of the file it was made on."


class SigningUnavailable(Exception):
    """The installation's signing key cannot be used: missing, unreadable, or the passphrase is wrong."""


@dataclass(frozen=True)
class SignatureCheck:
    """What a reader of one signature needs to know, from :func:`check_pdf_signatures`."""

    field: str  # the signature field's name, e.g. "ChairSignature"
    signer: str  # the common name in the signing certificate
    signed_at: datetime.datetime | None  # as the signer's clock said (no timestamp server)
    intact: bool  # nothing in the signed bytes changed
    valid: bool  # cryptographically valid and intact
    trusted: bool  # the installation's certificate, or chains to MINUTES_SIGNING_TRUSTED_CERTS; in force then
    covers_whole_file: bool  # nothing was added to the file after the signature
    problems: tuple[str, ...]  # in plain words; empty when all is well


class _Credential(NamedTuple):
    path: Path
    data: bytes
    passphrase: bytes | None
    certificate: x509.Certificate


# ----------------------------------------------------------------------------------------------------------
# Signing


def _off_any_event_loop(function):
    """pyHanko's plain functions run an event loop of their own (``asyncio.run``), which Python refuses
    inside a thread that already runs one (an async view, a browser-driving test): run them in a thread of
    their own then, and wait for the answer."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        import asyncio
        from concurrent.futures import ThreadPoolExecutor

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return wrapper


@_off_any_event_loop
def sign_pdf(data: bytes, *, signer_name: str, reason: str, location: str = "", contact: str = "") -> bytes:
    """``data`` signed with the installation's key, as the signed bytes.

    The signature goes in a new field, ``ChairSignature`` (``ChairSignature2`` and so on when the file is
    already signed, or an empty field of that name is used), with ``signer_name``, ``reason``, ``location``
    and ``contact`` as the name, reason, location and contact a PDF reader shows beside it. Raises
    :class:`SigningUnavailable` when the key cannot be used, and ``ValueError`` when ``data`` is not a PDF
    pyHanko can add to.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers

    credential = _credential()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
    except (PdfError, ValueError) as error:
        raise ValueError(f"The minutes cannot be signed: the file cannot be read as a PDF ({error}).") from error
    signer = signers.SimpleSigner.load_pkcs12_data(credential.data, other_certs=[], passphrase=credential.passphrase)
    metadata = signers.PdfSignatureMetadata(
        field_name=_free_field_name(writer),
        name=signer_name,
        reason=reason,
        location=location or None,
        contact_info=contact or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def _free_field_name(writer: IncrementalPdfFileWriter) -> str:
    """``ChairSignature``, unless a signature already fills it: then the first free ``ChairSignatureN``."""
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, _value, _ref in enumerate_sig_fields(writer, filled_status=True)}
    name, number = FIELD_NAME, 1
    while name in taken:
        number += 1
        name = f"{FIELD_NAME}{number}"
    return name


# ----------------------------------------------------------------------------------------------------------
# Checking


@_off_any_event_loop
def check_pdf_signatures(data: bytes) -> list[SignatureCheck]:
    """Every signature in ``data``, checked against the installation's certificate and the trusted ones.

    A certificate is judged as at the time the signature says it was made (the signer's clock, as PDF
    readers do for a signature without a timestamp), so minutes stay trusted after their certificate
    expires; a time in the future counts as now. A file with no signatures gives ``[]``; a file that is not
    a PDF gives one check that says so, rather than an error. Raises :class:`SigningUnavailable` only when a
    file in ``MINUTES_SIGNING_TRUSTED_CERTS`` cannot be read (the installation's own certificate is left out
    of the trust list when it is missing).
    """
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data))
    except Exception as error:  # whatever the parser trips over in a damaged file means the same to a clerk
        logger.info("A file whose signatures were to be checked cannot be read as a PDF: %s", error)
        return [_failed(problem=CANNOT_READ)]
    try:
        embedded = reader.embedded_regular_signatures  # document timestamps are no one's signature
    except Exception as error:
        logger.info("A signature in a PDF cannot be read: %s", error)
        return [_failed(problem=DAMAGED)]
    if not embedded:
        return []
    roots = _trust_roots()
    # Readers accept either usage on a signing certificate; pyHanko alone would ask for non-repudiation.
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False)
    now = clock.now()
    checks = []
    for signature in embedded:
        try:
            claimed = signature.self_reported_timestamp
            moment = min(claimed, now) if claimed else now
            context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="none", moment=moment)
            status = validate_pdf_signature(signature, signer_validation_context=context, key_usage_settings=usage)
        except Exception as error:
            logger.info("Signature %s cannot be checked: %s", signature.field_name, error)
            checks.append(_failed(problem=DAMAGED, field=signature.field_name))
            continue
        checks.append(_summarise(field=signature.field_name, status=status, moment=moment))
    return checks


def _summarise(*, field: str, status: PdfSignatureStatus, moment: datetime.datetime) -> SignatureCheck:
    """A :class:`SignatureCheck` from pyHanko's ``PdfSignatureStatus``, with the certificate judged at ``moment``."""
    from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel

    # pyHanko's ``valid`` is the signature over the signed attributes alone; the digest of the file's bytes is
    # ``intact``. The certificate is checked only when the former holds.
    problems = []
    if not status.intact:
        problems.append(CHANGED)
    elif not status.valid:
        problems.append(BROKEN)
    certificate_problem = None
    if status.valid:
        validity = status.signing_cert["tbs_certificate"]["validity"]
        if status.trust_problem_indic is not None or status.validation_path is None:
            certificate_problem = {
                AdESIndeterminate.EXPIRED: EXPIRED,
                AdESIndeterminate.OUT_OF_BOUNDS_NO_POE: EXPIRED,
                AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED: EXPIRED,
                AdESIndeterminate.NOT_YET_VALID: NOT_YET_VALID,
                AdESFailure.NOT_YET_VALID: NOT_YET_VALID,
                AdESFailure.REVOKED: REVOKED,
            }.get(status.trust_problem_indic, REVOKED if status.revoked else UNTRUSTED)
        # pyhanko-certvalidator does not look at the dates of a trust anchor, and a self-signed certificate
        # is its own: without this, an installation's expired certificate would still count.
        elif moment > validity["not_after"].native:
            certificate_problem = EXPIRED
        elif moment < validity["not_before"].native:
            certificate_problem = NOT_YET_VALID
        if certificate_problem:
            problems.append(certificate_problem)
    whole_file = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    if status.intact and not whole_file:
        if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
            problems.append(PARTLY_COVERED)
        elif status.modification_level in (ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING):
            problems.append(LATER_SIGNATURE)
        else:
            problems.append(ADDED)
    return SignatureCheck(
        field=field,
        signer=_common_name(status.signing_cert),
        signed_at=status.signer_reported_dt,
        intact=status.intact,
        valid=status.valid and status.intact,
        trusted=status.valid and certificate_problem is None,
        covers_whole_file=whole_file,
        problems=tuple(problems),
    )


def _failed(*, problem: str, field: str = "") -> SignatureCheck:
    return SignatureCheck(
        field=field,
        signer="",
        signed_at=None,
        intact=False,
        valid=False,
        trusted=False,
        covers_whole_file=False,
        problems=(problem,),
    )


def _common_name(certificate: asn1_x509.Certificate) -> str:
    common_name = certificate.subject.native.get("common_name")
    if isinstance(common_name, list):
        common_name = ", ".join(common_name)
    return common_name or certificate.subject.human_friendly


def _trust_roots() -> list[asn1_x509.Certificate]:
    """The installation's certificate (when it can be read) and every certificate in the trusted PEM files."""
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    certificates = []
    try:
        certificates.append(_credential().certificate)
    except SigningUnavailable as error:
        logger.info("Checking signatures without the installation's certificate: %s", error)
    for name in settings.MINUTES_SIGNING_TRUSTED_CERTS:
        path = Path(name)
        try:
            certificates.extend(x509.load_pem_x509_certificates(path.read_bytes()))
        except OSError as error:
            raise SigningUnavailable(
                f"The portal cannot check signatures: the trusted certificate file {path} named in "
                f"MINUTES_SIGNING_TRUSTED_CERTS cannot be read ({error.strerror or error})."
            ) from error
        except ValueError as error:
            raise SigningUnavailable(
                f"The portal cannot check signatures: the trusted certificate file {path} named in "
                "MINUTES_SIGNING_TRUSTED_CERTS holds no PEM certificate (-----BEGIN CERTIFICATE-----)."
            ) from error
    return [asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER)) for certificate in certificates]


# ----------------------------------------------------------------------------------------------------------
# The installation's certificate


def certificate_summary() -> dict[str, Any]:
    """The installation's signing certificate, for a status page and ``manage.py signing_certificate``.

    Keys: ``path``, ``subject`` (RFC 4514, e.g. ``O=Leeds City Council,CN=Governance portal``),
    ``common_name``, ``issuer``, ``self_signed``, ``sha256_fingerprint`` (colon-separated hex, as PDF
    readers show it), ``not_before`` and ``not_after`` (aware, UTC). Raises :class:`SigningUnavailable`.
    """
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    credential = _credential()
    certificate = credential.certificate
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return {
        "path": credential.path,
        "subject": certificate.subject.rfc4514_string(),
        "common_name": str(names[0].value) if names else "",
        "issuer": certificate.issuer.rfc4514_string(),
        "self_signed": certificate.issuer == certificate.subject,
        "sha256_fingerprint": certificate.fingerprint(hashes.SHA256()).hex(":").upper(),
        "not_before": certificate.not_valid_before_utc,
        "not_after": certificate.not_valid_after_utc,
    }


def certificate_pem() -> bytes:
    """The installation's certificate (public: no key) as PEM, for PDF readers and other installations to trust."""
    from cryptography.hazmat.primitives.serialization import Encoding

    return _credential().certificate.public_bytes(Encoding.PEM)


def make_self_signed_certificate(
    *, path: Path, common_name: str, organisation: str, passphrase: str, days: int = 3650
) -> None:
    """Write a new RSA-3072 key and a self-signed certificate for signing documents to ``path`` (PKCS#12).

    The certificate may sign (digital signature, non-repudiation) and says it is for documents (document
    signing; e-mail protection, which older readers look for). The file is readable by its owner only
    (0600); a missing folder is made readable by its owner only (0700). An existing file is replaced whole,
    never left half-written.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    name = x509.Name(attributes)
    now = clock.now()
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,  # non-repudiation
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    purposes = [x509.ObjectIdentifier(DOCUMENT_SIGNING), ExtendedKeyUsageOID.EMAIL_PROTECTION]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))  # a reader whose clock is a little behind
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage(purposes), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    if passphrase:
        encryption = serialization.BestAvailableEncryption(passphrase.encode())
    else:
        encryption = serialization.NoEncryption()
    data = pkcs12.serialize_key_and_certificates(common_name.encode(), key, certificate, None, encryption)
    _write_private(path=Path(path), data=data)


def _write_private(*, path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` with mode 0600 through a temporary file beside it, so it appears whole."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
        path.parent.chmod(0o700)  # whatever the umask
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _credential() -> _Credential:
    """The installation's key and certificate, or :class:`SigningUnavailable` saying what an administrator does."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    path = Path(settings.MINUTES_SIGNING_KEY_FILE)
    passphrase = settings.MINUTES_SIGNING_PASSPHRASE.encode() or None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SigningUnavailable(
            f"The portal cannot sign minutes: no signing certificate at {path}. An administrator runs "
            "`python manage.py signing_certificate` (or names the organisation's own PKCS#12 file in "
            "MINUTES_SIGNING_KEY_FILE)."
        ) from None
    except OSError as error:
        raise SigningUnavailable(
            f"The portal cannot sign minutes: the signing certificate at {path} cannot be read "
            f"({error.strerror or error}). An administrator lets the portal's user read it, or names another "
            "file in MINUTES_SIGNING_KEY_FILE."
        ) from error
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(data, passphrase)
    except ValueError as error:
        if passphrase is None:
            reason = "needs a passphrase and MINUTES_SIGNING_PASSPHRASE is empty"
        else:
            reason = "does not open with the passphrase in MINUTES_SIGNING_PASSPHRASE"
        raise SigningUnavailable(
            f"The portal cannot sign minutes: the signing certificate at {path} {reason} (or it is not a "
            "PKCS#12 file). An administrator sets the passphrase the file was made with."
        ) from error
    if key is None or certificate is None:
        raise SigningUnavailable(
            f"The portal cannot sign minutes: the file at {path} does not hold both a private key and its "
            "certificate. An administrator exports the signing identity with its key (a .p12 or .pfx file)."
        )
    return _Credential(path=path, data=data, passphrase=passphrase, certificate=certificate)

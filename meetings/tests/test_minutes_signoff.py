"""Sign-off end to end: the chair signs, the minutes lock against every door, the stored PDF is signed
(poppler's pdfsig says valid), its SHA-256 is recorded; tampering with the stored file is reported by
``verify_minutes`` and by the signature's validation; an amendment makes a new signed version and keeps the
original."""

from __future__ import annotations

import datetime
import hashlib
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from boards.models import Membership
from core.files import stored_files
from meetings.enums import MeetingStatus, MinutesDocumentKind, MinutesStatus, PackEdition, PackStatus
from meetings.minutes import services
from meetings.minutes.signing import check_pdf_signatures
from meetings.models import Minute, MinutesDocument, MinutesLocked
from meetings.tests.factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

PASSWORD = "chair-signs-1-Correct"


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


@pytest.fixture
def confirmed(cast, signing_key, django_capture_on_commit_callbacks):
    Membership.objects.filter(board=cast.board).update(start_date=datetime.date(2010, 1, 1))
    meeting = MeetingFactory(board=cast.board, date=datetime.date(2015, 5, 21), status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=meeting, position=1, title="Welcome and introductions")
    AgendaItemFactory(meeting=meeting, position=2, title="Child sexual exploitation")
    next_meeting = MeetingFactory(board=cast.board, date=datetime.date(2015, 9, 17), status=MeetingStatus.HELD)
    with django_capture_on_commit_callbacks(execute=True):
        minutes = services.minutes_start(user=cast.coordinator, meeting=meeting)
        minute = minutes.items.get(number="2")
        services.minute_save(user=cast.coordinator, minute=minute, notes="Tony Baxter explained the CSE strategy.")
        services.decision_add(user=cast.coordinator, minute=minute, text="To set up a Task and Finish Group.")
        services.action_add(user=cast.coordinator, minute=minute, text="Set up the group.", owners=[cast.member.person])
        services.minutes_circulate(user=cast.coordinator, minutes=minutes)
        services.minutes_confirm(
            user=cast.coordinator, minutes=minutes, at_meeting=next_meeting, presiding=cast.chair.person
        )
    cast.chair.set_password(PASSWORD)
    cast.chair.save()
    minutes.refresh_from_db()
    return minutes


def sign(cast, minutes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.minutes_sign_off(user=cast.chair, minutes=minutes, password=PASSWORD)


def signed_document(minutes, edition=PackEdition.MEMBERS, version=1) -> MinutesDocument:
    return MinutesDocument.objects.get(
        minutes=minutes, edition=edition, kind=MinutesDocumentKind.SIGNED, version=version
    )


def test_the_signed_pdf_verifies_and_tampering_is_reported(
    cast, confirmed, tmp_path, django_capture_on_commit_callbacks
):
    minutes = sign(cast, confirmed, django_capture_on_commit_callbacks)
    assert minutes.status == MinutesStatus.SIGNED and minutes.signer_name == cast.chair.person.full_name
    document = signed_document(minutes)
    assert document.status == PackStatus.DONE, document.error
    data = stored_files().open(document.file.name, "rb").read()
    assert hashlib.sha256(data).hexdigest() == document.sha256
    assert "Signature is Valid" in pdfsig(data, tmp_path)
    [check] = check_pdf_signatures(data)
    assert check.valid and check.intact and check.covers_whole_file
    call_command("verify_minutes")  # nothing to report

    # Someone changes the stored file: one byte of a page's content, inside the signed range.
    at = data.index(b"stream", data.index(b"/Length")) + 20
    tampered = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
    storage = stored_files()
    storage.delete(document.file.name)
    storage.save(document.file.name, __import__("io").BytesIO(tampered))
    assert "Signature is Valid" not in pdfsig(tampered, tmp_path)
    assert not check_pdf_signatures(tampered)[0].valid
    with pytest.raises(CommandError, match="1 with problems"):
        call_command("verify_minutes")


def test_signed_minutes_cannot_be_changed_through_any_door(cast, confirmed, client, django_capture_on_commit_callbacks):
    minutes = sign(cast, confirmed, django_capture_on_commit_callbacks)
    minute = minutes.items.get(number="2")
    with pytest.raises(MinutesLocked):
        services.minute_save(user=cast.coordinator, minute=minute, notes="Rewritten")
    with pytest.raises(MinutesLocked):
        services.minute_insert(user=cast.coordinator, minutes=minutes, after=None, title="Sneaked in")
    minute.notes = "Rewritten by a script"
    with pytest.raises(MinutesLocked):
        minute.save()
    with pytest.raises(MinutesLocked):
        minute.decisions.first().delete()
    assert Minute.objects.get(pk=minute.pk).notes == "Tony Baxter explained the CSE strategy."


def test_the_wrong_password_signs_nothing(cast, confirmed):
    with pytest.raises(ValidationError, match="password"):
        services.minutes_sign_off(user=cast.chair, minutes=confirmed, password="not-it")
    confirmed.refresh_from_db()
    assert confirmed.status == MinutesStatus.CONFIRMED
    assert not MinutesDocument.objects.filter(minutes=confirmed, kind=MinutesDocumentKind.SIGNED).exists()


def test_the_second_factor_is_asked_when_the_signer_has_one(cast, confirmed):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=cast.chair, name="Authenticator app", confirmed=True)
    with pytest.raises(ValidationError, match="code"):
        services.minutes_sign_off(user=cast.chair, minutes=confirmed, password=PASSWORD)
    with pytest.raises(ValidationError, match="code"):
        services.minutes_sign_off(user=cast.chair, minutes=confirmed, password=PASSWORD, code="000000")


def test_an_amendment_makes_a_new_signed_version_and_keeps_the_first(
    cast, confirmed, django_capture_on_commit_callbacks
):
    minutes = sign(cast, confirmed, django_capture_on_commit_callbacks)
    first = signed_document(minutes)
    first_hash = first.sha256
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_amendment_open(user=cast.coordinator, minutes=minutes, reason="Name misspelt in minute 2.")
        minute = minutes.items.get(number="2")
        services.minute_save(user=cast.coordinator, minute=minute, notes="Tony Baxter explained the CSE Strategy.")
        services.minutes_amendment_ready(user=cast.coordinator, minutes=minutes)
    minutes.refresh_from_db()
    minutes = sign(cast, minutes, django_capture_on_commit_callbacks)
    second = signed_document(minutes, version=2)
    first.refresh_from_db()
    assert second.status == PackStatus.DONE and second.amendment.number == 1
    assert first.sha256 == first_hash and first.superseded_at is not None
    assert stored_files().exists(first.file.name)
    assert second.sha256 != first.sha256
    call_command("verify_minutes")


def test_the_deployment_check_warns_without_a_signing_key(settings, tmp_path):
    from meetings.checks import signing_key_check

    assert signing_key_check(None) == []
    settings.MINUTES_SIGNING_KEY_FILE = tmp_path / "absent.p12"
    [warning] = signing_key_check(None)
    assert warning.id == "meetings.W001" and "signing_certificate" in warning.hint


def test_sign_off_without_a_key_says_so_and_signs_nothing(cast, confirmed, settings, tmp_path):
    settings.MINUTES_SIGNING_KEY_FILE = tmp_path / "absent.p12"
    with pytest.raises(ValidationError, match="cannot sign minutes"):
        services.minutes_sign_off(user=cast.chair, minutes=confirmed, password=PASSWORD)
    confirmed.refresh_from_db()
    assert confirmed.status == MinutesStatus.CONFIRMED


def test_guessing_the_signers_password_is_stopped(cast, confirmed):
    for _ in range(services.SIGN_OFF_TRIES):
        with pytest.raises(ValidationError, match="not right"):
            services.minutes_sign_off(user=cast.chair, minutes=confirmed, password="guess")
    with pytest.raises(ValidationError, match="Too many tries"):
        services.minutes_sign_off(user=cast.chair, minutes=confirmed, password=PASSWORD)
    confirmed.refresh_from_db()
    assert confirmed.status == MinutesStatus.CONFIRMED

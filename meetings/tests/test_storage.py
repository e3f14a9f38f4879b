"""Papers and packs in the file store: served after the permission check, by streaming from the store or,
with a bucket (S3), by a redirect to a signed link that works for a minute.

The S3 tests run in the `.ci/run` pass against a local S3-compatible server (``AWS_STORAGE_BUCKET_NAME``
and ``AWS_S3_ENDPOINT_URL`` set); the others run on either store.
"""

from __future__ import annotations

import datetime
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.permissions import SYSTEM
from meetings import services
from meetings.packs.services import pack_build_now
from meetings.tests.factories import meeting_with_papers, pdf_bytes
from testsupport.storage import remove, stored_bytes

pytestmark = pytest.mark.django_db
needs_bucket = pytest.mark.skipif(not settings.AWS_STORAGE_BUCKET_NAME, reason="needs an S3 bucket")


@pytest.fixture
def part_two_paper(cast):
    meeting = services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 3, 14), start_time=datetime.time(14)
    )
    item = services.agenda_item_add(
        user=SYSTEM, meeting=meeting, title="Contract", confidential=True, exemption_reason="Paragraph 3"
    )
    upload = SimpleUploadedFile("tender.pdf", pdf_bytes(2, "Exempt tender prices"), content_type="application/pdf")
    return services.paper_upload(user=SYSTEM, item=item, upload=upload, title="Tender evaluation")


def test_a_store_that_cannot_sign_links_streams_even_with_signed_links_asked_for(
    client, cast, part_two_paper, settings
):
    if settings.AWS_STORAGE_BUCKET_NAME:
        pytest.skip("the file system store")
    settings.STORAGE_SIGNED_URL_SECONDS = 60
    client.force_login(cast.member)
    response = client.get(reverse("meetings:paper_file", args=[part_two_paper.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(part_two_paper.file)


@needs_bucket
def test_a_paper_is_streamed_from_the_bucket_when_links_are_not_signed(client, cast, part_two_paper):
    client.force_login(cast.member)
    response = client.get(reverse("meetings:paper_file", args=[part_two_paper.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"] == 'inline; filename="Tender evaluation.pdf"'
    assert b"".join(response.streaming_content) == stored_bytes(part_two_paper.file)


def _follow(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the test's own S3 server)
        return response.status, response.headers, response.read()


@needs_bucket
def test_a_paper_redirects_to_a_signed_link_only_after_the_permission_check(client, cast, part_two_paper, settings):
    settings.STORAGE_SIGNED_URL_SECONDS = 60
    url = reverse("meetings:paper_file", args=[part_two_paper.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 403

    client.force_login(cast.member)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    link = response["Location"]
    assert link.startswith(settings.STORAGES["default"]["OPTIONS"]["endpoint_url"] or "https://")
    query = parse_qs(urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["response-content-disposition"] == ['inline; filename="Tender evaluation.pdf"']
    assert query["response-content-type"] == ["application/pdf"]
    assert query["response-cache-control"] == ["private, no-store"]
    assert part_two_paper.file.name in urlsplit(link).path  # the object itself, by a signed link

    status, headers, body = _follow(link)
    assert status == 200
    assert body == stored_bytes(part_two_paper.file)
    assert headers["Content-Disposition"] == 'inline; filename="Tender evaluation.pdf"'
    assert headers["Content-Type"] == "application/pdf"

    unsigned = link.split("?", 1)[0]  # private: no link works without its signature
    with pytest.raises(urllib.error.HTTPError) as refused:
        _follow(unsigned)
    assert refused.value.code == 403


@needs_bucket
def test_a_missing_file_is_not_found_rather_than_a_link_to_nothing(client, cast, part_two_paper, settings):
    settings.STORAGE_SIGNED_URL_SECONDS = 60
    remove(part_two_paper.file)
    client.force_login(cast.member)
    response = client.get(reverse("meetings:paper_file", args=[part_two_paper.pk]))
    assert response.status_code == 404


@needs_bucket
def test_a_pack_redirects_to_a_signed_link_named_for_its_version(client, cast, settings):
    settings.STORAGE_SIGNED_URL_SECONDS = 60
    meeting = meeting_with_papers(cast.board)
    build = pack_build_now(user=SYSTEM, meeting=meeting, edition="members")
    url = reverse("meetings:pack_download", args=[build.pk])
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 403
    client.force_login(cast.member)
    response = client.get(url)
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["response-content-disposition"] == ['inline; filename="cpb-2030-03-14-agenda-pack-members-v1.pdf"']
    status, _, body = _follow(response["Location"])
    assert status == 200 and body == stored_bytes(build.file) and body[:5] == b"%PDF-"

"""The pack pages: the panel (htmx fragment and full page), building with progress, issuing, and who may
download which PDF."""

from __future__ import annotations

import datetime
import shutil
import socket
import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.permissions import SYSTEM
from meetings.enums import PackEdition, PackStatus
from meetings.models import PackBuild
from meetings.packs import services
from meetings.tests.factories import PaperFactory, VenueFactory, meeting_with_papers
from testsupport.storage import local_copy, overwrite, stored_bytes
from testsupport.tasks import broker_at

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def meeting(cast):
    return meeting_with_papers(
        cast.board, venue=VenueFactory(board=cast.board), contact_officer=cast.coordinator.person
    )


def published(meeting):
    """A pack is issued only once the agenda is published (the meeting's life cycle)."""
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at"])
    return meeting


@pytest.fixture
def packs(meeting):
    """A built members' pack and a built (not yet issued) public pack."""
    members = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.MEMBERS)
    public = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.PUBLIC)
    assert members.status == public.status == PackStatus.DONE
    return members, public


def login(client, cast, role):
    user = cast.user(role)
    if user is not None:
        client.force_login(user)
    return user


def issue_public(cast, meeting, public):
    meeting.agenda_published_at = timezone.now()
    meeting.save()
    services.pack_issue(user=cast.coordinator, build=public)


# --------------------------------------------------------------------------------------------------
# Downloads: a table of roles x packs


DOWNLOAD_CASES = [
    # (edition, issued, role, expected status)
    ("members", False, "anonymous", 302),
    ("members", False, "outsider", 403),
    ("members", False, "member", 200),
    ("members", False, "chair", 200),
    ("members", False, "coordinator", 200),
    ("members", False, "superuser", 200),
    ("members", True, "anonymous", 302),
    ("members", True, "outsider", 403),
    ("members", True, "member", 200),
    ("public", False, "anonymous", 302),
    ("public", False, "outsider", 403),
    ("public", False, "member", 200),
    ("public", False, "coordinator", 200),
    ("public", True, "anonymous", 200),
    ("public", True, "outsider", 200),
    ("public", True, "member", 200),
]


@pytest.mark.parametrize(("edition", "issued", "role", "status"), DOWNLOAD_CASES)
def test_who_may_download_a_pack(client, cast, meeting, packs, edition, issued, role, status):
    members, public = packs
    build = members if edition == "members" else public
    if issued:
        if edition == "public":
            issue_public(cast, meeting, public)
        else:
            services.pack_issue(user=cast.coordinator, build=published(members.meeting) and members)
    login(client, cast, role)
    url = reverse("meetings:pack_download", args=[build.pk])
    response = client.get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"] == f"{reverse('login')}?next={url}"
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (f'inline; filename="cpb-2030-03-14-agenda-pack-{edition}-v1.pdf"')
        assert response["Cache-Control"] == "private, no-store"
        body = b"".join(response.streaming_content)
        assert body[:5] == b"%PDF-" and len(body) == build.file.size


@pytest.mark.parametrize(
    ("role", "old_status", "new_status"),
    [
        ("anonymous", 410, 200),
        ("outsider", 410, 200),
        ("member", 410, 200),
        ("coordinator", 410, 200),
        ("superuser", 410, 200),
    ],
)
def test_an_earlier_public_version_holding_a_paper_no_longer_public_is_withdrawn_for_everyone(
    client, cast, meeting, packs, role, old_status, new_status
):
    """Files are checked against what their papers are now: even a change made behind the services' back."""
    _, first = packs
    issue_public(cast, meeting, first)
    # The item becomes Part II: version 2 withholds its papers, which version 1 still carries.
    meeting.items.filter(title="Youth Justice Plan").update(
        confidential=True, exemption_reason="Paragraph 1: information about an individual"
    )
    second = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.PUBLIC)
    assert second.status == PackStatus.DONE and second.number == 2
    services.pack_issue(user=cast.coordinator, build=second)
    login(client, cast, role)
    response = client.get(reverse("meetings:pack_download", args=[first.pk]))
    assert response.status_code == old_status
    assert "A corrected edition will follow" in response.content.decode()
    assert client.get(reverse("meetings:pack_download", args=[second.pk])).status_code == new_status


@pytest.mark.parametrize(
    ("role", "old_status"),
    [("anonymous", 302), ("outsider", 403), ("member", 200), ("coordinator", 200), ("superuser", 200)],
)
def test_only_members_may_download_an_earlier_issued_public_version(client, cast, meeting, packs, role, old_status):
    _, first = packs
    issue_public(cast, meeting, first)
    PaperFactory(item=meeting.items.get(title="Youth Justice Plan"), title="Late appendix")  # v1 is still right
    second = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.PUBLIC)
    services.pack_issue(user=cast.coordinator, build=second)
    login(client, cast, role)
    assert client.get(reverse("meetings:pack_download", args=[first.pk])).status_code == old_status
    assert client.get(reverse("meetings:pack_download", args=[second.pk])).status_code == 200


def test_the_issued_public_pack_has_a_stable_address(client, cast, meeting, packs):
    _, public = packs
    url = reverse("meetings:pack_issued", args=[meeting.pk, "public"])
    assert client.get(url).status_code == 404  # not issued yet
    issue_public(cast, meeting, public)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_bytes(public.file)
    assert client.get(reverse("meetings:pack_issued", args=[meeting.pk, "members"])).status_code == 404


def test_failed_and_unchanged_builds_have_nothing_to_download(client, cast, meeting, packs):
    again = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.MEMBERS)
    assert again.status == PackStatus.UNCHANGED
    client.force_login(cast.member)
    assert client.get(reverse("meetings:pack_download", args=[again.pk])).status_code == 404


def test_pack_files_are_not_under_a_served_url(settings, packs):
    members, _ = packs
    if settings.AWS_STORAGE_BUCKET_NAME:
        # In a bucket: the object is private, and its only URL is signed and short-lived.
        import urllib.error
        import urllib.request
        from urllib.parse import parse_qs, urlsplit

        query = parse_qs(urlsplit(members.file.url).query)
        assert "X-Amz-Signature" in query and int(query["X-Amz-Expires"][0]) <= 60
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(members.file.url.split("?", 1)[0], timeout=10)  # noqa: S310 (the test's server)
        assert refused.value.code == 403
        return
    assert members.file.url.startswith(settings.MEDIA_URL) and settings.MEDIA_URL == "/media-not-served/"
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(members.file.url)


# --------------------------------------------------------------------------------------------------
# The panel


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("outsider", 403), ("member", 200)])
def test_panel_is_for_the_boards_members(client, cast, meeting, role, status):
    login(client, cast, role)
    assert client.get(reverse("meetings:pack_panel", args=[meeting.pk]), **HTMX).status_code == status
    assert client.get(reverse("meetings:packs", args=[meeting.pk])).status_code == status


def test_member_sees_versions_and_downloads_but_no_buttons(client, cast, meeting, packs):
    members, public = packs
    client.force_login(cast.member)
    html = client.get(reverse("meetings:pack_panel", args=[meeting.pk]), **HTMX).content.decode()
    assert "<html" not in html
    assert f'id="pack-panel-{meeting.pk}"' in html
    assert reverse("meetings:pack_download", args=[members.pk]) in html
    assert reverse("meetings:pack_download", args=[public.pk]) in html
    assert f'<td data-label="Pages">{members.page_count}</td>' in html
    assert "Build pack" not in html and "Yes, issue" not in html


def test_coordinator_builds_with_progress_then_gets_the_link(client, cast, meeting, django_capture_on_commit_callbacks):
    client.force_login(cast.coordinator)
    panel = client.get(reverse("meetings:pack_panel", args=[meeting.pk]), **HTMX).content.decode()
    assert "Build pack" in panel and "Not built yet" in panel

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("meetings:pack_build", args=[meeting.pk]), {"edition": "members"}, **HTMX)
    html = response.content.decode()
    build = PackBuild.objects.get(meeting=meeting)
    status_url = reverse("meetings:pack_status", args=[build.pk])
    assert f'hx-get="{status_url}" hx-trigger="every 1s"' in html
    # The focus goes to the progress; the stage is said by a live region of its own.
    assert f'<div class="pack-progress" id="pack-builds-{meeting.pk}" tabindex="-1" data-focus-after-swap>' in html
    assert f'<div id="pack-stage-{build.pk}" role="status"><label for="pack-progress-{build.pk}"' in html
    assert f'<progress id="pack-progress-{build.pk}" class="w-100" max="100" value="0">0%</progress>' in html
    assert "Queued" in html

    # Each poll redraws the progress bar; the live region changes only when the stage does.
    queued = client.get(status_url, {"shown": "queued"}, **HTMX).content.decode()
    assert 'hx-trigger="every 1s"' in queued
    assert "hx-swap-oob" not in queued and "Queued" not in queued
    PackBuild.objects.filter(pk=build.pk).update(status=PackStatus.RUNNING, stage="rendering the agenda")
    running = client.get(status_url, {"shown": "queued"}, **HTMX).content.decode()
    assert f'<div id="pack-stage-{build.pk}" hx-swap-oob="innerHTML">' in running
    assert "Members&#x27; edition: Rendering the agenda…" in running
    assert """hx-vals='{"shown": "rendering the agenda"}'""" in running
    again = client.get(status_url, {"shown": "rendering the agenda"}, **HTMX).content.decode()
    assert "hx-swap-oob" not in again
    PackBuild.objects.filter(pk=build.pk).update(status=PackStatus.QUEUED, stage="queued")

    callbacks[0]()  # the task runs (in-process here)
    done = client.get(status_url, **HTMX).content.decode()
    build.refresh_from_db()
    assert build.status == PackStatus.DONE
    assert "every 1s" not in done
    assert f"version 1 is ready ({build.page_count} pages)" in done
    assert f'<div id="pack-stage-{build.pk}" hx-swap-oob="innerHTML">' in done  # said once, by the live region
    assert reverse("meetings:pack_download", args=[build.pk]) in done
    assert f'id="pack-summary-{meeting.pk}" hx-swap-oob="true"' in done


@pytest.mark.django_db(transaction=True)  # the task runs when the request's transaction commits
def test_a_build_finished_within_the_request_shows_its_outcome_where_the_focus_goes(client, cast, meeting):
    client.force_login(cast.coordinator)
    html = client.post(reverse("meetings:pack_build", args=[meeting.pk]), {"edition": "members"}, **HTMX).content
    build = PackBuild.objects.get(meeting=meeting)
    assert build.status == PackStatus.DONE
    region = html.decode().split(f'<div class="pack-progress" id="pack-builds-{meeting.pk}" ')[1]
    assert region.startswith('tabindex="-1" data-focus-after-swap>')
    assert f'<div id="pack-stage-{build.pk}" role="status"><span class="pack-result">' in region
    assert f"version 1 is ready ({build.page_count} pages)" in region and "every 1s" not in region
    # Built again with nothing changed: the outcome says so, where the focus goes.
    html = client.post(reverse("meetings:pack_build", args=[meeting.pk]), {"edition": "members"}, **HTMX).content
    region = html.decode().split(f'id="pack-builds-{meeting.pk}" ')[1]
    assert region.startswith('tabindex="-1" data-focus-after-swap>')
    assert "nothing has changed since version 1" in region


def test_polling_a_build_that_stopped_says_so_and_the_next_click_builds_again(
    client, cast, meeting, clock, django_capture_on_commit_callbacks
):
    client.force_login(cast.coordinator)
    with django_capture_on_commit_callbacks(execute=False):  # queued, and its worker dies
        client.post(reverse("meetings:pack_build", args=[meeting.pk]), {"edition": "members"}, **HTMX)
    build = PackBuild.objects.get(meeting=meeting)
    PackBuild.objects.filter(pk=build.pk).update(
        status=PackStatus.RUNNING, stage="saving", percent=90, attempts=1, heartbeat_at=timezone.now()
    )
    status_url = reverse("meetings:pack_status", args=[build.pk])

    clock.advance(seconds=240)
    html = client.get(status_url, **HTMX).content.decode()
    assert 'hx-trigger="every 1s"' in html and "Saving…" in html and 'value="90"' in html

    clock.advance(seconds=61)
    html = client.get(status_url, **HTMX).content.decode()
    assert "every 1s" not in html
    assert "could not be built:</span> The build stopped unexpectedly; build again." in html
    build.refresh_from_db()
    assert build.status == PackStatus.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(reverse("meetings:pack_build", args=[meeting.pk]), {"edition": "members"}, **HTMX)
    again = PackBuild.objects.exclude(pk=build.pk).get(meeting=meeting)
    assert again.status == PackStatus.DONE and again.number == 1


def test_status_shows_a_failure_naming_the_paper(client, cast, meeting):

    from meetings.models import Paper
    from meetings.tests.factories import pdf_bytes

    overwrite(Paper.objects.get(title="Youth Justice Plan").file, pdf_bytes(0))
    failed = services.pack_build_now(user=SYSTEM, meeting=meeting, edition="members")
    client.force_login(cast.coordinator)
    html = client.get(reverse("meetings:pack_status", args=[failed.pk]), **HTMX).content.decode()
    assert "could not be built" in html
    assert "Appendix 6(a) &#x27;Youth Justice Plan&#x27; has no pages" in html
    panel = client.get(reverse("meetings:pack_panel", args=[meeting.pk]), **HTMX).content.decode()
    assert "The last build of the members&#x27; edition failed" in panel


@pytest.fixture(params=["closed port", "silent listener"])
def broker_not_answering(request):
    """A broker address where nothing answers: a closed port, or a listener that accepts and never replies."""
    listener = None
    if request.param == "closed port":
        url = "redis://127.0.0.1:1/0"
    else:
        listener = socket.create_server(("127.0.0.1", 0), backlog=8)  # connections queue up, unanswered
        url = f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    with broker_at(url):
        yield url
    if listener is not None:
        listener.close()


@pytest.mark.django_db(transaction=True)  # the task is queued when the request's transaction commits
def test_a_broker_that_does_not_answer_gets_a_clear_message_and_no_build_is_left_queued(
    client, cast, meeting, broker_not_answering
):
    client.force_login(cast.coordinator)
    url = reverse("meetings:pack_build", args=[meeting.pk])

    started = time.monotonic()
    response = client.post(url, {"edition": "members"}, **HTMX)
    waited = time.monotonic() - started

    assert response.status_code == 200
    html = response.content.decode()
    assert services.QUEUE_UNAVAILABLE in html
    assert 'hx-trigger="every 1s"' not in html  # nothing to poll
    assert not PackBuild.objects.filter(meeting=meeting).exists()
    assert waited < 10  # the coordinator hears within seconds, not after the browser gives up

    response = client.post(url, {"edition": "public"}, follow=True)  # without JavaScript
    assert services.QUEUE_UNAVAILABLE in response.content.decode()
    assert not PackBuild.objects.filter(meeting=meeting).exists()


def test_build_without_javascript_redirects_to_the_packs_page(client, cast, meeting):
    client.force_login(cast.coordinator)
    response = client.post(reverse("meetings:pack_build", args=[meeting.pk]), {"edition": "public"})
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:packs", args=[meeting.pk])
    page = client.get(response["Location"]).content.decode()
    assert f'href="{meeting.get_absolute_url()}"' in page
    assert "Agenda packs" in page


@pytest.mark.parametrize("role", ["member", "chair", "outsider"])
def test_only_coordinators_build_and_issue(client, cast, meeting, packs, role):
    members, _ = packs
    client.force_login(cast.user(role))
    assert client.post(reverse("meetings:pack_build", args=[meeting.pk]), {"edition": "members"}).status_code == 403
    assert client.post(reverse("meetings:pack_issue", args=[members.pk])).status_code == 403
    members.refresh_from_db()
    assert members.issued_at is None
    assert PackBuild.objects.filter(meeting=meeting).count() == 2


def test_issue_from_the_panel(client, cast, meeting, packs, django_capture_on_commit_callbacks):
    members, _ = packs
    published(meeting)
    client.force_login(cast.coordinator)
    panel = client.get(reverse("meetings:pack_panel", args=[meeting.pk]), **HTMX).content.decode()
    assert "3 of the board's 3 members will be e-mailed a link to version 1." in panel
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:pack_issue", args=[members.pk]), **HTMX)
    html = response.content.decode()
    assert "Pack version 1 issued: members have been e-mailed a link." in html
    assert len(mail.outbox) == 1
    members.refresh_from_db()
    assert members.issued_at is not None
    again = client.post(reverse("meetings:pack_issue", args=[members.pk]), **HTMX).content.decode()
    assert "Version 1 was issued on" in again


def test_issue_public_before_the_agenda_is_published_explains_why(client, cast, meeting, packs):
    _, public = packs
    client.force_login(cast.coordinator)
    response = client.post(reverse("meetings:pack_issue", args=[public.pk]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Publish the agenda before issuing a pack: members are sent the agenda first." in page


def test_history_lists_every_version_with_what_changed(
    client, cast, meeting, packs, django_capture_on_commit_callbacks
):
    members, _ = packs
    published(meeting)
    services.pack_issue(user=cast.coordinator, build=members)
    meeting.items.filter(title="Youth Justice Plan").update(title="Youth Justice Plan 2030")
    second = services.pack_build_now(user=SYSTEM, meeting=meeting, edition="members")
    services.pack_issue(user=cast.coordinator, build=second)
    client.force_login(cast.member)
    html = client.get(reverse("meetings:packs", args=[meeting.pk])).content.decode()
    assert "All versions of the members&#x27; edition" in html
    assert "Version 1</a>" in html and "Version 2</a>" in html
    assert "No papers changed; the agenda was updated." in html
    assert "(supplement)" in html


def test_meeting_page_loads_the_panel(client, cast, meeting):
    client.force_login(cast.member)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert reverse("meetings:pack_panel", args=[meeting.pk]) in html


def test_panel_query_count_does_not_grow_with_versions(client, cast, meeting, django_assert_max_num_queries):
    client.force_login(cast.coordinator)
    url = reverse("meetings:pack_panel", args=[meeting.pk])
    for n in range(1, 4):
        PackBuild.objects.create(
            meeting=meeting, edition="members", number=n, status="done", page_count=10, finished_at=timezone.now()
        )
    client.get(url, **HTMX)
    with django_assert_max_num_queries(8) as small:
        client.get(url, **HTMX)
    for n in range(4, 12):
        PackBuild.objects.create(
            meeting=meeting,
            edition="public",
            number=n,
            status="done",
            page_count=10,
            finished_at=timezone.now() - datetime.timedelta(days=1),
            issued_at=timezone.now(),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url, **HTMX)


def test_public_page_links_the_issued_public_pack_only(client, cast):
    from meetings import services as meeting_services
    from meetings.packs.services import pack_build_now, pack_issue

    meeting = meeting_services.meeting_create(
        user=SYSTEM, board=cast.board, date=datetime.date(2030, 5, 9), start_time=datetime.time(14)
    )
    item = meeting_services.agenda_item_add(user=SYSTEM, meeting=meeting, title="Open report")
    PaperFactory(item=item, pages=3)
    meeting_services.agenda_publish(user=SYSTEM, meeting=meeting)
    url = reverse("meetings:meeting_public", args=[meeting.pk])
    assert "has not been issued yet" in client.get(url).content.decode()
    build = pack_build_now(user=SYSTEM, meeting=meeting, edition="public")
    pack_issue(user=cast.coordinator, build=build)
    html = client.get(url).content.decode()
    assert reverse("meetings:pack_issued", args=[meeting.pk, "public"]) in html
    response = client.get(reverse("meetings:pack_issued", args=[meeting.pk, "public"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


# --------------------------------------------------------------------------------------------------
# Reclassification withdraws what was issued


def _pdf_text(build) -> str:
    import subprocess

    return subprocess.run(["pdftotext", local_copy(build.file), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("change", ["part_two", "replace", "remove"])
def test_a_change_withdraws_the_issued_public_edition_at_once(client, cast, meeting, packs, change):
    from meetings import services as agenda_services

    members, public = packs
    issue_public(cast, meeting, public)
    services.pack_issue(user=cast.coordinator, build=members)
    assert "Youth Justice Plan page 1 of 5" in _pdf_text(public)
    plan = meeting.items.get(title="Youth Justice Plan")
    meeting.refresh_from_db()
    if change == "part_two":
        agenda_services.agenda_item_update(
            user=cast.coordinator, item=plan, confidential=True, exemption_reason="Paragraph 2: identifies a child"
        )
    elif change == "replace":
        from django.core.files.uploadedfile import SimpleUploadedFile

        from meetings.tests.factories import pdf_bytes

        upload = SimpleUploadedFile("plan-v2.pdf", pdf_bytes(2, "Corrected plan"))
        agenda_services.paper_upload(user=cast.coordinator, item=plan, upload=upload, replace=plan.papers.get())
    else:
        agenda_services.paper_delete(user=cast.coordinator, paper=plan.papers.get(), reason="Sent in error")

    public.refresh_from_db()
    assert public.withdrawn_at is not None and "Youth Justice Plan" in public.withdrawn_reason
    members.refresh_from_db()
    # The members still read Part II; a replaced or removed paper withdraws their edition too.
    assert (members.withdrawn_at is None) is (change == "part_two")
    for url in (
        reverse("meetings:pack_issued", args=[meeting.pk, "public"]),
        reverse("meetings:pack_download", args=[public.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 410
        html = response.content.decode()
        assert "withdrawn" in html and "A corrected edition will follow" in html
        assert "Youth Justice Plan’ is" not in html  # the reason (which may name papers) is for coordinators
    page = client.get(reverse("meetings:meeting_public", args=[meeting.pk])).content.decode()
    assert "has been withdrawn. A corrected edition will follow." in page
    assert reverse("meetings:pack_issued", args=[meeting.pk, "public"]) not in page
    client.force_login(cast.coordinator)
    builder = client.get(reverse("meetings:agenda_builder", args=[meeting.pk])).content.decode()
    assert "was withdrawn" in builder and "build and issue a new one" in builder
    # A new build and issue put a corrected edition on the public page.
    again = services.pack_build_now(user=SYSTEM, meeting=meeting, edition=PackEdition.PUBLIC)
    services.pack_issue(user=cast.coordinator, build=again)
    client.logout()
    response = client.get(reverse("meetings:pack_issued", args=[meeting.pk, "public"]))
    assert response.status_code == 200
    assert ("Youth Justice Plan page 1 of 5" in _pdf_text(again)) is False


def test_the_issue_preview_shows_the_email_and_who_will_not_be_told(client, cast, meeting, packs):
    from boards.tests.factories import MembershipFactory, PersonFactory

    members, public = packs
    published(meeting)
    MembershipFactory(board=cast.board, person=PersonFactory(first_name="Ann", last_name="Post", email=""))
    client.force_login(cast.coordinator)
    page = client.get(reverse("meetings:pack_issue", args=[members.pk])).content.decode()
    assert "3 of 4 members have an e-mail address; this one will not be told" in page
    assert "Ann Post" in page
    assert f"Subject:</strong> Agenda pack: CPB, {meeting.date.day} {meeting.date:%B %Y}" in page
    assert services.pack_download_url(members) in page
    assert reverse("meetings:posting_list", args=[meeting.pk]) + "?for=pack" in page
    members.refresh_from_db()
    assert members.issued_at is None and mail.outbox == []  # a preview sends nothing
    panel = client.get(reverse("meetings:pack_panel", args=[meeting.pk]), **HTMX).content.decode()
    assert "3 of the board&#x27;s 4 members will be e-mailed" in panel or "3 of the board's 4 members" in panel
    assert "1 has no e-mail address and will not be told" in panel
    public_page = client.get(reverse("meetings:pack_issue", args=[public.pk])).content.decode()
    assert "Nobody is e-mailed" in public_page
    posting = client.get(reverse("meetings:posting_list", args=[meeting.pk]), {"for": "pack"}).content.decode()
    assert "Ann Post" in posting and cast.member.person.last_name not in posting


def test_a_members_page_leads_with_the_pack_or_when_it_is_due(
    client, cast, meeting, packs, django_capture_on_commit_callbacks
):
    members, _ = packs
    client.force_login(cast.member)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "The pack is due by" in page and "Download the agenda pack" not in page
    board_page = client.get(cast.board.get_absolute_url()).content.decode()
    assert "The pack is due by" in board_page and meeting.get_absolute_url() in board_page

    published(meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.pack_issue(user=SYSTEM, build=members)
    members.refresh_from_db()
    page = client.get(meeting.get_absolute_url()).content.decode()
    expected = (
        f"Download the agenda pack (PDF, {members.page_count} pages, issued "
        f"{timezone.localtime(members.issued_at).day} {timezone.localtime(members.issued_at):%B %Y})"
    )
    assert expected in page
    assert reverse("meetings:pack_issued", args=[meeting.pk, "members"]) in page
    assert page.index(expected) < page.index('id="agenda-heading"')  # before the agenda
    assert expected in client.get(cast.board.get_absolute_url()).content.decode()

"""The library's demo data, seeded after the community's members and groups (without the other apps' demos)."""

import io

import pytest
from django.db import transaction
from django.db.models import Count
from django.test import TestCase, override_settings
from django.utils import timezone
from wagtail.models import Page, Revision, WorkflowState
from wagtail.search.backends import get_search_backend

from community.library import demo
from community.library.models import (
    DocumentText,
    FileVersion,
    LibraryIndexPage,
    ResourceFile,
    ResourceFollow,
    ResourcePage,
    ResourceType,
)
from community.management.commands.seed_demo import Command
from community.models import StandardPage
from community.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The community's demo network, then the library's demo twice: seeded once for the module.

    Seeding publishes some forty resources and extracts fifty files' text in child processes: too slow to
    repeat per test. It runs in a transaction rolled back after the module's tests (each test's own
    transaction nests inside it); the on-commit callbacks (text extraction, run at once by the local
    tasks backend) run as ``django_capture_on_commit_callbacks(execute=True)`` runs them.
    """
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        with transaction.atomic():
            command = Command(stdout=io.StringIO())
            centres = command.seed_centres()
            command.seed_members(centres)
            command.seed_pages()
            command.seed_groups()
            snapshots, out = [], io.StringIO()
            for _run in range(2):
                out = io.StringIO()
                with TestCase.captureOnCommitCallbacks(execute=True):
                    demo.seed(out)
                snapshots.append(snapshot())
            yield snapshots, out.getvalue()
            transaction.set_rollback(True)


def snapshot() -> dict:
    return {
        "pages": Page.objects.count(),
        "resources": sorted(ResourcePage.objects.values_list("slug", "live")),
        "files": ResourceFile.objects.count(),
        "versions": FileVersion.objects.count(),
        "texts": DocumentText.objects.count(),
        "revisions": Revision.objects.count(),
        "workflows": WorkflowState.objects.count(),
        "follows": ResourceFollow.objects.count(),
        "notifications": Notification.objects.filter(kind__startswith="library.").count(),
    }


def test_the_library_demo_is_plausible_and_seeded_once(seeded):
    (first, second), output = seeded
    assert second == first
    assert "(nothing new)" in output

    # /ressources/ is the library's index, in place of the community's placeholder.
    index = LibraryIndexPage.objects.get()
    assert (index.url, index.live) == ("/ressources/", True)
    assert not StandardPage.objects.filter(slug="ressources").exists()

    live = ResourcePage.objects.live()
    assert live.count() == len(demo.RESOURCES) and 35 <= live.count() <= 45
    assert set(live.values_list("resource_type", flat=True)) == set(ResourceType.values)
    groups = set(live.values_list("group__slug", flat=True))
    assert groups == {None, "club-des-cadres", "postvention", "referentiel-tchat", "supervision"}
    years = {resource.publication_date.year for resource in live}
    assert years == {2023, 2024, 2025, 2026}
    themes = set(live.values_list("tags__name", flat=True))
    assert {"postvention", "qualité", "recrutement", "régulation", "bien-être des équipes", "formation"} <= themes
    assert all(r.first_published_at.date() == r.publication_date for r in live.exclude(slug=demo.VERSIONED_SLUG))

    # Real files of the three formats, each with its text extracted for search.
    files = ResourceFile.objects.filter(page__live=True).select_related("document")
    assert files.count() >= len(demo.RESOURCES)
    assert {f.document.file.name.rsplit(".", 1)[1] for f in files} == {"pdf", "docx", "odt"}
    assert live.annotate(n=Count("files")).filter(n=0).count() <= 2  # articles may be links only
    texts = DocumentText.objects.filter(document__resource_files__in=files)
    assert texts.count() == files.count()
    assert set(texts.values_list("status", flat=True)) == {DocumentText.Status.DONE}
    # A sentence found only in the guide's file (not in its page) finds the guide.
    guide = live.get(slug=demo.VERSIONED_SLUG)
    assert "autonomie" not in guide.body and "autonomie" in guide.files_text()
    assert guide.pk in [page.pk for page in get_search_backend().search("autonomie", ResourcePage.objects.live())]


def test_three_versions_of_the_guide_months_apart(seeded):
    guide = ResourcePage.objects.get(slug=demo.VERSIONED_SLUG)
    file = guide.files.get()
    history = list(FileVersion.objects.filter(file=file).select_related("uploaded_by", "document"))  # newest first
    assert [v.created_at.date() for v in reversed(history)] == [day for day, *_rest in demo.VERSIONS]
    assert [v.note for v in reversed(history)] == [note for _day, _login, note, _extra in demo.VERSIONS]
    assert [v.uploaded_by.email.split("@")[0] for v in reversed(history)] == [v[1] for v in demo.VERSIONS]
    assert file.document_id == history[0].document_id  # the newest is the current one
    assert len({v.document_id for v in history}) == 3
    # The newest version's file holds what it added; the first one's does not.
    texts = dict(DocumentText.objects.filter(document__in=[v.document_id for v in history]).values_list("document", "text"))
    assert "fatigue compassionnelle" in texts[history[0].document_id]
    assert "fatigue compassionnelle" not in texts[history[-1].document_id]
    assert guide.first_published_at.date() == demo.VERSIONS[0][0]
    assert guide.last_published_at.date() == demo.VERSIONS[-1][0]
    assert guide.revisions.count() == 3
    # Followers heard of each new version, dated as the version, and have read these old notices.
    told = Notification.objects.filter(kind="library.new_version", link=guide.url)
    assert told.count() == 2 * len(demo.FOLLOWERS)
    assert {n.created_at.date() for n in told} == {day for day, *_rest in demo.VERSIONS[1:]}
    assert not told.filter(read_at__isnull=True).exists()


def test_one_resource_past_its_review_date(seeded):
    due = ResourcePage.objects.live().due_for_review(timezone.localdate())
    assert list(due.values_list("slug", flat=True)) == [demo.OVERDUE_SLUG]
    assert ResourcePage.objects.filter(review_date__isnull=False).count() > 1


def test_one_proposal_waits_in_the_workflow(seeded):
    proposal = ResourcePage.objects.get(live=False)
    assert proposal.title == demo.PROPOSAL.title
    assert proposal.owner.email == f"{demo.PROPOSAL.owner}@reseau3114.test"
    state = WorkflowState.objects.for_instance(proposal).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.specific.user_can_moderate(proposal, _coordinator())
    assert proposal.files.get().document.extracted.status == DocumentText.Status.DONE
    # Its moderators were told; the audience of the recent publications too, the older ones told no one.
    assert Notification.objects.filter(kind="library.submitted").exists()
    published = Notification.objects.filter(kind="library.published")
    recent = {r.url for r in ResourcePage.objects.live() if (timezone.localdate() - r.publication_date).days
              <= demo.RECENT_DAYS}
    assert recent and set(published.values_list("link", flat=True)) == recent


def _coordinator():
    from community.models import User

    return User.objects.get(email="coordination@reseau3114.test")

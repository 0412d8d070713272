"""The library's workflow around Wagtail's: decisions taken in the admin tell the same people as the site's,
Wagtail's own moderation e-mails stay quiet for resources, and a resource's audience hears of it once."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import WorkflowState

from community.library import notification_kinds as kinds
from community.library import publication, workflow
from community.library.models import ResourcePage
from community.library.services import proposals as services
from community.models import HomePage
from community.notifications.models import Notification
from tests.community.factories import UserFactory, make_group
from tests.events.factories import login, silence_channels
from tests.events.test_admin import form_values
from tests.library.factories import library_index, make_document, make_resource, pdf_upload
from tests.library.test_admin import resource_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quiet_and_private_media(monkeypatch, settings, tmp_path):
    silence_channels(monkeypatch)
    settings.MEDIA_ROOT = tmp_path


def notified(kind, member) -> list[str]:
    return list(Notification.objects.filter(kind=kind, recipient=member).values_list("text", flat=True))


def submit(author, title="Guide d'accueil des nouveaux écoutants", group=None) -> ResourcePage:
    return services.submit(
        library_index(),
        author,
        services.Proposal(title=title, resource_type="guide", summary="Les premières semaines.", group=group),
        [services.FileInput(upload=pdf_upload())],
    )


def admin_workflow_action(client, page, action, comment=""):
    """What the admin's edit page posts when a moderator picks a workflow action (the form as rendered)."""
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = client.get(edit_url)
    assert form.status_code == 200
    data = form_values(form.text)
    data.update(
        {
            "action-workflow-action": "True",
            "workflow-action-name": action,
            "workflow-action-extra-data": json.dumps({"comment": comment}),
        }
    )
    return client.post(edit_url, data)


# --- Decisions in Wagtail's admin ------------------------------------------------------------------


def test_a_coordinator_approves_a_proposal_in_the_admin(member, coordinator):
    group = make_group("Groupe Qualité", visibility="private", members=[member])
    reader, outsider = UserFactory(), UserFactory()
    from community.groups.services import add_member

    add_member(group, reader)
    page = submit(member, group=group)
    assert len(notified(kinds.SUBMITTED, coordinator)) == 1

    response = admin_workflow_action(login(coordinator), page, "approve")

    assert response.status_code == 302, response.text[:3000]
    page.refresh_from_db()
    assert page.live
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_APPROVED
    assert notified(kinds.APPROVED, member) == [
        "Votre proposition « Guide d'accueil des nouveaux écoutants » est acceptée et publiée."
    ]
    assert notified(kinds.PUBLISHED, reader) == ["Nouvelle ressource : Guide d'accueil des nouveaux écoutants"]
    assert notified(kinds.PUBLISHED, outsider) == []
    assert Notification.objects.get(kind=kinds.PUBLISHED, recipient=reader).actor == coordinator
    assert mail.outbox == []  # Wagtail's own "approved" e-mail would repeat the notification


def test_a_coordinator_requests_changes_in_the_admin_and_the_author_reads_the_comment(member, coordinator):
    page = submit(member)

    admin_workflow_action(login(coordinator), page, "reject", "Ajoutez la date de mise à jour.")

    assert WorkflowState.objects.get().status == WorkflowState.STATUS_NEEDS_CHANGES
    assert notified(kinds.CHANGES_REQUESTED, member) == [
        "Modifications demandées sur « Guide d'accueil des nouveaux écoutants » : Ajoutez la date de mise à jour."
    ]
    shown = login(member).get(f"{library_index().url}propositions/{page.pk}/")
    assert "Ajoutez la date de mise à jour." in shown.text and "Modifier et renvoyer" in shown.text
    assert mail.outbox == []


def test_the_site_shows_coordinators_the_admin_and_animateurs_only_the_site(member, coordinator):
    animator = UserFactory()
    group = make_group("Groupe Qualité", animators=[animator], members=[member])
    page = submit(member, group=group)
    url = f"{library_index().url}propositions/{page.pk}/"
    admin_link = reverse("wagtailadmin_pages:edit", args=[page.pk])

    assert admin_link in login(coordinator).get(url).text
    assert admin_link not in login(animator).get(url).text


def test_animateurs_see_the_proposals_waiting_for_them_only(member, coordinator):
    animator = UserFactory()
    ours = make_group("Groupe Qualité", animators=[animator], members=[member])
    submit(member, title="Pour le groupe", group=ours)
    submit(member, title="Pour tout le réseau")
    listing = login(animator).get(f"{library_index().url}propositions/")
    assert "Pour le groupe" in listing.text and "Pour tout le réseau" not in listing.text
    everything = login(coordinator).get(f"{library_index().url}propositions/")
    assert "Pour le groupe" in everything.text and "Pour tout le réseau" in everything.text


# --- The audience is told once -------------------------------------------------------------------


def test_publishing_in_the_admin_tells_the_audience_once(coordinator, member):
    index = library_index()
    document = make_document(pdf_upload(), coordinator)
    client = login(coordinator)
    add = reverse("wagtailadmin_pages:add", args=["library", "resourcepage", index.pk])

    client.post(add, resource_data(document, **{"action-publish": "action-publish"}))
    resource = ResourcePage.objects.get()
    assert notified(kinds.PUBLISHED, member) == ["Nouvelle ressource : Guide de la postvention"]
    assert Notification.objects.get(kind=kinds.PUBLISHED, recipient=member).link == resource.url
    assert notified(kinds.PUBLISHED, coordinator) == []  # who published

    edit = reverse("wagtailadmin_pages:edit", args=[resource.pk])
    data = form_values(client.get(edit).text)
    data.update({"summary": "Résumé revu.", "action-publish": "action-publish"})
    assert client.post(edit, data).status_code == 302
    client.post(reverse("wagtailadmin_pages:unpublish", args=[resource.pk]))
    resource.refresh_from_db()
    assert not resource.live
    resource.get_latest_revision().publish(user=coordinator)

    assert len(notified(kinds.PUBLISHED, member)) == 1


def test_a_scheduled_resource_tells_its_audience_when_it_goes_live(coordinator, member):
    resource = make_resource(publish=False, owner=coordinator, go_live_at=timezone.now() + timedelta(hours=1))
    resource.get_latest_revision().publish(user=coordinator)
    resource.refresh_from_db()
    assert not resource.live and notified(kinds.PUBLISHED, member) == []

    # An hour later: the revision's time has come.
    past = timezone.now() - timedelta(minutes=1)
    revision = resource.get_latest_revision()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")

    resource.refresh_from_db()
    assert resource.live
    assert notified(kinds.PUBLISHED, member) == ["Nouvelle ressource : Procédure d'accueil des appels"]


def test_a_group_resource_is_announced_to_the_group_only(coordinator, member):
    group = make_group("Groupe Qualité", visibility="private", members=[member])
    outsider = UserFactory()
    make_resource(group=group, owner=coordinator)
    assert len(notified(kinds.PUBLISHED, member)) == 1
    assert notified(kinds.PUBLISHED, outsider) == []


def test_quiet_publication_tells_no_one(member):
    with publication.quietly():
        make_resource()
    assert not Notification.objects.filter(kind=kinds.PUBLISHED).exists()


# --- Wagtail's own e-mails -------------------------------------------------------------------------


def test_wagtail_moderation_emails_still_go_for_other_pages(monkeypatch):
    sent = []
    wrapper = workflow._except_resources(lambda **kwargs: sent.append(kwargs["instance"]))
    home = HomePage.objects.first()
    other = WorkflowState(content_type=home.get_content_type(), object_id=str(home.pk))
    resource_state = WorkflowState(content_type=ResourcePage().get_content_type(), object_id="1")

    wrapper(WorkflowState, instance=other, user=None)
    wrapper(WorkflowState, instance=resource_state, user=None)

    assert sent == [other]


def test_the_finish_action_publishes_without_wagtail_permissions(member):
    animator = UserFactory()
    group = make_group("Groupe Qualité", animators=[animator], members=[member])
    page = submit(member, group=group)
    assert not page.permissions_for_user(animator).can_publish()

    services.approve(page, animator)

    page.refresh_from_db()
    assert page.live and page.live_revision.user == member

"""Members propose resources from the site; moderators decide there (or in the admin); nothing is half-saved."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import WorkflowState

from community.library import notification_kinds as kinds
from community.library.models import ResourcePage
from community.library.services import proposals as services
from community.notifications.models import Notification
from tests.community.factories import UserFactory, make_group
from tests.events.factories import login, silence_channels
from tests.library.factories import library_index, pdf_upload

pytestmark = pytest.mark.django_db

Document = get_document_model()


@pytest.fixture(autouse=True)
def _quiet_and_private_media(monkeypatch, settings, tmp_path):
    silence_channels(monkeypatch)
    settings.MEDIA_ROOT = tmp_path


def stored_files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def proposal_data(*uploads, **fields) -> dict:
    """What the proposal form posts: ``uploads`` fill the first file slots (title ``Fichier n``)."""
    data = {
        "title": "Fiche réflexe postvention",
        "resource_type": "procedure",
        "summary": "Ce que fait l'équipe dans les heures qui suivent un décès.",
        "body": "Premier temps : se retrouver.\n\nSecond temps : <b>écrire</b> à la famille.",
        "themes": "postvention, bien-être des équipes",
        "audience": "",
        "author_centre": "",
        "fichiers-TOTAL_FORMS": "5",
        "fichiers-INITIAL_FORMS": "5",
        "fichiers-MIN_NUM_FORMS": "0",
        "fichiers-MAX_NUM_FORMS": "5",
        "liens-TOTAL_FORMS": "2",
        "liens-INITIAL_FORMS": "2",
        "liens-MIN_NUM_FORMS": "0",
        "liens-MAX_NUM_FORMS": "5",
        "liens-0-title": "Recommandations de la HAS",
        "liens-0-url": "https://www.has-sante.fr/",
        "liens-1-title": "",
        "liens-1-url": "",
    }
    for number in range(5):
        data[f"fichiers-{number}-title"] = ""
    for number, upload in enumerate(uploads):
        data[f"fichiers-{number}-file"] = upload
        data[f"fichiers-{number}-title"] = f"Fichier {number + 1}"
    data.update(fields)
    return data


def propose_url() -> str:
    return library_index().url + "proposer/"


def proposal_url(page) -> str:
    return f"{library_index().url}propositions/{page.pk}/"


def propose(client, *uploads, **fields):
    return client.post(propose_url(), proposal_data(*(uploads or (pdf_upload(),)), **fields))


def notified(kind, member) -> list[str]:
    return list(Notification.objects.filter(kind=kind, recipient=member).values_list("text", flat=True))


@pytest.fixture
def private_group(member):
    """A private working group: its animatrice, the member, and nobody else."""
    animator = UserFactory(first_name="Aline", last_name="Animatrice")
    group = make_group("Groupe Qualité", visibility="private", animators=[animator], members=[member])
    group.animator = animator
    return group


# --- Proposing ---------------------------------------------------------------------------------------


def test_a_member_proposes_a_resource_to_the_whole_network(member, coordinator):
    client = login(member)
    assert client.get(propose_url()).status_code == 200

    response = propose(client, pdf_upload(words=("Texte du guide.",)), author_centre=str(member.centre_id))

    page = ResourcePage.objects.get()
    assert response.status_code == 302 and response.url == proposal_url(page)
    assert not page.live and page.owner == member and page.group is None
    assert page.author_centre == member.centre
    assert (
        page.body
        == "<p>Premier temps : se retrouver.</p>\n\n<p>Second temps : &lt;b&gt;écrire&lt;/b&gt; à la famille.</p>"
    )
    assert sorted(tag.name for tag in page.tags.all()) == ["bien-être des équipes", "postvention"]
    assert [(f.title, f.document.collection.name) for f in page.files.all()] == [("Fichier 1", "Bibliothèque")]
    assert [(link.title, link.url) for link in page.links.all()] == [
        ("Recommandations de la HAS", "https://www.has-sante.fr/")
    ]
    state = WorkflowState.objects.get()
    assert state.status == "in_progress" and state.requested_by == member
    assert page.get_latest_revision().user == member
    assert notified(kinds.SUBMITTED, coordinator) == [
        f"Proposition à relire : « Fiche réflexe postvention », par {member.display_name}"
    ]

    followed = client.get(response.url)
    assert "Proposition envoyée : la coordination (ou l&#x27;animation du groupe) va la relire." in followed.text
    assert "en relecture" in followed.text


def test_the_form_starts_from_the_members_centre_and_the_chosen_group(member, private_group):
    page = login(member).get(propose_url() + f"?groupe={private_group.slug}")
    assert page.status_code == 200
    assert f'<option value="{member.centre_id}" selected>' in page.text
    assert f'<option value="{private_group.slug}" selected>' in page.text


def test_a_member_proposes_to_their_group_and_its_animatrice_is_told(member, coordinator, private_group):
    response = propose(login(member), pdf_upload(), audience=private_group.slug)

    page = ResourcePage.objects.get()
    assert response.status_code == 302
    assert page.group == private_group and page.author_group == private_group and page.audience_key == private_group.pk
    assert len(notified(kinds.SUBMITTED, private_group.animator)) == 1
    assert len(notified(kinds.SUBMITTED, coordinator)) == 1


def test_a_group_one_is_not_in_answers_404(member):
    other = make_group("Groupe Formation", visibility="private")
    network_group = make_group("Groupe Ouvert")
    client = login(member)

    assert client.get(propose_url() + f"?groupe={other.slug}").status_code == 404
    assert client.get(propose_url() + f"?groupe={network_group.slug}").status_code == 404  # visible, not joined
    assert client.get(propose_url() + "?groupe=nexiste-pas").status_code == 404
    assert propose(client, pdf_upload(), audience=other.slug).status_code == 404
    assert propose(client, pdf_upload(), audience=network_group.slug).status_code == 404
    assert not ResourcePage.objects.exists() and not Document.objects.exists()


def test_an_empty_title_is_refused_beside_the_field_and_the_rest_is_kept(member, settings):
    response = propose(login(member), pdf_upload(), title="  ")

    assert response.status_code == 400
    assert "Indiquez un titre." in response.text
    assert "Ce que fait l&#x27;équipe dans les heures qui suivent un décès." in response.text
    assert "postvention, bien-être des équipes" in response.text
    assert "Recommandations de la HAS" in response.text and 'value="https://www.has-sante.fr/"' in response.text
    assert "choisissez-les à nouveau" in response.text
    assert not ResourcePage.objects.exists() and not Document.objects.exists()
    assert stored_files(settings) == []


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_stored(member, settings):
    executable = SimpleUploadedFile("guide.pdf", Path("/bin/true").read_bytes(), content_type="application/pdf")

    response = propose(login(member), pdf_upload(name="bon.pdf"), executable)

    assert response.status_code == 400
    assert "n&#x27;est pas un vrai PDF" in response.text
    assert "Fiche réflexe postvention" in response.text
    assert not ResourcePage.objects.exists() and not Document.objects.exists()
    assert not WorkflowState.objects.exists()
    assert stored_files(settings) == []


def test_a_failure_after_the_files_are_stored_leaves_nothing_behind(member, settings, monkeypatch):
    def broken_start(self, obj, user):
        raise RuntimeError("workflow down")

    monkeypatch.setattr("wagtail.models.Workflow.start", broken_start)
    with pytest.raises(RuntimeError):
        propose(login(member), pdf_upload(name="un.pdf"), pdf_upload(name="deux.pdf"))

    assert not ResourcePage.objects.exists() and not Document.objects.exists()
    assert stored_files(settings) == []


def test_a_proposal_needs_a_file_and_links_need_both_parts(member):
    data = proposal_data(**{"liens-1-url": "https://example.org/"})
    response = login(member).post(propose_url(), data)

    assert response.status_code == 400
    assert "Joignez au moins un fichier." in response.text
    assert "Donnez un intitulé à ce lien." in response.text
    assert not ResourcePage.objects.exists()


def test_the_slug_avoids_the_index_routes_and_other_resources(member):
    client = login(member)
    propose(client, pdf_upload(), title="Propositions")
    propose(client, pdf_upload(), title="Propositions")
    assert sorted(ResourcePage.objects.values_list("slug", flat=True)) == ["propositions-2", "propositions-3"]


# --- Who sees a proposal ---------------------------------------------------------------------------


def test_a_proposal_is_seen_by_its_author_and_its_moderators_only(member, coordinator, private_group):
    propose(login(member), pdf_upload(), audience=private_group.slug)
    page = ResourcePage.objects.get()
    other_animator = UserFactory()
    make_group("Groupe Formation", animators=[other_animator])
    group_member = UserFactory()
    from community.groups.services import add_member

    add_member(private_group, group_member)

    for user, status in [
        (member, 200),
        (private_group.animator, 200),
        (coordinator, 200),
        (group_member, 404),
        (other_animator, 404),
        (UserFactory(), 404),
    ]:
        response = login(user).get(proposal_url(page))
        assert response.status_code == status, user
    assert login(UserFactory()).get(page.url).status_code == 404  # the draft itself is not served

    seen = login(member).get(proposal_url(page))
    assert "Approuver et publier" not in seen.text
    document = page.files.get().document
    assert document.url in seen.text
    assert login(member).get(document.url).status_code == 200


def test_a_member_cannot_decide_on_their_own_group_proposal(member, private_group):
    propose(login(member), pdf_upload(), audience=private_group.slug)
    page = ResourcePage.objects.get()
    response = login(member).post(proposal_url(page), {"decision": "approve"}, follow=True)
    assert "n&#x27;attend pas votre relecture" in response.text
    page.refresh_from_db()
    assert not page.live


# --- Deciding from the site ------------------------------------------------------------------------


def test_an_animatrice_approves_a_group_proposal_from_the_site(member, coordinator, private_group):
    outsider = UserFactory()
    make_group("Groupe Formation", visibility="private", members=[outsider])
    group_member = UserFactory()
    from community.groups.services import add_member

    add_member(private_group, group_member)
    propose(login(member), pdf_upload(), audience=private_group.slug)
    page = ResourcePage.objects.get()
    animator = login(private_group.animator)
    shown = animator.get(proposal_url(page))
    assert "Approuver et publier" in shown.text and "Demander des modifications" in shown.text
    assert "/admin/" not in shown.text.split("Votre relecture")[1].split("</section>")[0]

    response = animator.post(proposal_url(page), {"decision": "approve", "comment": ""})

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.first_published_at
    assert WorkflowState.objects.get().status == "approved"
    assert notified(kinds.APPROVED, member) == [
        "Votre proposition « Fiche réflexe postvention » est acceptée et publiée."
    ]
    assert notified(kinds.PUBLISHED, group_member) == ["Nouvelle ressource : Fiche réflexe postvention"]
    assert notified(kinds.PUBLISHED, coordinator) == ["Nouvelle ressource : Fiche réflexe postvention"]
    assert notified(kinds.PUBLISHED, outsider) == []
    assert notified(kinds.PUBLISHED, private_group.animator) == []  # who published is not told
    assert Notification.objects.get(kind=kinds.PUBLISHED, recipient=group_member).actor == private_group.animator
    assert login(group_member).get(page.url).status_code == 200
    assert login(outsider).get(page.url).status_code == 404


def test_a_coordinator_requests_changes_and_the_author_resubmits(member, coordinator, settings):
    propose(login(member), pdf_upload(name="premier.pdf"), pdf_upload(name="second.pdf"))
    page = ResourcePage.objects.get()
    first_file, second_file = page.files.all()
    boss = login(coordinator)

    refused = boss.post(proposal_url(page), {"decision": "request_changes", "comment": "  "})
    assert refused.status_code == 400 and "Dites à l&#x27;auteur·rice ce qu&#x27;il faut modifier." in refused.text

    boss.post(proposal_url(page), {"decision": "request_changes", "comment": "Précisez le public visé."})

    assert WorkflowState.objects.get().status == "needs_changes"
    assert notified(kinds.CHANGES_REQUESTED, member) == [
        "Modifications demandées sur « Fiche réflexe postvention » : Précisez le public visé."
    ]
    author = login(member)
    listed = author.get(library_index().url + "propositions/")
    assert "modifications demandées" in listed.text and "Précisez le public visé." in listed.text
    form = author.get(proposal_url(page) + "?modifier")
    assert form.status_code == 200
    assert 'value="Fiche réflexe postvention"' in form.text and "Fichier actuel : Fichier 1" in form.text
    assert login(UserFactory()).get(proposal_url(page) + "?modifier").status_code == 404
    assert boss.get(proposal_url(page) + "?modifier").status_code == 404  # the author's, not the moderator's

    data = proposal_data(title="Fiche réflexe postvention (public : équipes)")
    data.update({"fichiers-0-title": "Fiche", "fichiers-1-title": "", "fichiers-1-remove": "on"})
    data["fichiers-1-file"] = pdf_upload(name="remplace.pdf")  # ignored: the slot is removed
    data["fichiers-2-file"] = pdf_upload(name="annexe.pdf")
    Notification.objects.all().delete()
    response = author.post(proposal_url(page) + "?modifier", data)

    assert response.status_code == 302, response.text[:2000]
    page.refresh_from_db()
    assert WorkflowState.objects.get().status == "in_progress"
    assert page.title == "Fiche réflexe postvention (public : équipes)"
    draft = page.get_latest_revision_as_object()
    assert [(f.pk, f.title) for f in draft.files.all()][0] == (first_file.pk, "Fiche")
    assert [f.document.file.name.rsplit("/", 1)[-1] for f in draft.files.all()][1].startswith("annexe")
    assert second_file.pk not in [f.pk for f in page.files.all()]
    assert len(notified(kinds.SUBMITTED, coordinator)) == 1

    boss.post(proposal_url(page), {"decision": "approve"})
    page.refresh_from_db()
    assert page.live and page.title == "Fiche réflexe postvention (public : équipes)"
    assert [f.pk for f in page.files.all()][0] == first_file.pk
    assert len(notified(kinds.APPROVED, member)) == 1


def test_resubmitting_is_only_for_a_proposal_sent_back(member, coordinator):
    propose(login(member), pdf_upload())
    page = ResourcePage.objects.get()
    response = login(member).post(proposal_url(page) + "?modifier", proposal_data(pdf_upload()))
    assert response.status_code == 404


def test_a_decision_already_taken_is_not_taken_twice(member, coordinator):
    propose(login(member), pdf_upload())
    page = ResourcePage.objects.get()
    services.approve(page, coordinator)
    with pytest.raises(services.ProposalError):
        services.request_changes(page, coordinator, "Trop tard.")


# --- Lists -------------------------------------------------------------------------------------------


def _many_proposals(author, count, group=None):
    for number in range(count):
        services.submit(
            library_index(),
            author,
            services.Proposal(title=f"Proposition {number}", resource_type="guide", summary="Résumé.", group=group),
            [services.FileInput(upload=pdf_upload(name=f"p{number}.pdf"))],
        )


@pytest.mark.parametrize("count", [2, 30])
def test_the_proposals_list_makes_the_same_queries_for_few_or_many(member, coordinator, private_group, measure, count):
    _many_proposals(member, count)
    _many_proposals(member, count, group=private_group)
    url = library_index().url + "propositions/"

    author_queries, author_writes = measure(login(member), url, 16)
    coordinator_queries, _writes = measure(login(coordinator), url, 18)
    animator_queries, _writes = measure(login(private_group.animator), url, 18)

    assert author_writes == []
    print(
        f"proposals list ({count * 2} proposals): author {author_queries}, coordinator {coordinator_queries}, "
        f"animatrice {animator_queries} queries"
    )
    page = login(private_group.animator).get(url)
    assert f"{count} propositions attendent votre relecture" in page.text


@pytest.mark.parametrize("count", [1, 5])
def test_a_proposal_page_makes_the_same_queries_whatever_its_files(member, coordinator, measure, count):
    themes = ", ".join(f"thème {n}" for n in range(count * 2))
    propose(login(member), *[pdf_upload(name=f"f{n}.pdf") for n in range(count)], themes=themes)
    page = ResourcePage.objects.get()
    boss = login(coordinator)
    boss.get(proposal_url(page))  # the admin's user profile, made on a coordinator's first page

    queries, writes = measure(boss, proposal_url(page), 27)
    author_queries, _writes = measure(login(member), proposal_url(page), 27)

    assert writes == []
    print(f"proposal page ({count} files): coordinator {queries}, author {author_queries} queries")

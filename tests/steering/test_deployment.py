"""The deployment tracker: the timeline of openings, a centre's checklist, moving a milestone, the modèle cible."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils import timezone

from community.models import Centre
from community.notifications import push
from community.notifications.models import Notification
from community.steering import services
from community.steering.models import Milestone, MilestoneTemplate
from community.steering.notification_kinds import MILESTONE_CHANGED
from tests.community.factories import CentreFactory, UserFactory
from tests.threads import run_together
from tests.steering.factories import STEPS, cadre_of, deploying_centre, milestone, modele_cible

pytestmark = pytest.mark.django_db
TIMELINE = "/pilotage/deploiement/"


@pytest.fixture(autouse=True)
def quiet(monkeypatch):
    monkeypatch.setattr(push, "_send", lambda group, message: None)  # no channel layer needed here


def today():
    return timezone.localdate()


def checklist_url(centre) -> str:
    return reverse("steering:deployment_centre", args=[centre.slug])


def edit_url(step) -> str:
    return reverse("steering:milestone", args=[step.pk])


def form_data(step, seen=None, **changes) -> dict:
    """What the milestone's form posts: the values on screen (``seen``, by default the current ones) and the edits."""
    seen = seen or {
        "status": step.status,
        "owner": str(step.owner_id or ""),
        "due_date": step.due_date.isoformat() if step.due_date else "",
        "notes": step.notes,
    }
    prefix = f"jalon-{step.pk}"
    data = {f"initial-{prefix}-{name}": value for name, value in seen.items()}
    data |= {f"{prefix}-{name}": changes.get(name, value) for name, value in seen.items()}
    return data


def set_step(centre, name, **fields):
    Milestone.objects.filter(centre=centre, template__name=name).update(**fields)


def told(kind=MILESTONE_CHANGED):
    return list(Notification.objects.filter(kind=kind).order_by("recipient_id"))


# --- The timeline ------------------------------------------------------------------------------------


def test_timeline_lists_openings_by_planned_date_with_recent_openings_as_context(member_client):
    now = today()
    deploying_centre("Centre Guyane", opening_date=now + timedelta(days=200), region="Guyane")
    deploying_centre("Centre Tchat", opening_date=now + timedelta(days=60))
    deploying_centre("Centre Accessibilité", status=Centre.Status.PLANNED)  # no date yet: last
    CentreFactory(name="Centre Martinique", status=Centre.Status.IN_SERVICE, opening_date=now - timedelta(days=90))
    CentreFactory(name="Centre Bretagne", status=Centre.Status.IN_SERVICE, opening_date=now - timedelta(days=900))

    page = member_client.get(TIMELINE).text

    order = [
        page.index(name)
        for name in ("Centre Martinique", "Aujourd'hui", "Centre Tchat", "Centre Guyane", "Centre Accessibilité")
    ]
    assert order == sorted(order)
    assert "Centre Bretagne" not in page  # opened long ago
    assert "Date d'ouverture à fixer" in page
    assert "3 centres en déploiement ou prévus, 1 ouvert ces douze derniers mois" in page
    assert f'<time datetime="{(now + timedelta(days=60)).strftime("%Y-%m")}">' in page


def test_timeline_shows_progress_next_step_and_overdue_count(member_client):
    now = today()
    centre = deploying_centre("Centre Guyane", opening_date=now + timedelta(days=200))
    set_step(centre, "Recrutement", status=Milestone.Status.DONE, due_date=now - timedelta(days=30))
    set_step(centre, "Locaux", status=Milestone.Status.DONE)
    set_step(centre, "Téléphonie", status=Milestone.Status.IN_PROGRESS, due_date=now - timedelta(days=3))
    set_step(centre, "Formation des répondants", due_date=now - timedelta(days=1))
    set_step(centre, "Partenaires du territoire", due_date=now + timedelta(days=40))
    set_step(centre, "Système d'information", due_date=now + timedelta(days=10))

    page = member_client.get(TIMELINE).text

    assert '<progress max="7" value="2" aria-label="Avancement de Centre Guyane">' in page
    assert "Jalons faits : 2 sur 7 (29 %)" in page
    assert "2 jalons en retard" in page  # done late does not count, and the text says it, not a colour
    assert "Prochaine échéance : Système d&#x27;information" in page


def test_timeline_links_the_checklists_each_member_may_open(client, coordinator):
    guyane, tchat = deploying_centre("Centre Guyane"), deploying_centre("Centre Tchat")
    responder = UserFactory(role="repondant", centre=guyane)
    client.force_login(responder)

    page = client.get(TIMELINE).text
    assert f'href="{checklist_url(guyane)}"' in page
    assert f'href="{checklist_url(tchat)}"' not in page and "Centre Tchat" in page

    client.force_login(coordinator)
    page = client.get(TIMELINE).text
    assert f'href="{checklist_url(guyane)}"' in page and f'href="{checklist_url(tchat)}"' in page


def test_partners_without_a_centre_see_the_timeline(client):
    deploying_centre("Centre Guyane")
    client.force_login(UserFactory(role="partenaire", centre=None))
    assert "Centre Guyane" in client.get(TIMELINE).text


def test_anonymous_visitors_are_sent_to_log_in(client):
    centre = deploying_centre()
    assert client.get(TIMELINE).status_code == 302
    assert client.get(checklist_url(centre)).status_code == 302


# --- A centre's checklist ------------------------------------------------------------------------------


def test_checklist_shows_each_milestone_with_its_state_and_delays(client, coordinator):
    now = today()
    centre = deploying_centre("Centre Guyane")
    cadre = cadre_of(centre, first_name="Inès", last_name="Joseph")
    set_step(
        centre,
        "Téléphonie",
        status=Milestone.Status.BLOCKED,
        due_date=now - timedelta(days=12),
        owner=cadre,
        notes="Opérateur en retard.",
    )
    set_step(
        centre,
        "Locaux",
        status=Milestone.Status.DONE,
        due_date=now - timedelta(days=50),
        done_on=now - timedelta(days=55),
    )
    set_step(centre, "Recrutement", due_date=now - timedelta(days=1))
    client.force_login(UserFactory(role="repondant", centre=centre))

    response = client.get(checklist_url(centre))

    page = response.text
    phone = milestone(centre, "Téléphonie")
    assert f'id="jalon-{phone.pk}"' in page
    assert page.count('class="milestone milestone-overdue"') == 2
    assert "En retard de 12 jours" in page and "En retard de 1 jour<" in page
    assert "Inès Joseph" in page and "Opérateur en retard." in page
    assert "Jalons faits : 1 sur 7 (14 %)" in page
    headings = [page.index(f"<h3>{escape(name)} ") for name in STEPS]
    assert headings == sorted(headings)  # the modèle cible's order
    assert "<form" not in page.split('id="avancement"')[1]  # a responder reads, does not edit


def test_checklist_is_for_coordinators_and_the_centres_own_members(client, coordinator):
    guyane, tchat = deploying_centre("Centre Guyane"), deploying_centre("Centre Tchat")
    opened = CentreFactory(status=Centre.Status.IN_SERVICE)
    for visitor, expected in [
        (coordinator, 200),
        (cadre_of(guyane), 200),
        (UserFactory(role="repondant", centre=guyane), 200),
        (cadre_of(tchat), 404),
        (UserFactory(role="partenaire", centre=None), 404),
    ]:
        client.force_login(visitor)
        assert client.get(checklist_url(guyane)).status_code == expected, visitor.role
    client.force_login(coordinator)
    assert client.get(checklist_url(opened)).status_code == 404  # not deploying
    assert client.get("/pilotage/deploiement/centre-inconnu/").status_code == 404


def test_edit_forms_for_those_who_steer_the_centre(client, coordinator):
    centre = deploying_centre()
    cadre = cadre_of(centre, first_name="Inès", last_name="Joseph")
    UserFactory(role="repondant", centre=centre, first_name="Léo", last_name="Ho")
    UserFactory(role="cadre", centre=deploying_centre("Centre Tchat"), first_name="Autre", last_name="Centre")
    client.force_login(cadre)

    page = client.get(checklist_url(centre)).text

    assert page.count('<form method="post" action="/pilotage/deploiement/jalons/') == len(STEPS)
    phone = milestone(centre, "Téléphonie")
    assert f'id="id_jalon-{phone.pk}-due_date"' in page and 'type="date"' in page
    owners = page.split(f'name="jalon-{phone.pk}-owner"')[1].split("</select>")[0]
    assert "Inès Joseph" in owners and "Léo Ho" in owners and coordinator.display_name in owners
    assert "Autre Centre" not in owners


# --- Moving a milestone ----------------------------------------------------------------------------------


def test_coordinator_moves_a_milestone_and_the_centre_is_told(client, coordinator):
    centre = deploying_centre("Centre Guyane")
    cadres = [cadre_of(centre), cadre_of(centre)]
    other_coordinator = UserFactory(role="coordinateur", centre=None)
    cadre_of(deploying_centre("Centre Tchat"))
    UserFactory(role="repondant", centre=centre)
    phone = milestone(centre)
    client.force_login(coordinator)

    response = client.post(edit_url(phone), form_data(phone, status="fait"))

    assert response.status_code == 302
    assert response.url == f"{checklist_url(centre)}#jalon-{phone.pk}"
    phone.refresh_from_db()
    assert (phone.status, phone.done_on, phone.updated_by) == ("fait", today(), coordinator)
    notes = told()
    assert {n.recipient_id for n in notes} == {other_coordinator.pk, *(cadre.pk for cadre in cadres)}
    assert {n.text for n in notes} == {"Centre Guyane — Téléphonie : À faire → Fait"}
    assert {n.link for n in notes} == {f"/pilotage/deploiement/{centre.slug}/#jalon-{phone.pk}"}
    assert {n.actor_id for n in notes} == {coordinator.pk}
    page = client.get(response.url).text
    assert "Jalon « Téléphonie » enregistré." in page
    assert f"{coordinator.display_name}, le " in page


def test_the_centres_cadre_sets_owner_due_date_and_notes(client, coordinator):
    centre = deploying_centre("Centre Guyane")
    cadre = cadre_of(centre)
    responder = UserFactory(role="repondant", centre=centre, first_name="Léo", last_name="Ho")
    step = milestone(centre, "Locaux")
    client.force_login(cadre)

    due = today() + timedelta(days=30)
    response = client.post(
        edit_url(step), form_data(step, owner=str(responder.pk), due_date=due.isoformat(), notes="Bail à signer.")
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.owner, step.due_date, step.notes, step.status) == (responder, due, "Bail à signer.", "a_faire")
    (note,) = told()
    assert note.recipient == coordinator  # the cadre acted: not told of their own change
    assert note.text == (
        f"Centre Guyane — Locaux : responsable personne → Léo Ho ; échéance aucune → {due:%d/%m/%Y} ; notes mises à jour"
    )


def test_nothing_changed_tells_nobody(client, coordinator):
    centre = deploying_centre()
    cadre_of(centre)
    step = milestone(centre)
    client.force_login(coordinator)
    response = client.post(edit_url(step), form_data(step), follow=True)
    assert "rien n&#x27;a changé" in response.text
    assert told() == []


@pytest.mark.parametrize("who", ["other_cadre", "responder", "partner"])
def test_who_may_not_steer_the_centre_gets_404(client, coordinator, who):
    centre = deploying_centre()
    visitor = {
        "other_cadre": lambda: cadre_of(deploying_centre("Centre Tchat")),
        "responder": lambda: UserFactory(role="repondant", centre=centre),
        "partner": lambda: UserFactory(role="partenaire", centre=None),
    }[who]()
    step = milestone(centre)
    client.force_login(visitor)

    assert client.post(edit_url(step), form_data(step, status="fait")).status_code == 404

    step.refresh_from_db()
    assert step.status == "a_faire" and told() == []


def test_milestone_url_takes_only_posts_and_known_milestones(client, coordinator):
    step = milestone(deploying_centre())
    client.force_login(coordinator)
    assert client.get(edit_url(step)).status_code == 405
    assert client.post(reverse("steering:milestone", args=[step.pk + 1000]), {}).status_code == 404


def test_an_opened_centres_milestones_are_no_longer_edited(client, coordinator):
    centre = deploying_centre()
    step = milestone(centre)
    Centre.objects.filter(pk=centre.pk).update(status=Centre.Status.IN_SERVICE)
    client.force_login(coordinator)
    assert client.post(edit_url(step), form_data(step, status="fait")).status_code == 404


def test_an_invalid_date_is_refused_beside_the_field_keeping_what_was_typed(client, coordinator):
    centre = deploying_centre()
    step = milestone(centre)
    client.force_login(coordinator)

    response = client.post(
        edit_url(step), form_data(step, due_date="2027-02-31", notes="Relancer l'opérateur.", status="en_cours")
    )

    assert response.status_code == 400
    page = response.text
    assert f'id="id_jalon-{step.pk}-due_date_error"' in page and "Saisissez une date valide." in page
    assert 'aria-invalid="true"' in page
    assert "Relancer l&#39;opérateur.</textarea>" in page  # escaped by Jinja2 (the form's renderer)
    assert '<option value="en_cours" selected>' in page
    assert '<details class="milestone-edit" open>' in page
    step.refresh_from_db()
    assert (step.status, step.notes) == ("a_faire", "")
    assert told() == []


def test_an_owner_from_another_centre_is_refused(client, coordinator):
    centre = deploying_centre()
    outsider = UserFactory(role="repondant", centre=deploying_centre("Centre Tchat"))
    step = milestone(centre)
    client.force_login(coordinator)

    response = client.post(edit_url(step), form_data(step, owner=str(outsider.pk)))

    assert response.status_code == 400
    assert f'id="id_jalon-{step.pk}-owner_error"' in response.text
    step.refresh_from_db()
    assert step.owner is None


def test_notes_too_long_are_refused(client, coordinator):
    step = milestone(deploying_centre())
    client.force_login(coordinator)
    response = client.post(edit_url(step), form_data(step, notes="x" * 4001))
    assert response.status_code == 400
    assert "4000 caractères" in response.text


def test_the_service_refuses_an_owner_outside_the_centre(coordinator):
    centre = deploying_centre()
    step = milestone(centre)
    with pytest.raises(services.MilestoneError) as refused:
        services.update_milestone(step, coordinator, owner=UserFactory(centre=CentreFactory()))
    assert refused.value.field == "owner"
    former = UserFactory(centre=centre, is_active=False)
    with pytest.raises(services.MilestoneError):
        services.update_milestone(step, coordinator, owner=former)


def test_an_owner_who_left_the_centre_stays_until_replaced(client, coordinator):
    centre = deploying_centre()
    owner = UserFactory(role="repondant", centre=centre, first_name="Léo", last_name="Ho")
    set_step(centre, "Téléphonie", owner=owner)
    owner.centre = deploying_centre("Centre Tchat")
    owner.save()
    step = milestone(centre)
    client.force_login(coordinator)

    assert "Léo Ho" in client.get(checklist_url(centre)).text
    assert client.post(edit_url(step), form_data(step, status="en_cours")).status_code == 302
    step.refresh_from_db()
    assert (step.owner, step.status) == (owner, "en_cours")


def test_a_form_opened_earlier_changes_only_what_its_editor_changed(client, coordinator):
    """Coordinator and cadre edit the same milestone from pages opened before either saved."""
    centre = deploying_centre()
    cadre = cadre_of(centre)
    step = milestone(centre)
    seen_by_coordinator = form_data(step)  # the page as the coordinator opened it
    client.force_login(cadre)
    client.post(edit_url(step), form_data(step, status="en_cours", notes="Devis reçu."))

    client.force_login(coordinator)
    due = (today() + timedelta(days=20)).isoformat()
    seen_by_coordinator[f"jalon-{step.pk}-due_date"] = due
    assert client.post(edit_url(step), seen_by_coordinator).status_code == 302

    step.refresh_from_db()
    assert (step.status, step.notes, step.due_date.isoformat()) == ("en_cours", "Devis reçu.", due)


# --- The modèle cible ----------------------------------------------------------------------------------


def test_coordinator_adds_a_step_in_the_admin_and_deploying_centres_get_it(coordinator_client):
    guyane, accessibilite = deploying_centre("Centre Guyane"), deploying_centre("Centre Accessibilité", status="prevu")
    opened = CentreFactory(status=Centre.Status.IN_SERVICE)
    listing = coordinator_client.get("/admin/snippets/steering/milestonetemplate/")
    assert listing.status_code == 200 and "Téléphonie" in listing.text

    response = coordinator_client.post(
        "/admin/snippets/steering/milestonetemplate/add/",
        {"name": "Convention avec l'ARS", "description": "Signée par les deux parties.", "sort_order": 3},
    )

    assert response.status_code == 302, response.text
    for centre in (guyane, accessibilite):
        assert centre.milestones.filter(template__name="Convention avec l'ARS").exists()
    assert not opened.milestones.exists()
    names = list(guyane.milestones.values_list("template__name", flat=True))
    assert names[3:5] == ["Téléphonie", "Convention avec l'ARS"]  # the modèle cible's order, then the older step first


def test_members_cannot_edit_the_modele_cible(client, centre):
    client.force_login(cadre_of(centre))
    assert client.get("/admin/snippets/steering/milestonetemplate/").status_code in (302, 403)


def test_a_centre_that_becomes_deploying_gets_the_modele_cible():
    modele_cible()
    centre = CentreFactory(status=Centre.Status.IN_SERVICE)
    assert not centre.milestones.exists()

    centre.status = Centre.Status.PLANNED
    centre.save()
    assert centre.milestones.count() == len(STEPS)

    centre.save()  # saved again: nothing added, nothing written twice
    assert centre.milestones.count() == len(STEPS)
    created = CentreFactory(status=Centre.Status.DEPLOYING)
    assert created.milestones.count() == len(STEPS)


def test_ensure_milestones_counts_only_what_it_adds():
    deploying_centre()
    assert services.ensure_milestones() == 0
    MilestoneTemplate.objects.create(name="Convention avec l'ARS", sort_order=10)
    assert services.ensure_milestones() == 1


# --- Queries -----------------------------------------------------------------------------------------------


def test_the_timeline_makes_the_same_queries_for_3_and_20_centres(client, member, measure):
    client.force_login(member)

    def grow(count):
        for index in range(Centre.objects.filter(status__in=["en_deploiement", "prevu"]).count(), count):
            centre = deploying_centre(f"Centre {index:02d}", opening_date=today() + timedelta(days=30 * index))
            set_step(centre, "Téléphonie", due_date=today() - timedelta(days=2))
            set_step(centre, "Locaux", status=Milestone.Status.DONE)
            set_step(centre, "Recrutement", due_date=today() + timedelta(days=9))

    grow(3)
    few, few_writes = measure(client, TIMELINE, 8)
    grow(20)
    many, many_writes = measure(client, TIMELINE, 8)
    assert few == many and few_writes == many_writes == []
    print(f"timeline: {few} queries with 3 deploying centres, {many} with 20")


def test_the_checklist_makes_the_same_queries_for_7_and_30_milestones(client, coordinator, measure):
    centre = deploying_centre()
    for _ in range(5):
        cadre_of(centre)
        UserFactory(role="repondant", centre=centre)
    client.force_login(coordinator)
    url = checklist_url(centre)

    few, few_writes = measure(client, url, 8)
    for index in range(len(STEPS), 30):
        MilestoneTemplate.objects.create(name=f"Étape {index}", sort_order=index)
    services.ensure_milestones()
    Milestone.objects.filter(centre=centre).update(owner=coordinator, updated_by=coordinator, due_date=today())
    assert centre.milestones.count() == 30
    many, many_writes = measure(client, url, 8)
    assert few == many and few_writes == many_writes == []
    print(f"centre checklist (coordinator, with forms): {few} queries with 7 milestones, {many} with 30")


# --- Concurrency (PostgreSQL) ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_simultaneous_edits_of_one_milestone_keep_each_other(postgresql_only, coordinator):
    centre = deploying_centre("Centre Guyane")
    cadre = cadre_of(centre)
    step = milestone(centre)
    due = today() + timedelta(days=15)

    run_together(
        lambda actor, changes: services.update_milestone(step, actor, **changes),
        [(coordinator, {"status": Milestone.Status.DONE}), (cadre, {"due_date": due, "notes": "Lignes livrées."})],
    )

    step.refresh_from_db()
    assert (step.status, step.done_on, step.due_date, step.notes) == ("fait", today(), due, "Lignes livrées.")
    by_recipient = {}
    for note in told():
        by_recipient.setdefault(note.recipient_id, []).append(note.text)
    assert by_recipient == {
        cadre.pk: ["Centre Guyane — Téléphonie : À faire → Fait"],
        coordinator.pk: [f"Centre Guyane — Téléphonie : échéance aucune → {due:%d/%m/%Y} ; notes mises à jour"],
    }


@pytest.mark.django_db(transaction=True)
def test_the_same_move_made_at_once_by_several_editors_is_told_once(postgresql_only, coordinator):
    centre = deploying_centre("Centre Guyane")
    cadre = cadre_of(centre)
    editors = [coordinator, cadre, *(UserFactory(role="coordinateur", centre=None) for _ in range(4))]
    step = milestone(centre)

    run_together(
        lambda actor: services.update_milestone(step, actor, status=Milestone.Status.IN_PROGRESS),
        [(e,) for e in editors],
    )

    step.refresh_from_db()
    assert step.status == "en_cours"
    notes = told()
    # One editor moved it; the others found it already moved: one batch of notifications, from one actor.
    assert len({note.actor_id for note in notes}) == 1
    recipients = [note.recipient_id for note in notes]
    assert sorted(recipients) == sorted({e.pk for e in editors} - {notes[0].actor_id})
    assert step.updated_by_id == notes[0].actor_id

"""The organisers' pages of an event: who gets them, what each action does, and what they cost.

Organisers are the group's animateur·rices and the coordinators; anyone else gets a 404, forged POSTs
included, and nothing changes. Refused actions come back with the message beside the field.
"""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from community.groups.services import add_member
from community.notifications.models import Notification
from events import notification_kinds as kinds
from events import services
from events.models import EventPage, Registration
from tests.community.factories import CentreFactory, UserFactory, make_group
from tests.events.factories import MEAL_AND_NEEDS, make_event, meal_and_needs

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_channels")]

Status = Registration.Status
# Session, user, site, the page's lookups, the audience and organiser checks, questions, registrations,
# the chrome (unread count, menu): the same for 2 or 20 registrants. "Register someone" reads no member:
# organisation/membres/ suggests them as the organiser types.
MAX_QUERIES = 17
GET_PAGES = [
    "organisation/",
    "organisation/pointage/",
    "organisation/emargement/",
    "organisation/export-csv/",
    "organisation/membres/?q=re",
]
POST_ACTIONS = ["inscrire", "desinscrire", "capacite", "fermer", "rouvrir", "annuler-evenement", "message", "presence"]


@pytest.fixture
def event(group):
    return make_event("Réunion du groupe Postvention", group=group, capacity=2, questions=MEAL_AND_NEEDS)


def login(client, user):
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


def url(event, suffix="organisation/") -> str:
    return event.url + suffix


def fresh(event) -> EventPage:
    return EventPage.objects.get(pk=event.pk)


def statuses(event) -> dict:
    return dict(Registration.objects.filter(event=event).values_list("member_id", "status"))


def fill(event, count, group=None) -> list:
    """``count`` members of the audience registered (confirmed up to the capacity, then waiting)."""
    members = UserFactory.create_batch(count)
    for member in members:
        if group is not None:
            add_member(group, member)
        services.register(event, member, meal_and_needs(event))
    return members


# --- Who gets the organisers' pages ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", GET_PAGES)
def test_the_groups_animator_and_coordinators_get_every_organiser_page(client, event, animator, coordinator, suffix):
    assert login(client, animator).get(url(event, suffix)).status_code == 200
    assert login(client, coordinator).get(url(event, suffix)).status_code == 200


@pytest.mark.parametrize("suffix", GET_PAGES)
def test_members_and_animators_of_other_groups_get_404(client, event, member, suffix):
    other_animator = UserFactory(role="cadre")
    make_group("Autre groupe", animators=[other_animator])
    assert login(client, member).get(url(event, suffix)).status_code == 404
    assert login(client, other_animator).get(url(event, suffix)).status_code == 404


@pytest.mark.parametrize("action", POST_ACTIONS)
def test_a_forged_organiser_post_from_a_member_gets_404_and_changes_nothing(client, event, member, action):
    other = UserFactory()
    services.register(event, member, meal_and_needs(event))
    registration = Registration.objects.get(event=event, member=member)
    data = {
        "member": member.pk if action == "desinscrire" else other.email,
        "registration": registration.pk,
        "attended": "1",
        "capacity": "0",
        "confirm": "on",
        "audience": "confirmed",
        "text": "Message forgé",
        **{f"question-{q.pk}": "Oui" for q in event.ordered_questions},
    }
    response = login(client, member).post(url(event, f"organisation/{action}/"), data)

    assert response.status_code == 404
    after = fresh(event)
    assert (after.capacity, after.registration_closed, after.is_cancelled) == (2, False, False)
    assert statuses(event) == {member.pk: Status.CONFIRMED}
    assert Registration.objects.get(pk=registration.pk).attended is None
    assert not Notification.objects.filter(kind=kinds.MESSAGE).exists()


def test_an_outsider_of_a_private_group_gets_404_even_for_an_unknown_action(client, member):
    animator = UserFactory(role="cadre")
    private = make_group("Club des cadres", visibility="private", join_policy="invitation", animators=[animator])
    event = make_event("Club de janvier", group=private)
    assert login(client, member).get(url(event, "organisation/nimporte-quoi/")).status_code == 404
    assert login(client, member).get(url(event)).status_code == 404


def test_an_unknown_action_is_404_and_a_get_on_an_action_is_refused(client, event, animator):
    login(client, animator)
    assert client.get(url(event, "organisation/nimporte-quoi/")).status_code == 404
    assert client.post(url(event, "organisation/nimporte-quoi/")).status_code == 404
    assert client.get(url(event, "organisation/fermer/")).status_code == 405
    assert client.post(url(event, "organisation/pointage/")).status_code == 405
    assert fresh(event).registration_closed is False


def test_network_wide_events_are_organised_by_coordinators_only(client, animator, coordinator):
    event = make_event("Temps fort national")
    assert login(client, animator).get(url(event)).status_code == 404
    assert login(client, coordinator).get(url(event)).status_code == 200


# --- The dashboard --------------------------------------------------------------------------------


def test_dashboard_lists_registrants_and_waitlist_in_order_with_answers_and_flags_needs(client, event, group, animator):
    first, second = fill(event, 2, group)
    waiting_1, waiting_2 = UserFactory(last_name="Zola"), UserFactory(last_name="Abel")
    for person in (waiting_1, waiting_2):
        add_member(group, person)
    services.register(event, waiting_1, meal_and_needs(event, meal="Non", needs="Fauteuil roulant"))
    services.register(event, waiting_2, meal_and_needs(event))

    page = text(login(client, animator).get(url(event)))

    assert "2 / 2" in page
    inscrits, attente = page.split('id="inscrits-titre"')[1].split('id="attente-titre"')
    assert first.display_name in inscrits and second.display_name in inscrits
    assert waiting_1.display_name not in inscrits
    # The waitlist keeps its order (Zola before Abel), with positions.
    assert attente.index(waiting_1.display_name) < attente.index(waiting_2.display_name)
    assert re.search(r"<td>1</td>\s*<th scope=\"row\">" + re.escape(waiting_1.display_name), attente)
    assert re.search(r"<td>2</td>\s*<th scope=\"row\">" + re.escape(waiting_2.display_name), attente)
    # Answers in columns, the accessibility need highlighted in words and by style.
    assert '<th scope="col">Repas</th>' in page
    assert "Besoin signalé :</strong> Fauteuil roulant" in page
    assert 'class="needs-cell"' in page
    assert "Besoins d'accessibilité signalés (1 personne)" in page


def test_dashboard_links_to_the_tools_and_to_the_right_editor(client, event, animator, coordinator):
    page = text(login(client, animator).get(url(event)))
    for suffix in ("organisation/pointage/", "organisation/emargement/", "organisation/export-csv/"):
        assert f'href="{url(event, suffix)}"' in page
    assert f'href="/evenements/{event.pk}/modifier/"' in page
    page = text(login(client, coordinator).get(url(event)))
    assert f'href="/admin/pages/{event.pk}/edit/"' in page


def suggestions(client, event, query) -> list[str]:
    response = client.get(url(event, "organisation/membres/"), {"q": query})
    assert response.status_code == 200
    return [member["email"] for member in response.json()["members"]]


def test_the_dashboard_lists_no_member_to_register_but_where_to_search_them(client, event, group, animator):
    add_member(group, UserFactory(email="candidate@reseau3114.test"))
    page = text(login(client, animator).get(url(event)))
    assert (
        f'<datalist id="membres-inscriptibles" data-member-search="{url(event, "organisation/membres/")}"></datalist>'
        in page
    )
    assert "candidate@reseau3114.test" not in page
    assert 'list="membres-inscriptibles"' in page and "js/events-organiser.js" in page


def test_member_search_suggests_audience_members_not_yet_registered_by_name_or_email(
    client, event, group, animator, member
):
    services.register(event, member, meal_and_needs(event))
    candidate = UserFactory(
        first_name="Zoé", last_name="Hoarau", email="zhoarau@reseau3114.test", centre=CentreFactory(name="CRP Réunion")
    )
    add_member(group, candidate)
    login(client, animator)

    response = client.get(url(event, "organisation/membres/"), {"q": "hoara"})
    assert response.json() == {"members": [{"email": "zhoarau@reseau3114.test", "label": "Zoé Hoarau — CRP Réunion"}]}
    assert suggestions(client, event, "  Zoé   Hoa ") == [candidate.email]  # the full name, spaces as typed
    assert suggestions(client, event, "hoarau zo") == [candidate.email]  # last name first
    assert suggestions(client, event, "ZHOARAU@") == [candidate.email]
    # Already registered: not suggested; one letter is too little to search.
    assert suggestions(client, event, member.email) == []
    assert suggestions(client, event, "z") == []
    assert suggestions(client, event, "") == []


def test_member_search_never_lists_outsiders_of_a_private_groups_audience(client, animator, member):
    private = make_group("Club des cadres", visibility="private", join_policy="invitation", animators=[animator])
    event = make_event("Club", group=private)
    add_member(private, member)
    outsider = UserFactory(first_name="Hors", last_name="Public", email="hors.public@reseau3114.test")
    login(client, animator)
    assert suggestions(client, event, "public") == []
    assert suggestions(client, event, "hors.public@reseau3114.test") == []
    assert suggestions(client, event, member.email) == [member.email]
    assert outsider.pk  # exists, but is not of the private group's audience


def test_member_search_gives_at_most_20_members_in_name_order(client, event, group, animator):
    members = [UserFactory(first_name="Alex", last_name=f"Martin {number:02d}") for number in range(25)]
    for person in members:
        add_member(group, person)
    found = suggestions(login(client, animator), event, "martin")
    assert found == [person.email for person in members[:20]]


def test_member_search_is_404_to_anyone_but_the_organisers(client, event, group, member):
    add_member(group, member)
    assert login(client, member).get(url(event, "organisation/membres/"), {"q": "re"}).status_code == 404
    client.logout()
    assert client.get(url(event, "organisation/membres/"), {"q": "re"}).status_code in (302, 404)


# --- Register and remove someone ------------------------------------------------------------------


def test_an_organiser_registers_someone_by_email_with_answers(client, event, animator, member):
    meal_q, needs_q = event.ordered_questions
    response = login(client, animator).post(
        url(event, "organisation/inscrire/"),
        {"member": member.email.upper(), f"question-{meal_q.pk}": "Non", f"question-{needs_q.pk}": "Rampe"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url(event)
    assert f"{member.display_name} est inscrit·e." in text(response)
    registration = Registration.objects.get(event=event, member=member)
    assert registration.status == Status.CONFIRMED and registration.registered_by == animator
    assert registration.answers == {str(meal_q.pk): "Non", str(needs_q.pk): "Rampe"}


def test_an_organiser_registers_someone_by_name_and_a_full_event_puts_them_on_the_waitlist(
    client, event, group, animator
):
    fill(event, 2, group)
    latecomer = UserFactory(first_name="Zoé", last_name="Hoarau")
    add_member(group, latecomer)
    meal_q, _needs_q = event.ordered_questions
    response = login(client, animator).post(
        url(event, "organisation/inscrire/"), {"member": "  hoarau   ZOÉ ", f"question-{meal_q.pk}": "Oui"}, follow=True
    )
    assert "Zoé Hoarau est n° 1 sur la liste d&#x27;attente." in text(response)
    assert statuses(event)[latecomer.pk] == Status.WAITLISTED


def test_registering_someone_without_a_required_answer_keeps_what_was_typed(client, event, animator, member):
    _meal_q, needs_q = event.ordered_questions
    response = login(client, animator).post(
        url(event, "organisation/inscrire/"), {"member": member.email, f"question-{needs_q.pk}": "Boucle magnétique"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "Cette réponse est obligatoire." in page
    assert f'value="{member.email}"' in page
    assert "Boucle magnétique</textarea>" in page
    assert 'href="#inscrire"' in page  # the top of the page points to the refused form
    assert not Registration.objects.filter(event=event).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("inconnu@exemple.test", "Aucun membre du public de l&#x27;événement ne correspond"),
        ("", "Indiquez le membre à inscrire."),
    ],
)
def test_registering_an_unknown_member_is_refused_beside_the_field(client, event, animator, typed, message):
    response = login(client, animator).post(url(event, "organisation/inscrire/"), {"member": typed})
    assert response.status_code == 400
    assert message in text(response)


def test_registering_someone_twice_or_outside_the_audience_is_refused(client, animator, member):
    private = make_group("Club des cadres", visibility="private", join_policy="invitation", animators=[animator])
    event = make_event("Club", group=private)
    add_member(private, member)
    services.register(event, member)
    outsider = UserFactory(first_name="Hors", last_name="Public")
    login(client, animator)

    response = client.post(url(event, "organisation/inscrire/"), {"member": member.email})
    assert response.status_code == 400 and "Déjà inscrit·e." in text(response)
    response = client.post(url(event, "organisation/inscrire/"), {"member": "Hors Public"})
    assert response.status_code == 400 and "Aucun membre du public" in text(response)
    assert not Registration.objects.filter(member=outsider).exists()


def test_removing_someone_promotes_the_first_waitlisted_and_tells_both(client, event, group, animator):
    first, second, waiting = fill(event, 3, group)
    response = login(client, animator).post(url(event, "organisation/desinscrire/"), {"member": first.pk}, follow=True)
    assert f"{first.display_name} est désinscrit·e et prévenu·e." in text(response)
    assert statuses(event) == {first.pk: Status.CANCELLED, second.pk: Status.CONFIRMED, waiting.pk: Status.CONFIRMED}
    assert Notification.objects.filter(recipient=first, kind=kinds.REMOVED).exists()
    assert Notification.objects.filter(recipient=waiting, kind=kinds.PROMOTED).exists()


def test_removing_someone_no_longer_registered_says_so(client, event, animator, member):
    response = login(client, animator).post(url(event, "organisation/desinscrire/"), {"member": member.pk}, follow=True)
    assert "Cette personne n&#x27;est plus inscrite." in text(response)
    assert client.post(url(event, "organisation/desinscrire/"), {"member": "abc"}).status_code == 404


# --- Capacity, closing, cancelling ----------------------------------------------------------------


def test_lowering_the_capacity_below_the_confirmed_count_is_refused_and_nobody_is_dropped(
    client, event, group, animator
):
    fill(event, 3, group)  # 2 confirmed, 1 waiting
    before = statuses(event)
    response = login(client, animator).post(url(event, "organisation/capacite/"), {"capacity": "1"})
    assert response.status_code == 400
    page = text(response)
    assert "2 personnes sont déjà inscrites : la capacité ne peut descendre en dessous." in page
    assert re.search(r'<input type="number" name="capacity" value="1"', page)  # what was typed
    assert 'id="capacite-capacity_error"' in page
    assert fresh(event).capacity == 2
    assert statuses(event) == before


def test_raising_the_capacity_promotes_from_the_waitlist(client, event, group, animator):
    members = fill(event, 4, group)
    response = login(client, animator).post(url(event, "organisation/capacite/"), {"capacity": "3"}, follow=True)
    page = text(response)
    assert (
        "L&#x27;événement compte maintenant 3 places. 1 personne de la liste d&#x27;attente est inscrite et prévenue."
        in page
    )
    assert fresh(event).capacity == 3
    assert [statuses(event)[m.pk] for m in members] == [Status.CONFIRMED] * 3 + [Status.WAITLISTED]
    # Blank means unlimited: everyone waiting gets a seat.
    client.post(url(event, "organisation/capacite/"), {"capacity": ""})
    assert fresh(event).capacity is None
    assert set(statuses(event).values()) == {Status.CONFIRMED}


def test_a_capacity_that_is_not_a_number_is_refused_in_french(client, event, animator):
    response = login(client, animator).post(url(event, "organisation/capacite/"), {"capacity": "beaucoup"})
    assert response.status_code == 400
    assert "Indiquez un nombre entier de places." in text(response)


def test_closing_and_reopening_registration(client, event, animator):
    login(client, animator)
    response = client.post(url(event, "organisation/fermer/"), follow=True)
    assert "Les inscriptions sont fermées." in text(response)
    assert fresh(event).registration_closed is True
    assert "Rouvrir les inscriptions" in text(response)
    client.post(url(event, "organisation/rouvrir/"))
    assert fresh(event).registration_closed is False


def test_cancelling_the_event_needs_the_confirmation_then_tells_registrants(
    client, event, group, animator, django_capture_on_commit_callbacks
):
    (registered,) = fill(event, 1, group)
    login(client, animator)
    response = client.post(url(event, "organisation/annuler-evenement/"), {})
    assert response.status_code == 400
    assert "Cochez la case pour confirmer l&#x27;annulation." in text(response)
    assert fresh(event).is_cancelled is False

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(event, "organisation/annuler-evenement/"), {"confirm": "on"}, follow=True)
    assert "L&#x27;événement est annulé" in text(response)
    assert fresh(event).is_cancelled is True
    assert Notification.objects.filter(recipient=registered, kind=kinds.CANCELLED).exists()
    # A cancelled event's page keeps the lists and the message form, not the registration controls.
    page = text(client.get(url(event)))
    assert "Événement annulé." in page and 'id="inscrire-titre"' not in page and 'id="message-titre"' in page
    assert registered.display_name in page and "Désinscrire" not in page


@pytest.mark.parametrize("ending", ["past", "cancelled"])
def test_nobody_can_be_removed_once_the_event_is_over_or_cancelled(client, event, group, animator, ending):
    confirmed, _other, waiting = fill(event, 3, group)
    login(client, animator)
    page = text(client.get(url(event)))
    assert page.count(f'action="{url(event, "organisation/desinscrire/")}"') == 3
    assert "Désinscrire<span" in page and "Retirer<span" in page

    if ending == "past":
        EventPage.objects.filter(pk=event.pk).update(
            start=timezone.now() - timedelta(days=2), end=timezone.now() - timedelta(days=1)
        )
    else:
        EventPage.objects.filter(pk=event.pk).update(is_cancelled=True)
    page = text(client.get(url(event)))
    assert confirmed.display_name in page and waiting.display_name in page  # the lists stay
    assert "organisation/desinscrire/" not in page
    assert "Désinscrire" not in page and "Retirer" not in page
    assert ">Actions<" not in page


# --- Messages -------------------------------------------------------------------------------------


def test_a_message_reaches_the_chosen_audience_only(client, event, group, animator):
    confirmed_1, confirmed_2, waiting = fill(event, 3, group)
    registration = Registration.objects.get(event=event, member=confirmed_1)
    services.set_attendance(event, animator, registration, True)
    login(client, animator)

    response = client.post(
        url(event, "organisation/message/"),
        {"audience": "waitlisted", "text": "Une place peut se libérer."},
        follow=True,
    )
    assert "Message envoyé à 1 personne." in text(response)
    assert list(Notification.objects.filter(kind=kinds.MESSAGE).values_list("recipient_id", flat=True)) == [waiting.pk]
    assert (
        Notification.objects.get(kind=kinds.MESSAGE).text
        == "« Réunion du groupe Postvention » : Une place peut se libérer."
    )

    client.post(url(event, "organisation/message/"), {"audience": "attended", "text": "Merci d'être venu·es."})
    assert set(Notification.objects.filter(kind=kinds.MESSAGE).values_list("recipient_id", flat=True)) == {
        waiting.pk,
        confirmed_1.pk,
    }
    assert not Notification.objects.filter(kind=kinds.MESSAGE, recipient=confirmed_2).exists()


def test_an_empty_message_or_an_empty_audience_is_refused_with_the_text_kept(client, event, animator):
    login(client, animator)
    response = client.post(url(event, "organisation/message/"), {"audience": "confirmed", "text": "   "})
    assert response.status_code == 400 and "Écrivez le message à envoyer." in text(response)
    response = client.post(url(event, "organisation/message/"), {"audience": "waitlisted", "text": "Bonjour à tous"})
    assert response.status_code == 400
    assert "Personne n&#x27;est concerné·e : choisissez d&#x27;autres destinataires." in text(response)
    assert "Bonjour à tous</textarea>" in text(response)
    assert not Notification.objects.filter(kind=kinds.MESSAGE).exists()


# --- Check-in -------------------------------------------------------------------------------------


def test_check_in_toggles_presence_without_javascript(client, event, group, animator):
    present, absent = fill(event, 2, group)
    registration = Registration.objects.get(event=event, member=present)
    login(client, animator)

    response = client.post(url(event, "organisation/presence/"), {"registration": registration.pk, "attended": "1"})
    assert response.status_code == 302
    assert response["Location"] == url(event, f"organisation/pointage/#inscription-{registration.pk}")
    assert Registration.objects.get(pk=registration.pk).attended is True

    page = text(client.get(url(event, "organisation/pointage/")))
    assert re.search(r"<strong data-present>1</strong> présent·es sur 2 inscrit·es", page)
    # The pressed toggle now offers to undo.
    assert re.search(r'value="0" class="checkin-toggle" aria-pressed="true"', page)
    assert absent.display_name in page

    client.post(url(event, "organisation/presence/"), {"registration": registration.pk, "attended": "0"})
    assert Registration.objects.get(pk=registration.pk).attended is False


def test_check_in_answers_json_to_the_script(client, event, group, animator):
    (person,) = fill(event, 1, group)
    registration = Registration.objects.get(event=event, member=person)
    response = login(client, animator).post(
        url(event, "organisation/presence/"),
        {"registration": registration.pk, "attended": "1"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "attended": True,
        "present": 1,
        "message": f"{person.display_name} : présent·e.",
    }


def test_check_in_refuses_waitlisted_and_other_events_registrations(client, event, group, animator):
    fill(event, 2, group)
    (waiting,) = fill(event, 1, group)
    other_event = make_event("Autre réunion", group=group)
    other = services.register(other_event, UserFactory())
    login(client, animator)
    waiting_registration = Registration.objects.get(event=event, member=waiting)
    assert (
        client.post(
            url(event, "organisation/presence/"), {"registration": waiting_registration.pk, "attended": "1"}
        ).status_code
        == 404
    )
    assert (
        client.post(url(event, "organisation/presence/"), {"registration": other.pk, "attended": "1"}).status_code
        == 404
    )
    assert (
        client.post(
            url(event, "organisation/presence/"), {"registration": waiting_registration.pk, "attended": "peut-être"}
        ).status_code
        == 404
    )
    assert not Registration.objects.filter(attended__isnull=False).exists()


def test_check_in_lists_confirmed_registrants_by_name_with_their_needs(client, event, group, animator):
    zola, abel = UserFactory(last_name="Zola"), UserFactory(last_name="Édouard")
    for person in (zola, abel):
        add_member(group, person)
    services.register(event, zola, meal_and_needs(event, needs="Interprète LSF"))
    services.register(event, abel, meal_and_needs(event))
    (waiting,) = fill(event, 1, group)
    page = text(login(client, animator).get(url(event, "organisation/pointage/")))
    assert page.index(abel.display_name) < page.index(zola.display_name)  # É sorts as E
    assert "Besoin signalé : Interprète LSF" in page
    assert waiting.display_name not in page


# --- Sign-in sheet --------------------------------------------------------------------------------


def test_sign_in_sheet_shows_the_venue_time_and_a_signature_column(client, group, animator):
    event = make_event(
        "Visite du centre de Fort-de-France",
        group=group,
        tz="America/Martinique",
        start=timezone.datetime(2000, 1, 1, 9, 0).time(),
    )
    person = UserFactory(first_name="Line", last_name="Bellay")
    add_member(group, person)
    services.register(event, person)
    page = text(login(client, animator).get(url(event, "organisation/emargement/")))
    assert "<h1>Feuille d'émargement</h1>" in page
    assert "9 h 00 – 16 h 00 en Martinique" in page
    assert "<td>Bellay</td>" in page and "<td>Line</td>" in page
    assert '<th scope="col" class="sheet-signature">Signature</th>' in page
    assert re.search(r'<link rel="stylesheet" href="[^"]*events-print[^"]*\.css" media="print">', page)
    assert page.count('class="sheet-blank"') == 5


def test_the_print_stylesheet_repeats_the_header_and_hides_the_chrome():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static/css/events-print.css").read_text()
    assert "thead { display: table-header-group; }" in css
    assert ".site-header" in css and "display: none" in css
    assert "page-break-inside: avoid" in css


# --- Costs ----------------------------------------------------------------------------------------


def _populate(event, group, count, needs_every=3):
    """``count`` registrations written in bulk (what the services would store), half waiting."""
    members = UserFactory.create_batch(count, centre=CentreFactory())
    for person in members:
        add_member(group, person)
    meal_q, needs_q = event.ordered_questions
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            member=person,
            status=Status.CONFIRMED if number < count // 2 else Status.WAITLISTED,
            answers={str(meal_q.pk): "Oui", **({str(needs_q.pk): "Fauteuil"} if number % needs_every == 0 else {})},
            queued_at=now + timedelta(seconds=number),
            attended=True if number % 2 == 0 and number < count // 2 else None,
        )
        for number, person in enumerate(members)
    )


@pytest.mark.parametrize("suffix", GET_PAGES)
def test_organiser_pages_cost_the_same_for_2_or_20_registrations(client, group, animator, measure, suffix):
    questions = [
        {"label": "Repas", "type": "choice", "choices": "Oui\nNon"},
        {"label": "Accessibilité", "type": "text", "accessibility": True},
    ]
    small, big = [
        make_event(title, group=group, capacity=100, questions=questions)
        for title in ("Petite réunion", "Grande réunion")
    ]
    _populate(small, group, 2)
    _populate(big, group, 20)
    login(client, animator)
    client.get(url(small, suffix))  # Wagtail caches the site's root paths on the first request
    counts = []
    for event in (small, big):
        count, writes = measure(client, url(event, suffix), MAX_QUERIES)
        assert not writes, "a GET writes nothing"
        counts.append(count)
    assert counts[0] == counts[1], counts
    print(f"{suffix}: {counts[1]} queries")

"""Event pages as members see them: the list, the month view, an event's page, registering and cancelling,
how they answer bad input, and what they cost in queries."""

import html
import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.utils import timezone

from community.groups.services import add_member
from community.models import User
from events import services
from events.models import Registration
from tests.community.factories import CentreFactory, UserFactory
from tests.events.factories import event_index, login, make_event

pytestmark = pytest.mark.django_db

Status = Registration.Status
# The page's own queries: session, member, their centre's zone, Wagtail's site and page lookups, the
# audience check, then the view's (seats, own registration, questions, centre, membership), the unread
# count and the userbar's permission checks that every Wagtail page makes.
LIST_QUERIES = 15
MONTH_QUERIES = 14
DETAIL_QUERIES = 21


def text_of(response) -> str:
    """The page's text, tags removed and entities decoded, spaces collapsed."""
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.DOTALL)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content)))


def main_text(response) -> str:
    content = response.content.decode()
    main = content[content.index('<main id="contenu"') : content.index("</main>")]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", main)))


def section(response, start: str, end: str) -> str:
    """The text of the page between two markers of its HTML (the event list, the month's table)."""
    content = response.content.decode()
    part = content[content.index(start) :]
    part = part[: part.index(end)]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", part)))


def listed(response) -> str:
    return section(response, '<ul class="event-list', "</ul>\n")


def in_table(response) -> str:
    return section(response, '<table class="month">', "</table>")


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def fill(event, confirmed: int = 0, waitlisted: int = 0, answers=None) -> list:
    """Registrations as the services store them, written in a few INSERTs."""
    members = User.objects.bulk_create(
        UserFactory.build(centre=None, email=f"x{event.pk}-{n}@reseau3114.test", handle=f"membre-{event.pk}-{n}")
        for n in range(confirmed + waitlisted)
    )
    now = timezone.now()
    Registration.objects.bulk_create(
        Registration(
            event=event,
            member=member,
            status=Status.CONFIRMED if n < confirmed else Status.WAITLISTED,
            answers=answers or {},
            # Earlier than anyone registering after them.
            queued_at=now - timedelta(seconds=confirmed + waitlisted - n),
            confirmed_at=now if n < confirmed else None,
        )
        for n, member in enumerate(members)
    )
    return members


def in_days(days: int) -> date:
    return (timezone.now() + timedelta(days=days)).date()


LIST_URL = "/evenements/"


# --- The list ------------------------------------------------------------------------------------------


def test_list_shows_upcoming_events_with_places_and_own_state(member, member_client, group):
    event_index()
    full = make_event("Temps fort régional", kind="temps_fort", capacity=2, day=in_days(5))
    fill(full, confirmed=2, waitlisted=3)
    services.register(full, member)  # fourth on the waitlist
    open_ = make_event("Réunion du groupe", kind="groupe", group=group, capacity=50, day=in_days(6))
    fill(open_, confirmed=18)
    services.register(open_, member)
    unlimited = make_event(
        "Webinaire prévention", kind="webinaire", day=in_days(7), video_url="https://visio.test/a", address=""
    )
    fill(unlimited, confirmed=12)
    make_event("Visite passée", kind="visite", day=in_days(-10))

    response = member_client.get(LIST_URL)
    assert response.status_code == 200
    text = main_text(response)
    assert text.index("Temps fort régional") < text.index("Réunion du groupe") < text.index("Webinaire prévention")
    assert "Visite passée" not in text
    assert "2 / 2" in text and "Complet" in text and "4 en liste d'attente" in text
    assert "Liste d'attente, n° 4" in text
    assert "19 / 50" in text and "19 places prises sur 50" in text and "Inscrit·e" in text
    assert "12 inscrit·es" in text
    assert "Groupe Postvention" in text and "Tout le réseau" in text
    assert "12 rue de la Paix, Paris" in text and "à distance" in text
    assert "14 h 00 – 16 h 00 à Paris" in text
    assert "pour vous" not in text  # the member works in Paris too
    assert "Temps fort" in text and "Webinaire" in text
    assert "/evenements/mon-agenda/" in response.content.decode()
    assert "/evenements/mois/" in response.content.decode()


def test_list_shows_both_times_to_a_member_in_martinique(client):
    martinique = UserFactory(centre=CentreFactory(name="Centre Martinique", timezone="America/Martinique"))
    make_event("Club des cadres", day=date(2030, 12, 10))
    response = login(martinique).get(LIST_URL)
    text = main_text(response)
    assert "14 h 00 – 16 h 00 à Paris" in text
    # Winter: Paris is UTC+1, Martinique UTC-4.
    assert "9 h 00 – 11 h 00 pour vous, Martinique" in text


def test_list_hides_private_group_events_from_outsiders(member_client, private_group):
    make_event("Séance du club", group=private_group)
    make_event("Temps fort ouvert")
    response = member_client.get(LIST_URL)
    assert "Temps fort ouvert" in listed(response)
    assert "Séance du club" not in main_text(response)
    assert "Cercle privé" not in response.content.decode()  # not even among the filter's groups


def test_list_filters_by_kind_group_and_period(member_client, group, private_group):
    make_event("Formation écoute", kind="formation")
    make_event("Réunion postvention", kind="groupe", group=group)
    make_event("Club secret", kind="club", group=private_group)
    make_event("Formation passée", kind="formation", day=in_days(-3))

    text = listed(member_client.get(LIST_URL, {"type": "formation"}))
    assert "Formation écoute" in text and "Réunion postvention" not in text and "Formation passée" not in text

    text = listed(member_client.get(LIST_URL, {"groupe": group.pk}))
    assert "Réunion postvention" in text and "Formation écoute" not in text

    text = listed(member_client.get(LIST_URL, {"groupe": "reseau"}))
    assert "Formation écoute" in text and "Réunion postvention" not in text

    response = member_client.get(LIST_URL, {"periode": "passes"})
    assert "Formation passée" in listed(response) and "Formation écoute" not in listed(response)
    assert "<h1>Événements passés</h1>" in response.content.decode()

    # A group the member cannot read is not among the choices: the filter is ignored, nothing leaks.
    text = listed(member_client.get(LIST_URL, {"groupe": private_group.pk, "type": "formation"}))
    assert "Club secret" not in text and "Formation écoute" in text


def test_list_filter_form_is_labelled_and_keeps_its_values(member_client, group):
    make_event("Réunion postvention", kind="groupe", group=group)
    content = member_client.get(LIST_URL, {"type": "groupe", "groupe": group.pk}).content.decode()
    for name, label in (("type", "Type"), ("groupe", "Public"), ("periode", "Période")):
        assert f'<label for="id_{name}">{label}</label>' in content
    assert '<option value="groupe" selected>' in content
    assert f'<option value="{group.pk}" selected>' in content
    # The month view keeps the filters, without the period.
    assert f"/evenements/mois/{date.today():%Y/%m}/?type=groupe&amp;groupe={group.pk}" in content


def test_list_is_paginated_with_the_filters_kept(member_client):
    for n in range(22):
        make_event(f"Formation {n:02d}", kind="formation", day=in_days(2 + n))
    first = main_text(member_client.get(LIST_URL, {"type": "formation"}))
    assert "22 événements" in first and "Formation 19" in first and "Formation 20" not in first
    assert "?type=formation&amp;page=2" in member_client.get(LIST_URL, {"type": "formation"}).content.decode()
    second = main_text(member_client.get(LIST_URL, {"type": "formation", "page": 2}))
    assert "Formation 20" in second and "Formation 21" in second and "Formation 00" not in second


def test_list_marks_cancelled_events(member_client):
    make_event("Visite annulée", is_cancelled=True)
    assert "Annulé" in listed(member_client.get(LIST_URL))


# --- The month view ------------------------------------------------------------------------------------


def month_url(year, month) -> str:
    return f"/evenements/mois/{year:04d}/{month:02d}/"


def test_month_view_is_a_table_of_the_members_days(member_client):
    make_event("Club de décembre", day=date(2030, 12, 8))
    make_event("Autre mois", day=date(2031, 1, 20))
    response = member_client.get(month_url(2030, 12))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<caption>décembre 2030</caption>" in content
    assert content.count('<th scope="col">') == 7
    assert '<span class="weekday-long">lundi</span>' in content
    cell = content[content.index('datetime="2030-12-08"') :]
    cell = cell[: cell.index("</td>")]
    assert "Club de décembre" in cell and "14 h 00" in cell
    assert "Autre mois" not in content
    assert f'href="{month_url(2030, 11)}"' in content and "novembre 2030" in content
    assert f'href="{month_url(2031, 1)}"' in content and "janvier 2031" in content
    # A count present at load is plain text, not a status message announced on arrival.
    assert "<p>1 événement ce mois-ci <span" in content


def test_list_count_is_plain_text(member_client):
    make_event("Club de décembre", day=in_days(5))
    make_event("Club de janvier", day=in_days(6))
    content = member_client.get("/evenements/").content.decode()
    assert "<p>2 événements</p>" in content
    assert 'role="status">2 événements' not in content


def test_month_view_places_events_on_the_members_own_day(client):
    """22 h in Paris is already the next day, 1 h, at La Réunion (UTC+4 against Paris's UTC+1 in winter)."""
    reunion = UserFactory(centre=CentreFactory(name="Centre Réunion", timezone="Indian/Reunion"))
    make_event("Webinaire du soir", day=date(2030, 12, 8), start=time(22, 0), end=time(23, 0))
    content = login(reunion).get(month_url(2030, 12)).content.decode()
    cell = content[content.index('datetime="2030-12-09"') :]
    cell = cell[: cell.index("</td>")]
    assert "Webinaire du soir" in cell and "1 h 00" in cell
    before = content[content.index('datetime="2030-12-08"') :]
    assert "Webinaire du soir" not in before[: before.index("</td>")]


def test_month_view_shows_an_event_on_each_day_it_covers(member_client):
    event = make_event("Séminaire", day=date(2030, 6, 10), start=time(9, 0), end=time(17, 0))
    event.end_date = date(2030, 6, 12)
    event.save_revision().publish()
    content = member_client.get(month_url(2030, 6)).content.decode()
    for day, label in (("10", "9 h 00"), ("11", "suite"), ("12", "suite")):
        cell = content[content.index(f'datetime="2030-06-{day}"') :]
        cell = cell[: cell.index("</td>")]
        assert "Séminaire" in cell and label in cell
    cell = content[content.index('datetime="2030-06-13"') :]
    assert "Séminaire" not in cell[: cell.index("</td>")]


def test_month_view_marks_today_and_defaults_to_the_current_month(member_client):
    event_index()
    today = timezone.localdate()
    response = member_client.get("/evenements/mois/")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'aria-current="date"' in content and "aujourd’hui" in content
    assert f'datetime="{today:%Y-%m-%d}"' in content
    assert content.count('aria-current="date"') == 1


def test_month_view_keeps_filters_and_hides_what_the_member_cannot_see(member_client, group, private_group):
    make_event("Réunion postvention", kind="groupe", group=group, day=date(2030, 3, 4))
    make_event("Formation", kind="formation", day=date(2030, 3, 5))
    make_event("Club secret", group=private_group, day=date(2030, 3, 6))
    response = member_client.get(month_url(2030, 3), {"type": "groupe"})
    text = in_table(response)
    assert "Réunion postvention" in text and "Formation" not in text
    assert "Club secret" not in main_text(member_client.get(month_url(2030, 3)))
    assert f"{month_url(2030, 4)}?type=groupe" in response.content.decode()


@pytest.mark.parametrize("path", ["2030/13/", "2030/00/", "2030/0/", "1200/05/", "2030/5/x/"])
def test_month_view_answers_404_to_a_month_that_does_not_exist(member_client, path):
    event_index()
    assert member_client.get(f"/evenements/mois/{path}").status_code == 404


def test_month_view_across_the_paris_clock_change(client):
    """Paris goes from UTC+1 to UTC+2 at 2 h on Sunday 31 March 2030: 14 h Paris is 9 h, then 8 h in Martinique."""
    martinique = UserFactory(centre=CentreFactory(name="Centre Martinique", timezone="America/Martinique"))
    make_event("Avant le changement", day=date(2030, 3, 30))
    make_event("Après le changement", day=date(2030, 3, 31))
    content = login(martinique).get(month_url(2030, 3)).content.decode()
    before = content[content.index('datetime="2030-03-30"') :]
    assert "Avant le changement" in before[: before.index("</td>")] and "9 h 00" in before[: before.index("</td>")]
    after = content[content.index('datetime="2030-03-31"') :]
    assert "Après le changement" in after[: after.index("</td>")] and "8 h 00" in after[: after.index("</td>")]


# --- The event page ------------------------------------------------------------------------------------


def test_event_page_shows_what_a_member_needs(client, group):
    martinique = UserFactory(centre=CentreFactory(name="Centre Martinique", timezone="America/Martinique"))
    add_member(group, martinique)
    centre = CentreFactory(name="Centre de Lyon")
    event = make_event(
        "Réunion du groupe",
        kind="groupe",
        group=group,
        day=date(2030, 12, 10),
        capacity=50,
        centre=centre,
        address="5 place Bellecour, Lyon",
        description="<p>Ordre du jour : <b>postvention</b>.</p>",
        intro="Une journée de travail.",
    )
    fill(event, confirmed=19, waitlisted=0)
    response = login(martinique).get(event.url)
    assert response.status_code == 200
    text = main_text(response)
    content = response.content.decode()
    assert "mardi 10 décembre 2030, 14 h 00 – 16 h 00 à Paris" in text
    assert "9 h 00 – 11 h 00 pour vous, Martinique" in text
    assert "Réunion de groupe de travail" in text and "Groupe Postvention" in text
    assert "Centre de Lyon" in text and "5 place Bellecour" in text
    assert "<b>postvention</b>" in content and "Une journée de travail." in text
    assert "19 / 50" in text
    assert 'aria-live="polite" data-seats-announce' in content
    assert f'data-seats-url="{event.url}places/"' in content and "js/event_seats.js" in content
    assert f'href="{event.url}agenda/"' in content and "Ajouter à mon agenda" in text
    assert "S’inscrire" in text
    assert "Organisation" not in text


def test_a_private_groups_event_is_404_to_outsiders(member_client, private_group, animator):
    event = make_event("Séance du club", group=private_group)
    assert member_client.get(event.url).status_code == 404
    assert member_client.post(event.url + "inscription/").status_code == 404
    assert member_client.get(event.url + "places/").status_code == 404
    assert not Registration.objects.exists()
    assert login(animator).get(event.url).status_code == 200


def test_organisers_see_the_organisation_link(group, animator, coordinator, member):
    event = make_event("Réunion", group=group)
    for user in (animator, coordinator):
        content = login(user).get(event.url).content.decode()
        assert f'href="{event.url}organisation/"' in content, user
    assert "organisation/" not in login(member).get(event.url).content.decode()


def test_video_link_only_for_confirmed_registrants(member, member_client):
    event = make_event("Webinaire", kind="webinaire", video_url="https://visio.test/salle-3114", capacity=1)
    text = main_text(member_client.get(event.url))
    assert "visio.test" not in text and "le lien est donné aux inscrit·es" in text
    waiting = UserFactory()
    services.register(event, member)
    services.register(event, waiting)
    assert "https://visio.test/salle-3114" in main_text(member_client.get(event.url))
    assert "visio.test" not in main_text(login(waiting).get(event.url))


def test_waitlisted_member_sees_their_position_and_can_leave(member, member_client):
    event = make_event("Temps fort", capacity=1)
    fill(event, confirmed=1, waitlisted=2)
    services.register(event, member)
    text = main_text(member_client.get(event.url))
    assert "Vous êtes n° 3 sur la liste d'attente." in text
    assert "Quitter la liste d'attente" in text and "Se désinscrire" not in text


def test_cancelled_event_shows_a_banner_and_no_form(member_client):
    event = make_event("Visite", is_cancelled=True)
    text = main_text(member_client.get(event.url))
    assert "Cet événement est annulé." in text
    assert "S’inscrire" not in text


def test_registration_window_messages(member_client):
    opens = timezone.now() + timedelta(days=2)
    later = make_event("Formation", registration_opens=opens)
    text = main_text(member_client.get(later.url))
    assert "Les inscriptions ouvriront le" in text and "S’inscrire" not in text
    closed = make_event("Club", slug="club-ferme", registration_closed=True)
    assert "L'organisation a fermé les inscriptions." in main_text(member_client.get(closed.url))
    past = make_event("Passé", day=in_days(-2))
    assert "Cet événement est terminé." in main_text(member_client.get(past.url))


def test_preview_renders_without_registration_actions(coordinator):
    event = make_event(
        "Brouillon", publish=False, questions=[{"label": "Repas", "type": "choice", "choices": "Oui\nNon"}]
    )
    request = RequestFactory().get(event.url)
    request.user = coordinator
    request.is_preview = True
    response = event.serve_preview(request, "")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Aperçu" in content and "Brouillon" in content
    assert "Repas" in content and "disabled" in content
    assert (
        "inscription/" not in content
        and "desinscription/" not in content
        and 'type="submit" class="button"' not in content
    )
    assert not Registration.objects.exists()


# --- Registering ---------------------------------------------------------------------------------------

QUESTIONS = [
    {"label": "Présence", "type": "choice", "choices": "Présentiel\nÀ distance", "required": True},
    {"label": "Repas", "type": "multiple", "choices": "Déjeuner\nDîner"},
    {"label": "Accessibilité", "type": "text", "accessibility": True},
    {"label": "Votre fonction", "type": "text", "required": True},
]


def field_names(event) -> dict[str, str]:
    return {q.label: f"question_{q.pk}" for q in event.ordered_questions}


def test_registration_form_renders_each_kind_of_question(member_client):
    event = make_event("Temps fort", questions=QUESTIONS)
    names = field_names(event)
    content = member_client.get(event.url).content.decode()
    assert '<legend>Présence <span class="required">(obligatoire)</span></legend>' in content
    assert f'type="radio" name="{names["Présence"]}" value="Présentiel" required' in content
    assert (
        "<legend>Repas</legend>" in content and f'type="checkbox" name="{names["Repas"]}" value="Déjeuner"' in content
    )
    assert f'<textarea name="{names["Accessibilité"]}"' in content
    assert "signalée à l&#x27;organisation" in content and "question-accessibility" in content
    assert f'<input type="text" name="{names["Votre fonction"]}"' in content
    assert "novalidate" in content


def test_registering_confirms_and_redirects_with_a_message(member, member_client):
    event = make_event("Temps fort", capacity=10, questions=QUESTIONS)
    names = field_names(event)
    data = {names["Présence"]: "À distance", names["Repas"]: ["Déjeuner", "Dîner"], names["Votre fonction"]: "Cadre"}
    response = member_client.post(event.url + "inscription/", data)
    assert response.status_code == 302 and response["Location"] == event.url
    assert flash(response) == ["Vous êtes inscrit·e. Un rappel vous sera envoyé la veille."]
    registration = Registration.objects.get(event=event, member=member)
    assert registration.status == Status.CONFIRMED
    assert registration.answers == {
        str(event.ordered_questions[0].pk): "À distance",
        str(event.ordered_questions[1].pk): ["Déjeuner", "Dîner"],
        str(event.ordered_questions[3].pk): "Cadre",
    }
    text = main_text(member_client.get(event.url))
    assert "Vous êtes inscrit·e." in text and "1 / 10" in text
    assert "Vos réponses" in text and "Déjeuner, Dîner" in text
    assert "Se désinscrire" in text


def test_registering_when_full_joins_the_waitlist(member, member_client):
    event = make_event("Temps fort", capacity=1)
    fill(event, confirmed=1, waitlisted=1)
    response = member_client.post(event.url + "inscription/")
    assert flash(response) == [
        "L'événement est complet : vous êtes n° 2 sur la liste d'attente. Vous serez prévenu·e si une place se libère."
    ]
    assert Registration.objects.get(member=member).status == Status.WAITLISTED


def test_missing_answers_keep_what_was_typed_with_french_messages(member_client):
    event = make_event("Temps fort", questions=QUESTIONS)
    names = field_names(event)
    data = {names["Repas"]: ["Dîner"], names["Accessibilité"]: "Boucle magnétique <svp>"}
    response = member_client.post(event.url + "inscription/", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "L'inscription n'a pas été enregistrée :" in content
    assert f'<a href="#id_{names["Présence"]}_0">Présence</a> — Cette réponse est obligatoire.' in content
    assert f'<a href="#id_{names["Votre fonction"]}">Votre fonction</a> — Cette réponse est obligatoire.' in content
    assert f'id="id_{names["Présence"]}_error"' in content
    assert f'aria-describedby="id_{names["Votre fonction"]}_error"' in content
    # What was typed or ticked is still there.
    assert ">\nBoucle magnétique &lt;svp&gt;</textarea>" in content
    assert re.search(r'value="Dîner"[^>]*checked|checked[^>]*value="Dîner"', content)
    assert not Registration.objects.exists()


def test_an_answer_outside_the_choices_is_refused_beside_its_field(member_client):
    event = make_event("Temps fort", questions=QUESTIONS[:1])
    name = field_names(event)["Présence"]
    response = member_client.post(event.url + "inscription/", {name: "En rêve"})
    assert response.status_code == 400
    assert "Choisissez parmi les réponses proposées." in main_text(response)
    assert not Registration.objects.exists()


def test_registering_twice_gets_a_message(member, member_client):
    event = make_event("Temps fort")
    services.register(event, member)
    response = member_client.post(event.url + "inscription/")
    assert response.status_code == 400
    assert "Vous êtes déjà inscrit·e." in main_text(response)
    assert Registration.objects.filter(member=member).count() == 1


def test_registering_after_the_deadline_gets_a_message_and_keeps_answers(member_client):
    event = make_event(
        "Formation",
        questions=[{"label": "Fonction", "type": "text"}],
        registration_closes=timezone.now() - timedelta(hours=1),
    )
    name = field_names(event)["Fonction"]
    response = member_client.post(event.url + "inscription/", {name: "Écoutante"})
    assert response.status_code == 400
    text = main_text(response)
    assert text.count("Les inscriptions sont closes depuis le") == 1
    assert 'value="Écoutante"' in response.content.decode()
    assert "S’inscrire" not in text
    assert not Registration.objects.exists()


def test_register_by_get_goes_back_to_the_event(member_client):
    event = make_event("Temps fort")
    response = member_client.get(event.url + "inscription/")
    assert response.status_code == 302 and response["Location"] == event.url


# --- Cancelling ----------------------------------------------------------------------------------------


def test_cancelling_promotes_the_first_waitlisted_member(member, member_client):
    event = make_event("Temps fort", capacity=1)
    services.register(event, member)
    first, second = UserFactory(), UserFactory()
    services.register(event, first)
    services.register(event, second)
    response = member_client.post(event.url + "desinscription/")
    assert response.status_code == 302 and response["Location"] == event.url
    assert flash(response) == ["Votre inscription est annulée. Votre place est proposée à la liste d'attente."]
    assert Registration.objects.get(member=member).status == Status.CANCELLED
    assert Registration.objects.get(member=first).status == Status.CONFIRMED
    assert "Vous êtes n° 1 sur la liste d'attente." in main_text(login(second).get(event.url))
    assert "Vous êtes inscrit·e." in main_text(login(first).get(event.url))


def test_leaving_the_waitlist(member, member_client):
    event = make_event("Temps fort", capacity=1)
    fill(event, confirmed=1)
    services.register(event, member)
    response = member_client.post(event.url + "desinscription/")
    assert flash(response) == ["Vous avez quitté la liste d'attente."]
    assert Registration.objects.get(member=member).status == Status.CANCELLED


def test_cancelling_without_a_registration_gets_a_message(member_client):
    event = make_event("Temps fort")
    response = member_client.post(event.url + "desinscription/")
    assert response.status_code == 400
    assert "Aucune inscription à annuler." in main_text(response)


# --- Seats for the live refresh ----------------------------------------------------------------------


def test_seats_json_gives_counts_and_own_state(member, member_client):
    event = make_event("Temps fort", capacity=2)
    fill(event, confirmed=2, waitlisted=1)
    services.register(event, member)
    response = member_client.get(event.url + "places/")
    assert response.json() == {
        "confirmed": 2,
        "waitlist": 2,
        "capacity": 2,
        "status": "waitlisted",
        "position": 2,
        "open": True,
        "message": "",
    }
    assert member_client.post(event.url + "places/").status_code == 405
    other = UserFactory()
    assert login(other).get(event.url + "places/").json()["status"] is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_closed": True}, "L'organisation a fermé les inscriptions."),
        ({"is_cancelled": True}, "Cet événement est annulé."),
    ],
)
def test_seats_json_says_when_registration_is_not_open_and_why(member_client, fields, message):
    event = make_event("Temps fort", capacity=2, **fields)
    seats = member_client.get(event.url + "places/").json()
    assert (seats["open"], seats["message"]) == (False, message)


def test_event_page_tells_the_script_whether_registration_is_open(member_client):
    content = member_client.get(make_event("Ouvert").url).content.decode()
    assert 'data-open="true"' in content and "data-registration-form" in content
    assert (
        '<div data-my-state aria-live="polite"></div>' in content and "<div data-registration-notice></div>" in content
    )
    content = member_client.get(make_event("Fermé", registration_closed=True).url).content.decode()
    assert 'data-open="false"' in content
    assert '<p class="message" data-window-message>L&#x27;organisation a fermé les inscriptions.</p>' in content


# --- Cost ----------------------------------------------------------------------------------------------


def _events(count, group, *, day=None, questions=(), prefix="Événement"):
    events = []
    for n in range(count):
        event = make_event(
            f"{prefix} {n:02d}",
            group=group if n % 2 else None,
            capacity=30 if n % 3 else None,
            day=day or in_days(3 + n),
            centre=CentreFactory(name=f"Centre {n}") if n % 4 == 0 else None,
            questions=questions,
        )
        events.append(event)
    return events


def test_list_and_month_queries_do_not_grow_with_events(member, member_client, group, measure):
    small = _events(2, group, day=date(2030, 5, 14))
    for event in small:
        fill(event, confirmed=3, waitlisted=1)
    services.register(small[0], member)
    small_list, writes = measure(member_client, LIST_URL, LIST_QUERIES)
    assert writes == []
    small_month, _writes = measure(member_client, month_url(2030, 5), MONTH_QUERIES)

    large = _events(20, group, day=date(2030, 5, 20), prefix="Autre")
    for event in large:
        fill(event, confirmed=5, waitlisted=3)
        services.register(event, member)
    large_list, writes = measure(member_client, LIST_URL, LIST_QUERIES)
    assert writes == []
    assert large_list == small_list
    large_month, writes = measure(member_client, month_url(2030, 5), MONTH_QUERIES)
    assert writes == []
    assert large_month == small_month
    filtered, _writes = measure(member_client, f"{LIST_URL}?type=club&groupe={group.pk}&periode=a-venir", LIST_QUERIES)
    assert filtered == small_list
    print(f"\nqueries: list {large_list}, month {large_month}")


def test_event_page_queries_do_not_grow_with_registrations_or_questions(member, group, measure):
    few = make_event("Petit", group=group, capacity=10, questions=QUESTIONS[1:3], centre=CentreFactory(name="Centre A"))
    fill(few, confirmed=2, waitlisted=0)
    many = make_event(
        "Grand",
        group=group,
        capacity=20,
        centre=CentreFactory(name="Centre B"),
        questions=[{"label": f"Question {n}", "type": "text"} for n in range(20)],
    )
    fill(many, confirmed=20, waitlisted=20)
    client = login(member)
    small, writes = measure(client, few.url, DETAIL_QUERIES)
    assert writes == []
    large, writes = measure(client, many.url, DETAIL_QUERIES)
    assert writes == [] and large == small
    # Registered (confirmed or waiting): one more query, for the answers, whatever the waitlist's length.
    services.register(few, member)
    services.register(many, member)
    small_registered, _writes = measure(client, few.url, DETAIL_QUERIES)
    large_waiting, _writes = measure(client, many.url, DETAIL_QUERIES)
    assert large_waiting == small_registered == small + 1
    seats_small, _writes = measure(client, few.url + "places/", DETAIL_QUERIES)
    seats_large, _writes = measure(client, many.url + "places/", DETAIL_QUERIES)
    assert seats_large == seats_small
    print(
        f"\nqueries: event page {large} (registered {small_registered}, waitlisted {large_waiting}), places/ {seats_large}"
    )


def test_paris_vs_martinique_not_confused_by_server_zone(client):
    """The server's zone is Paris; a Réunion member's page is rendered in Réunion's time, request by request."""
    reunion = UserFactory(centre=CentreFactory(name="Centre Réunion", timezone="Indian/Reunion"))
    event = make_event("Webinaire", tz="Indian/Reunion", day=date(2030, 7, 2), start=time(9, 0), end=time(10, 0))
    text = main_text(login(reunion).get(event.url))
    assert "mardi 2 juillet 2030, 9 h 00 – 10 h 00 à La Réunion" in text and "pour vous" not in text
    paris = UserFactory(centre=CentreFactory(name="Centre Paris"))
    text = main_text(login(paris).get(event.url))
    # Réunion is UTC+4, Paris UTC+2 in summer.
    assert "7 h 00 – 8 h 00 pour vous, Paris" in text
    assert datetime(2030, 7, 2, 9, tzinfo=ZoneInfo("Indian/Reunion")) == event.start

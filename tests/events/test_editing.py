"""Animateurs create and edit their group's events from the site: who may, what is saved (through
Wagtail revisions), questions as a formset, the out-of-hours warning, and bad input kept and explained.

Forms are sent as a browser would: the page's own fields, read from the HTML, then changed.
"""

from datetime import date, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from wagtail.models import Revision

from community.groups.services import add_member
from events import editing
from events.models import EventPage, EventQuestion, Registration
from tests.community.factories import CentreFactory, UserFactory, make_group
from tests.events.factories import event_index, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_channels")]

DAY = date.today() + timedelta(days=30)
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def group(group):
    """The shared group, and the events' index that the site's forms add events under."""
    event_index()
    return group


class FormReader(HTMLParser):
    """The fields of the page's ``event-form`` as a browser would send them (checked boxes only)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self.inside = False
        self.template = 0
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "event-form" in (attrs.get("class") or ""):
            self.inside = True
        if not self.inside:
            return
        if tag == "template":
            self.template += 1
        if self.template:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif kind != "submit":
                self.data[name] = attrs.get("value") or ""
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "template":
            self.template -= 1
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.inside and not self.template:
            # Django starts a textarea's content with a newline that browsers drop.
            self.data[self.textarea] += data.removeprefix("\n") if not self.data[self.textarea] else data


def form_of(response) -> dict:
    assert response.status_code in (200, 400), response.status_code
    reader = FormReader()
    reader.feed(response.content.decode())
    return reader.data


def text(response) -> str:
    return response.content.decode()


def new_event_data(client, group, **changes) -> dict:
    data = form_of(client.get(f"/evenements/nouveau/{group.slug}/"))
    data.update(
        {
            "title": "Réunion de décembre du groupe",
            "kind": "groupe",
            "intro": "Point d'étape du groupe.",
            "description_text": "Ordre du jour :\n1. Bilan <script>alert(1)</script>\n\nDeuxième paragraphe & fin.",
            "timezone": "Europe/Paris",
            "start_date": DAY.isoformat(),
            "start_time": "14:00",
            "end_date": DAY.isoformat(),
            "end_time": "16:00",
            "address": "12 rue de la Paix, Paris",
            "capacity": "30",
        }
    )
    data.update(changes)
    return data


def add_question(data, index, **fields):
    prefix = f"questions-{index}-"
    for name, value in fields.items():
        if value is True:
            data[prefix + name] = "on"
        elif value is not False:
            data[prefix + name] = value
    return data


# --- Who may ----------------------------------------------------------------------------------------


def test_only_the_groups_animators_and_coordinators_get_the_forms(client, group, animator, member, coordinator):
    event = make_event("Réunion", group=group)
    other_animator = UserFactory()
    make_group("Autre groupe", animators=[other_animator])
    for user, expected in ((animator, 200), (coordinator, 200), (member, 404), (other_animator, 404)):
        client.force_login(user)
        assert client.get(f"/evenements/nouveau/{group.slug}/").status_code == expected, user
        assert client.get(f"/evenements/{event.pk}/modifier/").status_code == expected, user
    client.force_login(animator)
    assert client.get("/evenements/nouveau/groupe-inconnu/").status_code == 404
    network_event = make_event("Temps fort national")
    assert client.get(f"/evenements/{network_event.pk}/modifier/").status_code == 404


def test_a_forged_creation_by_a_member_creates_nothing(client, group, animator, member):
    client.force_login(animator)
    data = new_event_data(client, group)
    client.force_login(member)
    assert client.post(f"/evenements/nouveau/{group.slug}/", data).status_code == 404
    assert not EventPage.objects.filter(title="Réunion de décembre du groupe").exists()


def test_an_animator_of_an_inactive_membership_gets_404(client, group, animator):
    group.memberships.filter(member=animator).update(status="left")
    client.force_login(animator)
    assert client.get(f"/evenements/nouveau/{group.slug}/").status_code == 404


# --- Creating ---------------------------------------------------------------------------------------


def test_an_animator_creates_and_publishes_an_event_with_questions(client, group, animator):
    client.force_login(animator)
    data = new_event_data(client, group)
    add_question(
        data, 0, label="Présentiel ou à distance ?", type="choice", choices="Présentiel\nÀ distance", required=True
    )
    add_question(data, 1, label="Besoins d'accessibilité", type="text", accessibility=True)

    response = client.post(f"/evenements/nouveau/{group.slug}/", data)

    event = EventPage.objects.get(title="Réunion de décembre du groupe")
    assert response.status_code == 302 and response["Location"] == event.url
    assert event.live and event.group == group and event.owner == animator
    assert event.slug == "reunion-de-decembre-du-groupe"
    assert event.start == timezone.datetime(DAY.year, DAY.month, DAY.day, 14, 0, tzinfo=PARIS)
    assert event.capacity == 30
    # Plain text kept as escaped paragraphs.
    assert event.description == (
        "<p>Ordre du jour :<br>1. Bilan &lt;script&gt;alert(1)&lt;/script&gt;</p>\n\n<p>Deuxième paragraphe &amp; fin.</p>"
    )
    questions = list(event.questions.order_by("sort_order").values_list("label", "type", "required", "accessibility"))
    assert questions == [
        ("Présentiel ou à distance ?", "choice", True, False),
        ("Besoins d'accessibilité", "text", False, True),
    ]
    # Saved as a Wagtail revision, by the animateur, published.
    revision = Revision.objects.get(object_id=str(event.pk))
    assert revision.user == animator and event.live_revision_id == revision.pk
    assert not event.has_unpublished_changes


def test_slugs_are_unique_among_events_and_avoid_reserved_paths(client, group, animator):
    make_event("Agenda", group=group, slug="agenda-2")
    client.force_login(animator)
    for _ in range(2):
        client.post(f"/evenements/nouveau/{group.slug}/", new_event_data(client, group, title="Agenda"))
    slugs = set(EventPage.objects.filter(title="Agenda").values_list("slug", flat=True))
    assert slugs == {"agenda-2", "agenda-3", "agenda-4"}
    assert editing.free_slug(event_index(), "!!!") == "evenement"


def test_a_new_event_defaults_to_the_organisers_own_zone(client, group):
    martinique = UserFactory(centre=CentreFactory(name="CRP Martinique", timezone="America/Martinique"))
    add_member(group, martinique, role="animateur")
    client.force_login(martinique)
    data = form_of(client.get(f"/evenements/nouveau/{group.slug}/"))
    assert data["timezone"] == "America/Martinique"


def test_end_before_start_is_refused_on_the_end_field_and_keeps_what_was_typed(client, group, animator):
    client.force_login(animator)
    data = new_event_data(client, group, end_time="13:00", title="Réunion à l'envers")
    add_question(data, 0, label="Repas ?", type="text")
    response = client.post(f"/evenements/nouveau/{group.slug}/", data)
    assert response.status_code == 400
    page = text(response)
    assert '<div class="errorlist" id="id_end_time_error"><p>La fin doit suivre le début.</p></div>' in page
    kept = form_of(response)
    assert kept["title"] == "Réunion à l'envers" and kept["end_time"] == "13:00"
    assert kept["questions-0-label"] == "Repas ?"
    assert kept["description_text"] == data["description_text"]
    assert not EventPage.objects.filter(title="Réunion à l'envers").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Donnez un titre à l&#x27;événement."),
        (
            {"address": "", "centre": "", "video_url": ""},
            "address",
            "Indiquez une adresse, un centre d&#x27;accueil ou un lien de visioconférence.",
        ),
        (
            {"registration_opens": f"{DAY.isoformat()}T10:00", "registration_closes": f"{DAY.isoformat()}T09:00"},
            "registration_closes",
            "La clôture des inscriptions doit suivre leur ouverture.",
        ),
        ({"capacity": "-3"}, "capacity", ""),
    ],
)
def test_bad_input_is_explained_beside_the_field(client, group, animator, changes, field, message):
    client.force_login(animator)
    response = client.post(f"/evenements/nouveau/{group.slug}/", new_event_data(client, group, **changes))
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in text(response)
    assert message in text(response)


def test_a_choice_question_needs_two_choices(client, group, animator):
    client.force_login(animator)
    data = add_question(new_event_data(client, group), 0, label="Repas", type="choice", choices="Oui")
    response = client.post(f"/evenements/nouveau/{group.slug}/", data)
    assert response.status_code == 400
    assert "Proposez au moins deux choix, un par ligne." in text(response)
    assert not EventPage.objects.filter(title="Réunion de décembre du groupe").exists()


def test_registration_window_is_read_in_the_venues_zone(client, group, animator):
    client.force_login(animator)
    data = new_event_data(
        client,
        group,
        timezone="America/Cayenne",
        start_time="09:00",  # 13 h or 14 h in Paris, where the audience works
        end_time="11:00",
        registration_opens=f"{(DAY - timedelta(days=10)).isoformat()}T09:00",
        registration_closes=f"{DAY.isoformat()}T08:00",
    )
    assert client.post(f"/evenements/nouveau/{group.slug}/", data).status_code == 302
    event = EventPage.objects.get(title="Réunion de décembre du groupe")
    cayenne = ZoneInfo("America/Cayenne")
    assert event.registration_closes == timezone.datetime(DAY.year, DAY.month, DAY.day, 8, 0, tzinfo=cayenne)
    # Shown again as typed, in the venue's zone.
    shown = form_of(client.get(f"/evenements/{event.pk}/modifier/"))
    assert shown["registration_closes"] == f"{DAY.isoformat()}T08:00"


# --- Out-of-hours warning ---------------------------------------------------------------------------


@pytest.fixture
def martinique_member(group):
    person = UserFactory(centre=CentreFactory(name="CRP Martinique", timezone="America/Martinique"))
    add_member(group, person)
    return person


def test_a_time_outside_working_hours_for_part_of_the_audience_needs_keep_this_time(
    client, group, animator, martinique_member
):
    client.force_login(animator)
    # 10 h in Paris is 5 h (or 6 h, in winter) in Martinique.
    data = new_event_data(client, group, start_time="10:00", end_time="12:00")

    response = client.post(f"/evenements/nouveau/{group.slug}/", data)

    assert response.status_code == 400
    page = text(response)
    offset = timezone.datetime(DAY.year, DAY.month, DAY.day, 10, 0, tzinfo=PARIS).astimezone(
        ZoneInfo("America/Martinique")
    )
    warning = f"{offset.hour} h 00 en Martinique"
    assert f"<li>{warning}</li>" in page
    assert "Garder cet horaire" in page
    assert not EventPage.objects.filter(title="Réunion de décembre du groupe").exists()
    kept = form_of(response)
    assert kept["start_time"] == "10:00" and "keep_hours" not in kept  # nothing lost, the box not ticked

    kept["keep_hours"] = warning  # ticking the box sends what it accepts
    response = client.post(f"/evenements/nouveau/{group.slug}/", kept)
    assert response.status_code == 302
    assert EventPage.objects.get(title="Réunion de décembre du groupe").start_time == time(10, 0)


def test_keeping_one_time_does_not_keep_another(client, group, animator, martinique_member):
    client.force_login(animator)
    data = new_event_data(client, group, start_time="10:00", end_time="12:00")
    kept = form_of(client.post(f"/evenements/nouveau/{group.slug}/", data))
    offset = timezone.datetime(DAY.year, DAY.month, DAY.day, 10, 0, tzinfo=PARIS).astimezone(
        ZoneInfo("America/Martinique")
    )
    kept["keep_hours"] = f"{offset.hour} h 00 en Martinique"
    kept["start_time"], kept["end_time"] = "09:00", "11:00"  # an earlier time: a new warning to accept
    response = client.post(f"/evenements/nouveau/{group.slug}/", kept)
    assert response.status_code == 400
    assert f"<li>{offset.hour - 1} h 00 en Martinique</li>" in text(response)


def test_a_time_fine_for_everyone_is_saved_without_a_warning(client, group, animator, martinique_member):
    client.force_login(animator)
    response = client.post(
        f"/evenements/nouveau/{group.slug}/", new_event_data(client, group, start_time="15:00", end_time="17:00")
    )
    assert response.status_code == 302


def test_editing_without_moving_an_out_of_hours_event_asks_nothing(client, group, animator, martinique_member):
    event = make_event("Réunion matinale", group=group, start=time(9, 0), end=time(10, 0))
    client.force_login(animator)
    data = form_of(client.get(f"/evenements/{event.pk}/modifier/"))
    data["intro"] = "Nouveau chapeau."
    assert client.post(f"/evenements/{event.pk}/modifier/", data).status_code == 302
    assert EventPage.objects.get(pk=event.pk).intro == "Nouveau chapeau."


# --- Editing ----------------------------------------------------------------------------------------


def test_editing_publishes_a_new_revision_and_keeps_question_ids(client, group, animator, member):
    event = make_event(
        "Réunion",
        group=group,
        questions=[
            {"label": "Repas", "type": "choice", "choices": "Oui\nNon"},
            {"label": "Covoiturage", "type": "text"},
        ],
    )
    meal, carpool = event.ordered_questions
    from events import services

    services.register(event, member, {str(meal.pk): "Oui"})
    client.force_login(animator)
    data = form_of(client.get(f"/evenements/{event.pk}/modifier/"))
    assert data["questions-0-label"] == "Repas" and data["questions-0-id"] == str(meal.pk)
    data["title"] = "Réunion de rentrée"
    data["questions-0-label"] = "Déjeuner sur place ?"
    data["questions-1-DELETE"] = "on"
    add_question(data, 2, label="Besoins d'accessibilité", type="text", accessibility=True)

    response = client.post(f"/evenements/{event.pk}/modifier/", data)

    assert response.status_code == 302
    event = EventPage.objects.get(pk=event.pk)
    assert event.title == "Réunion de rentrée" and event.slug == "reunion"  # the URL stays
    labels = list(event.questions.order_by("sort_order").values_list("pk", "label"))
    assert labels[0] == (meal.pk, "Déjeuner sur place ?")  # answers stay tied to their question
    assert [label for _pk, label in labels] == ["Déjeuner sur place ?", "Besoins d'accessibilité"]
    assert not EventQuestion.objects.filter(pk=carpool.pk).exists()
    assert Registration.objects.get(event=event, member=member).answers == {str(meal.pk): "Oui"}
    assert Revision.objects.filter(object_id=str(event.pk)).count() == 2
    assert event.latest_revision.user == animator and not event.has_unpublished_changes


def test_editing_keeps_an_admin_formatted_description_unless_its_text_changes(client, group, animator):
    rich = '<h3>Programme</h3><ul><li><b>Matin</b> : accueil</li></ul><p>Voir <a href="https://exemple.test">le site</a>.</p>'
    event = make_event("Réunion", group=group, description=rich)
    client.force_login(animator)
    data = form_of(client.get(f"/evenements/{event.pk}/modifier/"))
    assert data["description_text"] == "Programme\n\nMatin : accueil\n\nVoir le site."
    assert "mise en forme dans l&#x27;administration" in text(client.get(f"/evenements/{event.pk}/modifier/"))

    data["intro"] = "Autre chapeau"
    client.post(f"/evenements/{event.pk}/modifier/", data)
    assert EventPage.objects.get(pk=event.pk).description == rich

    data["description_text"] = "Programme\n\nMatin : accueil à 9 h"
    client.post(f"/evenements/{event.pk}/modifier/", data)
    assert EventPage.objects.get(pk=event.pk).description == "<p>Programme</p>\n\n<p>Matin : accueil à 9 h</p>"


def test_moving_an_event_tells_its_registrants(client, group, animator, member, django_capture_on_commit_callbacks):
    from community.notifications.models import Notification
    from events import notification_kinds as kinds
    from events import services

    event = make_event("Réunion", group=group)
    services.register(event, member)
    client.force_login(animator)
    data = form_of(client.get(f"/evenements/{event.pk}/modifier/"))
    data["start_time"], data["end_time"] = "15:00", "17:00"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/evenements/{event.pk}/modifier/", data).status_code == 302
    assert Notification.objects.filter(recipient=member, kind=kinds.CHANGED).exists()


def test_editing_an_event_locked_in_the_admin_is_refused(client, group, animator, coordinator):
    event = make_event("Réunion", group=group)
    EventPage.objects.filter(pk=event.pk).update(locked=True, locked_by=coordinator, locked_at=timezone.now())
    client.force_login(animator)
    response = client.get(f"/evenements/{event.pk}/modifier/", follow=True)
    assert "verrouillé dans l&#x27;administration" in text(response)


def test_the_form_offers_a_template_for_more_questions_and_two_blank_ones(client, group, animator):
    client.force_login(animator)
    page = text(client.get(f"/evenements/nouveau/{group.slug}/"))
    assert 'name="questions-TOTAL_FORMS" value="2"' in page
    assert "<template data-question-template>" in page and "questions-__prefix__-label" in page


def test_a_coordinator_edits_a_network_wide_event_from_the_site(client, coordinator, group):
    event = make_event("Temps fort national", video_url="https://visio.exemple.test/temps-fort", address="")
    client.force_login(coordinator)
    response = client.get(f"/evenements/{event.pk}/modifier/")
    assert "Public : tout le réseau." in text(response)
    data = form_of(response)
    data["intro"] = "Le rendez-vous annuel du réseau."
    data["keep_hours"] = ""
    assert client.post(f"/evenements/{event.pk}/modifier/", data).status_code == 302
    event = EventPage.objects.get(pk=event.pk)
    assert event.intro == "Le rendez-vous annuel du réseau." and event.group is None


def test_the_edit_form_costs_the_same_for_2_or_20_questions(client, group, animator, measure):
    events = [
        make_event(
            f"Réunion à {count} questions",
            group=group,
            questions=[{"label": f"Question {n}", "type": "choice", "choices": "Oui\nNon"} for n in range(count)],
        )
        for count in (2, 20)
    ]
    client.force_login(animator)
    client.get(f"/evenements/{events[0].pk}/modifier/")  # Wagtail caches the site's root paths once
    counts = []
    for event in events:
        count, _writes = measure(client, f"/evenements/{event.pk}/modifier/", 8)
        counts.append(count)
    assert counts[0] == counts[1], counts
    print(f"edit form: {counts[1]} queries")

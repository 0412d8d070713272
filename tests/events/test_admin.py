"""Coordinators edit events in Wagtail's admin: drafts, preview, publication, and times that never drift."""

from datetime import date, datetime, time, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text
from wagtail.users.models import UserProfile

from events.models import EventPage
from tests.community.factories import CentreFactory, UserFactory
from tests.events.factories import event_index, make_event

pytestmark = pytest.mark.django_db

UTC = ZoneInfo("UTC")


class FormValues(HTMLParser):
    """What a browser would submit from the admin's page form, as rendered (field values in the editor's zone)."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form, self.select, self.textarea = {}, False, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == "page-edit-form":
            self.in_form = True
        if not self.in_form or "__prefix__" in (a.get("name") or ""):
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.data[a["name"]] = a.get("value", "on")
            else:
                self.data[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
            self.data.setdefault(self.select, "")
        elif tag == "option" and self.select and "selected" in a:
            self.data[self.select] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.data[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data.lstrip("\n") if not self.data[self.textarea] else data


def form_values(html: str) -> dict:
    parser = FormValues()
    parser.feed(html)
    return parser.data


def add_url() -> str:
    return reverse("wagtailadmin_pages:add", args=["events", "eventpage", event_index().pk])


def event_data(**fields) -> dict:
    """The add form as an editor fills it (Wagtail's widgets: ``YYYY-MM-DD``, ``HH:MM``, ``YYYY-MM-DD HH:MM``)."""
    data = {
        "title": "Visite du centre de Guyane",
        "slug": "visite-du-centre-de-guyane",
        "kind": "visite",
        "group": "",
        "intro": "Rencontre avec l'équipe de Cayenne avant l'ouverture.",
        "description": rich_text("<p>Tour des locaux, échanges avec l'équipe, point sur le recrutement.</p>"),
        "timezone": "America/Cayenne",
        "start_date": "2027-03-10",
        "start_time": "09:00",
        "end_date": "2027-03-10",
        "end_time": "12:00",
        "centre": "",
        "address": "Centre hospitalier, avenue des Flamboyants, Cayenne",
        "video_url": "",
        "capacity": "12",
        "registration_opens": "",
        "registration_closes": "",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(fields)
    return data


def set_editor_zone(user, zone: str) -> None:
    """The editor's own zone, both as a member (site) and in Wagtail's account settings (admin)."""
    user.timezone = zone
    user.save(update_fields=["timezone"])
    profile = UserProfile.get_for_user(user)
    profile.current_time_zone = zone
    profile.save()


# --- A coordinator's workflow --------------------------------------------------------------------------


def test_coordinator_adds_a_draft_previews_it_and_publishes(client, coordinator, member):
    assert not coordinator.is_staff and not coordinator.is_superuser
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200
    assert client.get(add_url()).status_code == 200

    questions = {
        "questions-TOTAL_FORMS": "2",
        "questions-0-label": "Vous viendrez",
        "questions-0-type": "choice",
        "questions-0-choices": "En présentiel\nÀ distance",
        "questions-0-required": "on",
        "questions-0-ORDER": "1",
        "questions-1-label": "Besoins d'accessibilité",
        "questions-1-type": "text",
        "questions-1-accessibility": "on",
        "questions-1-ORDER": "2",
    }
    response = client.post(add_url(), event_data(**questions))  # "Enregistrer le brouillon"
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    event = EventPage.objects.get(slug="visite-du-centre-de-guyane")
    assert not event.live and event.has_unpublished_changes
    assert [q.label for q in event.questions.all()] == ["Vous viendrez", "Besoins d'accessibilité"]
    assert event.start == datetime(2027, 3, 10, 12, 0, tzinfo=UTC)
    client.force_login(member)
    assert client.get(event.url).status_code == 404  # a draft is nobody's event yet

    client.force_login(coordinator)
    edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    form = form_values(client.get(edit_url).text)
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[event.pk])
    assert client.post(preview_url, form).json() == {"is_valid": True, "is_available": True}
    preview = client.get(preview_url)
    assert preview.status_code == 200
    assert "Visite du centre de Guyane" in preview.text

    response = client.post(edit_url, {**form, "action-publish": "publish"})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.live and not event.has_unpublished_changes
    client.force_login(member)
    assert client.get(event.url).status_code == 200


def test_coordinator_schedules_publication(client, coordinator):
    client.force_login(coordinator)
    response = client.post(add_url(), {**event_data(go_live_at="2030-01-06 09:00"), "action-publish": "publish"})
    assert response.status_code == 302
    event = EventPage.objects.get(slug="visite-du-centre-de-guyane")
    assert not event.live
    assert event.latest_revision.approved_go_live_at == datetime(2030, 1, 6, 8, 0, tzinfo=UTC)  # 9 h in Paris


def test_members_and_animators_have_no_admin(client, member):
    client.force_login(member)
    assert client.get(add_url()).status_code == 302  # sent away from the admin


# --- Bad input --------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", [{}, {"action-publish": "publish"}])
def test_an_event_ending_before_it_starts_cannot_be_saved(coordinator_client, action):
    data = event_data(start_time="14:00", end_time="13:00", **action)
    response = coordinator_client.post(add_url(), data)
    assert response.status_code == 200
    assert response.context["form"].errors["end_time"] == ["La fin doit suivre le début."]
    assert not EventPage.objects.filter(slug="visite-du-centre-de-guyane").exists()


def test_publishing_an_edit_that_ends_before_the_start_is_refused(coordinator_client):
    event = make_event("Club des cadres")
    edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    form = form_values(coordinator_client.get(edit_url).text)
    form.update(end_date=form["start_date"], end_time="10:00", start_time="11:00")
    response = coordinator_client.post(edit_url, {**form, "action-publish": "publish"})
    assert response.status_code == 200
    assert "La fin doit suivre le début." in response.context["form"].errors["end_time"]
    event.refresh_from_db()
    assert (event.start_time, event.end_time) == (time(14, 0), time(16, 0))


# --- Times never drift ------------------------------------------------------------------------------

# Wall clocks chosen on the nights Paris changes its clocks, where a conversion through Paris would show.
DST_CASES = [
    # Cayenne 22 h 30 on 27 March 2027 is 1 h 30 UTC on the 28th: 2 h 30 does not exist in Paris that night.
    ("America/Cayenne", "2027-03-27", "22:30", "2027-03-28", "01:00", datetime(2027, 3, 28, 1, 30, tzinfo=UTC)),
    # La Réunion 5 h 30 on 25 October 2026 is 1 h 30 UTC: 2 h 30 happens twice in Paris that night.
    ("Indian/Reunion", "2026-10-25", "05:30", "2026-10-25", "08:00", datetime(2026, 10, 25, 1, 30, tzinfo=UTC)),
    ("America/Cayenne", "2026-10-24", "21:00", "2026-10-24", "23:30", datetime(2026, 10, 25, 0, 0, tzinfo=UTC)),
    ("Indian/Reunion", "2027-03-28", "09:00", "2027-03-28", "17:00", datetime(2027, 3, 28, 5, 0, tzinfo=UTC)),
]


@pytest.mark.parametrize("editor_zone", ["Europe/Paris", "America/Martinique"])
@pytest.mark.parametrize(("zone", "start_date", "start_time", "end_date", "end_time", "instant"), DST_CASES)
def test_editing_an_event_in_the_admin_never_shifts_its_instant(
    client, coordinator, editor_zone, zone, start_date, start_time, end_date, end_time, instant
):
    set_editor_zone(coordinator, editor_zone)
    client.force_login(coordinator)
    # Registration opens in winter and closes two days before, across the clock change when there is one.
    opens = date.fromisoformat(start_date) - timedelta(days=40)
    closes = date.fromisoformat(start_date) - timedelta(days=2)
    fields = dict(
        timezone=zone, start_date=start_date, start_time=start_time, end_date=end_date, end_time=end_time,
        # Typed in the editor's own zone, as Wagtail shows aware date-times.
        registration_opens=f"{opens} 09:00", registration_closes=f"{closes} 18:00",
    )
    response = client.post(add_url(), {**event_data(**fields), "action-publish": "publish"})
    assert response.status_code == 302, response.context["form"].errors
    event = EventPage.objects.get(slug="visite-du-centre-de-guyane")
    editor = ZoneInfo(editor_zone)
    assert event.start == instant
    assert event.registration_opens == datetime.combine(opens, time(9, 0), tzinfo=editor)
    assert event.registration_closes == datetime.combine(closes, time(18, 0), tzinfo=editor)
    saved = (event.start, event.end, event.registration_opens, event.registration_closes)

    # Another editor, in another zone, changes the intro: a draft first, then a publication.
    other = UserFactory(role="coordinateur", centre=None)
    set_editor_zone(other, "Indian/Reunion" if editor_zone == "Europe/Paris" else "Europe/Paris")
    for editor_user, action in [(coordinator, {}), (other, {"action-publish": "publish"}), (coordinator, {"action-publish": "publish"})]:
        client.force_login(editor_user)
        edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
        form = form_values(client.get(edit_url).text)
        form["intro"] = f"Relu par {editor_user.first_name}."
        response = client.post(edit_url, {**form, **action})
        assert response.status_code == 302, response.context["form"].errors
        event = EventPage.objects.get(pk=event.pk)
        latest = event.get_latest_revision_as_object()
        assert latest.intro == f"Relu par {editor_user.first_name}."
        for page in (event, latest):
            page.compute_instants()
            assert (page.start, page.end, page.registration_opens, page.registration_closes) == saved
        assert (event.start_date, event.start_time) == (
            date.fromisoformat(start_date),
            time.fromisoformat(start_time),
        )
    assert event.intro == f"Relu par {coordinator.first_name}." and event.live


# --- Working hours ----------------------------------------------------------------------------------


def warnings_after(response) -> list[str]:
    """The warnings shown on the page the admin redirects to (showing them uses them up)."""
    assert response.redirect_chain, response.context["form"].errors
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def test_saving_an_event_names_the_centres_outside_working_hours(coordinator_client):
    CentreFactory(name="Centre de réponse Martinique", timezone="America/Martinique")
    CentreFactory(name="Centre de réponse La Réunion", timezone="Indian/Reunion")
    CentreFactory(name="Centre de réponse Bretagne", timezone="Europe/Paris")
    data = event_data(timezone="Europe/Paris", start_date="2027-01-12", start_time="08:00", end_time="10:00",
                      end_date="2027-01-12")
    response = coordinator_client.post(add_url(), data, follow=True)
    assert warnings_after(response) == [
        "« Visite du centre de Guyane » tombe en dehors de 8 h – 19 h pour une partie du public : "
        "3 h 00 en Martinique. Vérifiez l'horaire, ou prévenez les centres concernés."
    ]

    event = EventPage.objects.get(slug="visite-du-centre-de-guyane")
    edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    form = form_values(coordinator_client.get(edit_url).text)
    form.update(start_time="17:00", end_time="18:00")
    response = coordinator_client.post(edit_url, form, follow=True)
    assert ": 20 h 00 à La Réunion." in warnings_after(response)[0]  # 17 h in Paris in winter

    form.update(start_time="14:00", end_time="16:00")
    assert warnings_after(coordinator_client.post(edit_url, form, follow=True)) == []


def test_a_group_event_only_weighs_its_members_centres(coordinator_client):
    from community.groups import services as group_services
    from tests.community.factories import make_group

    CentreFactory(name="Centre de réponse Martinique", timezone="America/Martinique")
    bretagne = CentreFactory(name="Centre de réponse Bretagne", timezone="Europe/Paris")
    group = make_group("Groupe Bretagne")
    group_services.add_member(group, UserFactory(centre=bretagne))
    data = event_data(timezone="Europe/Paris", group=str(group.pk), start_date="2027-01-12", start_time="08:00",
                      end_date="2027-01-12", end_time="10:00")
    assert warnings_after(coordinator_client.post(add_url(), data, follow=True)) == []


def test_background_saves_leave_no_warning_behind(coordinator_client):
    CentreFactory(name="Centre de réponse Martinique", timezone="America/Martinique")
    coordinator_client.post(add_url(), event_data(timezone="Europe/Paris", start_time="14:00", end_time="16:00"))
    event = EventPage.objects.get(slug="visite-du-centre-de-guyane")
    edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    form = form_values(coordinator_client.get(edit_url).text)
    form.update(start_time="08:00", end_time="10:00")
    response = coordinator_client.post(edit_url, form, HTTP_ACCEPT="application/json")  # Wagtail's autosave
    assert response.json()["success"] is True
    assert EventPage.objects.get(pk=event.pk).get_latest_revision_as_object().start_time == time(8, 0)
    page = coordinator_client.get(reverse("wagtailadmin_explore", args=[event_index().pk]))
    assert not [m for m in page.context["messages"] if m.level_tag == "warning"]


def test_publishing_outside_working_hours_asks_to_keep_the_time(coordinator_client):
    CentreFactory(name="Centre de réponse Martinique", timezone="America/Martinique")
    data = {**event_data(timezone="Europe/Paris", start_time="08:00", end_time="10:00"), "action-publish": "publish"}
    response = coordinator_client.post(add_url(), data)
    assert response.status_code == 200  # the form again, nothing published, nothing typed lost
    assert "3 h 00 en Martinique" in str(response.context["form"].errors["start_time"])
    assert 'value="Visite du centre de Guyane"' in response.text
    assert not EventPage.objects.filter(slug="visite-du-centre-de-guyane").exists()

    response = coordinator_client.post(add_url(), {**data, "keep_hours": "on"})
    assert response.status_code == 302
    assert EventPage.objects.get(slug="visite-du-centre-de-guyane").live


def test_an_event_with_registrants_is_cancelled_not_unpublished_or_deleted(coordinator_client):
    from events import services

    event = make_event(capacity=5)
    services.register(event, UserFactory())
    for view in ("wagtailadmin_pages:unpublish", "wagtailadmin_pages:delete"):
        response = coordinator_client.post(reverse(view, args=[event.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=[event.pk])
        assert "annulez d'abord l'événement" in str(list(response.context["messages"])[0])
    assert EventPage.objects.get(pk=event.pk).live

    event.is_cancelled = True
    event.save_revision().publish()
    response = coordinator_client.post(reverse("wagtailadmin_pages:unpublish", args=[event.pk]))
    assert response.status_code == 302 and not EventPage.objects.get(pk=event.pk).live

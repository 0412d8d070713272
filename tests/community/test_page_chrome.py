"""What every page pays for: middleware, context processors and base.html, kept cheap and unchanged to the eye."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from community.groups import services as group_services
from community.middleware import MemberTimezoneMiddleware
from community.models import User
from community.notifications.context_processors import unread_count
from community.notifications.models import Notification
from community.notifications.services import mark_read, notify
from tests.community.factories import CentreFactory, UserFactory, make_group

pytestmark = pytest.mark.django_db

USERBAR = "wagtail-userbar-template"


def sql_of(queries, table):
    return [query["sql"] for query in queries if f'"{table}"' in query["sql"]]


# --- Wagtail's userbar ----------------------------------------------------------------------------


def test_members_are_asked_for_admin_permissions_on_wagtail_pages_only(member_client):
    for path, permission_queries in [
        ("/", 2),
        (reverse("community:member_list"), 0),
        (reverse("notifications:list"), 0),
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert USERBAR not in member_client.get(path).text
        assert len(sql_of(queries, "auth_permission")) == permission_queries, path


def test_userbar_for_editors_on_wagtail_pages_only(client, staff):
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    for user in (staff, editor):
        client.force_login(user)
        assert USERBAR in client.get("/").text
        assert USERBAR not in client.get(reverse("community:member_list")).text


# --- Context processors -----------------------------------------------------------------------------


def test_unread_count_is_queried_once_per_page(member_client, member):
    group = make_group(animators=[UserFactory()])
    group_services.join_group(group, member)
    notify([member], "groups.invitation", text="Bienvenue", link="/groupes/")
    for path in ["/", group.get_absolute_url()]:  # both render sections with the request
        with CaptureQueriesContext(connection) as queries:
            text = member_client.get(path).text
        assert len(sql_of(queries, "notifications_notification")) == 1
        assert 'data-unread="1"' in text


def test_unread_count_is_the_querysets(member):
    other = UserFactory()
    notify([member, other], "groups.invitation", text="Un", link="/")
    notify([member], "groups.invitation", text="Deux", link="/")
    notify([member], "groups.invitation", text="Trois", link="/")
    mark_read(member, [Notification.objects.for_member(member).first().pk])
    assert unread_count(member) == Notification.objects.for_member(member).unread().count() == 2
    assert unread_count(other) == 1


def test_main_navigation_follows_the_current_section(member_client, member):
    expected = {
        "/membres/": ('href="/membres/" aria-current="page"', 'href="/groupes/">'),
        f"/membres/{member.pk}/": ('href="/membres/" aria-current="true"', 'href="/groupes/">'),
        "/groupes/": ('href="/groupes/" aria-current="page"', 'href="/membres/">'),
        "/": ('href="/" aria-current="page"', 'href="/membres/">'),
    }
    for _ in range(2):  # the second round comes from the kept markup
        for path, fragments in expected.items():
            menu = re.search(r'<nav class="main-nav".*?</nav>', member_client.get(path).text, re.S).group()
            assert all(fragment in menu for fragment in fragments), path
            assert menu.count("aria-current=") == 1, path


# --- {% constant %} ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "{{ user }}",
        "{% translate greeting %}",
        "{% translate 'Oui' as yes %}",
        "{% url 'community:member_detail' user.pk %}",
        "{% if user %}x{% endif %}",
        "{% csrf_token %}",
    ],
)
def test_constant_fragments_refuse_anything_personal(body):
    with pytest.raises(TemplateSyntaxError):
        Template("{% load i18n site_chrome %}{% constant %}" + body + "{% endconstant %}")


def test_constant_fragments_follow_language_and_settings():
    template = Template(
        "{% load i18n static site_chrome %}{% constant %}{% translate 'Yes' %} {% url 'community:member_list' %} "
        "{% static 'css/site.css' %}{% endconstant %}"
    )
    with translation.override("fr"):
        assert template.render(Context()) == "Oui /membres/ /static/css/site.css"
    with translation.override("en"):
        assert template.render(Context()) == "Yes /membres/ /static/css/site.css"
    with translation.override("fr"), override_settings(STATIC_URL="/fichiers/"):
        assert template.render(Context()) == "Oui /membres/ /fichiers/css/site.css"


def test_base_template_is_the_same_for_everyone_but_the_member_parts(client):
    alice, bruno = UserFactory(first_name="Alice"), UserFactory(first_name="Bruno", is_staff=False)
    notify([bruno], "groups.invitation", text="Un", link="/")
    client.force_login(alice)
    first = client.get("/membres/").text
    client.force_login(bruno)
    second = client.get("/membres/").text
    assert f"({alice.display_name})" in first and f"({alice.display_name})" not in second
    assert f"({bruno.display_name})" in second
    assert 'data-unread="0" hidden' in first and 'data-unread="1">1<' in second
    client.logout()
    anonymous = client.get(reverse("account_login")).text
    assert "Se connecter" in anonymous and "Se déconnecter" not in anonymous


# --- Middleware -------------------------------------------------------------------------------------


def active_time_zone_for(user):
    seen = []
    middleware = MemberTimezoneMiddleware(lambda request: seen.append(timezone.get_current_timezone_name()))
    request = RequestFactory().get("/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        middleware(request)
    timezone.deactivate()
    return seen[0], len(queries)


def test_time_zone_is_the_members_or_their_centres_in_at_most_one_query():
    martinique = CentreFactory(name="Centre de réponse Martinique", timezone="America/Martinique")
    member = User.objects.get(pk=UserFactory(centre=martinique, timezone="").pk)  # as the session loads it
    assert active_time_zone_for(member) == ("America/Martinique", 1)
    member.timezone = "Indian/Reunion"
    assert active_time_zone_for(member) == ("Indian/Reunion", 0)
    assert active_time_zone_for(UserFactory(centre=None, timezone="")) == ("Europe/Paris", 0)

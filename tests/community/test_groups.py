import pytest
from django.http import Http404
from django.urls import reverse

from community.groups import services
from community.groups.models import Membership, WorkingGroup
from community.notifications.models import Notification
from tests.community.factories import UserFactory, make_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def animator(db):
    return UserFactory(role="cadre")


def test_joining_an_open_group_adds_the_member_and_its_auth_group(member, animator):
    group = make_group(animators=[animator])
    membership = services.join_group(group, member)
    assert membership.is_active
    assert group.auth_group.user_set.filter(pk=member.pk).exists()


def test_request_notifies_animators_and_approval_notifies_the_member(member, animator):
    group = make_group(join_policy="request", animators=[animator])
    membership = services.join_group(group, member, "Je suis cadre de nuit.")
    assert membership.status == Membership.Status.REQUESTED
    note = Notification.objects.get(recipient=animator)
    assert note.kind == "groups.join_request" and member.display_name in note.text
    assert note.link == reverse("groups:manage", args=[group.slug])

    services.decide_request(membership, approve=True, by=animator)
    assert Membership.objects.get(pk=membership.pk).is_active
    assert Notification.objects.get(recipient=member).kind == "groups.request_approved"


def test_declined_request_notifies_and_removes_it(member, animator):
    group = make_group(join_policy="request", animators=[animator])
    membership = services.join_group(group, member)
    services.decide_request(membership, approve=False, by=animator)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Notification.objects.get(recipient=member).kind == "groups.request_declined"


def test_invitation_then_acceptance(member, animator):
    group = make_group(join_policy="invitation", visibility="private", animators=[animator])
    services.invite_to_group(group, member, by=animator)
    assert Notification.objects.get(recipient=member).kind == "groups.invitation"
    assert WorkingGroup.objects.visible_to(member).filter(pk=group.pk).exists()
    assert services.join_group(group, member).is_active


def test_invitation_can_be_declined(member, animator):
    group = make_group(join_policy="invitation", animators=[animator])
    services.invite_to_group(group, member, by=animator)
    services.leave_group(group, member)
    assert not Membership.objects.filter(group=group, member=member).exists()


@pytest.mark.parametrize("visibility,policy", [("private", "open"), ("network", "invitation")])
def test_forged_join_of_private_or_invitation_only_group_is_not_found(member, animator, visibility, policy):
    group = make_group(visibility=visibility, join_policy=policy, animators=[animator])
    with pytest.raises(Http404):
        services.join_group(group, member)
    assert not Membership.objects.filter(group=group, member=member).exists()


def test_club_des_cadres_admits_only_cadres_and_coordinators(member, coordinator):
    club = make_group("Club des cadres", eligible_roles=["cadre", "coordinateur"], animators=[coordinator])
    with pytest.raises(services.GroupError, match="réservé"):
        services.join_group(club, member)  # a répondant·e
    cadre = UserFactory(role="cadre")
    assert services.join_group(club, cadre).is_active


def test_last_animator_cannot_leave_or_be_demoted(animator, member):
    group = make_group(animators=[animator])
    with pytest.raises(services.GroupError):
        services.leave_group(group, animator)
    own = Membership.objects.get(group=group, member=animator)
    with pytest.raises(services.GroupError):
        services.set_member_role(own, "membre", by=animator)
    joined = services.join_group(group, member)
    services.set_member_role(joined, "animateur", by=animator)
    services.leave_group(group, animator)
    assert group.memberships.animators().get().member == member


def test_animator_of_another_group_cannot_manage(member, animator):
    group = make_group(join_policy="request", animators=[animator])
    other_animator = UserFactory()
    make_group("Autre groupe", animators=[other_animator])
    request = services.join_group(group, member)
    with pytest.raises(Http404):
        services.decide_request(request, approve=True, by=other_animator)
    with pytest.raises(Http404):
        services.invite_to_group(group, UserFactory(), by=other_animator)


def test_coordinator_manages_every_group(member, animator, coordinator):
    group = make_group(join_policy="request", animators=[animator])
    request = services.join_group(group, member)
    services.decide_request(request, approve=True, by=coordinator)
    services.remove_member(Membership.objects.get(pk=request.pk), by=coordinator)
    assert not group.auth_group.user_set.filter(pk=member.pk).exists()


def test_group_page_queries_do_not_grow_with_members(member_client, member, animator, django_assert_max_num_queries):
    group = make_group(animators=[animator])
    services.join_group(group, member)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert member_client.get(group.get_absolute_url()).status_code == 200
        return len(queries)

    few = count_queries()
    for _ in range(30):
        services.add_member(group, UserFactory())
    assert count_queries() == few
    # 7 for the page (the membership read once, given to each section), the forum section (forum, threads),
    # the events section (events), the library's (resources, and the site's root paths for the resources'
    # links once there are some)
    with django_assert_max_num_queries(12):
        member_client.get(group.get_absolute_url())


def test_group_list_and_my_groups_pages(member_client, member, animator, django_assert_max_num_queries):
    open_group = make_group(animators=[animator])
    asked = make_group("Sur demande", join_policy="request", animators=[animator])
    hidden = make_group("Groupe secret", visibility="private", join_policy="invitation", animators=[animator])
    services.join_group(open_group, member)
    services.join_group(asked, member)
    with django_assert_max_num_queries(6):
        response = member_client.get(reverse("groups:list"))
    assert open_group.name in response.text and asked.name in response.text
    assert hidden.name not in response.text
    response = member_client.get(reverse("groups:mine"))
    assert "Demandes en attente" in response.text and asked.name in response.text


def test_join_view_keeps_the_message_and_says_what_happened(member_client, member, animator):
    group = make_group(join_policy="request", animators=[animator])
    response = member_client.post(reverse("groups:join", args=[group.slug]), {"message": "Bonjour !"}, follow=True)
    assert "transmise à l&#x27;animation" in response.text
    assert Membership.objects.get(group=group, member=member).message == "Bonjour !"


def test_manage_page_invites_by_email_with_french_errors(client, animator, member):
    group = make_group(animators=[animator])
    client.force_login(animator)
    response = client.post(reverse("groups:invite", args=[group.slug]), {"email": "inconnu@exemple.test"}, follow=True)
    assert "Aucun membre actif n&#x27;a cette adresse" in response.text
    response = client.post(reverse("groups:invite", args=[group.slug]), {"email": member.email}, follow=True)
    assert "Invitation envoyée" in response.text
    assert Membership.objects.get(group=group, member=member).status == Membership.Status.INVITED


def test_coordinator_creates_a_group_and_animates_it(coordinator_client, coordinator):
    response = coordinator_client.post(
        reverse("groups:create"),
        {
            "name": "Formation continue",
            "slug": "formation-continue",
            "description": "Former les répondants.",
            "visibility": "network",
            "join_policy": "request",
            "eligible_roles": ["repondant", "superviseur"],
        },
    )
    group = WorkingGroup.objects.get(slug="formation-continue")
    assert response.url == group.get_absolute_url()
    assert group.eligible_roles == ["repondant", "superviseur"]
    assert group.memberships.animators().get().member == coordinator


def test_members_cannot_create_groups(member_client):
    assert member_client.get(reverse("groups:create")).status_code == 403


def test_adding_an_existing_animator_keeps_their_role(animator):
    group = make_group(animators=[animator])
    services.add_member(group, animator)
    assert group.memberships.animators().get().member == animator


def test_inviting_someone_who_asked_approves_and_tells_them(member, animator):
    group = make_group(join_policy="request", animators=[animator])
    services.join_group(group, member)
    assert services.invite_to_group(group, member, by=animator).is_active
    assert Notification.objects.get(recipient=member).kind == "groups.request_approved"


def test_a_deactivated_account_cannot_be_approved(member, animator):
    group = make_group(join_policy="request", animators=[animator])
    request = services.join_group(group, member)
    member.is_active = False
    member.save()
    with pytest.raises(services.GroupError):
        services.decide_request(request, approve=True, by=animator)
    assert not group.auth_group.user_set.filter(pk=member.pk).exists()


def test_auth_group_follows_the_slug_and_goes_with_the_group(animator):
    from django.contrib.auth.models import Group

    group = make_group("Ancien nom", animators=[animator])
    group.slug = "nouveau-nom"
    group.save()
    assert group.auth_group.name == "Groupe de travail : nouveau-nom"
    make_group("Ancien nom 2")  # no clash with the renamed group's auth group
    auth_group_pk = group.auth_group.pk
    group.delete()
    assert not Group.objects.filter(pk=auth_group_pk).exists()


def test_reserved_slugs_and_rejected_settings_keep_the_page_on_its_group(client, animator):
    group = make_group("Groupe A", animators=[animator])
    make_group("Groupe B")
    client.force_login(animator)
    url = reverse("groups:manage", args=[group.slug])
    data = {f"settings-{k}": v for k, v in {"name": "Groupe A", "description": "d", "visibility": "network", "join_policy": "open"}.items()}
    for slug, error in [("mes-groupes", "réservé"), ("groupe-b", "existe déjà")]:
        response = client.post(url, {**data, "settings-slug": slug})
        assert response.status_code == 200
        assert error in response.text
        assert "/groupes/groupe-b/gerer/inviter/" not in response.text
        assert f"/groupes/{group.slug}/gerer/inviter/" in response.text


def test_huge_ids_are_not_found(member_client):
    assert member_client.post("/notifications/99999999999999999999999/lue/").status_code == 404
    assert member_client.get("/membres/99999999999999999999999/").status_code == 404


def test_home_page_shows_my_groups_through_the_hook(member_client, member, animator, django_assert_max_num_queries):
    joined = make_group("Groupe rejoint", animators=[animator])
    inviting = make_group("Groupe qui invite", join_policy="invitation", animators=[animator])
    services.join_group(joined, member)
    services.invite_to_group(inviting, member, by=animator)
    with django_assert_max_num_queries(16):  # the apps' sections included (events, library: one query each)
        response = member_client.get("/")
    assert "Mes groupes" in response.text
    assert "Groupe rejoint" in response.text
    assert "invitation à répondre" in response.text

"""Every URL that exposes a group-scoped object, for every kind of visitor.

Later issues add their URLs to ``CASES``. Private content answers 404 to outsiders, never 403.

Events: every route of an event page and every URL of ``events/urls.py``, on an event of the private
group (``w.event``, with ``w.member`` registered and ``w.spare`` a member of the group not registered).

Forums: every URL of ``forums/urls.py``, on the private group's forum. Its thread and post are written
by ``w.member`` (so only the member may edit or delete them; ``w.others_post``, written by the animator,
shows the other side); ``w.flag`` is a flag on that post by a fourth member of the group.

Library: every route of the library's index and of a resource of the private group (``w.resource``, put
online by a coordinator, whose one file ``w.resource_file`` has two versions: ``w.old_version`` and the
current one), its documents by Wagtail's own URL (current and earlier), the same file by its storage path
under ``/media/`` (never served: media serves avatars only), and ``w.proposal``, a proposal by ``w.member``
to the private group waiting in the workflow. Then the site-wide search; that an outsider finds nothing
private there (nor in the library's search) is checked on the results themselves, below the matrix.

Steering (``/pilotage/``) is seen by centre and role rather than by group, so it has its own matrix below
(``STEERING_CASES`` × ``STEERING_ROLES``, on a ``SteeringWorld``): every route of ``steering/urls.py`` by GET,
and the three forms by POST (centre A's month, an import of one row of centre A, moving a milestone of
centre B, which is deploying). The roles: a partner without a centre, a répondant and the cadre de santé
of centre A, the cadre of centre B, a coordinator, and staff (not coordinator by role) with TOTP. A post
changes the database exactly when it is accepted; and no page, CSV or chart a centre's member or a
partner is given names a centre they may not see (the deployment timeline, every member's, excepted).
"""

from functools import cached_property

import pytest
from django.urls import reverse

from community.groups.models import Membership
from community.library.models import ResourcePage
from forums.models import Forum
from tests.community.factories import UserFactory, make_group

ROLES = ["anonymous", "outsider", "member", "animator", "coordinator", "staff"]
LOGIN = 302  # anonymous visitors are sent to the login page
DONE = 302  # an authorised action redirects back to a page


def expect(anonymous=LOGIN, outsider=404, member=200, animator=200, coordinator=200, staff=200):
    return dict(zip(ROLES, [anonymous, outsider, member, animator, coordinator, staff], strict=True))


MANAGE_ONLY = expect(member=404, animator=DONE, coordinator=DONE, staff=DONE)
READERS_DONE = expect(member=DONE, animator=DONE, coordinator=DONE, staff=DONE)  # every reader may, then is sent back
AUTHOR_ONLY = expect(animator=404, coordinator=404, staff=404)  # w.member wrote the post; others learn nothing


def forum_url(name, *args):
    return lambda w: reverse(f"forums:{name}", args=[w.forum.slug, *args])


def thread_url(name, *args):
    return lambda w: reverse(f"forums:{name}", args=[w.thread.pk, *args])


def post_url(name):
    return lambda w: reverse(f"forums:{name}", args=[w.post.pk])


MODERATE_ACTIONS = ["pin", "unpin", "close", "reopen", "hide_thread", "show_thread"]


def event_url(route=""):
    return lambda w: f"{w.event.url}{route}"


# Actions of the organisers' page (POST) and its pages (GET): the group's animateur and coordinators only.
ORGANISER_ACTIONS = [
    "inscrire",
    "desinscrire",
    "capacite",
    "fermer",
    "rouvrir",
    "annuler-evenement",
    "message",
    "presence",
]
ORGANISER_PAGES = ["export-csv", "pointage", "emargement", "membres"]
ORGANISERS_DONE = expect(member=404, animator=DONE, coordinator=DONE, staff=DONE)
ORGANISERS_ONLY = expect(member=404)


def resource_url(route=""):
    return lambda w: f"{w.resource.url}{route}"


def file_url(route=""):
    return lambda w: f"{w.resource.url}fichiers/{w.resource_file.pk}/{route}"


# Who uploads a new version: the resource's owner (a coordinator) and its moderators (the animator too).
VERSION_UPLOADERS = expect(member=404)

# (name, method, url builder, expected status by role)
CASES = [
    ("private group page", "get", lambda w: reverse("groups:detail", args=[w.private.slug]), expect()),
    ("network group page", "get", lambda w: reverse("groups:detail", args=[w.network.slug]), expect(outsider=200)),
    ("private group manage page", "get", lambda w: reverse("groups:manage", args=[w.private.slug]), expect(member=404)),
    (
        "network group manage page",
        "get",
        lambda w: reverse("groups:manage", args=[w.network.slug]),
        expect(outsider=404, member=404, animator=404),
    ),
    (
        "join private group",
        "post",
        lambda w: reverse("groups:join", args=[w.private.slug]),
        expect(member=DONE, animator=DONE, coordinator=DONE, staff=DONE),
    ),
    (
        "leave private group",
        "post",
        lambda w: reverse("groups:leave", args=[w.private.slug]),
        expect(member=DONE, animator=DONE, coordinator=404, staff=404),
    ),
    ("invite to private group", "post", lambda w: reverse("groups:invite", args=[w.private.slug]), MANAGE_ONLY),
    (
        "decide a request",
        "post",
        lambda w: reverse("groups:decide", args=[w.private.slug, w.request.pk, "approve"]),
        MANAGE_ONLY,
    ),
    (
        "change a member's role",
        "post",
        lambda w: reverse("groups:change_role", args=[w.private.slug, w.membership.pk]),
        MANAGE_ONLY,
    ),
    (
        "remove a member",
        "post",
        lambda w: reverse("groups:remove", args=[w.private.slug, w.membership.pk]),
        MANAGE_ONLY,
    ),
    # --- Forums, network-wide pages (the outsider animates another group: they moderate its forum)
    ("forum index", "get", lambda w: reverse("forums:index"), expect(outsider=200)),
    ("unread threads", "get", lambda w: reverse("forums:unread"), expect(outsider=200)),
    ("forum search", "get", lambda w: reverse("forums:search") + "?q=x", expect(outsider=200)),
    ("moderation queue", "get", lambda w: reverse("forums:moderation"), expect(outsider=200, member=404)),
    (
        "moderation log",
        "get",
        lambda w: reverse("forums:moderation_log"),
        expect(outsider=404, member=404, animator=404),
    ),
    # --- The private group's forum
    ("private forum page", "get", forum_url("forum"), expect()),
    ("new thread form", "get", forum_url("new_thread"), expect()),
    ("new thread", "post", forum_url("new_thread"), READERS_DONE),
    ("watch private forum", "post", forum_url("watch_forum"), READERS_DONE),
    ("mention suggestions", "get", forum_url("mentions"), expect()),
    ("private thread", "get", thread_url("thread"), expect()),
    ("thread state (live catch-up)", "get", thread_url("thread_state"), expect()),
    ("reply", "post", thread_url("reply"), READERS_DONE),
    ("watch thread", "post", thread_url("watch"), READERS_DONE),
    ("move thread", "post", thread_url("move"), MANAGE_ONLY),
    *[(f"moderate thread: {act}", "post", thread_url("moderate", act), MANAGE_ONLY) for act in MODERATE_ACTIONS],
    ("post permalink", "get", post_url("post"), READERS_DONE),
    ("edit own post form", "get", post_url("edit_post"), AUTHOR_ONLY),
    ("edit own post", "post", post_url("edit_post"), dict(AUTHOR_ONLY, member=DONE)),
    (
        "edit someone else's post",
        "get",
        lambda w: reverse("forums:edit_post", args=[w.others_post.pk]),
        expect(member=404, coordinator=404, staff=404),
    ),
    ("post history", "get", post_url("post_history"), expect()),
    (
        "history of someone else's post",
        "get",
        lambda w: reverse("forums:post_history", args=[w.others_post.pk]),
        expect(member=404),
    ),
    ("delete own post", "post", post_url("delete_post"), dict(AUTHOR_ONLY, member=DONE)),
    ("thank a post", "post", post_url("thank"), READERS_DONE),
    ("flag form", "get", post_url("flag"), expect()),
    ("flag a post", "post", post_url("flag"), READERS_DONE),
    ("hide a post", "post", post_url("hide_post"), MANAGE_ONLY),
    ("show a post", "post", post_url("show_post"), MANAGE_ONLY),
    (
        "resolve a flag: hide",
        "post",
        lambda w: reverse("forums:resolve_flag", args=[w.flag.pk, "masquer"]),
        MANAGE_ONLY,
    ),
    (
        "resolve a flag: dismiss",
        "post",
        lambda w: reverse("forums:resolve_flag", args=[w.flag.pk, "ecarter"]),
        MANAGE_ONLY,
    ),
    # --- Events: the agenda (the outsider sees the network's events), then the private group's event
    ("event list", "get", lambda w: w.event_index.url, expect(outsider=200)),
    ("month view", "get", lambda w: f"{w.event_index.url}mois/", expect(outsider=200)),
    ("calendar feed settings", "get", lambda w: reverse("events:feed_settings"), expect(outsider=200)),
    (
        "create calendar feed link",
        "post",
        lambda w: reverse("events:feed_settings"),
        expect(outsider=DONE, member=DONE, animator=DONE, coordinator=DONE, staff=DONE),
    ),
    # The feed answers without a session, to the token's holder only (w.member's token).
    (
        "personal calendar feed",
        "get",
        lambda w: reverse("events:feed", args=[w.feed_token]),
        expect(anonymous=200, outsider=200),
    ),
    (
        "revoked calendar feed",
        "get",
        lambda w: reverse("events:feed", args=["jeton-revoque"]),
        expect(anonymous=404, outsider=404, member=404, animator=404, coordinator=404, staff=404),
    ),
    ("private event page", "get", event_url(), expect()),
    ("private event seats", "get", event_url("places/"), expect()),
    ("private event calendar file", "get", event_url("agenda/"), expect()),
    # w.member is registered already: told so, beside the form.
    ("register for a private event", "post", event_url("inscription/"), dict(READERS_DONE, member=400)),
    (
        "cancel a registration",
        "post",
        event_url("desinscription/"),
        expect(member=DONE, animator=400, coordinator=400, staff=400),
    ),
    ("organisers' page", "get", event_url("organisation/"), ORGANISERS_ONLY),
    *[
        (f"organiser action: {act}", "post", event_url(f"organisation/{act}/"), ORGANISERS_DONE)
        for act in ORGANISER_ACTIONS
    ],
    *[
        (f"organiser page: {page}", "get", event_url(f"organisation/{page}/"), ORGANISERS_ONLY)
        for page in ORGANISER_PAGES
    ],
    (
        "new group event form",
        "get",
        lambda w: w.event_index and reverse("events:create", args=[w.private.slug]),
        ORGANISERS_ONLY,
    ),
    ("edit group event form", "get", lambda w: reverse("events:edit", args=[w.event.pk]), ORGANISERS_ONLY),
    # --- Library: the index (every member), then the private group's resource, its files and versions
    ("library", "get", lambda w: w.library.url, expect(outsider=200)),
    ("library search", "get", lambda w: f"{w.library.url}?q=protocole", expect(outsider=200)),
    ("private resource page", "get", resource_url(), expect()),
    ("private resource file (current version)", "get", file_url(), expect()),
    (
        "private resource file (earlier version)",
        "get",
        lambda w: file_url(f"versions/{w.old_version.pk}/")(w),
        expect(),
    ),
    ("new version form", "get", file_url("nouvelle-version/"), VERSION_UPLOADERS),
    (
        "upload a new version",
        "post",
        file_url("nouvelle-version/"),
        expect(member=404, animator=DONE, coordinator=DONE, staff=DONE),
    ),
    ("follow a private resource", "post", resource_url("suivre/"), READERS_DONE),
    ("Wagtail document URL (current version)", "get", lambda w: w.resource_file.document.url, expect()),
    ("Wagtail document URL (earlier version)", "get", lambda w: w.old_version.document.url, expect()),
    # Files stored under MEDIA_ROOT are reached through the views above only, never by their path.
    (
        "stored file by its media path",
        "get",
        lambda w: f"/media/{w.resource_file.document.file.name}",
        expect(anonymous=404, outsider=404, member=404, animator=404, coordinator=404, staff=404),
    ),
    ("propose to the private group", "get", lambda w: f"{w.library.url}proposer/?groupe={w.private.slug}", expect()),
    ("proposals list", "get", lambda w: f"{w.library.url}propositions/", expect(outsider=200)),
    (
        "a member's proposal to the private group",
        "get",
        lambda w: f"{w.library.url}propositions/{w.proposal.pk}/",
        expect(),
    ),
    (
        "resources due for review",
        "get",
        lambda w: f"{w.library.url}a-revoir/",
        expect(outsider=404, member=404, animator=404),
    ),
    # --- The site-wide search (every member; its results follow the visibility rule: see below)
    ("site search", "get", lambda w: reverse("community:search") + "?q=protocole", expect(outsider=200)),
]


class World:
    def __init__(self):
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        self.animator = UserFactory(role="cadre")
        self.member = UserFactory()
        self.outsider = UserFactory()
        self.coordinator = UserFactory(role="coordinateur", centre=None)
        self.staff = UserFactory(is_staff=True, is_superuser=True)
        TOTP.activate(self.staff, generate_totp_secret())
        self.private = make_group(
            "Groupe privé", visibility="private", join_policy="invitation", animators=[self.animator]
        )
        self.network = make_group("Groupe réseau", join_policy="request", animators=[UserFactory()])
        other = make_group("Autre groupe", visibility="private", animators=[self.outsider])
        assert other.memberships.filter(member=self.outsider).exists()
        from community.groups.services import add_member

        self.membership = add_member(self.private, self.member)
        self.request = Membership.objects.create(
            group=self.private, member=UserFactory(), status=Membership.Status.REQUESTED
        )

    def user(self, role):
        return None if role == "anonymous" else getattr(self, role)

    # Events and the forum's content are made on first use: the group cases do not pay for them.

    @cached_property
    def event_index(self):
        from tests.events.factories import event_index

        return event_index()

    @cached_property
    def event(self):
        from community.groups.services import add_member
        from events import services
        from tests.events.factories import make_event

        event = make_event("Réunion du groupe privé", group=self.private, capacity=10)
        self.registration = services.register(event, self.member)
        self.spare = UserFactory(first_name="Agathe", last_name="Renaud")
        add_member(self.private, self.spare)
        return event

    @cached_property
    def feed_token(self):
        from events.models import CalendarToken

        return CalendarToken.objects.create(member=self.member).token

    @cached_property
    def forum(self):
        return Forum.objects.get(group=self.private)

    @cached_property
    def thread(self):
        from tests.forums.factories import make_thread

        return make_thread(self.forum, author=self.member, title="Sujet du groupe privé", body="Premier message.")

    @cached_property
    def post(self):
        return self.thread.posts.get(number=1)

    @cached_property
    def others_post(self):
        from tests.forums.factories import make_thread

        return make_thread(self.forum, author=self.animator, title="Sujet de l'animateur").posts.get(number=1)

    @cached_property
    def flag(self):
        from community.groups.services import add_member
        from forums import services

        flagger = UserFactory()
        add_member(self.private, flagger)
        return services.flag_post(self.post, flagger, "Un nom de patient apparaît.")

    @cached_property
    def library(self):
        from tests.library.factories import library_index

        return library_index()

    @cached_property
    def resource(self):
        from community.library.services import versions
        from tests.library.factories import make_resource, pdf_upload

        resource = make_resource(
            "Protocole du groupe privé",
            group=self.private,
            files=[pdf_upload("protocole-v1.pdf", "Protocole, version 1")],
            owner=self.coordinator,
        )
        file_id = resource.files.get().pk
        versions.add_version(
            resource, file_id, pdf_upload("protocole-v2.pdf", "Protocole, version 2"), "Relu.", self.animator
        )
        return ResourcePage.objects.get(pk=resource.pk)

    @cached_property
    def resource_file(self):
        return self.resource.files.select_related("document").get()

    @cached_property
    def old_version(self):
        return (
            self.resource_file.versions.exclude(document=self.resource_file.document).select_related("document").get()
        )

    @cached_property
    def proposal(self):
        from community.library.services import proposals
        from tests.library.factories import pdf_upload

        data = proposals.Proposal(
            title="Proposition du groupe privé", resource_type="guide", summary="Pour le groupe.", group=self.private
        )
        return proposals.submit(self.library, self.member, data, [proposals.FileInput(upload=pdf_upload())])


# Every form's fields: groups (invite, join), and forums (thread, post, flag, watch, move).
POST_DATA = {
    "email": "",
    "role": "animateur",
    "message": "",
    "title": "Un sujet",
    "body": "Un message du test.",
    "reason": "Hors sujet.",
    "level": "watching",
    "watch": "1",
}


def visit_as(client, world, role, url):
    """Sign the client in as the world's ``role`` (none for anonymous); the case's URL in that world."""
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return url(world)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name,method,url,expected", CASES, ids=[case[0] for case in CASES])
def test_authorization_matrix(client, role, name, method, url, expected):
    world = World()
    target = visit_as(client, world, role, url)
    data = dict(POST_DATA, email=world.outsider.email)
    if target.startswith("/forums/"):
        data["forum"] = world.forum.pk  # where a thread moves: its own forum, which every moderator of it moderates
    if target.startswith("/evenements/") and "organisation/" in target:
        # Valid organiser forms: register the spare member, remove the registered one, ten seats...
        data.update(
            member=world.spare.email if target.endswith("/inscrire/") else world.member.pk,
            capacity=10,
            audience="confirmed",
            text="La salle change : rendez-vous au deuxième étage.",
            confirm="on",
            registration=world.registration.pk,
            attended="1",
        )
    if "/nouvelle-version/" in target:
        from tests.library.factories import pdf_upload

        data.update(file=pdf_upload("protocole-v3.pdf", "Protocole, version 3"), note="Corrections.")
    response = client.post(target, data) if method == "post" else client.get(target)
    assert response.status_code == expected[role], f"{name} as {role}"
    if response.status_code == LOGIN and role == "anonymous":
        assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_outsiders_find_no_private_resource(client, django_capture_on_commit_callbacks):
    """The search pages answer every member, but a private resource (its title, its file's words) only its audience."""
    from tests.library.factories import library_index, make_resource, pdf_upload

    world = World()
    upload = pdf_upload("protocole.pdf", "Protocole", ["Le mot ornithorynque n'est écrit que dans ce fichier."])
    with django_capture_on_commit_callbacks(execute=True):  # the file's text is extracted after commit
        make_resource("Protocole zygomorphe du groupe", group=world.private, files=[upload], owner=world.coordinator)
        make_resource("Protocole zygomorphe du réseau", owner=world.coordinator)
    library = library_index().url
    site = reverse("community:search")
    for role, sees_private in [("outsider", False), ("member", True), ("animator", True), ("coordinator", True)]:
        client.force_login(world.user(role))
        for url in [f"{library}?q=zygomorphe", f"{site}?q=zygomorphe"]:
            text = client.get(url).text
            assert "Protocole zygomorphe du réseau" in text, f"{url} as {role}"
            assert ("Protocole zygomorphe du groupe" in text) is sees_private, f"{url} as {role}"
        for url in [f"{library}?q=ornithorynque", f"{site}?q=ornithorynque"]:
            assert ("Protocole zygomorphe du groupe" in client.get(url).text) is sees_private, f"{url} as {role}"


# --- Steering (/pilotage/): seen by centre and role, not by group ----------------------------------------
# Every route of ``community/steering/urls.py``. Centre A (``w.aubrac``, in service) has ``w.responder_a`` and
# ``w.cadre_a``; centre B (``w.bigorre``) is deploying, with the modèle cible's milestones and ``w.cadre_b``
# as its cadre, so that one role steers each centre and none the other. Both have sent two months, the
# latest complete month still to come: that is the month the forms post.

STEERING_ROLES = ["anonymous", "partner", "responder_a", "cadre_a", "cadre_b", "coordinator", "staff"]


def steering_expect(
    anonymous=LOGIN, partner=200, responder_a=200, cadre_a=200, cadre_b=200, coordinator=200, staff=200
):
    statuses = [anonymous, partner, responder_a, cadre_a, cadre_b, coordinator, staff]
    return dict(zip(STEERING_ROLES, statuses, strict=True))


CENTRE_A_MEMBERS = steering_expect(partner=404, cadre_b=404)
CENTRE_A_STEERS = steering_expect(partner=404, responder_a=404, cadre_b=404)
CENTRE_B_MEMBERS = steering_expect(partner=404, responder_a=404, cadre_a=404)
CADRES_AND_COORDINATORS = steering_expect(partner=404, responder_a=404)  # a cadre imports their own centre
SIGNED_IN_405 = steering_expect(partner=405, responder_a=405, cadre_a=405, cadre_b=405, coordinator=405, staff=405)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def centre_a(name, query=""):
    return lambda w: reverse(f"steering:{name}", args=[w.aubrac.slug]) + query


def steering(name):
    return lambda w: reverse(f"steering:{name}")


STEERING_CASES = [
    # Indicators: the network as a whole for every member, one centre's series for its members.
    ("indicators overview", "get", steering("overview"), steering_expect()),
    ("network chart", "get", steering("network_chart"), steering_expect()),
    ("network CSV", "get", steering("network_csv"), steering_expect()),
    ("comparison", "get", steering("comparison"), steering_expect()),
    ("comparison chart", "get", steering("comparison_chart"), steering_expect()),
    ("comparison CSV", "get", steering("comparison_csv"), steering_expect()),
    ("centre A page", "get", centre_a("centre"), CENTRE_A_MEMBERS),
    ("centre A rate chart", "get", centre_a("centre_chart"), CENTRE_A_MEMBERS),
    ("centre A calls chart", "get", centre_a("centre_chart", "?serie=appels"), CENTRE_A_MEMBERS),
    ("centre A CSV", "get", centre_a("centre_csv"), CENTRE_A_MEMBERS),
    ("centre A month form", "get", centre_a("edit_month"), CENTRE_A_STEERS),
    (
        "centre A month entry",
        "post",
        centre_a("edit_month"),
        dict(CENTRE_A_STEERS, cadre_a=DONE, coordinator=DONE, staff=DONE),
    ),
    # Import: a cadre's own centre, coordinators any; cadre B's file of centre A's rows is refused by cell.
    ("import page", "get", steering("import"), CADRES_AND_COORDINATORS),
    (
        "import centre A's month",
        "post",
        steering("import"),
        dict(CADRES_AND_COORDINATORS, cadre_a=DONE, cadre_b=400, coordinator=DONE, staff=DONE),
    ),
    ("import template (CSV)", "get", steering("import_template_csv"), CADRES_AND_COORDINATORS),
    ("import template (XLSX)", "get", steering("import_template_xlsx"), CADRES_AND_COORDINATORS),
    # Deployment: the timeline for every member; centre B's checklist for its members and coordinators.
    ("deployment timeline", "get", steering("deployment"), steering_expect()),
    (
        "centre B checklist",
        "get",
        lambda w: reverse("steering:deployment_centre", args=[w.bigorre.slug]),
        CENTRE_B_MEMBERS,
    ),
    (
        "move a centre B milestone",
        "post",
        lambda w: reverse("steering:milestone", args=[w.step.pk]),
        dict(CENTRE_B_MEMBERS, cadre_b=DONE, coordinator=DONE, staff=DONE),
    ),
    # The milestone URL takes posts only: 405 before anything is looked up, for whoever signed in.
    (
        "milestone URL by GET",
        "get",
        lambda w: reverse("steering:milestone", args=[w.step.pk]),
        SIGNED_IN_405,
    ),
]
# Pages that name every deploying centre to every member: the checks on names below skip them.
NAMES_EVERY_OPENING = {"deployment timeline"}


class SteeringWorld:
    def __init__(self):
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        from community.steering import stats
        from tests.community.factories import CentreFactory
        from tests.steering.factories import cadre_of, deploying_centre, make_months, milestone

        self.month = stats.last_complete_month()
        self.aubrac = CentreFactory(name="Centre Aubrac")
        self.bigorre = deploying_centre("Centre Bigorre")
        for centre in (self.aubrac, self.bigorre):
            make_months(centre, 2, stats.add_months(self.month, -1))
        self.step = milestone(self.bigorre)
        self.partner = UserFactory(role="partenaire", centre=None)
        self.responder_a = UserFactory(role="repondant", centre=self.aubrac)
        self.cadre_a = cadre_of(self.aubrac)
        self.cadre_b = cadre_of(self.bigorre)
        self.coordinator = UserFactory(role="coordinateur", centre=None)
        self.staff = UserFactory(centre=None, is_staff=True, is_superuser=True)  # staff, not coordinator by role
        TOTP.activate(self.staff, generate_totp_secret())

    def user(self, role):
        return None if role == "anonymous" else getattr(self, role)

    def hidden_centres(self, role):
        """The centres a role must never find named: all but its own, unless it oversees the network."""
        return {
            "partner": [self.aubrac, self.bigorre],
            "responder_a": [self.bigorre],
            "cadre_a": [self.bigorre],
            "cadre_b": [self.aubrac],
        }.get(role, [])

    def post_data(self, target):
        from django.core.files.uploadedfile import SimpleUploadedFile

        month = f"{self.month:%Y-%m}"
        if target == reverse("steering:import"):
            header = "centre;mois;appels_recus;appels_decroches;attente_mediane_s;etp;arrivees;departs"
            text = f"{header}\r\n{self.aubrac.slug};{month};1000;912;40;12,5;0;0\r\n"
            return {"file": SimpleUploadedFile("indicateurs.csv", text.encode())}
        if "/deploiement/" in target:
            prefix = f"jalon-{self.step.pk}"
            seen = {"status": self.step.status, "owner": "", "due_date": "", "notes": ""}
            data = {f"initial-{prefix}-{name}": value for name, value in seen.items()}
            return data | {f"{prefix}-{name}": value for name, value in seen.items()} | {f"{prefix}-status": "en_cours"}
        return {"month": month, "calls_received": "1000", "calls_answered": "912"}

    def saved(self):
        """Whether a post's change is in the database: centre A's new month, or centre B's milestone moved."""
        from community.steering.models import MonthlyIndicator

        self.step.refresh_from_db()
        return MonthlyIndicator.objects.filter(month=self.month).exists(), self.step.status == "en_cours"


@pytest.mark.django_db
@pytest.mark.parametrize("role", STEERING_ROLES)
@pytest.mark.parametrize("name,method,url,expected", STEERING_CASES, ids=[case[0] for case in STEERING_CASES])
def test_steering_authorization_matrix(client, role, name, method, url, expected):
    world = SteeringWorld()
    target = visit_as(client, world, role, url)
    response = client.post(target, world.post_data(target)) if method == "post" else client.get(target)
    assert response.status_code == expected[role], f"{name} as {role}"
    if role == "anonymous":
        assert response.url.startswith(reverse("account_login"))
    if method == "post":
        month_saved, step_moved = world.saved()
        done = role != "anonymous" and response.status_code == DONE  # LOGIN is a 302 too
        assert (month_saved or step_moved) is done, f"{name} as {role}"
    # What a centre's member is given never names another centre (the pages and files as text; the
    # workbook's names are H1's tests'). Which centre each sees in detail: tests/steering/test_indicator_pages.py.
    if response.status_code == 200 and name not in NAMES_EVERY_OPENING and response["Content-Type"] != XLSX:
        body = response.content.decode("utf-8-sig")
        for centre in world.hidden_centres(role):
            assert centre.name not in body and centre.slug not in body, f"{name} as {role} names {centre.name}"

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils.text import slugify

from allauth.account.models import EmailAddress
from wagtail import hooks
from wagtail.models import Page

from community import demo_data
from community.demo_data import DOMAIN
from community.models import Centre, HomePage, NewsIndexPage, NewsPage, Role, StandardPage, User


class Command(BaseCommand):
    """The fictional demo network: centres, members, pages and groups, then the other apps' demo data.

    Another app adds its own data without ``community`` importing it: it registers a function under the
    Wagtail hook ``register_demo_data`` (``@hooks.register("register_demo_data")`` in its
    ``wagtail_hooks.py``), called with the command's stdout once the members and groups exist. Each
    such function is idempotent too, and prints one summary line.
    """

    help = (
        "Load the fictional demo network (centres, members, news, groups), then each app's demo data "
        "registered with the register_demo_data hook (forums, ...). Safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():  # e-mails of the demo's own actions go out at commit, before the logins
            centres = self.seed_centres()
            self.seed_members(centres)
            self.seed_pages()
            self.seed_groups()
        for seed_app_data in hooks.get_hooks("register_demo_data"):  # each in a transaction of its own
            seed_app_data(self.stdout)
        # Fresh statistics for the query planner: without them SQLite joins the full-text index last and
        # the library's searches cost several times more (bench/README.md, "Library and site search").
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # Apps may add members of their own (e.g. the benchmark's registrants): count them all.
        members = User.objects.count()
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(centres)} centres, {members} members.")
        )
        self.print_logins()

    def seed_centres(self) -> list[Centre]:
        centres = []
        for suffix, region, zone, kind, status, opened in demo_data.CENTRES:
            name = f"Centre de réponse {suffix}"
            centre, _ = Centre.objects.update_or_create(
                slug=slugify(suffix),
                defaults=dict(name=name, region=region, timezone=zone, kind=kind, status=status, opening_date=opened),
            )
            centres.append(centre)
        return centres

    def seed_members(self, centres: list[Centre]) -> int:
        people = self._people()
        count = 0
        # The national hub: an administrator (staff, two-factor required) and coordinators.
        self._member("admin", "Alice", "Administratrice", Role.COORDINATOR, None, is_staff=True, is_superuser=True)
        for login, first, last in [("coordination", "Marion", "Delaunay"), ("coordination2", "Hugo", "Ferrand"), ("coordination3", "Isabelle", "Nguyen")]:
            self._member(login, first, last, Role.COORDINATOR, None)
        count += 4
        for centre in centres:
            roles = demo_data.CENTRE_ROLES if centre.status == Centre.Status.IN_SERVICE else ["cadre"]
            for role in roles:
                first, last = next(people)
                self._member(f"{role}.{centre.slug}", first, last, role, centre)
                count += 1
        for index in range(2):
            first, last = next(people)
            self._member(f"partenaire{index + 1}", first, last, Role.PARTNER, None)
            count += 1
        return count

    @staticmethod
    def _people():
        first, last = demo_data.FIRST_NAMES, demo_data.LAST_NAMES
        index = 0
        while True:
            # Shift the surname every round of first names, so that no two people share both.
            yield first[index % len(first)], last[(index * 7 + index // len(first)) % len(last)]
            index += 1

    def _member(self, login, first, last, role, centre, **flags) -> User:
        email = f"{login}@{DOMAIN}"
        member, created = User.objects.update_or_create(
            email=email, defaults=dict(first_name=first, last_name=last, role=role, centre=centre, **flags)
        )
        if created:
            member.set_password(demo_data.DEMO_PASSWORD)
            member.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(user=member, email=email, defaults={"verified": True, "primary": True})
        return member

    def seed_pages(self) -> None:
        home = HomePage.objects.first()
        if home.intro != demo_data.HOME_INTRO:
            home.intro = demo_data.HOME_INTRO
            home.save_revision().publish()
        news_index = NewsIndexPage.objects.child_of(home).first()
        if news_index is None:
            news_index = home.add_child(
                instance=NewsIndexPage(title="Actualités", slug="actualites", intro="Les nouvelles du réseau 3114.")
            )
        for published, title, intro, text in demo_data.NEWS:
            slug = slugify(title)[:80]
            if not NewsPage.objects.filter(slug=slug).exists():
                news_index.add_child(
                    instance=NewsPage(
                        title=title, slug=slug, date=published, intro=intro, body=[("paragraph", f"<p>{text}</p>")]
                    )
                )
        for slug, title, intro in demo_data.SECTION_PAGES:
            # Any page at that slug will do: an app's demo may have replaced the placeholder with its own index.
            if not Page.objects.child_of(home).filter(slug=slug).exists():
                home.add_child(instance=StandardPage(title=title, slug=slug, intro=intro))

    def seed_groups(self) -> None:
        from community.groups import services as group_services
        from community.groups.models import WorkingGroup

        for slug, name, description, visibility, policy, roles, animator in demo_data.GROUPS:
            if WorkingGroup.objects.filter(slug=slug).exists():
                continue
            group = group_services.create_group(
                name=name, slug=slug, description=description, visibility=visibility, join_policy=policy,
                eligible_roles=roles, animators=[User.objects.get(email=f"{animator}@{DOMAIN}")],
            )
            members = User.objects.filter(role__in=roles) if roles else User.objects.filter(centre__isnull=False)
            for member in members.exclude(group_memberships__group=group).order_by("pk")[:: 2 if roles else 5]:
                group_services.add_member(group, member)
        # Something for the demo coordinator to decide.
        postvention = WorkingGroup.objects.get(slug="postvention")
        applicant = User.objects.get(email=f"repondant.martinique@{DOMAIN}")
        if not postvention.memberships.filter(member=applicant).exists():
            group_services.join_group(postvention, applicant, "Je souhaite contribuer aux procédures de postvention de mon centre.")

    def print_logins(self) -> None:
        password = demo_data.DEMO_PASSWORD
        self.stdout.write("\nDemo logins (password for all: %s)" % password)
        for email, what in [
            (f"admin@{DOMAIN}", "administratrice (staff: two-factor enrolment asked at first login)"),
            (f"coordination@{DOMAIN}", "coordinatrice du pôle national (approves access requests)"),
            (f"coordination2@{DOMAIN}", "coordinateur, animates the Postvention group (a join request waits)"),
            (f"cadre.bretagne@{DOMAIN}", "cadre de santé, Centre de réponse Bretagne"),
            (f"repondant.guadeloupe@{DOMAIN}", "répondant·e, Centre de réponse Guadeloupe"),
        ]:
            self.stdout.write(f"  {email:38} {what}")

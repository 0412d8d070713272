import factory
from allauth.account.models import EmailAddress
from django.utils.text import slugify

from community.models import AccessRequest, Centre, NewsPage, User

DEFAULT_PASSWORD = "motdepasse-de-test-3114"


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ["slug"]

    region = factory.Iterator(["Bretagne", "Occitanie", "Grand Est", "Normandie", "Guadeloupe"])
    name = factory.Sequence(lambda n: f"Centre de réponse test {n}")
    slug = factory.LazyAttribute(lambda centre: slugify(centre.name))
    timezone = "Europe/Paris"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"membre{n}@reseau3114.test")
    role = "repondant"
    centre = factory.SubFactory(CentreFactory)

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            user.save(update_fields=["password"])
            # Accounts come from invitations, whose link proved the address.
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class AccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessRequest

    first_name = "Justine"
    last_name = "Carpentier"
    email = factory.Sequence(lambda n: f"demande{n}@ch-exemple.test")
    centre = factory.SubFactory(CentreFactory)
    role = "superviseur"
    reason = "Superviseure au centre, je souhaite rejoindre le club des cadres."


def add_news(index, title, date, intro="Chapeau de l'actualité."):
    return index.add_child(instance=NewsPage(title=title, slug=slugify(title), date=date, intro=intro))


def make_group(
    name="Groupe Postvention", visibility="network", join_policy="open", eligible_roles=(), animators=(), members=()
):
    """A working group through the service, with ``animators`` and then ``members`` added."""
    from community.groups.services import add_member, create_group

    group = create_group(
        name=name,
        slug=slugify(name),
        description=f"Description du {name}.",
        visibility=visibility,
        join_policy=join_policy,
        eligible_roles=eligible_roles,
        animators=animators,
    )
    for member in members:
        add_member(group, member)
    return group

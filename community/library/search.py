"""Finding resources: full-text search, facets and sort, with the visibility rule inside the query.

``search_resources`` is the one function the library page and the site-wide search call. Without
words it reads ``ResourcePage.objects.visible_to(user)``; with words it asks Wagtail's search backend
(title, summary, body, themes and the text of the files), whose database backends filter on indexed
fields only: the audience is carried by ``audience_key`` (0: the whole network, else the group's id),
filtered on the groups whose content the user may read, before any pagination. The backend's
matches come back as a queryset, so the facet filters, the rule itself and the counts are plain ORM
on the same set: a constant number of queries whatever the number of resources.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend

from community import permissions
from community.groups.models import Membership, WorkingGroup
from community.library.models import ResourceFile, ResourcePage, ResourceTag, ResourceType
from community.search_text import excerpt, matches

RELEVANCE, DATE = "pertinence", "date"
ORDERS = [(RELEVANCE, _("Pertinence")), (DATE, _("Date de publication"))]
NETWORK = "reseau"  # the group facet's value for resources open to the whole network
MAX_QUERY_CHARS = 200
MAX_VALUES = 20  # per facet in a request: more is not a person's choice
FIRST_YEAR, LAST_YEAR = 1900, 2200


def readable_groups(user):
    """The groups whose content ``user`` may read (``permissions.group_content_q`` seen from the group).

    Each row says whether the user animates it (``animates``): a moderator of proposals.
    """
    if not permissions.is_member(user):
        return WorkingGroup.objects.none()
    animates = Exists(Membership.objects.filter(group=OuterRef("pk"), member=user, status="active", role="animateur"))
    groups = WorkingGroup.objects.annotate(animates=animates).order_by("name")
    if permissions.oversees_network(user):
        return groups
    active = Exists(Membership.objects.filter(group=OuterRef("pk"), member=user, status="active"))
    return groups.filter(Q(visibility=WorkingGroup.Visibility.NETWORK) | Q(active))


@dataclass(frozen=True)
class Filters:
    """Facet values chosen: several values of one facet widen (or), facets narrow each other (and)."""

    types: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # tag slugs
    groups: tuple[str, ...] = ()  # group slugs, or NETWORK
    years: tuple[int, ...] = ()

    @classmethod
    def from_params(cls, params) -> "Filters":
        """From a GET query (``type``, ``theme``, ``groupe``, ``annee``); a value that cannot be one is dropped."""

        def values(name):
            return tuple(dict.fromkeys(v.strip() for v in params.getlist(name) if v.strip() and len(v) <= 120))[
                :MAX_VALUES
            ]

        return cls(
            types=tuple(v for v in values("type") if v in ResourceType.values),
            themes=values("theme"),
            groups=values("groupe"),
            years=tuple(int(v) for v in values("annee") if v.isdigit() and FIRST_YEAR <= int(v) <= LAST_YEAR),
        )

    def __bool__(self) -> bool:
        return bool(self.types or self.themes or self.groups or self.years)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str  # the GET parameter
    label: str
    values: list[FacetValue] = field(default_factory=list)


class ResourceResults:
    """The resources found, in order (a lazy queryset: paginate it), and the facets of the same set."""

    def __init__(self, user, query: str, filters: Filters, order: str):
        self.user, self.query, self.filters = user, query, filters
        self.order = order if query else DATE
        self.groups = list(readable_groups(user))  # one query: audience filter, group facet labels
        self.matched = self._matched()
        files = ResourceFile.objects.order_by("sort_order", "pk")
        if self.query:  # the excerpt may come from a file's text
            files = files.select_related("document__extracted")
        # A page of results reads its rows in one query, then themes and files in one each.
        self.queryset = (
            self._narrowed(self.matched)
            .select_related("group", "author_group", "author_centre")
            .prefetch_related("tags", Prefetch("files", queryset=files, to_attr="file_list"))
        )

    # --- The set ---------------------------------------------------------------------------------------------

    def _matched(self):
        """Visible resources that match the words (every visible one without words), before the facet filters."""
        user = self.user
        if not self.query:
            return ResourcePage.objects.visible_to(user).order_by("-publication_date", "-pk")
        base = ResourcePage.objects.live()
        if not permissions.is_member(user):
            return ResourcePage.objects.none()
        if not permissions.oversees_network(user):
            base = base.filter(audience_key__in=[0, *(group.pk for group in self.groups)])
        by_relevance = self.order == RELEVANCE
        if not by_relevance:
            base = base.order_by("-publication_date", "-id")
        found = get_search_backend().search(self.query, base, operator="and", order_by_relevance=by_relevance)
        # The backend's matches as a queryset (still one SQL query); the rule once more on the rows
        # themselves, so that an audience_key out of step with the group can never show a resource.
        return found.get_queryset().filter(permissions.group_content_q(user, "group"))

    def _group_ids(self, slugs) -> tuple[set[int], bool]:
        by_slug = {group.slug: group.pk for group in self.groups}
        return {by_slug[slug] for slug in slugs if slug in by_slug}, NETWORK in slugs

    def _narrowed(self, resources, without: str = ""):
        filters = self.filters
        if filters.types and without != "type":
            resources = resources.filter(resource_type__in=filters.types)
        if filters.themes and without != "theme":
            tagged = ResourceTag.objects.filter(tag__slug__in=filters.themes).values("content_object_id")
            resources = resources.filter(pk__in=tagged)
        if filters.groups and without != "groupe":
            ids, network = self._group_ids(filters.groups)
            wanted = Q(group_id__in=ids) | Q(author_group_id__in=ids)
            if network:
                wanted |= Q(group__isnull=True)
            resources = resources.filter(wanted)
        if filters.years and without != "annee":
            years = Q()
            for year in filters.years:
                years |= Q(publication_date__range=(date(year, 1, 1), date(year, 12, 31)))
            resources = resources.filter(years)
        return resources

    # --- What a page of results shows --------------------------------------------------------------------------

    def decorate(self, rows) -> list[ResourcePage]:
        """Give one page of results what its rows show: sorted themes, file count, excerpt (no query)."""
        rows = list(rows)
        for resource in rows:
            resource.themes = sorted(resource.tags.all(), key=lambda tag: tag.name.lower())
            resource.file_count = len(resource.file_list)
            resource.excerpt, resource.excerpt_source = self._excerpt(resource)
        return rows

    def _excerpt(self, resource) -> tuple[str, str]:
        """An excerpt with the words marked: from the summary or body, else from the file where they are."""
        if not self.query:
            return "", ""
        text = f"{resource.summary} {strip_tags(resource.body)}"
        if matches(text, self.query) or matches(resource.title, self.query):
            return excerpt(text, self.query), ""
        for file in resource.file_list:
            extracted = getattr(file.document, "extracted", None) if file.document_id else None
            if extracted is not None and extracted.text and matches(extracted.text, self.query):
                return excerpt(extracted.text, self.query), file.label
        return excerpt(text, self.query), ""

    # --- Facets ------------------------------------------------------------------------------------------------

    def _others(self, name: str):
        """The set as the other facets narrow it: a facet's counts say what choosing one of its values gives."""
        return self._narrowed(self.matched, without=name).order_by()

    @cached_property
    def facets(self) -> list[Facet]:
        """Type, theme, group and year, with their counts on the found set: four queries."""
        return [self._type_facet(), self._theme_facet(), self._group_facet(), self._year_facet()]

    def _type_facet(self) -> Facet:
        counts = dict(self._others("type").values_list("resource_type").annotate(n=Count("pk")))
        return Facet(
            "type",
            _("Type"),
            [
                FacetValue(value, label, counts.get(value, 0), value in self.filters.types)
                for value, label in ResourceType.choices
                if counts.get(value) or value in self.filters.types
            ],
        )

    def _theme_facet(self) -> Facet:
        rows = (
            ResourceTag.objects.filter(content_object__in=self._others("theme").values("pk"))
            .values("tag__slug", "tag__name")
            .annotate(n=Count("content_object", distinct=True))
            .order_by("tag__name")
        )
        return Facet(
            "theme",
            _("Thème"),
            [
                FacetValue(row["tag__slug"], row["tag__name"], row["n"], row["tag__slug"] in self.filters.themes)
                for row in rows
            ],
        )

    def _group_facet(self) -> Facet:
        """A resource counts for its audience's group and its author group (once if they are the same)."""
        pairs = self._others("groupe").values_list("group_id", "author_group_id").annotate(n=Count("pk"))
        counts: dict = {}
        for audience, author, n in pairs:
            counts[audience or NETWORK] = counts.get(audience or NETWORK, 0) + n
            if author and author != audience:
                counts[author] = counts.get(author, 0) + n
        selected = set(self.filters.groups)
        values = [FacetValue(NETWORK, _("Tout le réseau"), counts.get(NETWORK, 0), NETWORK in selected)]
        values += [
            FacetValue(group.slug, group.name, counts.get(group.pk, 0), group.slug in selected) for group in self.groups
        ]
        return Facet("groupe", _("Groupe"), [value for value in values if value.count or value.selected])

    def _year_facet(self) -> Facet:
        counts = (
            self._others("annee")
            .annotate(year=ExtractYear("publication_date"))
            .values_list("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        return Facet(
            "annee",
            _("Année"),
            [FacetValue(str(year), str(year), n, year in self.filters.years) for year, n in counts],
        )

    # --- As a sequence, for Paginator and the site-wide search ---------------------------------------------------

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self):
        return iter(self.queryset)

    def __getitem__(self, item):
        return self.queryset[item]


def search_resources(user, query: str = "", *, filters: Filters | None = None, order: str = RELEVANCE):
    """The resources ``user`` may see that match ``query`` and ``filters``, by relevance or by date.

    Without words, newest first. The result paginates like a queryset (``Paginator(results, 20)``);
    ``decorate(page.object_list)`` gives a page's rows their themes, file count and excerpt; ``facets`` counts each facet's values.
    """
    query = " ".join(query.split())[:MAX_QUERY_CHARS]
    return ResourceResults(user, query, filters or Filters(), order if order in (RELEVANCE, DATE) else RELEVANCE)

"""One search for the whole site (``/recherche/``), made of what each app contributes.

Apps register a function under the ``register_search_providers`` Wagtail hook (in their
``wagtail_hooks.py``) that returns a ``Provider``: a kind of result (members, resources, forum
posts...), its French label, its place on the page, and ``search(request, query) -> Hits``.
``community`` never imports the apps.

Every provider starts from the visibility rule (``visible_to(user)`` querysets, or the app's own
search that applies it in the query): a result, and a count, only ever covers what the member may
see. ``Hits`` counts and slices lazily, one query each, so that the page costs the same for three
matches as for three thousand.
"""

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from community import search_text

HOOK = "register_search_providers"
QUERY_MIN_CHARS = 2
QUERY_MAX_CHARS = 200
MAX_WORDS = 10  # a query's words each add a condition: bound them
PER_KIND = 5
PER_PAGE = 20


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    excerpt: str = ""  # safe HTML: escaped text with the query's words in <mark>
    meta: str = ""  # one plain line: date, forum, group...
    found_in: str = ""  # where the words were found when it is not the page itself: "le fichier « ... »"


class Hits:
    """A provider's matches: ``count()`` and slices (``hits[:5]`` gives ``Result`` objects), as a paginator wants.

    ``items`` is a queryset or Wagtail search results, already limited to what the member may see;
    ``present`` turns one slice of it into results (with at most one more query for the whole slice).
    """

    def __init__(self, items, present: Callable[[list], list[Result]]):
        self.items = items
        self.present = present
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.items.count()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key) -> list[Result]:
        if not isinstance(key, slice):
            raise TypeError("Hits are read by slices.")
        return self.present(list(self.items[key]))


class NoHits(Hits):
    def __init__(self):
        super().__init__(None, lambda rows: [])
        self._count = 0

    def __getitem__(self, key) -> list[Result]:
        return []


@dataclass(frozen=True)
class Provider:
    key: str  # ASCII, used in ``?type=`` and in the page's anchors
    label: str  # the kind, plural, in French: "Ressources"
    order: int
    search: Callable[[HttpRequest, str], Hits]
    more_url: Callable[[str], str] | None = None  # the app's own search for this query, if it has one


def providers() -> list[Provider]:
    return sorted((register() for register in hooks.get_hooks(HOOK)), key=lambda provider: provider.order)


# --- Helpers for providers -------------------------------------------------------------------------


def words(query: str) -> list[str]:
    """The words worth matching (two characters or more), at most ``MAX_WORDS``."""
    return [word for word in query.split() if len(word) >= QUERY_MIN_CHARS][:MAX_WORDS]


def match_words(query: str, *fields: str) -> Q:
    """Every word of the query found in one of ``fields`` (case-insensitive), as one filter."""
    terms = words(query) or [query.strip()]
    return reduce(and_, (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in terms))


def excerpt(text: str, query: str) -> str:
    """Plain text around the first match, escaped, with the query's words in ``<mark>`` (``community.search_text``)."""
    return search_text.excerpt(text or "", query)


def rich_excerpt(text: str, query: str) -> str:
    """The same for rich text (HTML): its tags dropped and its entities read first."""
    return search_text.excerpt(html.unescape(strip_tags(text or "")), query)


def matches(text: str, query: str) -> bool:
    return search_text.matches(text or "", query)


# --- The page --------------------------------------------------------------------------------------


class SiteSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Mots recherchés"),
        required=False,
        max_length=QUERY_MAX_CHARS,
        error_messages={
            "max_length": _(
                "Votre recherche est trop longue : %(limit_value)d caractères au plus (elle en compte %(show_value)d)."
            )
        },
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    type = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


@dataclass
class Group:
    provider: Provider
    count: int
    results: Sequence[Result]
    more_url: str

    @property
    def anchor(self) -> str:
        return f"resultats-{self.provider.key}"


def search_view(request):
    form = SiteSearchForm(request.GET or None)
    context = {"form": form, "query": "", "groups": [], "empty_kinds": [], "total": 0, "kind": None, "page": None}
    if form.is_bound and not form.is_valid():
        form.fields["q"].widget.attrs["aria-describedby"] = f"{form['q'].auto_id}_error"
        return render(request, "community/search.html", context, status=400)
    query = " ".join(form.cleaned_data["q"].split()) if form.is_bound else ""
    if len(query) < QUERY_MIN_CHARS:
        context["too_short"] = bool(query)
        return render(request, "community/search.html", context)
    context["query"] = query
    by_key = {provider.key: provider for provider in providers()}
    kind = by_key.get(form.cleaned_data["type"])
    if kind is not None:
        # One kind, every match, page by page.
        page = Paginator(kind.search(request, query), PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            kind=kind,
            page=page,
            total=page.paginator.count,
            all_url="?" + urlencode({"q": query}),
            query_string=urlencode({"q": query, "type": kind.key}),
        )
        return render(request, "community/search.html", context)
    for provider in by_key.values():
        hits = provider.search(request, query)
        count = hits.count()
        if not count:
            context["empty_kinds"].append(provider.label)
            continue
        more = provider.more_url(query) if provider.more_url else "?" + urlencode({"q": query, "type": provider.key})
        context["groups"].append(Group(provider, count, hits[:PER_KIND], more))
        context["total"] += count
    return render(request, "community/search.html", context)

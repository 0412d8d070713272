"""Library hooks: search. The library's resources in the site-wide search (``/recherche/``).

Results come from ``search.search_resources``, the library page's own search, which applies the
visibility rule in its query; a resource found by words inside one of its files says which file.
"""

from urllib.parse import urlencode

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks

from community.search import Hits, Provider, Result

# The library's index, as the main menu has it: its search takes the same ``q``.
LIBRARY_URL = "/ressources/"


def search_library(request, query: str) -> Hits:
    from community.library.search import search_resources

    results = search_resources(request.user, query)

    def present(rows):
        found = []
        for resource in results.decorate(rows):
            meta = [
                resource.get_resource_type_display(),
                resource.group.name if resource.group_id else _("Tout le réseau"),
                date_format(resource.publication_date, "j F Y"),
            ]
            found.append(
                Result(
                    title=resource.title,
                    url=resource.get_url(request),
                    excerpt=resource.excerpt,
                    meta=" · ".join(str(part) for part in meta),
                    found_in=_("Dans le fichier « %(file)s »") % {"file": resource.excerpt_source}
                    if resource.excerpt_source
                    else "",
                )
            )
        return found

    return Hits(results, present)


def library_search_url(query: str) -> str:
    return f"{LIBRARY_URL}?{urlencode({'q': query})}"


@hooks.register("register_search_providers")
def library_search_provider():
    return Provider("ressources", gettext_lazy("Ressources"), 10, search_library, library_search_url)

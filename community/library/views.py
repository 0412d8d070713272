"""The library as members see it: the list with search and facets, and a resource's page.

Wagtail serves the pages and hands over to these functions (``LibraryIndexPage`` and ``ResourcePage``
routes); ``ResourcePage.serve`` has already answered 404 to members outside a resource's audience.
The list reads through ``search.search_resources``, which applies the visibility rule in its query.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from community import permissions
from community.library import search
from community.library.models import ResourcePage, ResourceType
from community.library.services import can_moderate, versions

RESOURCES_PER_PAGE = 20


def _query_string(params, without=("page",)) -> str:
    return urlencode([(key, value) for key, values in params.lists() if key not in without for value in values])


def library(request, index):
    user = request.user
    query = request.GET.get("q", "")
    order = request.GET.get("tri", search.RELEVANCE)
    results = search.search_resources(user, query, filters=search.Filters.from_params(request.GET), order=order)
    page = Paginator(results, RESOURCES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = results.decorate(page.object_list)
    index_url = index.get_url(request)
    coordinator = permissions.oversees_network(user)
    return render(
        request,
        "library/library_index_page.html",
        {
            "page": index,
            "index": index,
            "index_url": index_url,
            "query": results.query,
            "order": results.order,
            "orders": search.ORDERS,
            "filters": results.filters,
            "facets": results.facets,
            "resources": page,
            "query_string": _query_string(request.GET),
            "propose_url": index_url + index.reverse_subpage("propose_route"),
            # Coordinators review resources past their review date; animateurs moderate their groups' proposals.
            "review_url": index_url + index.reverse_subpage("review_route") if coordinator else "",
            "review_count": ResourcePage.objects.live().due_for_review().count() if coordinator else 0,
            "proposals_url": index_url + index.reverse_subpage("proposals_route")
            if coordinator or any(group.animates for group in results.groups)
            else "",
        },
    )


def detail(request, page: ResourcePage):
    user = request.user
    url = page.get_url(request)
    may_moderate = can_moderate(user, page)
    files = versions.files_with_versions(page, request)
    # Moderators and the resource's owner (who proposed it) add versions (the upload view asks the same).
    may_upload = may_moderate or (page.owner_id is not None and page.owner_id == user.pk)
    for file in files:
        file.upload_url = url + page.reverse_subpage("new_version_route", args=[file.pk]) if may_upload else ""
    return render(
        request,
        "library/resource_page.html",
        {
            "page": page,
            "resource": page,
            "index_url": url[: url.rstrip("/").rfind("/") + 1],  # the library's index is the resource's parent
            "themes": sorted(page.tags.all(), key=lambda tag: tag.name.lower()),
            "files": files,
            "links": list(page.links.all()),
            "is_following": versions.is_following(page, user),
            "follow_url": url + page.reverse_subpage("follow_route"),
            "may_moderate": may_moderate,
            "may_upload": may_upload,
            "admin_url": reverse("wagtailadmin_pages:edit", args=[page.pk])
            if permissions.oversees_network(user)
            else "",
            "type_label": ResourceType(page.resource_type).label if page.resource_type in ResourceType.values else "",
            "preview": getattr(request, "is_preview", False),
        },
    )

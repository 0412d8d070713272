"""Coordinators' list of the resources whose review date has come (``/ressources/a-revoir/``)."""

from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from community import permissions
from community.library.models import ResourcePage

PER_PAGE = 50


def due_resources(today=None):
    """Live resources past (or at) their review date, oldest date first, with their last version's date."""
    return (
        ResourcePage.objects.live()
        .due_for_review(today)
        .select_related("group")
        .annotate(last_version_at=Max("files__versions__created_at"))
    )


def due(request, index):
    if not permissions.oversees_network(request.user):
        raise Http404
    paginator = Paginator(due_resources(), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    for resource in page:
        resource.edit_url = reverse("wagtailadmin_pages:edit", args=[resource.pk])
    return render(request, "library/review_due.html", {"page": index, "resources": page, "total": paginator.count})

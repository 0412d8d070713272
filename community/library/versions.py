"""A resource's files as members change and follow them: a new version's upload, following a resource.

``ResourcePage.serve`` has already answered 404 to members outside the resource's audience.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from community.library.models import ResourceFile
from community.library.services import versions as services
from community.library.version_forms import NewVersionForm


def upload(request, page, file_id: int):
    """Upload a new version of a file; its stable URL then serves it, and the earlier ones stay listed."""
    if not services.can_add_version(request.user, page):
        raise Http404
    file = ResourceFile.objects.filter(page=page, pk=file_id).select_related("document").first()
    if file is None:
        raise Http404
    status = 200
    if request.method == "POST":
        form = NewVersionForm(request.POST, request.FILES)
        if form.is_valid():
            services.add_version(page, file.pk, form.cleaned_data["file"], form.cleaned_data["note"], request.user)
            messages.success(
                request,
                _(
                    "La nouvelle version de « %(file)s » est en ligne ; les personnes qui suivent la ressource sont prévenues."
                )
                % {"file": file.label},
            )
            return redirect(page.get_url(request))
        status = 400
    else:
        form = NewVersionForm()
    context = {"page": page, "file": file, "form": form}
    return render(request, "library/new_version.html", context, status=status)


def follow(request, page):
    """POST: follow the resource, or stop (``action=unfollow``, or a toggle without ``action``)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action = request.POST.get("action") or ("unfollow" if services.is_following(page, request.user) else "follow")
    if action == "follow":
        services.follow(page, request.user)
        message = _("Vous suivez cette ressource : vous serez prévenu·e de chacune de ses nouvelles versions.")
    elif action == "unfollow":
        services.unfollow(page, request.user)
        message = _("Vous ne suivez plus cette ressource.")
    else:
        return HttpResponseBadRequest(_("Action inconnue."))
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"following": action == "follow", "message": message})
    messages.success(request, message)
    return redirect(page.get_url(request))

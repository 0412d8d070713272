from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community.notifications import services
from community.notifications.forms import EmailPreferencesForm
from community.notifications.models import Notification

PER_PAGE = 30


def notification_list(request):
    notifications = Notification.objects.for_member(request.user).select_related("actor")
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
def mark_read(request, pk: int):
    services.mark_read(request.user, [pk])
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
def mark_all_read(request):
    count = services.mark_read(request.user)
    messages.success(request, _("%(count)s notification(s) marquée(s) comme lue(s).") % {"count": count})
    return redirect("notifications:list")


def preferences(request):
    current = services.frequencies_for(request.user)
    form = EmailPreferencesForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        services.set_email_preferences(request.user, form.cleaned_data)
        messages.success(request, _("Vos préférences d'e-mail ont été enregistrées."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})

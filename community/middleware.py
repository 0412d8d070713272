from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from allauth.mfa.models import Authenticator


class StaffTwoFactorMiddleware:
    """Staff must enrol a TOTP authenticator before using the site (allauth offers MFA, not a mandate)."""

    ALLOWED_PREFIXES = ("/comptes/", "/static/", "/media/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.MFA_REQUIRED_FOR_STAFF
            and user.is_authenticated
            and user.is_staff
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


class MemberTimezoneMiddleware:
    """Show dates in the member's own time zone (their centre's unless they chose another)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timezone.activate(request.user.zoneinfo)
        else:
            timezone.deactivate()
        return self.get_response(request)

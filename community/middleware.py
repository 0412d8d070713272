from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, router
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from allauth.mfa.models import Authenticator

from community.models import Centre, User


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


@cache
def _centre_timezone_sql(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    column = Centre._meta.get_field("timezone").column
    return f"SELECT {quote(column)} FROM {quote(Centre._meta.db_table)} WHERE {quote(Centre._meta.pk.column)} = %s"


def centre_timezone(centre_id: int) -> str | None:
    """A centre's time zone by one plain SQL statement: the ORM would cost ten times as much to build it."""
    alias = router.db_for_read(Centre)
    with connections[alias].cursor() as cursor:
        cursor.execute(_centre_timezone_sql(alias), [centre_id])
        row = cursor.fetchone()
    return row[0] if row else None


def member_zoneinfo(user) -> ZoneInfo:
    """``user.zoneinfo`` (their own choice, else their centre's, else the site's) without loading the centre."""
    if user.timezone or not user.centre_id or User.centre.is_cached(user):
        return user.zoneinfo
    return ZoneInfo(centre_timezone(user.centre_id) or settings.TIME_ZONE)


class MemberTimezoneMiddleware:
    """Show dates in the member's own time zone (their centre's unless they chose another)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            timezone.activate(member_zoneinfo(request.user))
        else:
            timezone.deactivate()
        return self.get_response(request)

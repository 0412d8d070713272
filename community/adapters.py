import time

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        """The network is closed: accounts come only from invitations (see community.services)."""
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A password typed minutes ago is as good as a reauthentication.

        Staff are sent to two-factor enrolment right after signing in; asking for the password a
        second time there would only teach people to type it without thinking.
        """
        request = context.request
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return super().is_reauthentication_required(app=app, **kwargs)

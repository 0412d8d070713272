from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """The network is closed: accounts come only from invitations (see community.services)."""

    def is_open_for_signup(self, request) -> bool:
        return False

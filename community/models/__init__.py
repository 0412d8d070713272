from .access import AccessRequest, Invitation
from .centres import Centre
from .members import Role, User
from .pages import HomePage, NewsIndexPage, NewsPage, StandardPage

__all__ = [
    "AccessRequest",
    "Centre",
    "HomePage",
    "Invitation",
    "NewsIndexPage",
    "NewsPage",
    "Role",
    "StandardPage",
    "User",
]

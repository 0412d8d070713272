"""Who may do what: the one place that answers access questions for every view and service."""


def can_manage_access(user) -> bool:
    """Coordinators and staff decide access requests and send invitations."""
    return bool(user and user.is_authenticated and user.is_active and (user.is_staff or user.is_coordinator))


def access_managers():
    """Members told of new access requests: active coordinators."""
    from django.contrib.auth import get_user_model

    from community.models import Role

    return get_user_model().objects.active().filter(role=Role.COORDINATOR)

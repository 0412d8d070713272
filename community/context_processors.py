from community.navigation import main_menu
from community.permissions import can_manage_access


def site_navigation(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"main_menu": []}
    path = request.path
    return {
        "main_menu": [(item, item.current(path)) for item in main_menu()],
        "can_manage_access": can_manage_access(user),
    }

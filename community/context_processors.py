from community.navigation import main_menu
from community.permissions import can_manage_access


def site_navigation(request):
    """The main menu, with the aria-current value of each item for this request's path.

    Pages that render sections with ``render_to_string(..., request=request)`` run every context
    processor again: the result is kept on the request so that it is built once.
    """
    try:
        return request._site_navigation
    except AttributeError:
        pass
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        context = {"main_menu": []}
    else:
        path = request.path
        context = {
            "main_menu": [(item, item.current(path)) for item in main_menu()],
            "can_manage_access": can_manage_access(user),
        }
    request._site_navigation = context
    return context

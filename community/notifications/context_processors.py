from community.notifications.models import Notification


def unread_notifications(request):
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    return {"unread_notifications": Notification.objects.for_member(user).unread().count()}

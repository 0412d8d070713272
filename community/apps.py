from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = "Communauté"


class UsersAppConfig(WagtailUsersAppConfig):
    user_viewset = "community.users_admin.UserViewSet"

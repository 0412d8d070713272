from django.conf import settings
from django.urls import include, path, re_path, register_converter
from django.views.static import serve
from django.views.generic import RedirectView
from wagtail import hooks
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from community.converters import IdConverter

register_converter(IdConverter, "id")

urlpatterns = [
    # Wagtail's own login would bypass allauth (rate limits, two-factor): send it to ours.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("comptes/", include("allauth.urls")),
    path("notifications/", include("community.notifications.urls")),
    path("groupes/", include("community.groups.urls")),
    path("pilotage/", include("community.steering.urls")),
    path("", include("community.community_urls")),
]

# Feature apps (forums, events) add their URLs through this hook: community never imports them.
for register_urls in hooks.get_hooks("register_site_urls"):
    urlpatterns += register_urls()

# Avatars are for members only: served by Django, behind the login requirement, in every environment;
# the reverse proxy must not publish MEDIA_ROOT itself. Nothing else under MEDIA_ROOT is served by path:
# documents go through views that ask who may see them (the library's downloads, Wagtail's /documents/).
urlpatterns.append(
    re_path(r"^%s(?P<path>avatars/.*)$" % settings.MEDIA_URL.lstrip("/"), serve, {"document_root": settings.MEDIA_ROOT})
)

# Wagtail's page tree last: it matches every remaining path.
urlpatterns.append(path("", include(wagtail_urls)))

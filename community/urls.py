from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    # Wagtail's own login would bypass allauth (rate limits, two-factor): send it to ours.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("comptes/", include("allauth.urls")),
    path("notifications/", include("community.notifications.urls")),
    path("groupes/", include("community.groups.urls")),
    path("", include("community.community_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree last: it matches every remaining path.
urlpatterns.append(path("", include(wagtail_urls)))

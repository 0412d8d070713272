from django.urls import path, re_path

from community import search, views

app_name = "community"

urlpatterns = [
    path("acces/demande/", views.request_access, name="request_access"),
    path("acces/demande/envoyee/", views.request_access_sent, name="request_access_sent"),
    path("acces/demandes/", views.access_requests, name="access_requests"),
    re_path(
        r"^acces/demandes/(?P<pk>[0-9]{1,18})/(?P<decision>approve|decline)/$",
        views.decide_access_request,
        name="decide_access_request",
    ),
    path("acces/inviter/", views.invite, name="invite"),
    path("acces/invitations/<id:pk>/annuler/", views.revoke_invitation, name="revoke_invitation"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("profil/", views.profile, name="profile"),
    path("membres/", views.member_list, name="member_list"),
    path("membres/<id:pk>/", views.member_detail, name="member_detail"),
    path("centres/", views.centre_list, name="centre_list"),
    path("centres/<slug:slug>/", views.centre_detail, name="centre_detail"),
    path("recherche/", search.search_view, name="search"),
]

from django.urls import path, re_path

from community.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("mes-groupes/", views.my_groups, name="mine"),
    path("nouveau/", views.create, name="create"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/rejoindre/", views.join, name="join"),
    path("<slug:slug>/quitter/", views.leave, name="leave"),
    path("<slug:slug>/gerer/", views.manage, name="manage"),
    path("<slug:slug>/gerer/inviter/", views.invite, name="invite"),
    re_path(
        r"^(?P<slug>[-\w]+)/gerer/demandes/(?P<pk>[0-9]{1,18})/(?P<decision>approve|decline)/$",
        views.decide,
        name="decide",
    ),
    path("<slug:slug>/gerer/membres/<id:pk>/role/", views.change_role, name="change_role"),
    path("<slug:slug>/gerer/membres/<id:pk>/retirer/", views.remove, name="remove"),
]

from django.urls import path, re_path

from forums import views

app_name = "forums"

urlpatterns = [
    path("", views.forum_index, name="index"),
    path("non-lus/", views.unread, name="unread"),
    path("recherche/", views.search_view, name="search"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/journal/", views.moderation_log, name="moderation_log"),
    re_path(
        r"^moderation/signalements/(?P<pk>[0-9]{1,18})/(?P<decision>masquer|ecarter)/$",
        views.resolve_flag,
        name="resolve_flag",
    ),
    path("sujets/<id:pk>/", views.thread_detail, name="thread"),
    path("sujets/<id:pk>/repondre/", views.reply, name="reply"),
    path("sujets/<id:pk>/suivi/", views.set_watch, name="watch"),
    path("sujets/<id:pk>/etat/", views.thread_state, name="thread_state"),
    path("sujets/<id:pk>/deplacer/", views.move_thread, name="move"),
    re_path(
        r"^sujets/(?P<pk>[0-9]{1,18})/moderer/(?P<action>pin|unpin|close|reopen|hide_thread|show_thread)/$",
        views.moderate_thread,
        name="moderate",
    ),
    path("messages/<id:pk>/", views.post_permalink, name="post"),
    path("messages/<id:pk>/modifier/", views.edit_post, name="edit_post"),
    path("messages/<id:pk>/historique/", views.post_history, name="post_history"),
    path("messages/<id:pk>/supprimer/", views.delete_post, name="delete_post"),
    path("messages/<id:pk>/merci/", views.thank_post, name="thank"),
    path("messages/<id:pk>/signaler/", views.flag_post, name="flag"),
    path("messages/<id:pk>/masquer/", views.hide_post, {"hidden": True}, name="hide_post"),
    path("messages/<id:pk>/retablir/", views.hide_post, {"hidden": False}, name="show_post"),
    path("<slug:slug>/", views.forum_detail, name="forum"),
    path("<slug:slug>/nouveau/", views.new_thread, name="new_thread"),
    path("<slug:slug>/suivi/", views.watch_forum, name="watch_forum"),
    path("<slug:slug>/membres/", views.mention_suggestions, name="mentions"),
]

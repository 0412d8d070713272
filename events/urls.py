"""Event URLs that are not a page's: the personal calendar feed, its settings, and animateurs' forms.

Everything about one event is served by its Wagtail page and its routes (``EventPage``).
"""

from django.urls import path

from events import calendars, editing

app_name = "events"

urlpatterns = [
    path("agenda/<str:token>.ics", calendars.personal_feed, name="feed"),
    path("mon-agenda/", calendars.feed_settings, name="feed_settings"),
    path("nouveau/<slug:group>/", editing.create, name="create"),
    path("<id:pk>/modifier/", editing.edit, name="edit"),
]

"""WebSocket routes, served by daphne under /ws/ (see community.asgi)."""

from django.urls import path

from community.notifications.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
]

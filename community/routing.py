"""WebSocket routes, served by daphne under /ws/ (see community.asgi)."""

websocket_urlpatterns: list = []

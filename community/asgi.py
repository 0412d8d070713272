"""ASGI entry point: daphne serves HTTP and WebSocket from here."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")

from django.core.asgi import get_asgi_application  # noqa: E402

# Build the HTTP app first: it sets Django up before channels' auth and the routes are imported.
http_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from community.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": http_application,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

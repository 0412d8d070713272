"""daphne's ASGI application: HTTP through Django and servestatic, WebSocket behind the origin check."""

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.testing import WebsocketCommunicator

from community.asgi import application


async def http_get(path: str) -> tuple[int, bytes]:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(5)
    body = b""
    while True:
        message = await communicator.receive_output(5)
        body += message.get("body", b"")
        if not message.get("more_body"):
            return start["status"], body


@pytest.mark.django_db(transaction=True)
async def test_http_goes_through_django():
    status, body = await http_get("/comptes/login/")
    assert status == 200
    assert "Connexion".encode() in body


async def test_static_files_are_served():
    status, body = await http_get("/static/css/site.css")
    assert status == 200
    assert b"--brand" in body


async def test_websocket_from_foreign_origin_is_rejected():
    communicator = WebsocketCommunicator(application, "/ws/anything/", headers=[(b"origin", b"https://evil.example")])
    connected, _ = await communicator.connect()
    assert not connected

"""Production shape: two daphne processes share Redis and one database.

A member's socket is open on process B; an action served by process A notifies them; B delivers it.
"""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
import websockets
from django.conf import settings
from django.db import connection
from django.test import Client

from community.groups.models import Membership
from tests.community.factories import DEFAULT_PASSWORD, UserFactory, make_group

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL): run by .ci/run"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a database other processes can open (PostgreSQL in .ci/run)"
    ),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_daphne(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url()}
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "community.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(process.stderr.read().decode())
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"daphne did not start on port {port}")


@pytest.fixture
def two_daphnes(site_tree):
    ports = [free_port(), free_port()]
    processes = [start_daphne(port) for port in ports]
    yield ports
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def log_in_over_http(base: str, email: str) -> urllib.request.OpenerDirector:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/comptes/login/")
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    data = urllib.parse.urlencode({"login": email, "password": DEFAULT_PASSWORD, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(f"{base}/comptes/login/", data=data.encode(), headers={"Referer": f"{base}/"})
    opener.open(request)
    assert any(cookie.name == settings.SESSION_COOKIE_NAME for cookie in jar)
    opener.csrf_token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    return opener


def test_notification_made_on_process_a_reaches_a_socket_on_process_b(two_daphnes):
    port_a, port_b = two_daphnes
    animator, requester = UserFactory(role="cadre"), UserFactory()
    group = make_group(join_policy="request", animators=[animator])
    browser = Client()
    browser.force_login(animator)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"

    async def scenario():
        url = f"ws://127.0.0.1:{port_b}/ws/notifications/"
        headers = {"Cookie": cookie, "Origin": f"http://127.0.0.1:{port_b}"}
        async with websockets.connect(url, additional_headers=headers) as ws:
            assert json.loads(await asyncio.wait_for(ws.recv(), 5)) == {"type": "count", "unread": 0}
            base_a = f"http://127.0.0.1:{port_a}"
            opener = await asyncio.to_thread(log_in_over_http, base_a, requester.email)
            join = urllib.request.Request(
                f"{base_a}{group.get_absolute_url()}rejoindre/",
                data=urllib.parse.urlencode({"csrfmiddlewaretoken": opener.csrf_token}).encode(),
                headers={"Referer": base_a + group.get_absolute_url()},
            )
            await asyncio.to_thread(opener.open, join)
            message = json.loads(await asyncio.wait_for(ws.recv(), 5))
            return message

    message = asyncio.run(scenario())
    assert message["type"] == "notification"
    assert requester.display_name in message["text"]
    assert Membership.objects.get(group=group, member=requester).status == Membership.Status.REQUESTED

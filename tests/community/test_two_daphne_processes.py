"""Production shape: two daphne processes share Redis and one database.

A member's socket is open on process B; an action served by process A notifies them; B delivers it.
"""

import asyncio
import json
import os
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pytest
import websockets
from django.conf import settings
from django.test import Client

from community.groups.models import Membership
from tests import live
from tests.community.factories import DEFAULT_PASSWORD, UserFactory, make_group

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (REDIS_URL): run by .ci/run")


@pytest.fixture
def two_daphnes(site_tree):
    with live.daphne() as first, live.daphne() as second:
        yield first, second


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
    base_a, base_b = two_daphnes
    animator, requester = UserFactory(role="cadre"), UserFactory()
    group = make_group(join_policy="request", animators=[animator])
    browser = Client()
    browser.force_login(animator)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"

    async def scenario():
        url = base_b.replace("http://", "ws://") + "/ws/notifications/"
        headers = {"Cookie": cookie, "Origin": base_b}
        async with websockets.connect(url, additional_headers=headers) as ws:
            assert json.loads(await asyncio.wait_for(ws.recv(), 5)) == {"type": "count", "unread": 0}
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

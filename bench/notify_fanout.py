"""Notification fan-out: N open WebSockets on one daphne with the Redis layer, one notify() to all.

Reports how long notify() keeps the request (store + commit + push), the queries it runs, and the
delivery latency from the call to each socket's message (p50/p99/max).

Run from the project root, with PostgreSQL and Redis on loopback (the Redis database is emptied first:
give the bench one of its own):
    .venv/bin/python bench/notify_fanout.py --database-url postgres://postgres@127.0.0.1:5435/fanout \
        --redis-url redis://127.0.0.1:6390/0 --sockets 100 1000
"""

import argparse
import asyncio
import contextlib
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--redis-url", required=True)
    parser.add_argument("--sockets", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--daphnes", type=int, default=1, help="daphne processes sharing Redis (sockets spread evenly)")
    return parser.parse_args()


def create_database(url: str) -> None:
    import urllib.parse

    import psycopg

    parts = urllib.parse.urlsplit(url)
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        name = parts.path.lstrip("/")
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def configure(args) -> None:
    # Production shape: e-mails are queued for the worker, not sent in the request.
    os.environ.update(
        DATABASE_URL=args.database_url, REDIS_URL=args.redis_url, TASKS_BACKEND="database",
        DJANGO_SETTINGS_MODULE="community.settings", DEBUG="1",
    )
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # a socket is a file; daphne inherits it
    create_database(args.database_url)
    import redis

    # Channel names left in groups by earlier runs would be written to as well: start clean.
    redis.Redis.from_url(args.redis_url).flushdb()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def bench_members(count: int):
    """`count` members, each with a signed-in session cookie."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from community.models import User

    existing = {u.email: u for u in User.objects.filter(email__startswith="fanout")}
    missing = [f"fanout{i}@bench.test" for i in range(count) if f"fanout{i}@bench.test" not in existing]
    User.objects.bulk_create([User(email=e, first_name="Membre", last_name=e.split("@")[0]) for e in missing])
    members = list(User.objects.filter(email__startswith="fanout").order_by("pk")[:count])
    cookies = []
    for member in members:
        session = SessionStore()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(member.pk), "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = member.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return members, cookies


def timed_notify(members):
    """What the request pays: notify() inside a transaction, the commit, and the on-commit push."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from community.notifications.services import notify

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        notify(members, "groups.invitation", text="Nouveau support d'accompagnement publié.", link="/")
    elapsed = time.perf_counter() - start
    # Read the captured SQL here: `connection` is per thread.
    statements = [q["sql"] for q in queries.captured_queries]
    return start, elapsed, statements


async def run(count: int, bases: list[str], members, cookies) -> dict:
    import json

    import websockets

    def connect(index, cookie):
        base = bases[index % len(bases)]
        url = base.replace("http://", "ws://") + "/ws/notifications/"
        return websockets.connect(url, additional_headers={"Cookie": cookie, "Origin": base}, open_timeout=60)

    sockets = []
    for chunk in range(0, count, 100):  # connect in waves: daphne accepts, each consumer reads its count
        opened = await asyncio.gather(*(connect(chunk + i, c) for i, c in enumerate(cookies[chunk:chunk + 100])))
        for ws in opened:
            json.loads(await ws.recv())  # the unread count on connect
        sockets.extend(opened)
    arrivals = []

    async def wait_for_notification(ws):
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), 30))
            if message["type"] == "notification":
                arrivals.append(time.perf_counter())
                return

    waiters = [asyncio.create_task(wait_for_notification(ws)) for ws in sockets]
    start, notify_seconds, statements = await asyncio.to_thread(timed_notify, members)
    await asyncio.gather(*waiters, return_exceptions=True)
    await asyncio.gather(*(ws.close() for ws in sockets))
    latencies = sorted((t - start) * 1000 for t in arrivals)
    return {
        "sockets": count,
        "delivered": len(latencies),
        "notify_ms": notify_seconds * 1000,
        "inserts": sum(sql.startswith("INSERT") for sql in statements),
        "queries": len(statements),
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)] if latencies else float("nan"),
        "max": latencies[-1] if latencies else float("nan"),
    }


def main() -> int:
    args = parse_args()
    configure(args)
    from tests import live  # daphne in a subprocess, the project's own helper

    os.environ["DJANGO_SETTINGS_MODULE"] = "community.settings"
    results = []
    with contextlib.ExitStack() as stack:
        bases = [
            stack.enter_context(live.daphne(DJANGO_SETTINGS_MODULE="community.settings", DATABASE_URL=args.database_url))
            for _ in range(args.daphnes)
        ]
        for count in args.sockets:
            members, cookies = bench_members(count)
            results.append(asyncio.run(run(count, bases, members, cookies)))
    print(f"{args.daphnes} daphne process(es), Redis channel layer")
    print(f"{'sockets':>8} {'delivered':>9} {'notify() ms':>12} {'queries':>8} {'inserts':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for r in results:
        print(f"{r['sockets']:>8} {r['delivered']:>9} {r['notify_ms']:>12.1f} {r['queries']:>8} {r['inserts']:>8} "
              f"{r['p50']:>8.1f} {r['p99']:>8.1f} {r['max']:>8.1f}")
    return 0 if all(r["delivered"] == r["sockets"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

"""HTTP concurrency benchmark: does the site survive many members at once, and do DB connections stay bounded?

It prepares a database (migrate + seed_demo), starts daphne on 127.0.0.1, signs in --clients distinct demo
members, then for --seconds each member loops over GET /membres/ and GET /profil/ (reads) and POST /profil/
with a new bio (a write). It reports throughput, latency percentiles per request kind, errors by kind (on
SQLite a 'database is locked' surfaces as a 500 and is named so), the peak number of connections to the
bench database (PostgreSQL: pg_stat_activity every 0.2 s) and daphne's peak thread count (/proc).

Run from the project root:
    .venv/bin/python bench/http_concurrency.py                 # fresh SQLite file, 50 clients, 20 s
    .venv/bin/python bench/http_concurrency.py --database-url postgres://postgres@127.0.0.1:5434/bench
Exits 1 if any request failed.
"""

import argparse
import collections
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from _common import (ROOT, Browser, FormFields, create_database_if_missing, daphne_server, free_port,
                     login_with_form, pg_admin_target)

MAX_SECONDS = 120
KINDS = ("read  GET  /membres/", "read  GET  /profil/", "write POST /profil/")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary directory")
    parser.add_argument("--clients", type=int, default=50, help="concurrent signed-in members (default 50)")
    parser.add_argument("--seconds", type=float, default=20, help=f"load duration (default 20, at most {MAX_SECONDS})")
    parser.add_argument("--asgi-threads", type=int, default=8, help="ASGI_THREADS given to daphne (default 8)")
    parser.add_argument("--port", type=int, help="daphne's port on 127.0.0.1 (default: a free one)")
    return parser.parse_args()


def project_env(url: str, **extra: str) -> dict:
    # The development configuration, as `make run` serves it.
    return {"DEBUG": "1", **os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "community.settings", **extra}


def prepare_database(url: str) -> None:
    create_database_if_missing(url)
    for command in (["migrate", "--no-input"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=project_env(url), check=True,
                       stdout=subprocess.DEVNULL)


def sign_in_members(url: str, port: int, count: int) -> tuple[list[Browser], collections.Counter]:
    """Form logins while allauth accepts them; once it rate-limits 127.0.0.1, sessions made by force_login."""
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="community.settings")
    os.environ.setdefault("DEBUG", "1")
    sys.path.insert(0, ROOT)
    import django

    django.setup()
    from django.db import connections
    from django.test import Client

    from community.models import User

    # Staff are sent to TOTP enrolment on every page, so only ordinary verified members take part.
    members = list(User.objects.active().filter(is_staff=False, emailaddress__verified=True).order_by("pk")[:count])
    if len(members) < count:
        raise RuntimeError(f"only {len(members)} demo members can sign in; use --clients {len(members)} or fewer")
    browsers, how, refused = [], collections.Counter(), False
    for member in members:
        browser = Browser(port)
        status = None if refused else login_with_form(browser, member.email)
        if status == 302:
            how["via the login form"] += 1
        else:
            if status is not None:
                how[f"refused by the login form (HTTP {abs(status)})"] += 1
                refused = True
            client = Client()
            client.force_login(member)
            browser.cookies = {"sessionid": client.cookies["sessionid"].value}
            how["via force_login"] += 1
        browsers.append(browser)
    connections.close_all()  # our own connection must not count in the figures
    return browsers, how


class Results:
    """Latencies per request kind and errors per kind, shared by all member threads."""

    def __init__(self):
        self.lock, self.requests = threading.Lock(), 0
        self.latencies, self.errors = collections.defaultdict(list), collections.Counter()

    def fetch(self, browser: Browser, kind: str, method: str, path: str, expect: int, form=None) -> bytes | None:
        """One request, timed and recorded; returns the body when it went as expected."""
        start, latency = time.perf_counter(), None
        try:
            status, body = browser.request(method, path, form)
            latency = time.perf_counter() - start
            if status == 500 and b"database is locked" in body:
                error = "HTTP 500 database is locked"
            elif status >= 400:
                error = f"HTTP {status}"
            else:  # e.g. bounced to the login page, or the profile form re-rendered with errors
                error = None if status == expect else f"HTTP {status} instead of {expect}"
        except Exception as exc:  # refused/reset connections and timeouts are failures a member would see
            error, body = f"exception {type(exc).__name__}", None
        with self.lock:
            self.requests += 1
            if latency is not None:
                self.latencies[kind].append(latency)
            if error:
                self.errors[f"{kind}: {error}"] += 1
        return None if error else body


def member_loop(index: int, browser: Browser, stop: threading.Event, results: Results) -> None:
    iteration = 0
    while not stop.is_set():
        iteration += 1
        results.fetch(browser, KINDS[0], "GET", "/membres/", 200)
        page = results.fetch(browser, KINDS[1], "GET", "/profil/", 200)
        if page is None or stop.is_set():
            continue
        fields = FormFields(page).fields
        form = {name: fields.get(name, "") for name in ("csrfmiddlewaretoken", "first_name", "last_name", "timezone")}
        form["bio"] = f"Bench member {index}, write {iteration} at {time.time():.3f}"
        results.fetch(browser, KINDS[2], "POST", "/profil/", 302, form)


def sample_peaks(pid: int, url: str, stop: threading.Event, peaks: dict) -> None:
    """Every 0.2 s: daphne's threads and, on PostgreSQL, backends connected to the bench database."""
    target, conn = pg_admin_target(url), None
    if target:
        import psycopg

        conn = psycopg.connect(target[0], autocommit=True)  # on `postgres`, so it never counts itself
    while not stop.wait(0.2):
        with open(f"/proc/{pid}/status") as status:
            threads = next(int(line.split()[1]) for line in status if line.startswith("Threads:"))
        peaks["threads"] = max(peaks.get("threads", 0), threads)
        if conn:
            peaks["db now"] = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                                           (target[1],)).fetchone()[0]
            peaks["db"] = max(peaks.get("db", 0), peaks["db now"])
    if conn:
        conn.close()


def run_load(browsers: list[Browser], seconds: float, results: Results) -> float:
    stop = threading.Event()
    workers = [threading.Thread(target=member_loop, args=(i, b, stop, results), daemon=True)
               for i, b in enumerate(browsers)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    try:
        time.sleep(seconds)
    finally:  # on Ctrl-C too: members finish their current request, so daphne then stops cleanly
        stop.set()
        for worker in workers:
            worker.join()
    return time.monotonic() - started


def print_report(clients: int, elapsed: float, results: Results, peaks: dict, url: str, asgi_threads: int) -> None:
    print(f"\n{clients} clients, {elapsed:.1f} s: {results.requests} requests, {results.requests / elapsed:.1f} req/s")
    for kind in KINDS:
        values = results.latencies[kind]
        sample = values if len(values) > 1 else values * 2 or [0, 0]  # quantiles() needs two points
        cuts = [c * 1e3 for c in statistics.quantiles(sample, n=100, method="inclusive")]
        print(f"  {kind:22} {len(values):6} done   p50 {cuts[49]:7.1f} ms   p95 {cuts[94]:7.1f} ms"
              f"   p99 {cuts[98]:7.1f} ms   max {max(sample) * 1e3:7.1f} ms")
    print(f"errors: {sum(results.errors.values())}")
    for kind, count in results.errors.most_common():
        print(f"  {count:6}  {kind}")
    if "db" in peaks:
        print(f"max db connections (pg_stat_activity, datname={pg_admin_target(url)[1]}): {peaks['db']}"
              f"   still open 2 s after the load: {peaks['db now']}")
    print(f"max daphne threads: {peaks.get('threads', '?')}   (ASGI_THREADS={asgi_threads})")


def main() -> int:
    args = parse_args()
    seconds = max(1.0, min(args.seconds, MAX_SECONDS))
    workdir = tempfile.mkdtemp(prefix="bench-http-")
    url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    args.port = args.port or free_port()
    log_path = os.path.join(workdir, "daphne.log")
    print(f"database {url}\ndaphne   127.0.0.1:{args.port}, ASGI_THREADS={args.asgi_threads}, log {log_path}")
    prepare_database(url)
    results, peaks, sampler_stop = Results(), {}, threading.Event()
    with daphne_server(project_env(url, ASGI_THREADS=str(args.asgi_threads)), args.port, log_path) as daphne:
        browsers, how = sign_in_members(url, args.port, args.clients)
        print("sessions " + ", ".join(f"{n} {way}" for way, n in how.items()))
        sampler = threading.Thread(target=sample_peaks, args=(daphne.pid, url, sampler_stop, peaks))
        sampler.start()
        try:
            elapsed = run_load(browsers, seconds, results)
            time.sleep(2)  # connections still open two seconds after the load are kept, not per request
        finally:  # the sampler reads /proc/<daphne>: stop it before daphne goes
            sampler_stop.set()
            sampler.join()
    print_report(args.clients, elapsed, results, peaks, url, args.asgi_threads)
    return 1 if results.errors else 0


if __name__ == "__main__":
    sys.exit(main())

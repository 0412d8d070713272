"""Pages as production serves them, loaded with wrk: req/s and latency percentiles next to a bare-view floor.

One daphne process serves the seeded site with DEBUG=0, collected static files (servestatic's manifest),
no access log and ASGI_THREADS=8, under bench.settings: the site's settings plus /bench/plancher/, a bare
view returning 5 KB of fixed HTML through the whole middleware stack (the floor). A demo member signs in
through the real login form; every page is fetched once (it must answer 200, not a redirect to the login),
then loaded by wrk for --seconds at each connection count (50, then 10), the floor first. The table gives
req/s, p50/p95/p99 latency, errors (non-2xx responses + socket errors), daphne's CPU time per request, the
CPU that neither daphne nor wrk used meanwhile (PostgreSQL, or other work on the machine: a busy machine
gives low figures) and each page's req/s as a fraction of the floor's at the same connection count.

Run from the project root (needs Debian's `wrk`):
    .venv/bin/python bench/load.py                          # fresh SQLite file in a temporary directory
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5434/bench
    .venv/bin/python bench/load.py --page "thread first=/forums/sujets/1/?page=1" --output results.md
Exits 1 if any request failed.
"""

import argparse
import contextlib
import datetime
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from _common import ROOT, DEMO_PASSWORD, Browser, create_database_if_missing, daphne_server, free_port, login_with_form

# The pages measured by default, as (name, path); add more here or with --page NAME=PATH.
DEFAULT_PAGES = [
    ("home", "/"),
    ("group page", "/groupes/club-des-cadres/"),
    ("member list", "/membres/"),
    ("notifications", "/notifications/"),
    ("event list", "/evenements/"),
    ("month view (this month)", "/evenements/mois/"),
    # The demo's 200-registration webinar; the default member (coordination@) is one of its organisers.
    ("event page (200 registered)", "/evenements/webinaire-national-le-modele-cible-des-centres/"),
    ("event organisers' page", "/evenements/webinaire-national-le-modele-cible-des-centres/organisation/"),
    # The library with the demo's resources and LIBRARY_RESOURCES more (bench/library_resources.py).
    ("library page", "/ressources/"),
    ("resource page (3 versions)", "/ressources/guide-daccueil-des-nouveaux-repondants/"),
    ("library search", "/ressources/?q=postvention"),
    ("site search", "/recherche/?q=postvention"),
    # Steering, on the demo's 24 months of 17 centres and its three openings (the coordinator sees them all).
    ("steering overview", "/pilotage/"),
    ("centre indicators (Hauts-de-France)", "/pilotage/centres/hauts-de-france/"),
    ("centre chart (SVG)", "/pilotage/centres/hauts-de-france/graphique.svg"),
    ("comparison across centres", "/pilotage/comparaison/"),
    ("deployment timeline", "/pilotage/deploiement/"),
    ("deployment tracker (Guyane)", "/pilotage/deploiement/guyane/"),
]
LIBRARY_RESOURCES = 2000
FLOOR = ("floor (bare view)", "/bench/plancher/")  # defined in bench/urls.py, never in the site's URLconf
DEFAULT_EMAIL = "coordination@reseau3114.test"
MAX_SECONDS = 120
WRK_SCRIPT = os.path.join(ROOT, "bench", "wrk_report.lua")
BUSY_CORES = 0.25  # "others' CPU" above this: flagged under the table


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary directory; "
                        "a PostgreSQL database is created if missing")
    parser.add_argument("--skip-seed", action="store_true",
                        help="reuse an already seeded --database-url (migrate still runs)")
    parser.add_argument("--library-resources", type=int, default=LIBRARY_RESOURCES, metavar="N",
                        help=f"after seed_demo, grow the library to N bench resources written in bulk (default "
                        f"{LIBRARY_RESOURCES}, 0: none; tops up a --skip-seed database too)")
    parser.add_argument("--email", default=DEFAULT_EMAIL, help=f"member who signs in (default {DEFAULT_EMAIL})")
    parser.add_argument("--password", default=DEMO_PASSWORD, help="their password (default: the demo one)")
    parser.add_argument("--page", action="append", default=[], metavar="NAME=PATH",
                        help="another page to load, e.g. 'thread first=/forums/sujets/1/?page=1' (repeatable)")
    parser.add_argument("--no-default-pages", action="store_true",
                        help="load only the floor and the --page ones")
    parser.add_argument("--seconds", type=int, default=20, help=f"per wrk run (default 20, at most {MAX_SECONDS})")
    parser.add_argument("--connections", default="50,10", help="wrk connection counts, in order (default 50,10)")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk -t (default 2)")
    parser.add_argument("--wrk-timeout", type=int, default=30,
                        help="wrk --timeout in s: slower responses count as socket errors (default 30)")
    parser.add_argument("--asgi-threads", type=int, default=8, help="ASGI_THREADS given to daphne (default 8)")
    parser.add_argument("--redis-url", default="", help="REDIS_URL for daphne (default none: locmem cache, "
                        "in-memory channel layer)")
    parser.add_argument("--port", type=int, help="daphne's port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--wait-idle", type=int, default=0, metavar="SECONDS",
                        help="before each wrk run, wait up to SECONDS for the machine to go quiet (other "
                        f"processes under {BUSY_CORES} core over 2 s); for shared machines (default 0: no wait)")
    parser.add_argument("--output", help="also write the Markdown table to this file")
    args = parser.parse_args()
    args.pages = [FLOOR] + ([] if args.no_default_pages else list(DEFAULT_PAGES))
    for spec in args.page:
        name, sep, path = spec.partition("=")
        if not sep or not path.startswith("/"):
            parser.error(f"--page wants NAME=/path, got {spec!r}")
        args.pages.append((name.strip(), path.strip()))
    try:
        args.connection_counts = [int(c) for c in args.connections.split(",") if c.strip()]
    except ValueError:
        parser.error(f"--connections wants numbers separated by commas, got {args.connections!r}")
    if not args.connection_counts or min(args.connection_counts) < 1:
        parser.error("--connections needs at least one count >= 1")
    if args.skip_seed and not args.database_url:
        parser.error("--skip-seed needs --database-url (the default SQLite file is always fresh)")
    args.seconds = max(1, min(args.seconds, MAX_SECONDS))
    return args


def production_env(url: str, static_root: str, args: argparse.Namespace) -> dict:
    """The production configuration, on plain HTTP over loopback, with the floor's URLconf."""
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "bench-load-" + secrets.token_urlsafe(32),
           "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0", "DJANGO_SETTINGS_MODULE": "bench.settings",
           "DATABASE_URL": url, "BENCH_STATIC_ROOT": static_root, "ASGI_THREADS": str(args.asgi_threads),
           "REDIS_URL": args.redis_url}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # a test-only switch
    return env


def manage(env: dict, *command: str) -> float:
    """Runs a management command quietly; returns its wall time in seconds."""
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def script(env: dict, name: str, *arguments: str) -> float:
    """Runs one of bench/'s scripts in the site's environment, quietly; returns its wall time in seconds."""
    started = time.monotonic()
    subprocess.run([sys.executable, os.path.join(ROOT, "bench", name), *arguments], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return time.monotonic() - started


def sign_in(port: int, email: str, password: str) -> str:
    """The Cookie header a signed-in browser sends (session and CSRF cookies; `Secure` ones, hence a header)."""
    browser = Browser(port)
    status = login_with_form(browser, email, password)
    if status != 302:
        raise RuntimeError(f"login form refused {email} (HTTP {abs(status)}); is the database seeded?")
    browser.request("GET", "/")  # consumes the "signed in" message, so that no page carries it
    kept = [name for name in ("sessionid", "csrftoken") if name in browser.cookies]
    return "; ".join(f"{name}={browser.cookies[name]}" for name in kept)


def check_pages(port: int, cookie: str, pages: list[tuple[str, str]]) -> None:
    """Each page twice, with wrk's exact Cookie header: anything but 200 stops here.

    A redirect to the login means a broken cookie; a page that answers 200 only the first time (a thread
    opened without ?page= sends a reader on to their first unread post) would be measured as redirects.
    """
    failures = []
    for name, path in pages:
        for visit in ("first", "second"):
            status, headers, body = Browser(port).exchange("GET", path, headers={"Cookie": cookie})
            if status != 200:
                where = f" -> {headers['Location']}" if headers.get("Location") else ""
                failures.append(f"  {name} {path}: HTTP {status}{where} on the {visit} visit")
                break
        else:
            print(f"  {name:28} {path:40} 200, {len(body) / 1024:6.1f} KB")
    if failures:
        raise RuntimeError("pages that do not answer 200 to the signed-in member:\n" + "\n".join(failures))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (/proc/<pid>/stat, fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    """CPU time all processes used so far, in CPU-seconds (/proc/stat: everything but idle and iowait)."""
    with open("/proc/stat") as stat:
        user, nice, system, idle, iowait, irq, softirq, steal = (int(v) for v in stat.readline().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wait_idle(limit: float) -> None:
    """Wait (`limit` seconds at most) until the whole machine uses under BUSY_CORES over a 2 s window."""
    deadline = time.monotonic() + limit
    while True:
        before = machine_busy_seconds()
        time.sleep(2)
        busy = (machine_busy_seconds() - before) / 2
        if busy < BUSY_CORES:
            return
        if time.monotonic() > deadline:
            print(f"  (machine still busy: {busy:.2f} cores; going on)", flush=True)
            return


def settle(port: int, cookie: str) -> None:
    """Wait (30 s at most) until daphne has worked off requests wrk abandoned at its deadline."""
    deadline, fast = time.monotonic() + 30, 0
    while fast < 2 and time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            Browser(port).request("GET", FLOOR[1], headers={"Cookie": cookie})
        fast = fast + 1 if time.monotonic() - started < 0.05 else 0
        time.sleep(0.2)


def run_wrk(port: int, cookie: str, path: str, connections: int, args: argparse.Namespace) -> dict:
    command = ["wrk", f"-t{min(args.wrk_threads, connections)}", f"-c{connections}", f"-d{args.seconds}s",
               "--timeout", f"{args.wrk_timeout}s", "--latency", "-s", WRK_SCRIPT, "-H", f"Cookie: {cookie}",
               f"http://127.0.0.1:{port}{path}"]
    # Bounded twice: wrk stops at -d, and we kill it if it has not by then (on Ctrl-C too: run() kills it).
    done = subprocess.run(command, capture_output=True, text=True, timeout=args.seconds + args.wrk_timeout + 30)
    for line in done.stdout.splitlines():
        if line.startswith("WRK_REPORT "):
            return json.loads(line.removeprefix("WRK_REPORT "))
    raise RuntimeError(f"no report from wrk (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")


def format_table(rows: list[dict]) -> str:
    floors = {row["connections"]: row["rps"] for row in rows if row["path"] == FLOOR[1]}
    lines = ["| page | path | conn. | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req | others' CPU "
             "| vs floor |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for row in rows:
        floor = floors.get(row["connections"])
        ratio = f"{row['rps'] / floor:.3f}" if floor else "–"
        lines.append(f"| {row['name']} | `{row['path']}` | {row['connections']} | {row['rps']:.1f} | "
                     f"{row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {row['errors']} | "
                     f"{row['cpu_ms']:.1f} | {row['others']:.2f} | {ratio} |")
    details = [f"- {row['name']} at {row['connections']} connections: {row['non2xx']} non-2xx "
               f"({', '.join(f'HTTP {k}: {v}' for k, v in sorted(row['non2xx_by_status'].items())) or 'none'}), "
               f"{row['connect']} connect / {row['read']} read / {row['write']} write / {row['timeout']} timeout"
               for row in rows if row["errors"]]
    busy = [f"{row['name']} at {row['connections']}" for row in rows if row["others"] > BUSY_CORES]
    if busy:
        details.append(f"- other processes used more than {BUSY_CORES} of a core during: {', '.join(busy)}; "
                       "on PostgreSQL its own backends count here, otherwise the machine was busy and these "
                       "figures are low")
    return "\n".join(lines + ([""] + details if details else []))


def describe_run(url: str, args: argparse.Namespace) -> str:
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "?"
    cpu = "?"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "?")
    database = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    return (f"{datetime.date.today()}, commit {commit}, {database}, one daphne process (ASGI_THREADS="
            f"{args.asgi_threads}, DEBUG=0, {'Redis' if args.redis_url else 'locmem cache'}), "
            f"wrk -t{args.wrk_threads} -d{args.seconds}s, {os.cpu_count()} CPUs ({cpu}), "
            f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f} at the end")


def main() -> int:
    args = parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/load.py needs wrk: apt-get install -y wrk")
    # A `kill` stops us like Ctrl-C does: through the finally blocks that stop daphne.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = tempfile.mkdtemp(prefix="bench-load-")
    url = args.database_url or f"sqlite:///{workdir}/bench.sqlite3"
    port = args.port or free_port()
    env = production_env(url, os.path.join(workdir, "static"), args)
    log_path = os.path.join(workdir, "daphne.log")
    print(f"database {url}\ndaphne   127.0.0.1:{port}, DEBUG=0, ASGI_THREADS={args.asgi_threads}, log {log_path}")
    print(f"load average {os.getloadavg()[0]:.2f} over the last minute, {os.cpu_count()} CPUs")
    ok = False
    try:
        print(f"collectstatic {manage(env, 'collectstatic', '--no-input', '-v', '0'):.1f} s")
        create_database_if_missing(url)
        print(f"migrate       {manage(env, 'migrate', '--no-input', '-v', '0'):.1f} s")
        if not args.skip_seed:
            print(f"seed_demo     {manage(env, 'seed_demo'):.1f} s")
        if args.library_resources:
            seconds = script(env, "library_resources.py", "--count", str(args.library_resources))
            print(f"library       {seconds:.1f} s (up to {args.library_resources:,} bench resources)")
        rows = []
        # -v 0: no access log (daphne writes one to stdout from verbosity 1, its default).
        with daphne_server(env, port, log_path, extra_args=("-v", "0")) as daphne:
            cookie = sign_in(port, args.email, args.password)
            print(f"signed in as {args.email} through /comptes/login/")
            check_pages(port, cookie, args.pages)
            for connections in args.connection_counts:
                for name, path in args.pages:
                    settle(port, cookie)
                    if args.wait_idle:
                        wait_idle(args.wait_idle)
                    before = cpu_seconds(daphne.pid), children_cpu_seconds(), machine_busy_seconds()
                    report = run_wrk(port, cookie, path, connections, args)
                    after = cpu_seconds(daphne.pid), children_cpu_seconds(), machine_busy_seconds()
                    daphne_cpu, wrk_cpu, busy = (a - b for a, b in zip(after, before, strict=True))
                    row = {"name": name, "path": path, "connections": connections, **report,
                           "rps": report["requests"] / report["duration_s"],
                           "errors": report["non2xx"] + report["socket_errors"],
                           "cpu_ms": daphne_cpu * 1e3 / max(report["requests"], 1),
                           # CPU used meanwhile by neither daphne nor wrk (PostgreSQL, anything else), in cores.
                           "others": max(0.0, busy - daphne_cpu - wrk_cpu) / report["duration_s"]}
                    rows.append(row)
                    print(f"  {name:28} c={connections:<3} {row['rps']:7.1f} req/s  p50 {row['p50_ms']:7.1f} ms  "
                          f"p99 {row['p99_ms']:7.1f} ms  errors {row['errors']}  others' CPU {row['others']:.2f}",
                          flush=True)
        table = f"{describe_run(url, args)}\n\n{format_table(rows)}\n"
        print("\n" + table)
        if args.output:
            with open(args.output, "w") as output:
                output.write(table)
        ok = True
        return 1 if any(row["errors"] for row in rows) else 0
    finally:
        if ok:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept {workdir} (daphne.log)", file=sys.stderr)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # daphne and wrk are already stopped by then
        sys.exit("interrupted")

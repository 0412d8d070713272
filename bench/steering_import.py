"""Indicator import: 20 centres × 60 months (1,200 rows) from a CSV and from an XLSX, target under 2 s.

Times the import's own path, the one the view takes: ``imports.read_upload`` (parse and check every cell)
then ``imports.save`` (``services.save_months``: one bulk upsert, the low-rate review), parse and save
apart; the save twice, into an empty table (every month new) and again (every month updated). Then the
whole request, ``POST /pilotage/import/`` through Django's test client (middleware, form, redirect),
with the production configuration (DEBUG=0). Each figure is the median of ``--repeat`` runs.

Run from the project root (a fresh SQLite file in a temporary directory unless --database-url is given;
PostgreSQL: the database is created if missing; the script starts no server):
    .venv/bin/python bench/steering_import.py
    .venv/bin/python bench/steering_import.py --database-url postgres://postgres@127.0.0.1:5434/bench_import
"""

import argparse
import math
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PREFIX = "banc-import-"
COORDINATOR = "banc-import@bench.test"
TARGET_SECONDS = 2.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: a fresh SQLite file in a temporary directory")
    parser.add_argument("--centres", type=int, default=20)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure, the median is shown (default 5)")
    return parser.parse_args()


def configure(url: str) -> None:
    """The production configuration, in this process: e-mails (the low-rate alert's) queued for the worker."""
    from bench._common import create_database_if_missing

    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="community.settings", DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(40), ALLOWED_HOSTS="testserver", SECURE_SSL_REDIRECT="0",
        TASKS_BACKEND="database",
    )  # fmt: skip
    create_database_if_missing(url)
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - started:.1f} s")


def bench_data(centre_count: int):
    """``centre_count`` centres and a coordinator, created once (a reused database keeps them)."""
    from community.models import Centre, Role, User

    centres = [
        Centre.objects.get_or_create(
            slug=f"{PREFIX}{number:02d}", defaults={"name": f"Centre du banc d'import {number:02d}", "region": "Banc"}
        )[0]
        for number in range(1, centre_count + 1)
    ]
    coordinator = User.objects.filter(email=COORDINATOR).first() or User.objects.create(
        email=COORDINATOR, first_name="Banc", last_name="Import", role=Role.COORDINATOR
    )
    return centres, coordinator


def table_rows(centres, month_count: int) -> list[list]:
    """One row per centre and month, the last ``month_count`` months; the first centre runs under the target."""
    from community.steering import imports
    from community.steering.models import this_month

    last = this_month()
    months = []
    year, month = last.year, last.month
    for _ in range(month_count):
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        months.append(f"{year}-{month:02d}")
    rows = [list(imports.HEADER)]
    for index, centre in enumerate(centres):
        for number, month in enumerate(reversed(months)):
            received = int(1000 + 300 * math.sin(number / 1.9) + 40 * index)
            rate = 0.80 if index == 0 else 0.88 + 0.05 * math.cos(number + index)
            rows.append([centre.slug, month, received, int(received * rate), 30 + number % 25,
                         f"{12 + index % 5},5", number % 3, (number + index) % 2])  # fmt: skip
    return rows


def as_csv(rows) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode()


def as_xlsx(rows) -> bytes:
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append([float(cell.replace(",", ".")) if isinstance(cell, str) and "," in cell else cell for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def measure(name: str, data: bytes, centres, coordinator, repeat: int) -> dict:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from community.steering import imports
    from community.steering.models import LowRateEpisode, MonthlyIndicator

    figures = {"parse": [], "save_new": [], "save_again": [], "post": []}
    queries = {}
    for _ in range(repeat):
        MonthlyIndicator.objects.filter(centre__in=centres).delete()
        LowRateEpisode.objects.filter(centre__in=centres).delete()
        started = time.perf_counter()
        rows = imports.read_upload(SimpleUploadedFile(f"banc.{name}", data), coordinator)
        figures["parse"].append(time.perf_counter() - started)
        for phase in ("save_new", "save_again"):
            rows = imports.read_upload(SimpleUploadedFile(f"banc.{name}", data), coordinator)  # fresh MonthValues
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                summary = imports.save(rows, coordinator)
                figures[phase].append(time.perf_counter() - started)
            queries[phase] = len(captured)
        assert summary.months == len(rows) and summary.updated == len(rows), summary
    client = Client()
    client.force_login(coordinator)
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.post("/pilotage/import/", {"file": SimpleUploadedFile(f"banc.{name}", data)})
        figures["post"].append(time.perf_counter() - started)
        assert response.status_code == 302, (response.status_code, response.content[:2000])
    return {phase: statistics.median(values) for phase, values in figures.items()} | {"queries": queries}


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        configure(url)
        from django.db import connection

        centres, coordinator = bench_data(args.centres)
        rows = table_rows(centres, args.months)
        files = {"csv": as_csv(rows), "xlsx": as_xlsx(rows)}
        count = len(rows) - 1
        print(f"database: {connection.vendor}; {args.centres} centres × {args.months} months = {count} rows; "
              f"median of {args.repeat} runs")  # fmt: skip
        print("| file | size | parse | save, all new | save, all updated | parse + save | POST /pilotage/import/ |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        slowest = 0.0
        for name, data in files.items():
            result = measure(name, data, centres, coordinator, args.repeat)
            total = result["parse"] + max(result["save_new"], result["save_again"])
            slowest = max(slowest, total, result["post"])
            q = result["queries"]
            print(f"| {name.upper()} | {len(data) / 1024:.0f} ko | {result['parse'] * 1000:.0f} ms "
                  f"| {result['save_new'] * 1000:.0f} ms ({q['save_new']} queries) "
                  f"| {result['save_again'] * 1000:.0f} ms ({q['save_again']} queries) "
                  f"| {total * 1000:.0f} ms | {result['post'] * 1000:.0f} ms |")  # fmt: skip
        verdict = "under" if slowest < TARGET_SECONDS else "OVER"
        print(f"slowest import {slowest:.2f} s: {verdict} the {TARGET_SECONDS:.0f} s target")
        connection.close()
    return 0 if slowest < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())

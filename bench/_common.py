"""Helpers shared by the HTTP benches: database creation, a daphne process, a minimal browser, form logins."""

import contextlib
import html.parser
import http.client
import http.cookies
import os
import socket
import subprocess
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO_PASSWORD = "reseau-3114-demo"


def pg_admin_target(url: str) -> tuple[str, str] | None:
    """PostgreSQL only: the cluster's `postgres` database (to create ours, to sample unseen) and our db's name."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        return None
    return parts._replace(scheme="postgresql", path="/postgres").geturl(), parts.path.lstrip("/")


def create_database_if_missing(url: str) -> None:
    """PostgreSQL: CREATE DATABASE unless it exists (SQLite creates its file by itself)."""
    if target := pg_admin_target(url):
        import psycopg
        from psycopg import sql

        with psycopg.connect(target[0], autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (target[1],)).fetchone():
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target[1])))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def daphne_server(env: dict, port: int, log_path: str, extra_args: tuple[str, ...] = ()):
    """daphne on 127.0.0.1:port, ready to answer /comptes/login/; always stopped on the way out, Ctrl-C included."""
    with open(log_path, "wb") as log:
        # Own session: a Ctrl-C in the terminal reaches only us, and we stop daphne ourselves below.
        proc = subprocess.Popen([os.path.join(ROOT, ".venv", "bin", "daphne"), *extra_args, "-b", "127.0.0.1",
                                 "-p", str(port), "community.asgi:application"], cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError):  # not listening yet
                if Browser(port).request("GET", "/comptes/login/")[0] == 200:
                    break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"daphne did not answer on /comptes/login/, see {log_path}")
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Browser:
    """One member: its own cookie jar, and a fresh loopback connection per request (no keep-alive surprises)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None
                ) -> tuple[int, bytes]:
        return self.exchange(method, path, form, headers)[::2]

    def exchange(self, method: str, path: str, form: dict | None = None, headers: dict | None = None
                 ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """One request; returns status, response headers and body. Cookies go as a header, `Secure` or not."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded",
                        "Referer": f"http://127.0.0.1:{self.port}{path}"}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                if morsel["max-age"] == "0":  # how Django deletes a cookie
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, data


class FormFields(html.parser.HTMLParser):
    """Current values of a page's text/hidden inputs and selects."""

    def __init__(self, page: bytes):
        super().__init__()
        self.fields, self._select = {}, None
        self.feed(page.decode("utf-8", "replace"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("file", "submit", "checkbox", "radio"):
            self.fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and ("selected" in attrs or self._select not in self.fields):
            self.fields[self._select] = attrs.get("value") or ""


def login_with_form(browser: Browser, email: str, password: str = DEMO_PASSWORD) -> int:
    """Sign in as a person would; returns the POST's status (302 plus a session cookie means signed in)."""
    token = FormFields(browser.request("GET", "/comptes/login/")[1]).fields.get("csrfmiddlewaretoken", "")
    status, _ = browser.request("POST", "/comptes/login/",
                                {"login": email, "password": password, "csrfmiddlewaretoken": token})
    return status if "sessionid" in browser.cookies else -status

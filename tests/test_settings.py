"""Settings come from the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 64 + "-production-secret-for-the-check",
    "ALLOWED_HOSTS": "reseau3114.example.org",
    "DATABASE_URL": "postgres://reseau:secret@db.internal:5432/reseau",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_HOST": "smtp.example.org",
}


def run(code: str, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "community.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(**env) -> dict:
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'engine': s.DATABASES['default']['ENGINE'], "
        "'db_options': s.DATABASES['default'].get('OPTIONS', {}), "
        "'cache': s.CACHES['default']['BACKEND'], 'layer': s.CHANNEL_LAYERS['default']['BACKEND'], "
        "'email': s.EMAIL_BACKEND, 'hosts': s.ALLOWED_HOSTS, 'lang': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, "
        "'use_tz': s.USE_TZ}))"
    )
    result = run(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_debug_is_off_unless_asked_for():
    result = run("import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_embedded_defaults_run_locally():
    values = read_settings(DEBUG="1")  # what `make run` sets
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    # The embedded database survives concurrent requests.
    assert values["db_options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in values["db_options"]["init_command"]
    assert values["db_options"]["timeout"] >= 20
    assert values["layer"] == "channels.layers.InMemoryChannelLayer"
    assert values["email"] == "django.core.mail.backends.console.EmailBackend"
    assert (values["lang"], values["tz"], values["use_tz"]) == ("fr", "Europe/Paris", True)


def test_production_variables_switch_backends():
    values = read_settings(**PRODUCTION)
    assert values["debug"] is False
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["layer"] == "channels_redis.core.RedisChannelLayer"
    assert values["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["hosts"] == ["reseau3114.example.org"]


def test_production_refuses_to_start_without_secret_key():
    result = run("import django; django.setup()", DEBUG="0", ALLOWED_HOSTS="x.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = run(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

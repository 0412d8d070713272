"""Test configuration: the real settings, made fast and hermetic."""

import os
import tempfile
from pathlib import Path

# The development configuration (the project's defaults are production-safe: debug off, no key).
os.environ.setdefault("DEBUG", "1")

from community.settings import *  # noqa: E402,F401,F403
from community.settings import DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Not test-results/: pytest-playwright empties that folder when the session starts.
TEST_FILES = Path(tempfile.gettempdir()) / "reseau-3114-tests"
MEDIA_ROOT = TEST_FILES / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SITE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: browser tests run daphne in another process on the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(TEST_FILES / "test-db.sqlite3")}
    TEST_FILES.mkdir(exist_ok=True)

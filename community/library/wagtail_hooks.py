# Wagtail imports each app's wagtail_hooks; the library's hooks live in small modules by concern.
from community.library.hooks import admin, demo, documents, search, sections  # noqa: F401

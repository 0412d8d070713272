"""Queries and server time per page on the demo data, as a signed-in coordinator sees them.

Run from the project root after `make seed` (or `manage.py seed_demo`):
    .venv/bin/python bench/page_queries.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
os.environ.setdefault("DEBUG", "1")

PAGES = [
    "/",
    "/actualites/",
    "/actualites/retour-sur-le-temps-fort-dautomne/",
    "/actualites/flux/",
    "/membres/",
    "/membres/?role=cadre",
    "/centres/",
    "/centres/bretagne/",
    "/profil/",
    "/acces/demandes/",
    "/groupes/",
    "/groupes/mes-groupes/",
    "/groupes/club-des-cadres/",
    "/groupes/club-des-cadres/gerer/",
    "/notifications/",
    "/notifications/preferences/",
    "/ressources/",
    "/ressources/guide-daccueil-des-nouveaux-repondants/",
    "/ressources/?q=postvention",
    "/recherche/?q=postvention",
    "/pilotage/",
    "/pilotage/centres/hauts-de-france/",
    "/pilotage/centres/hauts-de-france/graphique.svg",
    "/pilotage/comparaison/",
    "/pilotage/deploiement/",
    "/pilotage/deploiement/guyane/",
]


def main() -> int:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from community.models import User

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(User.objects.get(email="coordination@reseau3114.test"))
    print(f"{'page':40} {'status':>6} {'queries':>8} {'ms':>7}")
    failed = 0
    for path in PAGES:
        client.get(path)  # warm caches (templates, Wagtail site lookup)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - start) * 1000
        failed += response.status_code != 200
        print(f"{path:40} {response.status_code:>6} {len(queries):>8} {elapsed:>7.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

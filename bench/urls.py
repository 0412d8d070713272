"""URLs for bench/load.py: /bench/plancher/, a bare view (the floor), then the site's own URLs unchanged.

The floor goes through the whole middleware stack like any page (session, user, login requirement,
time zone, CSP...), but does no query of its own and renders no template: about 5 KB of fixed HTML.
"""

from django.http import HttpResponse
from django.urls import path

from community.urls import urlpatterns as site_urlpatterns

FLOOR_HTML = (
    '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8"><title>Plancher - Réseau 3114</title></head>\n'
    "<body>\n<main>\n<h1>Plancher</h1>\n"
    + "".join(
        f"<p>Paragraphe {index}: une vue Django nue, sans requête ni gabarit, "
        f"derrière tous les intergiciels du site, pour mesurer le coût minimal d'une page.</p>\n"
        for index in range(1, 33)
    )
    + "</main>\n</body>\n</html>\n"
)


def floor(request):
    return HttpResponse(FLOOR_HTML)


urlpatterns = [path("bench/plancher/", floor, name="bench_floor"), *site_urlpatterns]

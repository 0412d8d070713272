"""``/pilotage/``: indicators per centre, their import, and the deployment tracker."""

from django.urls import path  # noqa: F401 (each part adds its routes below)

app_name = "steering"

urlpatterns = []

"""``/pilotage/``: indicators per centre, their import, and the deployment tracker."""

from django.urls import path  # noqa: F401 (each part adds its routes below)

app_name = "steering"

urlpatterns = []

# --- Deployment tracker ----------------------------------------------------------------------------------
from community.steering import deployment  # noqa: E402

urlpatterns += [
    path("deploiement/", deployment.deployment, name="deployment"),
    path("deploiement/jalons/<int:pk>/", deployment.milestone, name="milestone"),
    path("deploiement/<slug:slug>/", deployment.deployment_centre, name="deployment_centre"),
]

# --- Indicator import ------------------------------------------------------------------------------------
from community.steering import import_views  # noqa: E402

urlpatterns += [
    path("import/", import_views.import_indicators, name="import"),
    path("import/modele.csv", import_views.template_csv, name="import_template_csv"),
    path("import/modele.xlsx", import_views.template_xlsx, name="import_template_xlsx"),
]

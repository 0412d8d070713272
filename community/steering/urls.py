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

# --- Indicator pages, charts and CSV files ---------------------------------------------------------------
from community.steering import indicator_views  # noqa: E402

urlpatterns += [
    path("", indicator_views.overview, name="overview"),
    path("reseau.svg", indicator_views.network_chart, name="network_chart"),
    path("reseau.csv", indicator_views.network_csv, name="network_csv"),
    path("comparaison/", indicator_views.comparison, name="comparison"),
    path("comparaison.svg", indicator_views.comparison_chart, name="comparison_chart"),
    path("comparaison.csv", indicator_views.comparison_csv, name="comparison_csv"),
    path("centres/<slug:slug>/", indicator_views.centre, name="centre"),
    path("centres/<slug:slug>/graphique.svg", indicator_views.centre_chart, name="centre_chart"),
    path("centres/<slug:slug>/indicateurs.csv", indicator_views.centre_csv, name="centre_csv"),
    path("centres/<slug:slug>/saisie/", indicator_views.edit_month, name="edit_month"),
]

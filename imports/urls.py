from django.urls import path

from imports import views

urlpatterns = [
    path("projects/<str:code>/import/", views.project_import, name="project_import"),
    path("projects/<str:code>/import/template.xlsx", views.import_template, name="import_template"),
    path("imports/", views.organization_import, name="organization_import"),
    path("imports/template.xlsx", views.organization_import_template, name="organization_import_template"),
    path("imports/<uuid:pk>/", views.import_preview, name="import_preview"),
]

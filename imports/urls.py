from django.urls import path

from imports import views

urlpatterns = [
    path("projects/<str:code>/import/", views.project_import, name="project_import"),
    path("projects/<str:code>/import/template.xlsx", views.import_template, name="import_template"),
    path("imports/<uuid:pk>/", views.import_preview, name="import_preview"),
]

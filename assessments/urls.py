from django.urls import path

from assessments import views

urlpatterns = [
    path("ethics/", views.overview, name="ethics_overview"),
    path("ethics/checklist/", views.checklist, name="ethics_checklist"),
    path("ethics/answers.csv", views.answers_export, {"fmt": "csv"}, name="ethics_answers_csv"),
    path("ethics/answers.xlsx", views.answers_export, {"fmt": "xlsx"}, name="ethics_answers_xlsx"),
    path("projects/<str:code>/ethics/", views.project_checks, name="project_checks"),
    path("projects/<str:code>/ethics/new/", views.assessment_start, name="assessment_start"),
    path("projects/<str:code>/ethics/<int:pk>/", views.assessment_detail, name="assessment_detail"),
]

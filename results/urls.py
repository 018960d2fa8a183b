from django.urls import path

from results import views

urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/lessons/", views.library_lessons, name="library_lessons"),
    path("library/figures/report/", views.results_report, name="results_report"),
    path("library/review/", views.review_list, name="results_review"),
    path("library/results/<int:pk>/ask/", views.result_ask, name="result_ask"),
    path("contacts/", views.contact_list, name="contact_list"),
    path("contacts/<int:pk>/answer/", views.contact_answer, name="contact_answer"),
    path("projects/<str:code>/results/", views.project_results, name="project_results"),
    path("projects/<str:code>/results/new/<str:kind>/", views.result_new, name="result_new"),
    path("projects/<str:code>/results/<int:pk>/", views.result_detail, name="result_detail"),
    path("projects/<str:code>/lessons/new/", views.lesson_new, name="lesson_new"),
    path("projects/<str:code>/lessons/<int:pk>/", views.lesson_detail, name="lesson_detail"),
]

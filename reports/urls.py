from django.urls import path

from reports import views

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("projects/timeline.pdf", views.portfolio_timeline_pdf, name="portfolio_timeline_pdf"),
    path("reports/runs/", views.job_runs, name="job_runs"),
    path("reports/generate/", views.generate, name="report_generate"),
    path("reports/subscription/", views.subscription, name="report_subscription"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/<str:fmt>/", views.report_download, name="report_download"),
]

from django.urls import path

from projects import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("projects/", views.project_list, name="project_list"),
    path("projects/export.csv", views.project_export, {"fmt": "csv"}, name="project_export_csv"),
    path("projects/export.xlsx", views.project_export, {"fmt": "xlsx"}, name="project_export_xlsx"),
    path("projects/timeline/", views.portfolio_timeline, name="portfolio_timeline"),
    path("search/", views.search_page, name="search"),
    path("projects/<str:code>/", views.project_detail, name="project_detail"),
    path("projects/<str:code>/history/", views.project_history_view, name="project_history"),
    path("projects/<str:code>/update/", views.status_update_edit, name="status_update_edit"),
    path("projects/<str:code>/milestones/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("projects/<str:code>/indicators/<int:pk>/", views.indicator_value_add, name="indicator_value_add"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.review_update, name="review_update"),
    path("barriers/", views.barrier_list, name="barrier_list"),
    path("barriers/new/", views.barrier_raise, name="barrier_raise"),
    path("barriers/<int:pk>/", views.barrier_detail, name="barrier_detail"),
]

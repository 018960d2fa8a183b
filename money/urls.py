from django.urls import path

from money import views

urlpatterns = [
    path("projects/<str:code>/money/", views.project_money, name="project_money"),
    path("projects/<str:code>/money/plan/", views.project_plan, name="project_plan"),
]

from django.urls import path

from money import views

urlpatterns = [
    path("projects/<str:code>/money/", views.project_money, name="project_money"),
]

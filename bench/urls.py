from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/constant", views.constant),
    path("bench/bare_page", views.bare_page),
    path("bench/data_floor", views.data_floor),
    path("", include("alliance_portal.urls")),
]

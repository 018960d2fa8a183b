from django.urls import path

from members import views

urlpatterns = [
    path("members/", views.organization_list, name="organization_list"),
    path("members/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("accounts/profile/", views.profile, name="profile"),
    path("i18n/setlang/", views.set_language, name="set_language"),
]

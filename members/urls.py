from django.urls import path

from members import token_views, views

urlpatterns = [
    path("members/", views.organization_list, name="organization_list"),
    path("members/suggest/", views.organization_suggest, name="organization_suggest"),
    path("members/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("accounts/profile/", views.profile, name="profile"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/tokens/", token_views.token_list, name="token_list"),
    path("accounts/tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]

from django.urls import path

from members import sso_views, token_views, two_factor_views, views

urlpatterns = [
    path("accounts/login/", sso_views.SignInView.as_view(), name="login"),
    path("accounts/sso/", sso_views.start, name="sso_start"),
    path("accounts/sso/callback/", sso_views.callback, name="sso_callback"),
    path("members/", views.organization_list, name="organization_list"),
    path("members/suggest/", views.organization_suggest, name="organization_suggest"),
    path("members/<slug:slug>/", views.organization_detail, name="organization_detail"),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_csv, name="audit_log_csv"),
    path("accounts/profile/", views.profile, name="profile"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/two-factor/", two_factor_views.setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor_views.verify, name="two_factor_verify"),
    path("accounts/two-factor/recovery-codes/", two_factor_views.recovery_codes, name="two_factor_recovery_codes"),
    path("accounts/tokens/", token_views.token_list, name="token_list"),
    path("accounts/tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]

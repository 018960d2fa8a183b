from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.core.exceptions import ValidationError
from django.forms import TextInput
from django.utils.translation import gettext_lazy as _

from members import audit, sso
from members.models import AuditKind, User


class SignInForm(AuthenticationForm):
    """Django's sign-in form with the username's length checked before anyone authenticates (Django sets the
    limit on the field after its validators were made, so an over-long name reached the lockout records)."""

    username = UsernameField(
        max_length=User._meta.get_field("username").max_length,
        widget=TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if sso.password_sign_in_refused(user):
            audit.record(AuditKind.SIGN_IN_FAILED, self.request, user=user, detail="company account required")
            raise ValidationError(
                _("Your organization signs you in with your company account: use “Sign in with your company”."),
                code="company_account_required",
            )


class CompanyEmailForm(forms.Form):
    """The e-mail address that finds the person's company sign-in (``members.sso.provider_for``)."""

    email = forms.EmailField(
        label=_("Work e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "placeholder": "name@company.com"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.provider = sso.provider_for(email)
        if self.provider is None:
            raise ValidationError(
                _("No company sign-in is set up for %(domain)s. Sign in with your username and password."),
                params={"domain": sso.email_domain(email)},
                code="no_provider",
            )
        return email

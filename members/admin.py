from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from members import tokens
from members.models import ApiToken, CompanyAccount, EmailDomain, IdentityProvider, Organization, User


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name_ko", "name_en", "kind", "size", "sector", "tier", "joined_on", "is_active", "is_demo"]
    list_filter = ["tier", "kind", "size", "sector", "is_active", "is_demo"]
    search_fields = ["name_ko", "name_en", "slug", "business_registration_number"]
    prepopulated_fields = {"slug": ["name_en"]}
    date_hierarchy = "joined_on"


class InvitationForm(PasswordResetForm):
    """The password-reset mail, sent also to users who never had a password (new, invited users)."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "organization", "is_active"]
    list_filter = ["role", "is_active", "preferred_language", "organization__tier"]
    search_fields = ["username", "email", "first_name", "last_name", "organization__name_ko", "organization__name_en"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email", "preferred_language"]}),
        (_("Alliance"), {"fields": ["role", "organization", "is_active"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    actions = ["send_invitation"]

    @admin.action(description=_("Send an invitation (a link to set the password)"))
    def send_invitation(self, request, queryset):
        """Invite by e-mail: the password-reset mail, which lets a new user choose a password and sign in."""
        sent = 0
        for user in queryset.filter(is_active=True).exclude(email=""):
            form = InvitationForm({"email": user.email})
            if form.is_valid():
                form.save(request=request, use_https=request.is_secure(), domain_override=request.get_host())
                sent += 1
        self.message_user(request, _("Invitations sent: %(n)d") % {"n": sent})

    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["username", "email", "role", "organization", "password1", "password2"]},
        ),
    ]


# Roles, not Django groups, decide what people may do.
admin.site.unregister(Group)


# django-otp's own admin pages show a device's secret (the QR code to copy someone's authenticator) and fail on
# unknown ids; here administrators only see who has which device and delete one to reset a lost phone (the person
# enrols again at the next sign-in) or to revoke recovery codes.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


class SecondFactorDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


admin.site.register(TOTPDevice, SecondFactorDeviceAdmin)
admin.site.register(StaticDevice, SecondFactorDeviceAdmin)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every user's API tokens (never their secret, which is not stored); administrators revoke them here."""

    list_display = ["prefix", "name", "user", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["scopes", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "name", "prefix"]
    list_select_related = ["user"]
    fields = list_display
    readonly_fields = list_display
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False  # a token is shown once to the person who makes it

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked, not deleted: the record stays

    @admin.action(description=_("Revoke the selected tokens"), permissions=["view"])
    def revoke(self, request, queryset):
        for record in queryset.filter(revoked_at__isnull=True):
            tokens.revoke_token(record, detail=f"by {request.user.get_username()}")
        self.message_user(request, _("The selected tokens are revoked."))


class IdentityProviderForm(forms.ModelForm):
    """The client secret is typed, never shown back; left empty on a change, the stored one is kept."""

    class Meta:
        model = IdentityProvider
        fields = ["organization", "issuer", "client_id", "client_secret", "client_secret_variable", "password_sign_in",
                  "is_active"]  # fmt: skip
        widgets = {"client_secret": forms.PasswordInput(render_value=False)}

    def clean_client_secret(self):
        typed = self.cleaned_data.get("client_secret", "")
        return typed or (self.instance.client_secret if self.instance.pk else "")


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    extra = 1


@admin.register(IdentityProvider)
class IdentityProviderAdmin(SimpleHistoryAdmin):
    """Single sign-on for a member organization (README: "Single sign-on")."""

    form = IdentityProviderForm
    list_display = ["organization", "issuer", "client_id", "password_sign_in", "is_active"]
    list_filter = ["is_active", "password_sign_in"]
    search_fields = ["issuer", "organization__name_ko", "organization__name_en", "domains__domain"]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    inlines = [EmailDomainInline]


@admin.register(CompanyAccount)
class CompanyAccountAdmin(admin.ModelAdmin):
    """Who is linked to which company account; deleting a link makes the next sign-in link (or refuse) afresh."""

    list_display = ["user", "provider", "subject", "last_sign_in"]
    search_fields = ["user__username", "user__email", "subject"]
    list_select_related = ["user", "provider__organization"]
    fields = list_display
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from members import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"}),
    )


def _next_url(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return next_url
    return resolve_url("dashboard")


@login_required
@never_cache  # the page shows the secret, the answer to it the recovery codes
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app. Someone who already has one must pass it first: a stolen password alone must
    not be enough to swap the authenticator."""
    if not two_factor.is_required(request.user):
        return redirect("profile")
    if two_factor.authenticator(request.user) and not request.user.is_verified():
        return redirect_to_login(_next_url(request), "two_factor_verify")
    device = two_factor.pending_authenticator(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        except two_factor.WrongCode as wrong:
            form.add_error("code", str(wrong))
        else:
            messages.success(request, _("Two-factor sign-in is on."))
            return render(request, "members/recovery_codes.html", {"codes": codes, "next": _next_url(request)})
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_svg(device),
        "manual_key": two_factor.manual_key(device),
        "next": _next_url(request),
    }
    return render(request, "members/two_factor_setup.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in for ministry staff."""
    if not two_factor.is_required(request.user) or request.user.is_verified():
        return redirect(_next_url(request))
    if two_factor.authenticator(request.user) is None:
        return redirect_to_login(_next_url(request), "two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.verify(request, form.cleaned_data["code"])
        except two_factor.WrongCode as wrong:
            form.add_error("code", str(wrong))
        else:
            left = two_factor.remaining_recovery_codes(request.user)
            if left <= 3:
                messages.warning(
                    request, _("%(count)d recovery codes left. Make new ones on your profile page.") % {"count": left}
                )
            return redirect(_next_url(request))
    return render(request, "members/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@never_cache
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """A new set of recovery codes (the old ones stop working); only from a verified session."""
    if not two_factor.is_required(request.user):
        return redirect("profile")
    codes = two_factor.new_recovery_codes(request.user)
    messages.success(request, _("New recovery codes made. The old ones no longer work."))
    return render(request, "members/recovery_codes.html", {"codes": codes, "next": resolve_url("profile")})

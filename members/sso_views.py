"""The pages of single sign-on (members/sso.py): the e-mail address that finds the company's provider, and the
provider's answer. A refusal is a page that says why, with the status it deserves, never a server error."""

from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from members import sso
from members.forms import CompanyEmailForm, SignInForm
from members.models import IdentityProvider


class SignInView(LoginView):
    """Django's sign-in page, with the company sign-in beside the password."""

    authentication_form = SignInForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "sso_form": CompanyEmailForm()}

    def render_to_response(self, context, **kwargs):
        return to_providers(super().render_to_response(context, **kwargs))


def to_providers(response: HttpResponse) -> HttpResponse:
    """The page's company sign-in form may lead to the providers' sign-in pages (CSP ``form-action``)."""
    response._csp_update = {"form-action": sso.sign_in_origins()}
    return response


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Type your work e-mail address, be sent to your company's sign-in page."""
    form = CompanyEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        provider = form.provider
        callback = request.build_absolute_uri(reverse("sso_callback"))
        try:
            return sso.authorization_redirect(request, provider, callback, form.cleaned_data["email"])
        except sso.Refused as refusal:
            sso.refused(request, provider, refusal, form.cleaned_data["email"])
            return refused_page(request, provider, refusal)
    return to_providers(render(request, "registration/sso_start.html", {"form": form}))


@require_safe
def callback(request: HttpRequest) -> HttpResponse:
    """The provider sends the person back here with a code (or why not) and the ``state`` of the flow, which
    names the provider the flow was started with."""
    provider = sso.provider_of_flow(request)
    try:
        if provider is None:
            raise sso.untrusted()
        claims, refresh_token = sso.finish(request, provider)
    except sso.Refused as refusal:
        sso.refused(request, provider, refusal)
        return refused_page(request, provider, refusal)
    try:
        sso.sign_in(request, provider, claims, refresh_token)
    except sso.Refused as refusal:  # recorded by sign_in
        return refused_page(request, provider, refusal)
    return redirect("dashboard")


def refused_page(request: HttpRequest, provider: IdentityProvider | None, refusal: sso.Refused) -> HttpResponse:
    context = {"provider": provider, "message": refusal.message, "reason": refusal.reason}
    return render(request, "registration/sso_refused.html", context, status=refusal.status)

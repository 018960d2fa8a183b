from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from access import policy
from members.models import ApiToken
from members.tokens import DEFAULT_DAYS, MAX_DAYS, issue_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, help_text=gettext_lazy("What will use it."))
    write = forms.BooleanField(label=gettext_lazy("Allow writes"), required=False)
    webhooks = forms.BooleanField(
        label=gettext_lazy("Allow managing webhooks"),
        required=False,
        help_text=gettext_lazy("Create and change your webhook endpoints through the API."),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )

    def __init__(self, *args, may_write: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_write:  # offered only to those whose role writes through the API
            del self.fields["write"]

    def scopes(self) -> list[str]:
        return ["read", *(scope for scope in ("write", "webhooks") if self.cleaned_data.get(scope))]


@login_required
@never_cache  # the answer to the POST shows the new token's secret
@require_http_methods(["GET", "POST"])
def token_list(request):
    may_write = policy.can(request.user, "write_api")
    form = TokenForm(request.POST or None, may_write=may_write)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _record, new_token = issue_token(
                request.user, name=form.cleaned_data["name"], scopes=form.scopes(), days=form.cleaned_data["days"]
            )
            messages.success(request, _("Token created. Copy it now: it will not be shown again."))
            form = TokenForm(may_write=may_write)
        except ValidationError as error:  # the form checks the same; kept as messages whatever field they name
            form.add_error(None, error.messages)
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "members/tokens.html", {"form": form, "tokens": tokens, "new_token": new_token})


@login_required
@require_POST
def token_revoke(request, pk: int):
    revoke_token(get_object_or_404(ApiToken, pk=pk, user=request.user))
    messages.success(request, _("Token revoked."))
    return redirect("token_list")

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from access import policy
from members import two_factor


class UserLanguageMiddleware:
    """Signed-in users see the portal in their saved language, on every device (after LocaleMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Signs out ministry staff after ``MINISTRY_IDLE_TIMEOUT`` without a request (after AuthenticationMiddleware).

    The time of the last request is kept in the session, written at most once a minute so that ordinary browsing
    does not save the session on every request.
    """

    KEY = "last_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and policy.can(user, "idle_timeout"):
            now = int(time.time())
            last_seen = request.session.get(self.KEY, now)
            timeout = settings.MINISTRY_IDLE_TIMEOUT.total_seconds()
            if now - last_seen > timeout:
                logout(request)
                minutes = int(timeout // 60)
                messages.info(
                    request, _("You were signed out after %(minutes)d minutes without activity.") % {"minutes": minutes}
                )
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= 60 or self.KEY not in request.session:
                request.session[self.KEY] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """Ministry staff pass their second factor before any page or API call of a signed-in session (after
    django-otp's OTPMiddleware). API calls with a bearer token are not sessions: tokens are issued only from a
    verified session."""

    OPEN = {"two_factor_setup", "two_factor_verify", "logout", "set_language"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not two_factor.is_required(user) or user.is_verified() or request.resolver_match.url_name in self.OPEN:
            return None
        if request.path.startswith("/api/"):
            from alliance_portal.api.errors import PROBLEM, problem  # DRF's settings import the API back

            detail = _("Finish signing in with your second factor first.")
            return JsonResponse(problem(403, detail, code="second-factor-required"), status=403, content_type=PROBLEM)
        return redirect_to_login(request.get_full_path(), "two_factor_verify")

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


class SessionLifetimeMiddleware:
    """Ends signed-in sessions that lasted too long (after AuthenticationMiddleware and MessageMiddleware).

    Every role is signed out after an idle spell without a request: ``MINISTRY_IDLE_TIMEOUT`` for those with the
    ``short_sessions`` ability (ministry staff), ``IDLE_TIMEOUT`` for everyone else. Those with the ability are also
    signed out ``MINISTRY_SESSION_LIFETIME`` after they signed in, whatever their activity. The time of the last
    request is kept in the session, written at most once a minute so that ordinary browsing does not save the session
    on every request; the time of sign-in is written at sign-in (``note_sign_in``). Pages are sent to the sign-in page
    with the reason; API calls get a 401 in the API's error shape.
    """

    LAST_SEEN = "last_seen"
    SIGNED_IN = "signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            reason = self._ended(user, session, now)
            if reason:
                return self._sign_out(request, reason)
            if now - session.get(self.LAST_SEEN, 0) >= 60:
                session[self.LAST_SEEN] = now
            session.setdefault(self.SIGNED_IN, now)  # a session from before sign-in times were kept
        return self.get_response(request)

    def _ended(self, user, session, now: int) -> str:
        """Why this session is over, in the user's words, or ``""``."""
        short = policy.can(user, "short_sessions")
        idle = (settings.MINISTRY_IDLE_TIMEOUT if short else settings.IDLE_TIMEOUT).total_seconds()
        if now - session.get(self.LAST_SEEN, now) > idle:
            return _("You were signed out after %(minutes)d minutes without activity.") % {"minutes": idle // 60}
        lifetime = settings.MINISTRY_SESSION_LIFETIME.total_seconds()
        if short and now - session.get(self.SIGNED_IN, now) > lifetime:
            return _("You were signed out %(hours)d hours after signing in. Sign in again to go on.") % {
                "hours": lifetime // 3600
            }
        return ""

    def _sign_out(self, request, reason: str):
        logout(request)
        if request.path.startswith("/api/"):
            from alliance_portal.api.errors import PROBLEM, problem  # DRF's settings import the API back

            return JsonResponse(problem(401, reason, code="session-ended"), status=401, content_type=PROBLEM)
        messages.info(request, reason)
        return redirect_to_login(request.get_full_path())


def note_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in``: the session's sign-in time, which its absolute lifetime counts from."""
    if hasattr(request, "session"):
        now = int(time.time())
        request.session[SessionLifetimeMiddleware.SIGNED_IN] = now
        request.session[SessionLifetimeMiddleware.LAST_SEEN] = now


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

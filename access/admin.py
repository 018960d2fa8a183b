"""The admin asks the policy too: its lists and change pages hold what ``restrict`` lets the administrator see
(drafts, for one, stay their participants' business there as everywhere)."""

from access import policy


class RestrictedAdmin:
    """A ModelAdmin mixin for the models the policy has a rule for."""

    def get_queryset(self, request):
        return policy.restrict(super().get_queryset(request), request.user)

"""Admin pieces every app shares (no model of core's own is registered)."""


class ReadOnlyAdmin:
    """A ModelAdmin mixin for records written on the portal only: the admin lists and shows them, never adds, changes
    or deletes them (history, review and the services' rules stay the only way in)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

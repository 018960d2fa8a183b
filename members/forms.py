from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.forms import TextInput

from members.models import User


class SignInForm(AuthenticationForm):
    """Django's sign-in form with the username's length checked before anyone authenticates (Django sets the
    limit on the field after its validators were made, so an over-long name reached the lockout records)."""

    username = UsernameField(
        max_length=User._meta.get_field("username").max_length,
        widget=TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

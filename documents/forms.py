from django import forms
from django.utils.translation import gettext_lazy as _

from core.pages import VersionedForm
from documents.choices import AttachedTo, Folder

FILE_HELP = _("PDF, pictures, Office (docx, xlsx, pptx), HWP/HWPX, CSV or ZIP; up to %(mb)d MB.")


class AttachForm(forms.Form):
    file = forms.FileField(label=_("File"), allow_empty_file=False)
    folder = forms.ChoiceField(label=_("Folder"), choices=Folder.choices, required=False)
    confidential = forms.BooleanField(
        label=_("Confidential: only the project's participants and the ministry"), required=False, initial=True
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind == AttachedTo.PROJECT:  # a project's library: filed in a folder
            self.fields["folder"].required = True
        else:
            del self.fields["folder"]
        if kind == AttachedTo.MEETING:  # a meeting's documents go with its working group
            self.fields["confidential"].label = _("Confidential: only the group's members and the ministry")


class NewVersionForm(VersionedForm):
    file = forms.FileField(label=_("File"), allow_empty_file=False)


class RemoveForm(VersionedForm):
    """Deleting a document: the version the user saw, so a document changed meanwhile is not binned unseen."""

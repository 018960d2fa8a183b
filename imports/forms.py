from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from imports.reading import MAX_BYTES, MAX_ROWS


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Filled-in template"), allow_empty_file=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "The XLSX template, or one of its sheets saved as CSV (UTF-8 or CP949); up to %(mb)d MB and %(rows)s rows."
        ) % {"mb": MAX_BYTES // 2**20, "rows": f"{MAX_ROWS:,}"}

from django import forms
from django.urls import reverse


class OrganizationSearchInput(forms.TextInput):
    """An organization's slug, typed, with suggestions fetched as one types (htmx fills a datalist from
    ``organization_suggest``): with a thousand member organizations a select of them all is neither usable nor
    cheap to render."""

    input_type = "search"
    template_name = "members/widgets/organization_search.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["suggest_url"] = reverse("organization_suggest")
        return context

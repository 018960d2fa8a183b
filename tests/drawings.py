"""Pages some of whose drawing is kept in the cache (``projects.portfolio.kept_drawing``): the page as a reader gets
it, and whether the kept part was drawn for this request."""

import re

from django.test.signals import template_rendered


def page_and_drawn(client, path: str, *templates: str) -> tuple[str, bool]:
    """The page at ``path`` with what differs on every request (the CSP nonce, the form token) blanked, and whether
    any of ``templates`` (the kept parts) was drawn for it rather than read from the cache."""
    drawn = []

    def note(sender, template, **kwargs):
        drawn.append(template.name)

    template_rendered.connect(note)
    try:
        response = client.get(path)
    finally:
        template_rendered.disconnect(note)
    assert response.status_code == 200
    page = re.sub(r'(nonce|value)="[A-Za-z0-9+/=_-]{20,}"', r'\1=""', response.content.decode())
    return page, bool(set(templates) & set(drawn))

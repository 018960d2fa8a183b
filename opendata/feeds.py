"""The Atom feed of publications (``/open/feed.atom``): one entry per published version, newest first."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from opendata.models import Publication
from opendata.public import public

ENTRIES = 50


class PublicationFeed(Feed):
    feed_type = Atom1Feed
    title = _("Industrial AI Alliance open data: publications")
    subtitle = _("Each reporting month published by the Ministry of Trade, Industry and Energy.")

    def __call__(self, request, *args, **kwargs):
        return public(super().__call__)(request, *args, **kwargs)

    def link(self):
        return reverse("open_changelog")

    def items(self):
        return Publication.objects.order_by("-published_at")[:ENTRIES]

    def item_title(self, item: Publication) -> str:
        return _("%(month)s, version %(version)d") % {"month": item.key, "version": item.version}

    def item_description(self, item: Publication) -> str:
        return item.note or _("%(n)d projects published.") % {"n": item.summary["projects"]}

    def item_link(self, item: Publication) -> str:
        return reverse("open_period_version", kwargs={"period": item.key, "version": item.version})

    def item_pubdate(self, item: Publication):
        return item.published_at

    def item_author_name(self, item: Publication) -> str:
        return settings.OPEN_DATA["publisher"]["en"]

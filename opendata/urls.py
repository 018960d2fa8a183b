from django.urls import path, register_converter
from django.views.decorators.http import require_GET

from opendata import feeds, views


class MonthConverter:
    regex = r"\d{4}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MonthConverter, "month")

urlpatterns = [
    path("open/", views.portfolio, name="open_portfolio"),
    path("open/changes/", views.changelog, name="open_changelog"),
    path("open/licence/", views.licence, name="open_licence"),
    path("open/feed.atom", require_GET(feeds.PublicationFeed()), name="open_feed"),
    path("open/<month:period>/", views.period, name="open_period"),
    path("open/<month:period>/v<int:version>/", views.period, name="open_period_version"),
    path("open/<month:period>/v<int:version>/projects/<str:code>/", views.project, name="open_project"),
    path("open/<month:period>/v<int:version>/files/<str:name>", views.download, name="open_file"),
    path("publications/", views.publications, name="publication_list"),
]

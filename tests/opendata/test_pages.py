"""The public pages: no sign-in, no cookie, no form, both languages, empty states, the cache; and the ministry's
publications page."""

import pytest
from django.test import Client
from django.urls import reverse

from opendata.models import Publication

pytestmark = pytest.mark.django_db


def public_urls(publication) -> list[str]:
    period = {"period": publication.key, "version": publication.version}
    code = publication.projects.first().code
    return [
        reverse("open_portfolio"),
        reverse("open_changelog"),
        reverse("open_licence"),
        reverse("open_feed"),
        reverse("open_period", kwargs={"period": publication.key}),
        reverse("open_period_version", kwargs=period),
        reverse("open_period_version", kwargs=period) + "?area=mobility&page=1",
        reverse("open_project", kwargs={**period, "code": code}),
        *[reverse("open_file", kwargs={**period, "name": f.name}) for f in publication.files.all()],
    ]


def test_every_public_page_answers_without_sign_in_cookie_or_form(published, anonymous):
    for url in public_urls(published):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers and not response.cookies, url
        assert b"<form" not in response.getvalue(), url  # files are streamed
        assert "public" in response["Cache-Control"], url


def test_the_portfolio_page_shows_the_latest_publication_in_both_languages(published):
    code = published.projects.first().code
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(reverse("open_portfolio"))
    korean = Client(HTTP_ACCEPT_LANGUAGE="ko").get(reverse("open_portfolio"))
    chosen = Client(HTTP_ACCEPT_LANGUAGE="ko").get(reverse("open_portfolio") + "?lang=en")
    assert f"Portfolio, {published.key} (version 1)" in english.content.decode()
    assert f"{published.key} 포트폴리오 (버전 1)" in korean.content.decode()
    assert "Portfolio, " in chosen.content.decode()
    assert "?lang=en" in chosen.content.decode()  # links keep the chosen language
    assert code in english.content.decode()


def test_an_unknown_period_version_project_or_file_is_a_public_404(published, anonymous):
    period = {"period": published.key, "version": published.version}
    for url in [
        "/open/2026-13/",
        reverse("open_period_version", kwargs={**period, "version": 9}),
        reverse("open_project", kwargs={**period, "code": "NOPE-1"}),
        reverse("open_file", kwargs={**period, "name": "secrets.csv"}),
    ]:
        response = anonymous.get(url)
        assert response.status_code == 404, url
        assert not response.cookies and b"<form" not in response.content, url


def test_a_new_publication_replaces_the_cached_portfolio(users, published, anonymous):
    from opendata import services

    first = anonymous.get(reverse("open_portfolio")).content.decode()
    services.publish(published.period, users["ministry"], ratings=True, note="corrected figures")
    second = anonymous.get(reverse("open_portfolio")).content.decode()
    assert "(version 1)" in first and "(version 2)" in second and "corrected figures" in second


def test_the_period_page_takes_a_fixed_number_of_queries(published, anonymous, django_assert_max_num_queries):
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(6):
        assert anonymous.get(reverse("open_portfolio") + "?nocache=1").status_code == 200


# -- the ministry's page ------------------------------------------------------------------------------------------


def client_of(user) -> Client:
    user.preferred_language = "en"
    user.save(update_fields=["preferred_language"])
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_an_administrator_publishes_a_correction_with_a_note(users, published):
    response = client_of(users["ministry"]).post(
        reverse("publication_list"), {"period": published.key, "ratings": "on", "note": "MOB-03 corrected"}
    )
    assert response.status_code == 302
    assert Publication.objects.filter(period=published.period, version=2, note="MOB-03 corrected").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period": ""}, "This field is required"),
        ({"period": "2026-13"}, "not a valid period"),
        ({"period": "x" * 500}, "at most 7 characters"),
        ({"period": "2099-01"}, "has not ended yet"),
        ({"period": "PUBLISHED"}, "already published"),
        ({"period": "PUBLISHED", "note": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_publishes_nothing(users, published, data, message):
    data = {k: (published.key if v == "PUBLISHED" else v) for k, v in data.items()}
    response = client_of(users["ministry"]).post(reverse("publication_list"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Publication.objects.count() == 1


def test_a_ministry_viewer_sees_the_publications_but_cannot_publish(users, published):
    client = client_of(users["viewer"])
    page = client.get(reverse("publication_list")).content.decode()
    assert published.key in page and "Publish a month" not in page
    assert client.post(reverse("publication_list"), {"period": published.key, "note": "x"}).status_code == 403
    assert Publication.objects.count() == 1

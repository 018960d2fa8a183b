"""The public pages' cache cannot be grown from outside: entries are keyed on the path and the parameters a page
reads, downloads are streamed and never kept, every address is limited, and the cache is a Redis of its own, so
clearing or filling it never touches Celery's queued tasks and results."""

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from alliance_portal.api.throttling import PerAddressPageThrottle
from tests.opendata.stored import content

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_server():
    client = redis.Redis.from_url(settings.CACHE_URL)
    yield client
    client.close()


@pytest.fixture
def unlimited(monkeypatch):
    monkeypatch.setattr(PerAddressPageThrottle, "THROTTLE_RATES", {"open_pages": "100000/hour"})


def file_url(publication) -> str:
    name = publication.files.order_by("-size").values_list("name", flat=True).first()
    return reverse("open_file", kwargs={"period": publication.key, "version": publication.version, "name": name})


@pytest.mark.parametrize("url", ["/open/", "/open/changes/", "/api/open/v1/projects/"])
def test_made_up_query_strings_add_nothing_to_the_cache(published, anonymous, cache_server, unlimited, url):
    cache.clear()
    anonymous.get(url)  # the page itself, and the address's count, are kept once
    keys = cache_server.dbsize()
    for n in range(30):
        assert anonymous.get(url, {"utm": n, "page_": "x" * n}).status_code == 200
    assert cache_server.dbsize() == keys


def test_a_page_asked_for_in_english_keeps_the_choice_in_its_links_whoever_asked_before(published, unlimited):
    """The browser's English page (links without ``?lang=``) is not the answer to ``?lang=en`` from a Korean browser,
    whose links must keep the choice, or the next page would be Korean."""
    cache.clear()
    Client(HTTP_ACCEPT_LANGUAGE="en").get("/open/")
    page = Client(HTTP_ACCEPT_LANGUAGE="ko").get("/open/", {"lang": "en"}).content.decode()
    project = published.projects.order_by("code").first()
    assert f'/projects/{project.code}/?lang=en"' in page


def test_other_spellings_of_a_page_number_or_area_add_nothing_to_the_cache(
    published, anonymous, cache_server, unlimited
):
    cache.clear()
    anonymous.get("/open/", {"page": "1"})
    keys = cache_server.dbsize()
    for spelling in ["", "0" * 5 + "1", "abc", "²", "1" * 30, "-1", "1\x00"]:
        assert anonymous.get("/open/", {"page": spelling, "area": "made-up"}).status_code == 200
    assert cache_server.dbsize() == keys


def test_downloads_are_streamed_and_never_kept_in_the_cache(published, anonymous, cache_server, unlimited):
    url = file_url(published)
    stored = published.files.order_by("-size").first()
    cache.clear()
    anonymous.get(url)
    keys, used = cache_server.dbsize(), cache_server.info("memory")["used_memory"]
    for n in range(20):
        response = anonymous.get(url, {"n": n})
        assert response.streaming and b"".join(response.streaming_content) == content(stored)
    assert cache_server.dbsize() == keys
    assert cache_server.info("memory")["used_memory"] - used < stored.size  # not one copy of the file kept


def test_a_download_whose_etag_the_browser_holds_is_a_304(published, anonymous):
    url = file_url(published)
    etag = anonymous.get(url)["ETag"]
    response = anonymous.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response["ETag"] == etag and not response.content


def test_public_pages_and_files_are_limited_per_address(published, monkeypatch):
    monkeypatch.setattr(PerAddressPageThrottle, "THROTTLE_RATES", {"open_pages": "3/hour"})
    cache.clear()
    one, other = Client(REMOTE_ADDR="198.51.100.21"), Client(REMOTE_ADDR="198.51.100.22")
    answers = [one.get(url).status_code for url in ("/open/", "/open/changes/", file_url(published), "/open/")]
    assert answers == [200, 200, 200, 429]
    refused = one.get(file_url(published), HTTP_X_FORWARDED_FOR="203.0.113.9")  # a made-up header changes nothing
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert not refused.cookies
    assert other.get("/open/").status_code == 200
    cache.clear()


def test_clearing_the_cache_leaves_queued_tasks_and_results_alone():
    broker = redis.Redis.from_url(settings.REDIS_URL)
    try:
        broker.set("test-marker-queued-task", "waiting")
        cache.clear()
        assert broker.get("test-marker-queued-task") == b"waiting"
    finally:
        broker.delete("test-marker-queued-task")
        broker.close()


def test_the_cache_server_is_bounded_and_evicts_the_least_recently_used(cache_server):
    config = cache_server.config_get("maxmemory*")
    assert int(config["maxmemory"]) > 0 and config["maxmemory-policy"] == "allkeys-lru"

"""Incremental sync of milestones from the Industrial AI Alliance Portal API.

    PORTAL_URL=http://127.0.0.1:8000 PORTAL_TOKEN=iaa_... python docs/examples/sync_milestones.py [SINCE]

Prints every milestone changed since SINCE (ISO 8601; default: everything), following the cursor pages, and the
time to use as SINCE next time. Standard library only.
"""

import datetime
import json
import os
import sys
import urllib.parse
import urllib.request


def get(url: str, token: str) -> dict:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise SystemExit(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:  # nosec B310  # http(s) only, checked above
        return json.load(response)


def sync(base_url: str, token: str, since: str | None) -> tuple[list[dict], str]:
    started = datetime.datetime.now(datetime.UTC).isoformat()
    query = {"page_size": 500, **({"updated_since": since} if since else {})}
    url = f"{base_url}/api/v1/milestones/?{urllib.parse.urlencode(query)}"
    rows = []
    while url:
        page = get(url, token)
        rows += page["results"]
        url = page["next"]
    return rows, started


if __name__ == "__main__":
    milestones, next_since = sync(
        os.environ["PORTAL_URL"].rstrip("/"), os.environ["PORTAL_TOKEN"], (sys.argv[1:] or [None])[0]
    )
    for m in milestones:
        print(m["project"], m["order"], m["status"], m["forecast_date"])
    print(f"{len(milestones)} milestones; next time use: {next_since}")

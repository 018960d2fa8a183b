"""Many editors PATCH the same milestone at once with the same If-Match: exactly one wins, nothing is lost."""

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from members.models import Role
from members.tokens import issue_token
from tests.factories import MilestoneFactory, UserFactory

pytestmark = pytest.mark.services

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_with_one_etag_let_exactly_one_through(live_server):
    milestone = MilestoneFactory(status="planned")
    editor = UserFactory(role=Role.MEMBER_EDITOR, organization=milestone.project.lead_organization)
    _record, token = issue_token(editor, name="race", scopes=["read", "write"])
    url = f"{live_server.url}/api/v1/milestones/{milestone.pk}/"
    etag = f'"{milestone.pk}-v{milestone.version}"'

    def patch(status: str) -> int:
        request = urllib.request.Request(
            url,
            data=json.dumps({"status": status}).encode(),
            method="PATCH",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "If-Match": etag},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    statuses = ["in_progress", "delayed"] * (WRITERS // 2)
    with ThreadPoolExecutor(WRITERS) as pool:
        results = list(pool.map(patch, statuses))

    assert sorted(results) == [200] + [412] * (WRITERS - 1)
    milestone.refresh_from_db()
    assert milestone.version == 2
    assert milestone.history.count() == 2  # created + the one accepted change
    assert milestone.status == statuses[results.index(200)]

import os
import subprocess
import sys
from pathlib import Path

import pytest

from members.models import Role
from members.tokens import issue_token
from tests.factories import MilestoneFactory, UserFactory

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "sync_milestones.py"


@pytest.mark.django_db(transaction=True)
def test_the_documented_sync_example_runs_against_a_live_server(live_server):
    milestones = MilestoneFactory.create_batch(3)
    _record, token = issue_token(UserFactory(role=Role.PARTNER), name="docs", scopes=["read"])
    env = {**os.environ, "PORTAL_URL": live_server.url, "PORTAL_TOKEN": token}
    result = subprocess.run([sys.executable, str(EXAMPLE)], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "3 milestones; next time use:" in result.stdout
    assert all(m.project.code in result.stdout for m in milestones)

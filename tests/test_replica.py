"""With ``DATABASE_REPLICA_URL`` set, GET/HEAD reads go to the replica and everything else to the primary.

The replica here is a second connection to the same (test) database, in a process of its own so that its
settings are read at start-up as a deployment's would be.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json
import django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from members.models import User

setup_test_environment()
client = Client()
client.force_login(User.objects.get(username="ministry"))
seen = {}
requests = [("get", "/projects/", {}), ("head", "/", {}), ("post", "/i18n/setlang/", {"language": "en"})]
for method, path, data in requests:
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as replica:
        status = getattr(client, method)(path, data).status_code
    seen[method] = {"status": status, "primary": [q["sql"] for q in primary], "replica": len(replica)}
print(json.dumps(seen))
"""


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{quote(s['USER'])}@{quote(s['HOST'] or '', safe='')}:{s['PORT'] or 5432}/{s['NAME']}"


def test_get_reads_go_to_the_replica_and_writes_to_the_primary(users):
    env = {**os.environ, "DATABASE_URL": database_url(), "DATABASE_REPLICA_URL": database_url()}
    env["DJANGO_SETTINGS_MODULE"] = "alliance_portal.settings"
    output = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert output.returncode == 0, output.stderr
    seen = json.loads(output.stdout.strip().splitlines()[-1])

    assert seen["get"]["status"] == 200 and seen["get"]["replica"] >= 3
    assert all("django_session" in sql for sql in seen["get"]["primary"])  # sessions are read from the primary
    assert seen["head"]["status"] == 200 and seen["head"]["replica"] >= 1
    assert seen["post"]["status"] == 302 and seen["post"]["replica"] == 0 and seen["post"]["primary"]

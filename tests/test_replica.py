"""With ``DATABASE_REPLICA_URL`` set, GET/HEAD reads go to the replica and everything else to the primary.

The replica here is a second connection to the same (test) database, in a process of its own so that its
settings are read at start-up as a deployment's would be.
"""

import json

import pytest

from tests.processes import database_url, run_django

pytestmark = [pytest.mark.django_db, pytest.mark.services]

SCRIPT = """
import json
import django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from members.models import User

setup_test_environment()
client = Client()
ministry = User.objects.get(username="ministry")
client.force_login(ministry)
session = client.session  # signed in with the second factor too
session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get_or_create(user=ministry, confirmed=True)[0].persistent_id
session.save()
seen = {}
requests = [("get", "/projects/", {}), ("head", "/", {}), ("post", "/i18n/setlang/", {"language": "en"})]
for method, path, data in requests:
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as replica:
        status = getattr(client, method)(path, data).status_code
    seen[method] = {"status": status, "primary": [q["sql"] for q in primary], "replica": len(replica)}
print(json.dumps(seen))
"""


def test_get_reads_go_to_the_replica_and_writes_to_the_primary(users):
    output = run_django(["-c", SCRIPT], DATABASE_REPLICA_URL=database_url())
    assert output.returncode == 0, output.stderr
    seen = json.loads(output.stdout.strip().splitlines()[-1])

    assert seen["get"]["status"] == 200 and seen["get"]["replica"] >= 3
    on_primary = [sql for sql in seen["get"]["primary"] if sql not in ("BEGIN", "COMMIT")]
    assert all("django_session" in sql for sql in on_primary)  # sessions are read (and written) there, nothing else
    assert seen["head"]["status"] == 200 and seen["head"]["replica"] >= 1
    assert seen["post"]["status"] == 302 and seen["post"]["replica"] == 0 and seen["post"]["primary"]

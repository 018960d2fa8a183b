"""The real Celery app for the worker-loss test, with PDF writing held up so the test can kill the worker mid-job.

``celery -A tests.reports.slow_worker worker`` — the first PDF a task writes touches ``$SLOW_MARKER`` and then
waits a minute before writing, long enough for the test to SIGKILL the worker while the report is half built.
"""

import os
import time
from pathlib import Path

from celery.signals import task_prerun

from alliance_portal.celery import app

__all__ = ["app"]


@task_prerun.connect
def hold_up_pdf_writing(**kwargs):
    from reports import rendering

    write_pdf = rendering.write_pdf

    def slow_write_pdf(report, language, file):
        Path(os.environ["SLOW_MARKER"]).touch()
        time.sleep(60)
        write_pdf(report, language, file)

    rendering.WRITERS["pdf"] = slow_write_pdf

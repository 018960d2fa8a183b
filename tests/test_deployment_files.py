"""The Dockerfile and compose.yaml, checked as far as a machine without a container engine allows: the compose
file's shape and environment against what the production settings require, the image's build step run for real."""

import re
import shlex
from pathlib import Path

import yaml

from tests.processes import run_django

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def test_compose_runs_web_worker_beat_postgres_and_redis():
    assert set(COMPOSE["services"]) == {"web", "worker", "webhook-worker", "beat", "postgres", "redis", "cache"}
    assert COMPOSE["services"]["worker"]["command"][:4] == ["celery", "-A", "alliance_portal", "worker"]
    assert COMPOSE["services"]["beat"]["command"][:4] == ["celery", "-A", "alliance_portal", "beat"]


def test_the_compose_workers_take_every_queue_a_task_is_routed_to():
    """Between them the workers consume every queue of CELERY_TASK_ROUTES and the default one, the webhooks' apart."""
    from django.conf import settings

    def queues(service):
        command = COMPOSE["services"][service]["command"]
        return set(command[command.index("-Q") + 1].split(","))

    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()} | {settings.CELERY_TASK_DEFAULT_QUEUE}
    assert queues("worker") | queues("webhook-worker") == routed == set(settings.WORKER_QUEUES.split(","))
    assert queues("webhook-worker") == {"webhooks"} and "webhooks" not in queues("worker")


def required_by_production() -> set[str]:
    """What the production settings say they need when started with none of it."""
    cleared = dict.fromkeys(["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"], "")
    result = run_django(["manage.py", "check"], settings="alliance_portal.settings.production", **cleared)
    assert result.returncode != 0
    return set(
        re.search(r"Production settings need ([A-Z_, ]+) in the environment", result.stderr).group(1).split(", ")
    )


def test_every_portal_service_gets_what_production_settings_require():
    required = required_by_production()
    assert {"SECRET_KEY", "ALLOWED_HOSTS"} <= required
    for name in ("web", "worker", "webhook-worker", "beat"):
        service = COMPOSE["services"][name]
        assert required <= set(service["environment"]), name
        assert set(service["depends_on"]) == {"postgres", "redis", "cache"}


def test_the_cache_is_a_bounded_redis_of_its_own_apart_from_the_broker():
    environment = COMPOSE["services"]["web"]["environment"]
    assert environment["CACHE_URL"].startswith("redis://cache:")
    assert environment["REDIS_URL"].startswith("redis://redis:")
    command = COMPOSE["services"]["cache"]["command"]
    assert command[command.index("--maxmemory") + 1] and "allkeys-lru" in command


def test_required_secrets_have_no_default_in_compose():
    environment = COMPOSE["services"]["web"]["environment"]
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST"):
        assert re.fullmatch(r"\$\{\w+:\?.+\}", environment[name]), f"{name} must be required (${{{name}:?...}})"


def test_compose_requires_the_proxys_address():
    """web is published on loopback only, so a TLS proxy is always in front: without ``TRUSTED_PROXIES`` every client
    would have its address (one lockout and one rate for everyone)."""
    trusted = COMPOSE["services"]["web"]["environment"]["TRUSTED_PROXIES"]
    assert re.fullmatch(r"\$\{TRUSTED_PROXIES:\?.+\}", trusted) and "proxy" in trusted


def test_the_database_password_has_no_default_in_compose():
    assert re.fullmatch(
        r"\$\{POSTGRES_PASSWORD:\?.+\}", COMPOSE["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    )
    assert "${POSTGRES_PASSWORD:?" in COMPOSE["services"]["web"]["environment"]["DATABASE_URL"]


def test_dockerfile_uses_production_settings_and_the_gunicorn_config():
    assert "DJANGO_SETTINGS_MODULE=alliance_portal.settings.production" in DOCKERFILE
    command = re.search(r"^CMD (.+)$", DOCKERFILE, re.MULTILINE).group(1)
    assert (ROOT / "runtime" / "gunicorn.conf.py").exists() and "runtime/gunicorn.conf.py" in command
    assert re.search(r"^USER portal$", DOCKERFILE, re.MULTILINE), "the image does not run as root"


def test_the_images_collectstatic_step_works(tmp_path):
    """The build step, run with the same placeholder environment the Dockerfile gives it."""
    step = re.search(r"^RUN (SECRET_KEY=.+?collectstatic[^\n]*)", DOCKERFILE, re.MULTILINE | re.DOTALL).group(1)
    words = shlex.split(step.replace("\\\n", " "))
    environment = dict(word.split("=", 1) for word in words if re.fullmatch(r"[A-Z_]+=.*", word))
    command = [word for word in words if not re.fullmatch(r"[A-Z_]+=.*", word)]
    assert command[:3] == ["python", "manage.py", "collectstatic"]
    result = run_django(
        command[1:],
        **environment,
        settings="alliance_portal.settings.production",
        DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "staticfiles" / "css").glob("portal.*.css"))


def test_no_volume_hides_the_static_files_built_into_the_image():
    data_dir = re.search(r"DATA_DIR=(\S+)", DOCKERFILE).group(1)
    static_root = f"{data_dir}/staticfiles"
    for name, service in COMPOSE["services"].items():
        for volume in service.get("volumes", []):
            target = volume.split(":")[1].split()[0]
            assert not static_root.startswith(target.rstrip("/") + "/") and target != static_root, (name, volume)

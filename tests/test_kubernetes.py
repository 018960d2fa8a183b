"""The Kubernetes manifests (deploy/kubernetes/base): valid against the Kubernetes schemas, offline, and holding the
rules a stateless deployment needs — one beat, probes with their meanings, requests, non-root containers with a
read-only root filesystem, no volume shared between pods, no secret in the repository, a worker for every queue."""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml
from django.conf import settings

BASE = Path(__file__).resolve().parent.parent / "deploy" / "kubernetes" / "base"
KUSTOMIZATION = yaml.safe_load((BASE / "kustomization.yaml").read_text())
DOCUMENTS = [
    document
    for name in KUSTOMIZATION["resources"]
    for document in yaml.safe_load_all((BASE / name).read_text())
    if document
]
WORKLOADS = [d for d in DOCUMENTS if d["kind"] in {"Deployment", "Job"}]


def by_name(kind: str, name: str) -> dict:
    return next(d for d in DOCUMENTS if d["kind"] == kind and d["metadata"]["name"] == name)


def pod(workload: dict) -> dict:
    return workload["spec"]["template"]["spec"]


def test_every_manifest_file_is_listed_in_the_kustomization():
    files = {path.name for path in BASE.glob("*.yaml")} - {"kustomization.yaml"}
    assert files == set(KUSTOMIZATION["resources"])


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_each_manifest_is_valid_against_the_kubernetes_schema_strictly(document):
    kubernetes_validate.validate(document, kubernetes_validate.latest_version(), strict=True)


def test_a_manifest_with_an_unknown_field_is_refused():
    """The validation above can fail: a misspelt field is an error in strict mode."""
    broken = {**by_name("Deployment", "web"), "spek": {}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, kubernetes_validate.latest_version(), strict=True)


def test_beat_runs_exactly_once_even_during_a_rollout():
    beat = by_name("Deployment", "beat")
    assert beat["spec"]["replicas"] == 1 and beat["spec"]["strategy"] == {"type": "Recreate"}
    assert not [
        d for d in DOCUMENTS if d["kind"] == "HorizontalPodAutoscaler" and d["spec"]["scaleTargetRef"]["name"] == "beat"
    ]
    others = [w for w in WORKLOADS if w is not beat]
    assert not [w for w in others if "beat" in pod(w)["containers"][0]["command"]]


def test_web_probes_ask_liveness_of_healthz_and_readiness_of_readyz():
    container = pod(by_name("Deployment", "web"))["containers"][0]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"


def test_web_has_an_autoscaler_and_a_disruption_budget():
    assert by_name("HorizontalPodAutoscaler", "web")["spec"]["minReplicas"] >= 2
    assert (
        by_name("PodDisruptionBudget", "web")["spec"]["selector"]["matchLabels"]
        == (by_name("Deployment", "web")["spec"]["selector"]["matchLabels"])
    )


@pytest.mark.parametrize("workload", WORKLOADS, ids=lambda w: w["metadata"]["name"])
def test_every_container_asks_for_resources_and_runs_as_non_root_on_a_read_only_root(workload):
    spec = pod(workload)
    assert spec["securityContext"]["runAsNonRoot"] is True and spec["securityContext"]["runAsUser"] > 0
    for container in spec["containers"]:
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
        assert "memory" in container["resources"]["limits"]
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert container["securityContext"]["allowPrivilegeEscalation"] is False


@pytest.mark.parametrize("workload", WORKLOADS, ids=lambda w: w["metadata"]["name"])
def test_no_volume_is_shared_between_pods(workload):
    """Only each pod's own scratch space: files live in the object store, state in PostgreSQL and Redis."""
    assert all(set(volume) == {"name", "emptyDir"} for volume in pod(workload).get("volumes", []))


def test_no_secret_is_in_the_repository_only_referenced():
    assert not [d for d in DOCUMENTS if d["kind"] == "Secret"]
    for workload in WORKLOADS:
        sources = pod(workload)["containers"][0]["envFrom"]
        assert {"secretRef": {"name": "alliance-portal"}} in sources


def test_the_image_runs_as_the_user_the_manifests_name():
    assert "--uid 10001" in (BASE.parent.parent.parent / "Dockerfile").read_text()


def test_every_queue_tasks_are_routed_to_has_a_worker():
    served = {
        queue
        for workload in WORKLOADS
        if (command := pod(workload)["containers"][0]["command"])[:4] == ["celery", "-A", "alliance_portal", "worker"]
        for queue in command[command.index("--queues") + 1].split(",")
    }
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} == served

"""Scale data for benchmarks (``manage.py seed_scale --projects N``): the demo portfolio plus generated projects
in the same proportions as a large national programme — about one organization per ten projects, ten milestones,
24 monthly status updates and five indicators with 24 values per project, and a year of daily snapshots.

Deterministic for a given N, seed and day. Small tables go through ``bulk_create`` (their ids are needed); the big
ones through PostgreSQL's COPY, which is what makes 10,000 projects take minutes rather than hours. No change
history is written for generated rows.
"""

from __future__ import annotations

import datetime
import io
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from core.periods import add_months, reporting_period
from core.reviewed import ReviewState
from members.models import Organization, User
from projects import figures, portfolio
from projects.demo import seed_demo
from projects.models import (
    Area,
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneStatus,
    ParticipantRole,
    Phase,
    Project,
    ProjectParticipant,
    Rag,
    StatusUpdate,
    Visibility,
)

PROJECTS_PER_ORGANIZATION = 10
MILESTONES = 10
STATUS_MONTHS = 24
INDICATORS = 5
SNAPSHOT_DAYS = 365
PREFIXES = {Area.MOBILITY: "MOB", Area.MACHINERY: "MAC", Area.PRODUCTION: "PRD", Area.WASTE: "WST"}
COPY_CHUNK = 100_000
NULL = r"\N"


@dataclass
class ScaleResult:
    projects: int = 0
    organizations: int = 0
    rows: int = 0


def scale_code(area: str, index: int) -> str:
    """MOBA-000 … MOBZ-999: a fourth letter counts thousands, so codes keep the XXX(X)-NNN format."""
    return f"{PREFIXES[area]}{chr(ord('A') + index // 1000)}-{index % 1000:03d}"


def _copy(model, columns: list[str], rows: Iterable[tuple]) -> int:
    """COPY ``rows`` into ``model``'s table in chunks; None becomes NULL."""
    table = model._meta.db_table
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
    total = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(rows):
            buffer = io.StringIO()
            for row in chunk:
                buffer.write(",".join(_csv(value) for value in row))
                buffer.write("\n")
            buffer.seek(0)
            cursor.cursor.copy_expert(sql, buffer)
            total += len(chunk)
    return total


def _chunks(rows: Iterable[tuple]) -> Iterator[list[tuple]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == COPY_CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _csv(value) -> str:
    if value is None:
        return NULL
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value)


@transaction.atomic
def seed_scale(projects: int, *, seed: int = 1, as_of: datetime.date | None = None) -> ScaleResult:
    as_of = as_of or timezone.localdate()
    seed_demo(as_of=as_of)
    existing = Project.objects.count()
    wanted = projects - existing
    result = ScaleResult()
    if wanted <= 0:
        return result
    # seeded for repeatable benchmark data, never for a secret (bandit B311)
    rng = random.Random(seed)  # nosec B311
    now = timezone.now()

    organizations = Organization.objects.bulk_create(
        Organization(
            name_ko=f"규모시험기업 {i:05d}",
            name_en=f"Scale Test Company {i:05d}",
            slug=f"scale-{i:05d}",
            kind="company",
            size=rng.choice(["large", "mid_sized", "sme", "startup"]),
            sector=rng.choice(["automotive", "electronics", "steel", "machinery", "chemicals"]),
            tier="member",
            joined_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(700)),
        )
        for i in range(max(1, wanted // PROJECTS_PER_ORGANIZATION))
    )
    result.organizations = len(organizations)

    areas = list(PREFIXES)
    new_projects = []
    for i in range(wanted):
        area = areas[i % len(areas)]
        start = add_months(reporting_period(as_of), -rng.randint(6, 30))
        new_projects.append(
            Project(
                code=scale_code(area, i // len(areas)),
                title_ko=f"규모 시험 과제 {i:05d}",
                title_en=f"Scale test project {i:05d}",
                area=area,
                lead_organization=rng.choice(organizations),
                phase=Phase.IN_PROGRESS if rng.random() < 0.8 else rng.choice([Phase.PLANNING, Phase.COMPLETED]),
                start_date=start,
                end_date=add_months(start, 36),
                government_budget_krw=rng.randrange(100, 5000) * 1_000_000,
                private_budget_krw=rng.randrange(0, 5000) * 1_000_000,
                visibility=Visibility.OPEN,  # so the benchmark's partner lists every one, as ministry staff do
            )
        )
    new_projects = Project.objects.bulk_create(new_projects, batch_size=2000)
    result.projects = len(new_projects)

    result.rows += _copy(
        ProjectParticipant,
        ["project_id", "organization_id", "role", "created_at", "updated_at"],
        _participants(rng, new_projects, organizations, now),
    )
    result.rows += _copy(
        Milestone,
        [
            "project_id", "title_ko", "title_en", "deliverable", "weight", "baseline_date", "forecast_date",
            "completed_date", "status", '"order"', "version", "created_at", "updated_at",
        ],
        _milestones(rng, new_projects, as_of, now),
    )  # fmt: skip
    result.rows += _copy(
        StatusUpdate,
        [
            "project_id", "period", "author_id", "state", "rag", "progress_percent", "achievements",
            "risks_and_issues", "next_steps", "support_requested", "review_comment", "submitted_at", "reviewed_at",
            "version", "created_at", "updated_at",
        ],
        _status_updates(rng, new_projects, as_of, User.objects.get(username="member").pk),
    )  # fmt: skip
    indicators = Indicator.objects.bulk_create(
        (
            Indicator(
                project=project,
                name_ko=f"지표 {n}",
                name_en=f"Indicator {n}",
                unit="%",
                baseline_value=50,
                baseline_date=project.start_date,
                target_value=90,
                target_date=project.end_date,
            )
            for project in new_projects
            for n in range(1, INDICATORS + 1)
        ),
        batch_size=5000,
    )
    result.rows += len(indicators)
    current = reporting_period(as_of)
    result.rows += _copy(
        IndicatorValue,
        ["indicator_id", "period", "actual_value", "note", "created_at", "updated_at"],
        (
            (indicator.pk, add_months(current, -months), 50 + rng.randrange(0, 4000) / 100, "", now, now)
            for indicator in indicators
            for months in range(STATUS_MONTHS, 0, -1)
        ),
    )
    result.rows += _snapshots(rng, new_projects, as_of, now)
    figures.refresh(Project.objects.filter(pk__in=[project.pk for project in new_projects]))  # COPY sends no
    portfolio.invalidate()  # save signals
    return result


def _participants(rng, projects, organizations, now):
    for project in projects:
        yield (project.pk, project.lead_organization_id, ParticipantRole.LEAD, now, now)
        others = {rng.choice(organizations).pk for _ in range(rng.randint(0, 2))} - {project.lead_organization_id}
        for organization_id in sorted(others):
            yield (project.pk, organization_id, ParticipantRole.PARTICIPANT, now, now)


def _milestones(rng, projects, as_of, now):
    for project in projects:
        span = (project.end_date - project.start_date).days
        for n in range(MILESTONES):
            baseline = project.start_date + datetime.timedelta(days=span * (n + 1) // (MILESTONES + 1))
            slip = rng.choice([0, 0, 0, 14, 45, 120])
            forecast = baseline + datetime.timedelta(days=slip)
            if forecast < as_of and rng.random() < 0.85:
                status, completed = MilestoneStatus.DONE, min(forecast, as_of)
            elif forecast < as_of:
                status, completed = MilestoneStatus.DELAYED, None
            else:
                status, completed = MilestoneStatus.PLANNED, None
            updated = now - datetime.timedelta(days=rng.randrange(0, 365), seconds=rng.randrange(86400))
            yield (
                project.pk, f"마일스톤 {n + 1}", f"Milestone {n + 1}", "", 10, baseline, forecast, completed, status,
                n + 1, 1, updated, updated,
            )  # fmt: skip


def _status_updates(rng, projects, as_of, author_id: int):
    current = reporting_period(as_of)
    for project in projects:
        progress = 0
        for months in range(STATUS_MONTHS - 1, -1, -1):
            period = add_months(current, -months)
            if period < project.start_date:
                continue
            progress = min(100, progress + rng.randint(0, 6))
            accepted = months > 0 or rng.random() < 0.5
            state = ReviewState.ACCEPTED if accepted else ReviewState.SUBMITTED
            submitted = datetime.datetime.combine(period, datetime.time(9), tzinfo=datetime.UTC)
            yield (
                project.pk, period, author_id, state, rng.choice([Rag.GREEN, Rag.GREEN, Rag.AMBER, Rag.RED]), progress,
                "진행 중", "", "", "", "", submitted, submitted if accepted else None, 1, submitted, submitted,
            )  # fmt: skip


def _snapshots(rng, projects, as_of, now) -> int:
    from reports.models import ProjectSnapshot

    def rows():
        for project in projects:
            progress = rng.randint(0, 30)
            for days in range(SNAPSHOT_DAYS, 0, -1):
                day = as_of - datetime.timedelta(days=days)
                if day < project.start_date:
                    continue
                progress = min(100, progress + (1 if rng.random() < 0.1 else 0))
                yield (
                    project.pk, day, project.phase, progress, rng.choice(["green", "green", "amber", ""]),
                    rng.choice(["green", "green", "amber", "red"]), progress // 10, MILESTONES, rng.randint(0, 2),
                    project.government_budget_krw, project.private_budget_krw, now,
                )  # fmt: skip

    return _copy(
        ProjectSnapshot,
        [
            "project_id", "day", "phase", "progress", "rag", "health", "milestones_done", "milestones_total",
            "milestones_overdue", "government_budget_krw", "private_budget_krw", "created_at",
        ],
        rows(),
    )  # fmt: skip

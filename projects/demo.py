"""Deterministic, idempotent demo data for the alliance (``manage.py seed_demo``).

Everything is generated from a fixed random seed and the month of ``as_of``; each object is looked up by its
natural key (slug, username, project code) and only created when missing, so a second run changes nothing.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.periods import add_months, reporting_period
from core.reviewed import ReviewState
from members.models import Organization, Role, User
from members.validators import brn_check_digit
from projects import demo_data, services
from projects.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneStatus,
    ParticipantRole,
    Phase,
    PolicyBarrier,
    Project,
    ProjectParticipant,
    Rag,
    StatusUpdate,
    Visibility,
)

# the demo users' published password (seed_demo prints it) (bandit B105)
DEFAULT_PASSWORD = "alliance-demo-2026"  # nosec B105
SEED = 20230725  # the alliance's inauguration day

# username, role, organization slug
DEMO_USERS = [
    ("ministry", Role.MINISTRY_ADMIN, None),
    ("viewer", Role.MINISTRY_VIEWER, None),
    ("member", Role.MEMBER_EDITOR, "hyundai-motor"),
    ("member2", Role.MEMBER_EDITOR, "lg-electronics"),
    ("partner", Role.PARTNER, "kiair"),
]


@dataclass
class SeedResult:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, label: str, n: int = 1) -> None:
        self.created[label] = self.created.get(label, 0) + n


@transaction.atomic
def seed_demo(*, as_of: datetime.date | None = None, password: str = DEFAULT_PASSWORD) -> SeedResult:
    as_of = as_of or timezone.localdate()
    # seeded for repeatable demo data, never for a secret (bandit B311)
    rng = random.Random(SEED)  # nosec B311
    result = SeedResult()
    organizations = _seed_organizations(rng, result)
    users = _seed_users(organizations, password, result)
    for area, rows in demo_data.PROJECTS.items():
        for number, (lead_slug, title_ko, title_en) in enumerate(rows, start=1):
            code = f"{demo_data.AREA_PREFIX[area]}-{number:02d}"
            # seeded for repeatable demo data, never for a secret (bandit B311)
            project_rng = random.Random(f"{SEED}-{code}")  # per project, so one project never shifts another  # nosec B311
            _seed_project(project_rng, code, area, lead_slug, title_ko, title_en, as_of, organizations, users, result)
    _seed_barriers(as_of, organizations, result)
    return result


def _fake_brn(rng: random.Random) -> str:
    first_nine = f"{rng.randint(101, 899)}{rng.randint(81, 88)}{rng.randint(1000, 9999)}"
    return first_nine + str(brn_check_digit(first_nine))


def _seed_organizations(rng: random.Random, result: SeedResult) -> dict[str, Organization]:
    rows = []
    for slug, name_ko, name_en, kind, size, sector, is_demo in demo_data.FOUNDING_MEMBERS:
        rows.append((slug, name_ko, name_en, kind, size, sector, "founding", is_demo, datetime.date(2023, 7, 25)))
    for stem_ko, stem_en in demo_data.MEMBER_NAME_STEMS:
        for kind_ko, kind_en, sector in demo_data.MEMBER_NAME_KINDS:
            slug = f"{stem_en}-{kind_en}".lower()
            tier = rng.choice(["member", "dx_alliance", "dx_alliance"])
            size = rng.choice(["sme", "sme", "startup", "mid_sized"])
            joined = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 1800))
            rows.append((slug, stem_ko + kind_ko, f"{stem_en} {kind_en}", "company", size, sector, tier, True, joined))
    for kind, names, sector in [
        ("university", demo_data.UNIVERSITIES, "research"),
        ("public_agency", demo_data.PUBLIC_AGENCIES, "public"),
    ]:
        for name_ko, name_en in names:
            slug = name_en.lower().replace(" ", "-")[:80]
            rows.append((slug, name_ko, name_en, kind, "", sector, "partner", True, datetime.date(2021, 3, 2)))

    existing = {org.slug: org for org in Organization.objects.all()}
    organizations = {}
    for slug, name_ko, name_en, kind, size, sector, tier, is_demo, joined in rows:
        brn = _fake_brn(rng) if is_demo and kind == "company" else ""
        if slug in existing:
            organizations[slug] = existing[slug]
            continue
        organizations[slug] = Organization.objects.create(
            slug=slug,
            name_ko=name_ko,
            name_en=name_en,
            kind=kind,
            size=size,
            sector=sector,
            tier=tier,
            is_demo=is_demo,
            joined_on=joined,
            business_registration_number=brn,
            website=f"https://{slug}.example.kr" if is_demo else "",
        )
        result.count("organizations")
    return organizations


def _seed_users(organizations: dict[str, Organization], password: str, result: SeedResult) -> dict[str, User]:
    users = {}
    for username, role, org_slug in DEMO_USERS:
        users[username] = _get_or_create_user(
            username, role=role, organization=organizations[org_slug] if org_slug else None, password=password,
            result=result,
        )  # fmt: skip
    return users


def _get_or_create_user(username, *, role, organization, password, result) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, role=role, organization=organization, email=f"{username}@example.kr")
        if password:
            user.set_password(password)
        else:  # a demo author nobody signs in as
            user.set_unusable_password()
        user.save()
        result.count("users")
    return user


def _editor_for(organization: Organization, users: dict[str, User], result: SeedResult) -> User:
    """The demo user who writes an organization's status updates (``member``/``member2`` for theirs)."""
    for user in users.values():
        if user.organization_id == organization.pk and user.role == Role.MEMBER_EDITOR:
            return user
    editor = _get_or_create_user(
        f"editor-{organization.slug}",
        role=Role.MEMBER_EDITOR,
        organization=organization,
        password="",  # nosec B106  # no password: the account gets an unusable one
        result=result,
    )
    users[editor.username] = editor
    return editor


def _seed_project(rng, code, area, lead_slug, title_ko, title_en, as_of, organizations, users, result) -> None:
    if Project.objects.filter(code=code).exists():
        return
    lead = organizations[lead_slug]
    this_month = reporting_period(as_of)
    roll = rng.random()
    if roll < 0.1:
        start = add_months(this_month, rng.randint(1, 3))  # not started yet
    elif roll < 0.2:
        start = add_months(this_month, -rng.randint(30, 34))  # finished
    else:
        start = add_months(this_month, -rng.randint(4, 26))
    end = add_months(start, rng.choice([24, 30, 36])) - datetime.timedelta(days=1)
    if start > as_of:
        phase = Phase.PLANNING
    elif end < as_of:
        phase = Phase.COMPLETED
    else:
        phase = Phase.SUSPENDED if rng.random() < 0.06 else Phase.IN_PROGRESS
    if phase == Phase.IN_PROGRESS:
        phase = demo_data.PHASES.get(code, phase)
    # How the project really goes: most well, some slipping, a few in trouble.
    trouble = rng.choices(["good", "slipping", "troubled"], weights=[55, 30, 15])[0]
    story = demo_data.STORIES.get(code)
    if story == "hides":
        trouble = "troubled"

    project = services.create_project(
        Project(
            code=code,
            title_ko=title_ko,
            title_en=title_en,
            summary_ko=f"{lead.name_ko} 주관으로 {title_ko} 기술을 개발하고 현장에서 실증합니다.",
            summary_en=f"Led by {lead.name_en}: develop and field-test {title_en[0].lower()}{title_en[1:]}.",
            area=area,
            lead_organization=lead,
            phase=phase,
            start_date=start,
            end_date=end,
            government_budget_krw=rng.randint(8, 60) * 100_000_000,
            private_budget_krw=rng.randint(4, 40) * 100_000_000,
            visibility=Visibility.OPEN if rng.random() < 0.3 else Visibility.ALLIANCE,
        )
    )
    result.count("projects")
    _seed_participants(rng, project, lead, organizations, result)
    _seed_milestones(rng, project, as_of, trouble, result)
    editor = _editor_for(lead, users, result)
    _seed_status_history(rng, project, as_of, trouble, editor, users["ministry"], result)
    _seed_indicators(rng, project, as_of, result)


def _seed_participants(rng, project, lead, organizations, result) -> None:
    suppliers = [organizations["samsung-sds"], organizations["sk-cc"], organizations["daon-ai"]]
    others = [org for org in organizations.values() if org not in (lead, *suppliers)]
    chosen = {rng.choice([s for s in suppliers if s != lead]): ParticipantRole.SOLUTION_SUPPLIER}
    for org in rng.sample(others, rng.randint(1, 3)):
        research = org.kind in ("university", "research_institute")
        chosen[org] = ParticipantRole.RESEARCH_PARTNER if research else ParticipantRole.PARTICIPANT
    for org, role in chosen.items():
        ProjectParticipant.objects.create(project=project, organization=org, role=role)
        result.count("participants")


def _seed_milestones(rng, project, as_of, trouble, result) -> None:
    steps = demo_data.MILESTONE_STEPS
    count = rng.randint(4, 8)
    chosen = [steps[0], *rng.sample(steps[1:-1], count - 2), steps[-1]]
    chosen.sort(key=steps.index)
    span = (project.end_date - project.start_date).days
    max_slip = {"good": 10, "slipping": 45, "troubled": 120}[trouble]
    for order, (title_ko, title_en, deliverable) in enumerate(chosen, start=1):
        baseline = project.start_date + datetime.timedelta(days=span * order // count)
        slip = datetime.timedelta(days=rng.randint(-5, max_slip))
        forecast, completed, status = baseline, None, MilestoneStatus.PLANNED
        if baseline + slip < as_of and rng.random() < {"good": 0.95, "slipping": 0.7, "troubled": 0.4}[trouble]:
            completed, status = baseline + slip, MilestoneStatus.DONE
        elif project.phase != Phase.PLANNING and baseline < as_of + datetime.timedelta(days=60):
            forecast = baseline + slip
            status = (
                MilestoneStatus.DELAYED
                if forecast > baseline + datetime.timedelta(days=14)
                else MilestoneStatus.IN_PROGRESS
            )
        if project.phase == Phase.COMPLETED and status != MilestoneStatus.DONE:
            completed, status = min(baseline + slip, as_of), MilestoneStatus.DONE
        Milestone.objects.create(
            project=project,
            order=order,
            title_ko=title_ko,
            title_en=title_en,
            deliverable=deliverable,
            weight=rng.choice([10, 15, 20, 25]),
            baseline_date=baseline,
            forecast_date=forecast,
            completed_date=completed,
            status=status,
        )
        result.count("milestones")


def _seed_status_history(rng, project, as_of, trouble, editor, reviewer, result) -> None:
    if project.phase == Phase.PLANNING:
        return
    story = demo_data.STORIES.get(project.code)
    this_month = reporting_period(as_of)
    first = max(reporting_period(project.start_date), add_months(this_month, -11))
    last = min(reporting_period(project.end_date), this_month)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    milestones = list(project.milestones.order_by("order"))
    true_rag = {"good": Rag.GREEN, "slipping": Rag.AMBER, "troubled": Rag.RED}[trouble]
    optimistic = trouble != "good" and rng.random() < 0.4  # reports better than it is: "ratings to check"
    stops_reporting = trouble == "troubled" and rng.random() < 0.4
    if story == "hides":
        optimistic, stops_reporting = True, False
    for i in range(months):
        period = add_months(first, i)
        if stops_reporting and period >= add_months(this_month, -3):
            break
        elapsed = (add_months(period, 1) - project.start_date).days
        progress = max(0, min(100, round(100 * elapsed / (project.end_date - project.start_date).days)))
        rag = Rag.GREEN if optimistic else rng.choices([true_rag, Rag.GREEN, Rag.AMBER], weights=[80, 10, 10])[0]
        months_ago = (this_month.year - period.year) * 12 + this_month.month - period.month
        if story == "recovers":
            rag = demo_data.RECOVERY[-months_ago] if 1 <= months_ago <= len(demo_data.RECOVERY) else Rag.GREEN
        if period == this_month:
            state = rng.choice([None, ReviewState.DRAFT, ReviewState.SUBMITTED, ReviewState.SUBMITTED])
            if story == "returned":
                state = ReviewState.RETURNED
            if state is None:
                continue  # not yet reported this month
        else:
            state = ReviewState.ACCEPTED
        # the words and times of one month are drawn apart from the project's draws, so they never shift them
        # seeded for repeatable demo data, never for a secret (bandit B311)
        month = random.Random(f"{SEED}-{project.code}-{period:%Y-%m}")  # nosec B311
        words = _narrative(month, project, period, rag, progress, milestones)
        if state == ReviewState.ACCEPTED and rng.random() < 0.08:
            returned = ReviewState.RETURNED
            _status_update(month, words, project, period, as_of, editor, returned, rag, progress, reviewer, result)
        _status_update(month, words, project, period, as_of, editor, state, rag, progress, reviewer, result)


def _status_update(draw, words, project, period, as_of, author, state, rag, progress, reviewer, result) -> None:
    achievements, risks, next_steps = words
    submitted = _submitted_at(draw, period, as_of)
    reviewed = state in (ReviewState.ACCEPTED, ReviewState.RETURNED)
    review_time = submitted + datetime.timedelta(hours=draw.randint(20, 96))
    if review_time.date() >= as_of:
        review_time = submitted + datetime.timedelta(hours=2)
    StatusUpdate.objects.create(
        project=project,
        period=period,
        author=author,
        state=state,
        rag=rag,
        progress_percent=progress,
        achievements=achievements,
        risks_and_issues=risks,
        next_steps=next_steps,
        support_requested="규제 해소 지원 요청" if rag == Rag.RED else "",
        reviewer=reviewer if reviewed else None,
        review_comment=draw.choice(demo_data.REVIEW_COMMENTS) if state == ReviewState.RETURNED else "",
        submitted_at=None if state == ReviewState.DRAFT else submitted,
        reviewed_at=review_time if reviewed else None,
    )
    result.count("status updates")


def _narrative(draw, project, period, rag, progress, milestones) -> tuple[str, str, str]:
    """A month's achievements, risks and next steps written from the project's own milestones (the one completed
    that month, or the one under way), its area's indicator at about the month's progress, and its area's
    vocabulary: consecutive months of a project and projects of different areas read differently."""
    month_end = add_months(period, 1)
    done = [m for m in milestones if m.completed_date and period <= m.completed_date < month_end]
    ahead = [m for m in milestones if not m.completed_date or m.completed_date >= month_end]
    if done:
        day = done[-1].completed_date
        step = f"'{done[-1].title_ko}' 마일스톤을 {day.month}월 {day.day}일에 완료했습니다."
    elif ahead:
        step = f"'{ahead[0].title_ko}' 단계를 진행하고 있습니다(진척률 {progress}%)."
    else:
        step = f"모든 마일스톤을 마치고 성과를 정리하고 있습니다(진척률 {progress}%)."
    name, _name_en, unit, baseline, target = draw.choice(demo_data.INDICATORS[project.area])
    value = baseline + (target - baseline) * progress / 100 * draw.uniform(0.75, 1.0)
    indicator = f"{name}은(는) {value:,.1f}{unit}로 목표 {target:,g}{unit} 대비 " + (
        "순조롭게 개선되고 있습니다." if rag == Rag.GREEN else "개선이 더딥니다."
    )
    work = draw.choice(demo_data.AREA_WORK[project.area])
    worded, risks, plans = demo_data.NARRATIVES[rag]
    achievements = " ".join([step, work if rag == Rag.GREEN else draw.choice(worded), indicator])
    late = [m for m in ahead if m.forecast_date > m.baseline_date]
    risk = draw.choice(risks)
    if late and rag != Rag.GREEN:
        days = (late[0].forecast_date - late[0].baseline_date).days
        risk = f"'{late[0].title_ko}' 예상일이 기준일보다 {days}일 늦습니다. {risk}"
    following = ahead[1] if done == [] and len(ahead) > 1 else (ahead[0] if ahead else None)
    plan = draw.choice(demo_data.AREA_NEXT[project.area] if rag == Rag.GREEN else plans)
    if following is not None:
        plan = f"다음 마일스톤 '{following.title_ko}'(기준일 {following.baseline_date:%Y-%m-%d})을 준비합니다. {plan}"
    return achievements, risk, plan


def _submitted_at(draw, period: datetime.date, as_of: datetime.date) -> datetime.datetime:
    """In the first week after the month reported on, in office hours, and before ``as_of`` (this month's updates
    are submitted in the days before it)."""
    day = add_months(period, 1) + datetime.timedelta(days=draw.randint(0, 6))
    day = max(period, min(day, as_of - datetime.timedelta(days=draw.randint(1, 3))))
    moment = datetime.time(draw.randint(9, 17), draw.choice([0, 10, 25, 40, 55]))
    return timezone.make_aware(datetime.datetime.combine(day, moment))


def _seed_indicators(rng, project, as_of, result) -> None:
    for name_ko, name_en, unit, baseline, target in demo_data.INDICATORS[project.area]:
        indicator = Indicator.objects.create(
            project=project,
            name_ko=name_ko,
            name_en=name_en,
            unit=unit,
            baseline_value=Decimal(str(baseline)),
            baseline_date=project.start_date,
            target_value=Decimal(str(target)),
            target_date=project.end_date,
        )
        result.count("indicators")
        period = add_months(reporting_period(project.start_date), 1)
        months_total = max(1, (project.end_date - project.start_date).days // 30)
        step = 0
        while period < reporting_period(as_of) and period <= project.end_date:
            step += 1
            share = min(1.0, step / months_total) * rng.uniform(0.6, 1.1)
            value = Decimal(str(round(baseline + (target - baseline) * share, 2)))
            IndicatorValue.objects.create(indicator=indicator, period=period, actual_value=value)
            result.count("indicator values")
            period = add_months(period, 1)


def _seed_barriers(as_of, organizations, result) -> None:
    for title_ko, title_en, description, regulation, agency, status, raised_by, codes in demo_data.POLICY_BARRIERS:
        if PolicyBarrier.objects.filter(title_en=title_en).exists():
            continue
        closed = status in PolicyBarrier.CLOSED_STATUSES
        barrier = PolicyBarrier.objects.create(
            title_ko=title_ko,
            title_en=title_en,
            description=description,
            regulation=regulation,
            responsible_agency=agency,
            status=status,
            raised_by=organizations[raised_by],
            resolution_note="규제 샌드박스 실증 특례로 해소"
            if status == "resolved"
            else ("현행 유지" if closed else ""),
            resolved_on=add_months(reporting_period(as_of), -2) if closed else None,
        )
        barrier.projects.set(Project.objects.filter(code__in=codes))
        result.count("policy barriers")

"""The demo's working groups: three groups (regulation, mobility, manufacturing data) with a year of meetings up to
the demo's day, their approved minutes (the last one still awaiting approval), decisions and action items — some
done, some open, some overdue — tied to the demo's barriers and projects; the regulation group follows the
batteries barrier through its meetings to its resolution by a regulatory sandbox; the mobility group publishes its
approved minutes as open data. Dated from ``as_of`` (never the
calendar); through the services; idempotent: a group that exists is left as it is."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings

from core import reviewed
from groups import services
from groups.models import ActionItem, ActionStatus, Meeting, WorkingGroup
from groups.selectors import group_people
from groups.services import Item
from members.models import Organization, Role, User
from projects.models import PolicyBarrier, Project

SEOUL = zoneinfo.ZoneInfo(settings.TIME_ZONE)
BATTERIES = "End-of-life batteries classified as waste"
VEHICLES = "Autonomous logistics vehicles barred from industrial-complex roads"
PSEUDONYMS = "Unclear pseudonymisation rules for industrial data"
TRADE_SECRETS = "Trade-secret protection when companies share AI training data"
PUBLISHING = {"mobility"}  # the groups whose approved minutes are open data

# slug, Korean, English, purpose, chair, members, open, barriers, projects, months between meetings
GROUPS = [
    ("regulation", "규제개선 워킹그룹", "Regulation working group",
     "산업 AI 실증을 가로막는 규제를 발굴하고 관계 부처와 개선안을 협의합니다.",
     "hyundai-motor", ["lg-electronics", "lg-energy-solution", "samsung-sds"], False,
     [BATTERIES, VEHICLES, TRADE_SECRETS], ["MOB-01", "WST-01", "MOB-02"], 2),
    ("mobility", "모빌리티 워킹그룹", "Mobility working group",
     "자율주행 물류와 모빌리티 AI 과제의 실증 경험과 데이터를 공유합니다.",
     "lg-energy-solution", ["hyundai-motor", "lg-electronics"], True,
     [VEHICLES], ["MOB-01", "MOB-03", "MOB-10"], 3),
    ("manufacturing-data", "제조데이터 워킹그룹", "Manufacturing data working group",
     "제조 데이터의 가명처리·공유 기준을 마련하고 공동 학습데이터 구축을 준비합니다.",
     "samsung-sds", ["sk-cc", "industrial-data-assoc"], False,
     [PSEUDONYMS, TRADE_SECRETS], ["PRD-05", "PRD-07"], 3),
]  # fmt: skip


def _editor(organization: Organization) -> User:
    """The organization's demo editor (``member``/``member2`` for theirs), made without a password if missing."""
    user = User.objects.filter(organization=organization, role=Role.MEMBER_EDITOR).order_by("pk").first()
    if user is None:
        user = User(username=f"editor-{organization.slug}", role=Role.MEMBER_EDITOR, organization=organization,
                    email=f"editor-{organization.slug}@example.kr")  # fmt: skip
        user.set_unusable_password()
        user.save()
    return user


def _at(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SEOUL)


def seed(as_of: datetime.date) -> None:
    liaison = User.objects.get(username="ministry")
    for slug, name_ko, name_en, purpose, chair, members, is_open, barriers, codes, every in GROUPS:
        if WorkingGroup.objects.filter(slug=slug).exists():
            continue
        organizations = {o.slug: o for o in Organization.objects.filter(slug__in=[chair, *members])}
        group = WorkingGroup.objects.create(slug=slug, name_ko=name_ko, name_en=name_en, purpose=purpose,
                                            chair=organizations[chair], liaison=liaison, is_open=is_open,
                                            publishes_minutes=slug in PUBLISHING)  # fmt: skip
        group.members.set([organizations[m] for m in members if m in organizations])
        group.barriers.set(PolicyBarrier.objects.filter(title_en__in=barriers))
        group.projects.set(Project.objects.filter(code__in=codes))
        _seed_meetings(group, as_of, every, _editor(organizations[chair]), liaison)


def _seed_meetings(group: WorkingGroup, as_of: datetime.date, every: int, writer: User, liaison: User) -> None:
    """Meetings every ``every`` months over the year before ``as_of`` and one two weeks after; the past ones'
    minutes approved by the liaison except the latest (submitted), each recording two action items."""
    barriers = list(group.barriers.order_by("pk"))
    projects = list(group.projects.order_by("code"))
    people = list(group_people(group))
    days = [as_of - datetime.timedelta(days=30 * months + 5) for months in range(12 - every, -1, -every)]
    days.append(as_of + datetime.timedelta(days=14))
    for number, day in enumerate(days, start=1):
        barrier = barriers[number % len(barriers)] if barriers else None
        project = projects[number % len(projects)] if projects else None
        meeting = Meeting(group=group, title=f"{group.name_ko} {number}차 회의", starts_at=_at(day),
                          ends_at=_at(day, 16), place="서울 산업통상자원부 회의실" if number % 2 else "",
                          video_link="" if number % 2 else "https://meet.example.kr/alliance")  # fmt: skip
        agenda = [Item("지난 회의 조치사항 점검"), Item(f"규제 현안: {barrier.title_ko}", barrier=barrier),
                  Item(f"과제 공유: {project.code}" if project else "과제 공유", project=project)]  # fmt: skip
        services.schedule_meeting(meeting, agenda, people, tell=False)
        if day >= as_of:
            continue
        meeting.attended.set(people[: max(2, len(people) // 2)])
        _seed_minutes(meeting, barrier, project, day, as_of, writer, liaison, last=day == days[-2])


def _seed_minutes(meeting, barrier, project, day, as_of, writer, liaison, *, last: bool) -> None:
    resolved = barrier is not None and barrier.title_en == BATTERIES and barrier.resolved_on is not None
    minutes = services.minutes_of(meeting, writer)
    minutes.summary = "참석 기관이 지난 조치사항을 점검하고 규제 현안과 과제 진행을 논의했습니다."
    minutes.decisions = (
        "규제 샌드박스 실증 특례 신청을 지원하기로 함" if resolved else "관계 부처에 개선 건의서를 제출하기로 함"
    )
    notes = {}
    for item in meeting.agenda.all():
        notes[str(item.pk)] = f"{item.title} 관련 의견을 나누었습니다."
    minutes.item_notes = notes
    services.save_minutes(minutes, writer)
    early = day < as_of - datetime.timedelta(days=90)
    decided = (
        ("관계 부처 의견 조회 결과 공유", {"barrier": barrier} if barrier else {}, early),
        ("실증 데이터 현황 정리", {"project": project} if project else {}, day < as_of - datetime.timedelta(days=150)),
    )
    for offset, (title, link, done) in enumerate(decided):
        owner = {"owner": writer} if offset == 0 else {"owner_organization": meeting.group.chair}
        item = ActionItem(meeting=meeting, title=title, due_date=day + datetime.timedelta(days=21 + 14 * offset),
                          status=ActionStatus.DONE if done else ActionStatus.OPEN, **owner, **link)  # fmt: skip
        services.record_action_item(item, writer)
    reviewed.submit(minutes, by=writer, expected_version=minutes.version)
    if not last:
        reviewed.decide(minutes, liaison, accept=True, expected_version=minutes.version, tell=False)

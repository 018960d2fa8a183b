"""Scale results for benchmarks (``manage.py seed_scale``): every project without a result gets one accepted result
owned by its lead organization, of a kind in turn with that kind's details, so the library searches and pages over
a whole portfolio's worth. Written as accepted with ``bulk_create`` (the freeze trigger guards changes of accepted
rows, not their insertion). Deterministic for a given day."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from core.periods import add_months
from core.reviewed import ReviewState
from core.rows import streamed
from members.models import User
from projects.models import Project
from results.choices import Reach
from results.models import Result

# (kind, title, summary, details) in turn; "{n}" is the result's number, the details are complete for the kind
IN_TURN = (
    ("dataset", "공정 영상 데이터셋", "라벨링한 공정 영상 데이터를 얼라이언스가 함께 씁니다.",
     {"size": "영상 800시간 (12 TB)", "licence": "얼라이언스 공동 이용 약정", "access": "alliance"}),
    ("patent", "결함 검출 방법 특허", "센서 데이터로 결함을 찾는 방법입니다.",
     {"status": "applied", "number": "10-2026-{n:07d}", "filed_on": "", "country": "KR"}),
    ("paper", "예지 정비 모델 논문", "설비 진동 데이터로 고장을 예측한 결과입니다.", {"venue": "대한산업공학회지"}),
    ("jobs", "AI 엔지니어 채용", "데이터 분석 인력을 새로 뽑았습니다.", {"jobs": 3}),
    ("software", "공정 최적화 소프트웨어", "생산 일정을 최적화합니다.", {"registration_number": "C-2026-{n:07d}"}),
)  # fmt: skip
OPEN_EVERY = 3  # one result in three is open data


@transaction.atomic
def seed(as_of: datetime.date) -> int:
    """An accepted result for every project without one; returns how many were written."""
    projects = Project.objects.filter(results__isnull=True).order_by("pk").only("pk", "code", "lead_organization_id")
    author, reviewer = User.objects.get(username="member"), User.objects.get(username="ministry")
    now, achieved_on = timezone.now(), add_months(as_of.replace(day=1), -1)
    rows = []
    for n, project in enumerate(streamed(projects)):
        kind, title, summary, details = IN_TURN[n % len(IN_TURN)]
        filled = {name: value.format(n=n) if isinstance(value, str) else value for name, value in details.items()}
        if "filed_on" in filled:
            filled["filed_on"] = achieved_on.isoformat()
        rows.append(Result(
            project=project, kind=kind, title=f"{project.code} {title}", summary=summary,
            owner_id=project.lead_organization_id, achieved_on=achieved_on,
            reach=Reach.OPEN if n % OPEN_EVERY == 0 else Reach.ALLIANCE, details=filled, author=author,
            state=ReviewState.ACCEPTED, reviewer=reviewer, submitted_at=now, reviewed_at=now,
        ))  # fmt: skip
    return len(Result.objects.bulk_create(rows, batch_size=5000))

"""The demo's results and lessons, true to each area's projects: per area, the results its projects draw from (kind,
title, the kind's details) and the lessons they wrote."""

RESULTS = {
    "mobility": [
        (
            "ai_model",
            "부품 비전 검사 모델 현장 적용",
            {"site": "울산 2공장 의장 라인", "in_service_since": -200, "replaced": "육안 전수 검사"},
        ),
        (
            "patent",
            "주행 데이터 기반 고장 예측 방법",
            {"status": "applied", "number": "10-2026-0041{n:03d}", "filed_on": -150, "country": "KR"},
        ),
        (
            "dataset",
            "산업단지 자율주행 주행 영상 데이터셋",
            {"size": "영상 1,200시간 (38 TB)", "licence": "얼라이언스 공동 이용 약정", "access": "alliance"},
        ),
        (
            "effect",
            "검사 불량 유출률 감소",
            {
                "measure": "불량 유출률",
                "unit": "%",
                "baseline": "0.42",
                "measured": "0.11",
                "method": "월별 출하 검사 표본 2,000건",
            },
        ),
        ("software", "배터리 잔존수명 예측 엔진", {"registration_number": "C-2026-0{n:05d}", "registered_on": -90}),
        ("jobs", "AI 품질 엔지니어 채용", {"jobs": 6}),
    ],
    "machinery": [
        (
            "ai_model",
            "공작기계 주축 이상 탐지 모델",
            {"site": "창원 가공 공장 5개 라인", "in_service_since": -260, "replaced": "정기 점검 주기 교체"},
        ),
        (
            "patent",
            "진동 신호 기반 베어링 결함 진단 장치",
            {"status": "registered", "number": "10-25{n:05d}", "filed_on": -420, "country": "KR"},
        ),
        ("standard", "예지보전 데이터 교환 형식 제안", {"body": "ISO/IEC", "reference": "ISO/IEC JTC 1/SC 42 NP 기고"}),
        (
            "effect",
            "설비 비계획 정지 시간 감소",
            {
                "measure": "월 비계획 정지 시간",
                "unit": "시간",
                "baseline": "31",
                "measured": "12.5",
                "method": "설비 가동 기록(MES) 6개월 평균",
            },
        ),
        ("transfer", "협동로봇 작업 학습 기술 이전", {"recipient": "중소 부품기업 3개사", "fee_krw": 150_000_000}),
        ("paper", "소량 데이터 협동로봇 모방 학습", {"venue": "IEEE CASE 2026", "doi": "10.1109/CASE.2026.{n:05d}"}),
    ],
    "production": [
        (
            "ai_model",
            "고로 연료비 최적화 모델",
            {"site": "당진 제2고로", "in_service_since": -310, "replaced": "운전원 경험 기반 설정"},
        ),
        (
            "effect",
            "공정 에너지 사용량 절감",
            {
                "measure": "톤당 에너지 사용량",
                "unit": "GJ/t",
                "baseline": "18.9",
                "measured": "17.6",
                "method": "에너지 관리 시스템 분기 평균",
            },
        ),
        (
            "commercialization",
            "생산 일정 최적화 솔루션 출시",
            {"product": "AI 스케줄러", "sales_krw": {"2025": 420_000_000, "2026": 1_350_000_000}},
        ),
        (
            "dataset",
            "제조 품질 표준 데이터셋",
            {"size": "공정 이력 4,800만 건", "licence": "CC BY-NC 4.0", "access": "open"},
        ),
        ("standard", "제조 품질 데이터 용어 KS 제안", {"body": "KS", "reference": "KS X 9xxx 제안서"}),
        ("jobs", "데이터 분석 인력 신규 고용", {"jobs": 9}),
    ],
    "waste": [
        (
            "ai_model",
            "폐배터리 선별 비전 모델",
            {"site": "오창 재활용 센터", "in_service_since": -180, "replaced": "수작업 선별"},
        ),
        (
            "effect",
            "폐기물 재활용률 향상",
            {
                "measure": "재활용률",
                "unit": "%",
                "baseline": "54",
                "measured": "71",
                "method": "월별 반입·반출 계근 기록",
            },
        ),
        (
            "patent",
            "폐플라스틱 재질 분광 판별 방법",
            {"status": "applied", "number": "10-2026-0077{n:03d}", "filed_on": -120, "country": "KR"},
        ),
        ("transfer", "건설폐기물 분류 모델 지자체 이전", {"recipient": "경기도 자원순환센터", "fee_krw": 80_000_000}),
        ("commercialization", "폐수 처리 AI 제어 패키지", {"product": "AquaMind", "sales_krw": {"2026": 610_000_000}}),
        ("jobs", "재활용 현장 데이터 관리자 채용", {"jobs": 4}),
    ],
}

LESSONS = {
    "mobility": (
        "차량 데이터는 수집 초기에 비식별 기준부터 정하라",
        "자율주행 셔틀이 산업단지 공공도로를 달리며 영상을 모았다.",
        "모든 영상을 원본으로 저장한 뒤 나중에 비식별 처리했다.",
        "촬영 단계에서 번호판·얼굴을 흐리게 하니 재처리가 필요 없었다.",
        "사후 일괄 비식별은 석 달이 걸려 학습 일정이 밀렸다.",
        "개인정보 처리 기준을 첫 달에 확정하고 장비에 넣어라.",
        "컴퓨터 비전",
    ),
    "machinery": (
        "고장 데이터가 적으면 정상 데이터로 먼저 학습하라",
        "공작기계 고장은 1년에 몇 번뿐이라 라벨이 부족했다.",
        "고장 사례만 모아 지도학습을 시도했다.",
        "정상 상태 이상 탐지 모델이 3주 만에 현장에 들어갔다.",
        "고장 분류 모델은 사례가 모자라 정확도가 낮았다.",
        "이상 탐지로 시작하고 고장 유형 분류는 사례가 쌓인 뒤에 하라.",
        "이상 탐지",
    ),
    "production": (
        "운전원이 믿어야 최적화 모델이 쓰인다",
        "고로 운전 설정을 AI가 추천했지만 초기에는 무시되었다.",
        "추천값만 화면에 띄웠다.",
        "추천 근거(주요 변수 기여도)를 함께 보여주자 채택률이 올랐다.",
        "설명 없이 띄운 추천은 두 달 동안 거의 쓰이지 않았다.",
        "추천마다 근거를 보이고, 운전원의 거절 사유를 다시 학습에 쓰라.",
        "설명 가능한 AI",
    ),
    "waste": (
        "폐기물 반입 규정이 데이터 수집을 막을 때",
        "폐배터리 선별 장비를 실증하려 했으나 시험 반입 허가가 필요했다.",
        "일반 처리 시설로 허가를 신청했다.",
        "규제 샌드박스 실증 특례로 6개월 만에 시험이 가능해졌다.",
        "일반 허가 절차로는 1년 넘게 답이 없었다.",
        "실증 초기에 규제 샌드박스를 함께 신청하라.",
        "로봇 선별",
    ),
}

"""The fixed facts behind ``seed_demo``: organizations, project titles, indicators and policy barriers.

The six founding members named in public reporting are real companies; every other organization is fictional
and flagged ``is_demo``. No real business registration number is invented for the real companies.
"""

# slug, Korean name, English name, kind, size, sector, is_demo
FOUNDING_MEMBERS = [
    ("hyundai-motor", "현대자동차", "Hyundai Motor Company", "company", "large", "automotive", False),
    ("lg-electronics", "LG전자", "LG Electronics", "company", "large", "electronics", False),
    ("hyundai-steel", "현대제철", "Hyundai Steel", "company", "large", "steel", False),
    ("lg-energy-solution", "LG에너지솔루션", "LG Energy Solution", "company", "large", "battery", False),
    ("samsung-sds", "삼성SDS", "Samsung SDS", "company", "large", "ict", False),
    ("sk-cc", "SK C&C", "SK C&C", "company", "large", "ict", False),
    ("hanbit-marine", "한빛조선해양", "Hanbit Shipbuilding & Marine", "company", "large", "shipbuilding", True),
    ("daehan-precision", "대한정밀기계", "Daehan Precision Machinery", "company", "mid_sized", "machinery", True),
    ("cheongwoon-chemical", "청운화학", "Cheongwoon Chemical", "company", "large", "chemicals", True),
    ("nuri-energy", "누리에너지", "Nuri Energy", "company", "large", "energy", True),
    ("sejin-mobility", "세진모빌리티", "Sejin Mobility", "company", "mid_sized", "automotive", True),
    ("hangyeol-robotics", "한결로보틱스", "Hangyeol Robotics", "company", "mid_sized", "machinery", True),
    ("green-cycle", "그린사이클환경", "Green Cycle Environmental", "company", "mid_sized", "environment", True),
    ("mirae-components", "미래전자부품", "Mirae Electronic Components", "company", "mid_sized", "electronics", True),
    ("donghae-steel", "동해특수강", "Donghae Special Steel", "company", "mid_sized", "steel", True),
    ("daon-ai", "다온AI", "Daon AI", "company", "startup", "ict", True),
    ("garam-data", "가람데이터시스템", "Garam Data Systems", "company", "sme", "ict", True),
    ("narae-materials", "나래배터리소재", "Narae Battery Materials", "company", "mid_sized", "battery", True),
    ("kiair", "한국산업AI연구원", "Korea Industrial AI Research Institute", "research_institute", "", "research", True),
    ("industrial-data-assoc", "산업데이터협회", "Industrial Data Association", "association", "", "public", True),
]

# Name parts for the further (fictional) members of the alliance.
MEMBER_NAME_STEMS = [
    ("새롬", "Saerom"), ("한울", "Hanul"), ("보람", "Boram"), ("솔빛", "Solbit"), ("다솜", "Dasom"),
    ("아라", "Ara"), ("하람", "Haram"), ("온새", "Onsae"), ("미르", "Mir"), ("해솔", "Haesol"),
    ("가온", "Gaon"), ("너울", "Neoul"),
]  # fmt: skip
MEMBER_NAME_KINDS = [
    ("정밀", "Precision", "machinery"), ("테크", "Tech", "ict"), ("소재", "Materials", "chemicals"),
    ("모터스", "Motors", "automotive"), ("에코", "Eco", "environment"),
]  # fmt: skip
UNIVERSITIES = [
    ("한빛대학교 산학협력단", "Hanbit University Industry Cooperation"),
    ("동남과학기술원", "Dongnam Institute of Science and Technology"),
    ("중부공과대학교", "Jungbu University of Engineering"),
]
PUBLIC_AGENCIES = [
    ("산업기술진흥센터", "Industrial Technology Promotion Centre"),
    ("스마트제조혁신지원단", "Smart Manufacturing Innovation Agency"),
]

AREA_PREFIX = {"mobility": "MOB", "machinery": "MAC", "production": "PRD", "waste": "WST"}

# area -> [(lead slug, Korean title, English title)], ten projects per area.
PROJECTS = {
    "mobility": [
        (
            "hyundai-motor",
            "산업단지 자율주행 물류 셔틀 실증",
            "Autonomous logistics shuttle pilot in industrial complexes",
        ),
        ("lg-energy-solution", "전기차 배터리 잔존수명 예측 AI", "EV battery state-of-health prediction"),
        ("hyundai-motor", "차량 부품 비전 검사 자동화", "Vision inspection of vehicle components"),
        ("hyundai-motor", "커넥티드카 데이터 기반 예지정비", "Predictive maintenance from connected-car data"),
        ("sejin-mobility", "AI 도장 품질 최적화", "AI paint-shop quality optimisation"),
        ("hyundai-motor", "수소트럭 운행 경로 최적화", "Hydrogen truck fleet route optimisation"),
        ("samsung-sds", "자동차 공급망 수요 예측", "Automotive supply-chain demand forecasting"),
        ("sk-cc", "자율주행 시뮬레이션 데이터 플랫폼", "Simulation data platform for autonomous driving"),
        ("lg-energy-solution", "배터리 셀 공정 이상 탐지", "Anomaly detection in battery cell production"),
        ("hanbit-marine", "항만 자율 운송 차량", "Autonomous port transport vehicles"),
    ],
    "machinery": [
        ("daehan-precision", "공작기계 예지보전 AI", "Predictive maintenance for machine tools"),
        ("hangyeol-robotics", "협동로봇 작업 학습", "Task learning for collaborative robots"),
        ("hanbit-marine", "조선 용접 로봇 AI 제어", "AI control of shipbuilding welding robots"),
        ("daehan-precision", "건설기계 원격 자율운전", "Remote autonomous construction machinery"),
        ("nuri-energy", "산업용 펌프 에너지 최적화", "Energy optimisation of industrial pumps"),
        ("lg-electronics", "진동 데이터 기반 베어링 고장 진단", "Bearing fault diagnosis from vibration data"),
        ("mirae-components", "금형 수명 예측", "Mould lifetime prediction"),
        ("hyundai-steel", "스마트 크레인 충돌 방지", "Collision avoidance for smart cranes"),
        ("hangyeol-robotics", "농기계 자율 작업", "Autonomous operation of agricultural machinery"),
        ("daehan-precision", "유압 시스템 디지털 트윈", "Digital twin of hydraulic systems"),
    ],
    "production": [
        ("hyundai-steel", "제철 고로 공정 최적화 AI", "Blast-furnace process optimisation"),
        ("lg-electronics", "가전 생산라인 디지털 트윈", "Digital twin of an appliance assembly line"),
        ("mirae-components", "전자부품 장비 수율 예측", "Yield prediction for electronic component equipment"),
        ("cheongwoon-chemical", "석유화학 공정 제어 AI", "AI process control in petrochemicals"),
        ("samsung-sds", "생산 일정 자동 최적화", "Automated production scheduling"),
        ("nuri-energy", "에너지 다소비 공장 전력 최적화", "Power optimisation for energy-intensive plants"),
        ("sk-cc", "제조 품질 데이터 표준 플랫폼", "Manufacturing quality data standard platform"),
        ("donghae-steel", "압연 공정 결함 예측", "Defect prediction in rolling mills"),
        ("narae-materials", "배터리 소재 공정 최적화", "Battery materials process optimisation"),
        ("daon-ai", "생성형 AI 제조 지식 도우미", "Generative AI assistant for manufacturing know-how"),
    ],
    "waste": [
        ("lg-energy-solution", "AI 폐배터리 선별", "AI sorting of end-of-life batteries"),
        ("green-cycle", "산업폐기물 성분 분석 비전 AI", "Vision AI for industrial waste composition"),
        ("green-cycle", "폐플라스틱 재활용 선별 로봇", "Robotic sorting of waste plastics"),
        ("hyundai-steel", "제철 부산물 재자원화 최적화", "Steel by-product recycling optimisation"),
        ("cheongwoon-chemical", "폐수 처리 공정 AI 제어", "AI control of wastewater treatment"),
        ("garam-data", "건설폐기물 자동 분류", "Automated classification of construction waste"),
        ("lg-electronics", "폐가전 해체 공정 자동화", "Automated dismantling of waste appliances"),
        ("sk-cc", "유해폐기물 운송 추적", "Tracking of hazardous waste transport"),
        ("nuri-energy", "소각 공정 배출 예측", "Emission prediction for incineration"),
        ("narae-materials", "폐촉매 금속 회수 최적화", "Metal recovery from spent catalysts"),
    ],
}

MILESTONE_STEPS = [
    ("요구사항 정의 및 데이터 확보", "Requirements and data acquisition", "Data inventory and requirements document"),
    ("데이터 정제 및 라벨링", "Data cleaning and labelling", "Labelled training data set"),
    ("AI 모델 개발", "AI model development", "Model and validation report"),
    ("현장 실증 1차", "First on-site pilot", "Pilot report"),
    ("성능 고도화", "Performance improvement", "Improved model release"),
    ("현장 실증 2차", "Second on-site pilot", "Second pilot report"),
    ("표준화 및 확산 계획", "Standardisation and roll-out plan", "Roll-out plan"),
    ("최종 성과 보고", "Final results report", "Final report"),
]

# area -> [(Korean name, English name, unit, baseline, target)]
INDICATORS = {
    "mobility": [("불량률", "Defect rate", "%", 3.2, 1.0), ("예측 정확도", "Prediction accuracy", "%", 72, 95)],
    "machinery": [("설비 가동률", "Equipment availability", "%", 82, 93), ("비계획 정지 시간", "Unplanned downtime", "h/month", 40, 12)],
    "production": [("에너지 사용량 절감", "Energy saving", "%", 0, 15), ("생산 리드타임", "Production lead time", "h", 48, 30)],
    "waste": [("재활용률", "Recycling rate", "%", 45, 70), ("선별 정확도", "Sorting accuracy", "%", 80, 97)],
}  # fmt: skip

# (Korean title, English title, description, regulation, responsible agency, status, raised-by slug, project codes)
POLICY_BARRIERS = [
    (
        "산업데이터 가명처리 기준 불명확",
        "Unclear pseudonymisation rules for industrial data",
        "작업자 영상·위치 정보가 포함된 설비 데이터를 AI 학습에 쓰려면 가명처리 기준이 필요하나, 제조 현장 데이터에 대한 "
        "구체적 지침이 없어 기업마다 해석이 다릅니다.",
        "개인정보 보호법 제28조의2 (Personal Information Protection Act, Art. 28-2)",
        "개인정보보호위원회 (PIPC)",
        "under_review",
        "industrial-data-assoc",
        ["MOB-03", "MAC-02", "PRD-07"],
    ),
    (
        "자율주행 물류차량의 산업단지 도로 운행 제한",
        "Autonomous logistics vehicles barred from industrial-complex roads",
        "시범운행지구 밖의 산업단지 내부 도로에서는 무인 물류 셔틀 운행 허가를 받을 수 없어 실증 범위가 제한됩니다.",
        "자율주행자동차법 제9조 (Autonomous Vehicles Act, Art. 9)",
        "국토교통부 (MOLIT)",
        "raised",
        "hyundai-motor",
        ["MOB-01", "MOB-10"],
    ),
    (
        "사용 후 배터리의 폐기물 분류",
        "End-of-life batteries classified as waste",
        "재사용 가능한 배터리도 폐기물로 분류되어 운송·보관에 폐기물 처리 기준이 적용되므로 선별 실증 비용이 커집니다.",
        "폐기물관리법 시행규칙 별표 4 (Wastes Control Act, Enforcement Rule, Annex 4)",
        "환경부 (Ministry of Environment)",
        "resolved",
        "lg-energy-solution",
        ["WST-01", "MOB-02"],
    ),
    (
        "기업 간 AI 학습데이터 공유 시 영업비밀 보호",
        "Trade-secret protection when companies share AI training data",
        "공급망 기업 간 공정 데이터를 공유할 때 영업비밀 침해 책임의 범위가 불분명하여 데이터 공유 계약이 지연됩니다.",
        "부정경쟁방지법 제2조 (Unfair Competition Prevention Act, Art. 2)",
        "특허청 (KIPO)",
        "under_review",
        "samsung-sds",
        ["PRD-05", "MOB-07"],
    ),
    (
        "건설기계 원격조종 면허 기준 부재",
        "No licence standard for remotely operated construction machinery",
        "원격으로 조종하는 건설기계에 대한 조종사 면허 기준이 없어 현장 실증에 유인 탑승이 요구됩니다.",
        "건설기계관리법 제26조 (Construction Machinery Management Act, Art. 26)",
        "국토교통부 (MOLIT)",
        "raised",
        "daehan-precision",
        ["MAC-04"],
    ),
    (
        "공공 클라우드 보안인증으로 인한 도입 지연",
        "Cloud security certification delays for AI services",
        "공공기관 연계 실증에서 클라우드 보안인증(CSAP) 취득 기간이 길어 AI 서비스 도입이 늦어집니다.",
        "클라우드컴퓨팅법 제23조의2 (Cloud Computing Act, Art. 23-2)",
        "과학기술정보통신부 (MSIT)",
        "rejected",
        "sk-cc",
        ["PRD-07"],
    ),
]

# Monthly narratives: achievements, risks and next steps by the month's rating, several of each, so projects and
# months read differently (drawn per project and month).
NARRATIVES = {
    "green": (
        [
            "계획된 작업을 일정대로 완료했습니다.",
            "학습 데이터 2차 수집을 마치고 모델 정확도를 목표치 이상으로 끌어올렸습니다.",
            "현장 실증 라인에 시제품을 설치하고 시운전을 시작했습니다.",
            "참여기관 공동 워크숍에서 요구사항을 확정하고 설계 검토를 통과했습니다.",
            "모델 경량화로 추론 시간을 절반으로 줄였습니다.",
        ],
        [
            "특이 위험 없음.",
            "데이터 라벨링 인력 교체에 따른 품질 편차 가능성을 관찰 중입니다.",
            "협력사 보안 심사 일정이 다음 달로 잡혀 있어 확인이 필요합니다.",
            "장비 유지보수 기간과 실증 일정이 겹치지 않도록 조율 중입니다.",
        ],
        [
            "다음 마일스톤 준비를 계속합니다.",
            "실증 결과 보고서 초안을 작성합니다.",
            "2차 현장 적용을 위한 설치 계획을 수립합니다.",
            "성능 지표 측정 자동화를 마무리합니다.",
        ],
    ),
    "amber": (
        [
            "주요 작업은 진행되었으나 데이터 확보가 예상보다 늦었습니다.",
            "모델 개발은 진행되었으나 현장 검증용 데이터 품질이 기준에 못 미쳤습니다.",
            "시제품 제작은 마쳤으나 통합 시험에서 통신 지연 문제가 발견되었습니다.",
        ],
        [
            "현장 데이터 수집 지연으로 일정 위험이 있습니다.",
            "GPU 서버 납품이 6주 늦어져 학습 일정이 밀리고 있습니다.",
            "개인정보 비식별 처리 기준 해석 차이로 데이터 반출 승인이 지연되고 있습니다.",
            "핵심 개발자 이직으로 인수인계 중입니다.",
        ],
        [
            "추가 인력을 투입해 지연을 만회합니다.",
            "대체 데이터셋으로 선행 학습을 진행하고 현장 데이터로 보정합니다.",
            "공급사와 납기 단축을 협의하고 클라우드 자원을 임시로 사용합니다.",
        ],
    ),
    "red": (
        [
            "현장 실증 준비가 중단되었습니다.",
            "실증 부지 확보가 무산되어 설치 작업을 하지 못했습니다.",
            "안전 인증 시험에서 불합격 판정을 받았습니다.",
        ],
        [
            "규제 문제와 장비 납품 지연으로 마일스톤 두 건이 지연되었습니다.",
            "실증 특례 승인 전에는 공공도로 시험이 불가능합니다.",
            "참여기관 한 곳의 사업 철수로 역할 재배분이 필요합니다.",
        ],
        [
            "일정 재수립과 부처 지원 협의가 필요합니다.",
            "대체 실증 부지를 물색하고 일정 변경을 신청합니다.",
            "인증 기준에 맞춘 재설계 후 재시험을 신청합니다.",
        ],
    ),
}

# Each area's own vocabulary for a month's work and the next month's plan, so projects of different areas read
# differently; a month's narrative also names the project's own milestone and indicator (projects/demo.py).
AREA_WORK = {
    "mobility": [
        "차체 도장 라인 영상 데이터를 추가로 수집해 결함 유형별 라벨을 보강했습니다.",
        "주행 시험장 데이터로 예측 모델을 재학습하고 오탐지 사례를 분석했습니다.",
        "완성차 조립 라인 작업자 인터뷰로 현장 요구사항을 정리했습니다.",
        "부품 공급망 데이터 연계 API를 시험 운영했습니다.",
        "배터리 셀 검사 장비와 모델의 추론 서버를 연동했습니다.",
        "차량 센서 로그 전처리 파이프라인을 자동화했습니다.",
    ],
    "machinery": [
        "공작기계 진동·전류 센서 데이터를 추가로 확보했습니다.",
        "설비 고장 이력과 정비 기록을 연계해 학습 데이터를 정비했습니다.",
        "예지정비 알림 기준을 현장 정비팀과 함께 조정했습니다.",
        "협동로봇 작업 시나리오를 시뮬레이션으로 검증했습니다.",
        "스핀들 이상 탐지 모델을 현장 PLC와 연동해 시험했습니다.",
        "유압 설비 디지털 트윈의 응답 속도를 개선했습니다.",
    ],
    "production": [
        "공정 조건 최적화 모델을 야간 교대 생산에 시범 적용했습니다.",
        "에너지 관리 시스템 데이터를 공정 데이터와 통합했습니다.",
        "생산 계획 스케줄러를 MES와 연동해 시험 운영했습니다.",
        "품질 검사 결과를 공정 변수와 연결해 원인 분석 대시보드를 만들었습니다.",
        "용해로 온도 예측 모델의 오차를 현장 측정값과 비교했습니다.",
        "설비별 전력 사용 패턴을 분석해 피크 시간대 운전 계획을 수정했습니다.",
    ],
    "waste": [
        "선별 라인 카메라 영상으로 재질별 분류 데이터를 보강했습니다.",
        "폐배터리 입고 검사 데이터를 표준 양식으로 정리했습니다.",
        "소각 설비 배출가스 측정 데이터를 모델 입력으로 연계했습니다.",
        "재활용 선별 로봇의 집기 성공률을 현장에서 측정했습니다.",
        "폐기물 성상 분석 결과를 지자체 수거 데이터와 대조했습니다.",
        "선별 오류 사례를 모아 재학습용 데이터셋을 만들었습니다.",
    ],
}
AREA_NEXT = {
    "mobility": ["도장 라인 2개 공정으로 적용을 넓힙니다.", "주행 시험 결과를 참여기관과 공유하고 개선안을 확정합니다.",
                 "부품사 데이터 연계 범위를 늘립니다."],
    "machinery": ["정비팀 교육을 마치고 알림을 실운영에 적용합니다.", "추가 설비 3대에 센서를 설치합니다.",
                  "협동로봇 안전 평가를 준비합니다."],
    "production": ["주간 교대로 시범 적용을 확대합니다.", "에너지 절감 효과를 한 달간 측정합니다.",
                   "MES 연동 범위를 포장 공정까지 넓힙니다."],
    "waste": ["선별 라인 2호기에 모델을 적용합니다.", "지자체와 수거 데이터 공유 협약을 맺습니다.",
              "재활용률 측정 방법을 인증기관과 협의합니다."],
}  # fmt: skip

# What a reviewer writes when returning an update.
REVIEW_COMMENTS = [
    "보완 후 다시 제출해 주세요.",
    "KPI 실적의 근거 자료(측정 방법과 기간)를 추가해 주세요.",
    "지연된 마일스톤의 만회 계획을 구체적인 날짜와 함께 적어 주세요.",
    "위험 요인에 대한 대응 책임자와 기한을 명시해 주세요.",
]

# A few projects that tell a story on the dashboard (led by organizations other than the demo members', so the
# member's own projects stay as the tests expect):
STORIES = {
    "MAC-04": "recovers",  # slipped into red over the summer, back to green by now
    "PRD-04": "hides",  # in real trouble, but rates itself green every month: a "rating to check"
    "MOB-08": "returned",  # this month's update came back from review with a comment
}
# Projects in pilot or rollout (an AI-ethics check is due before: ``assessments.demo_data.CHECKS``), if the demo's
# calendar has them under way.
PHASES = {"MOB-02": "pilot", "PRD-05": "rollout", "WST-03": "pilot", "MAC-02": "pilot"}
RECOVERY = ["amber", "red", "red", "amber", "green", "green"]  # the six months before this one

"""The demo's AI-ethics checklist: one question per consideration at each of the KS check form's three stages,
written for industrial AI (the standard's own wording is KATS's; these questions follow its structure)."""

from assessments.choices import Consideration as C
from assessments.choices import Stage as S

TITLE = ("산업 AI 윤리 자율점검표", "Industrial AI ethics self-check")

QUESTIONS = [
    (S.DATA, C.TRANSPARENCY, "학습 데이터의 출처와 수집 방법을 문서로 남겼습니까?",
     "Are the sources of the training data and how they were collected documented?"),
    (S.DATA, C.FAIRNESS, "특정 공장·설비·작업자 집단에 편향되지 않도록 데이터 분포를 점검했습니까?",
     "Was the data's distribution checked for bias towards particular plants, machines or groups of workers?"),
    (S.DATA, C.HARMLESSNESS, "안전 사고로 이어질 수 있는 오류 데이터를 걸러내는 절차가 있습니까?",
     "Is there a procedure that filters out faulty data that could lead to safety incidents?"),
    (S.DATA, C.RESPONSIBILITY, "데이터 품질을 책임지는 담당자가 지정되어 있습니까?",
     "Is someone named as responsible for the quality of the data?"),
    (S.DATA, C.PRIVACY, "작업자 영상·음성 등 개인정보를 가명 처리하거나 수집 동의를 받았습니까?",
     "Are personal data such as workers' images and voices pseudonymised or collected with consent?"),
    (S.DATA, C.CONVENIENCE, "현장 작업자가 데이터 수집 때문에 추가 부담을 지지 않도록 설계했습니까?",
     "Is data collection designed so that it adds no burden to the workers on site?"),
    (S.DATA, C.AUTONOMY, "데이터 제공 기업이 자기 데이터의 활용 범위를 정할 수 있습니까?",
     "Can the companies that provide data decide how far their data may be used?"),
    (S.DATA, C.RELIABILITY, "센서 교정 이력과 결측 처리 방법을 관리합니까?",
     "Are sensor calibration records and the handling of missing values managed?"),
    (S.DATA, C.SUSTAINABILITY, "불필요한 데이터의 저장·전송을 줄여 에너지 사용을 관리합니까?",
     "Is energy use managed by not storing or sending data that is not needed?"),
    (S.DATA, C.SOLIDARITY, "협력사·중소기업과 데이터를 공정한 조건으로 공유합니까?",
     "Is data shared with suppliers and small firms on fair terms?"),
    (S.DEVELOPMENT, C.TRANSPARENCY, "모델의 판단 근거를 현장 담당자가 이해할 수 있게 설명합니까?",
     "Can the people on site understand why the model decides as it does?"),
    (S.DEVELOPMENT, C.FAIRNESS, "공정·설비·교대조별로 성능 차이를 시험했습니까?",
     "Was the model's performance compared across processes, machines and shifts?"),
    (S.DEVELOPMENT, C.HARMLESSNESS, "오작동 시 설비를 안전 상태로 멈추는 장치가 있습니까?",
     "Does a safeguard bring the equipment to a safe state when the model fails?"),
    (S.DEVELOPMENT, C.RESPONSIBILITY, "모델 변경을 승인하는 책임자와 절차가 정해져 있습니까?",
     "Are there a person and a procedure that approve changes to the model?"),
    (S.DEVELOPMENT, C.PRIVACY, "모델이 개인을 식별할 수 있는 정보를 기억하지 않도록 시험했습니까?",
     "Was the model tested so that it does not retain information that identifies people?"),
    (S.DEVELOPMENT, C.CONVENIENCE, "현장 사용자와 함께 화면과 경보를 시험했습니까?",
     "Were the screens and alarms tried out with the people who will use them?"),
    (S.DEVELOPMENT, C.AUTONOMY, "작업자가 AI의 권고를 거부하고 직접 조작할 수 있습니까?",
     "Can workers overrule the AI's recommendation and take manual control?"),
    (S.DEVELOPMENT, C.RELIABILITY, "실제 환경과 같은 조건에서 성능과 강건성을 검증했습니까?",
     "Were performance and robustness verified under conditions like those in the field?"),
    (S.DEVELOPMENT, C.SUSTAINABILITY, "학습과 추론에 드는 에너지를 측정하고 줄였습니까?",
     "Was the energy used for training and inference measured and reduced?"),
    (S.DEVELOPMENT, C.SOLIDARITY, "개발 성과를 얼라이언스 참여 기업과 공유할 계획이 있습니까?",
     "Is there a plan to share the results with the alliance's member companies?"),
    (S.SERVICE, C.TRANSPARENCY, "사용자에게 AI가 관여한다는 사실을 알립니까?",
     "Are users told that an AI system is involved?"),
    (S.SERVICE, C.FAIRNESS, "운영 중 성능 차이를 주기적으로 점검합니까?",
     "Are differences in performance checked regularly during operation?"),
    (S.SERVICE, C.HARMLESSNESS, "사고·오작동을 보고하고 조치하는 절차가 있습니까?",
     "Is there a procedure to report and act on incidents and malfunctions?"),
    (S.SERVICE, C.RESPONSIBILITY, "피해가 생겼을 때의 책임과 구제 절차가 정해져 있습니까?",
     "Are responsibility and redress settled for when harm occurs?"),
    (S.SERVICE, C.PRIVACY, "운영 데이터의 보관 기간과 파기 절차를 지킵니까?",
     "Are retention periods and the deletion of operating data kept to?"),
    (S.SERVICE, C.CONVENIENCE, "사용자가 문의하고 의견을 낼 창구가 있습니까?",
     "Do users have a way to ask questions and give feedback?"),
    (S.SERVICE, C.AUTONOMY, "작업자가 AI 없이도 업무를 계속할 수 있는 대안이 있습니까?",
     "Can workers carry on without the AI system when they choose to?"),
    (S.SERVICE, C.RELIABILITY, "성능 저하(드리프트)를 감시하고 재학습 기준을 정했습니까?",
     "Is performance drift monitored, with a rule for when to retrain?"),
    (S.SERVICE, C.SUSTAINABILITY, "장기 운영의 유지보수 체계와 비용을 계획했습니까?",
     "Are maintenance and its cost planned for long-term operation?"),
    (S.SERVICE, C.SOLIDARITY, "AI 도입에 따른 직무 변화와 재교육을 지원합니까?",
     "Are changes to jobs and retraining supported as the AI system is introduced?"),
]  # fmt: skip

# The checks the demo gives some projects (the pilot and rollout projects: ``projects.demo_data.PHASES``).
# WST-03 is in pilot without a check: a rating to check.
CHECKS = {
    "MOB-02": "accepted", "PRD-05": "accepted", "MAC-02": "submitted", "PRD-07": "returned",
    "MOB-03": "accepted", "MAC-05": "accepted", "PRD-06": "accepted", "WST-04": "accepted", "MOB-07": "accepted",
    "MAC-07": "accepted", "PRD-08": "accepted", "PRD-01": "accepted",
}  # fmt: skip
NOTES = {
    "partly": ["적용 범위를 확대하는 중입니다.", "2단계 실증에서 보완할 예정입니다."],
    "no": ["아직 절차가 없습니다. 다음 분기에 마련합니다.", "협력사와 협의 중입니다."],
}
RETURN_COMMENT = "개인정보 항목의 '부분' 답변에 가명 처리 계획을 구체적으로 적어 주세요."

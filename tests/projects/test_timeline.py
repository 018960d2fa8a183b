"""The portfolio timeline: the list's filters and the access policy decide the rows, the window decides the
positions, a slip is drawn and listed, and the page costs the same number of queries however many rows it shows."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time
from pypdf import PdfReader

from members.models import Role
from projects import portfolio
from projects.models import Milestone, Project
from projects.timeline import Window, selection, window_for
from tests import factories
from tests.drawings import page_and_drawn

pytestmark = pytest.mark.django_db


def codes_on(page: str) -> set[str]:
    return set(re.findall(r'<a class="timeline-project" [^>]*data-code="([A-Z]{2,4}-\d{2,3})"', page))


def test_the_lists_filters_choose_the_rows(client, users):
    client.force_login(users["member"])
    page = client.get("/projects/timeline/?area=mobility").content.decode()
    assert codes_on(page) == set(Project.objects.filter(area="mobility").values_list("code", flat=True)[:25])


def test_a_partner_sees_open_data_projects_only(client, users):
    client.force_login(users["partner"])
    shown = codes_on(client.get("/projects/timeline/?span=two_years").content.decode())
    assert shown and shown <= set(Project.objects.filter(visibility="open").values_list("code", flat=True))


def test_a_slipped_milestone_is_drawn_late_and_listed_with_its_slip(client, users, own_project):
    milestone = own_project.milestones.order_by("order").first()
    Milestone.objects.filter(pk=milestone.pk).update(
        baseline_date=datetime.date(2026, 11, 2), forecast_date=datetime.date(2026, 12, 2), status="in_progress",
        completed_date=None,
    )  # fmt: skip
    client.force_login(users["member"])
    page = client.get(f"/projects/timeline/?span=quarter&start=2026-10&q={own_project.code}").content.decode()
    # 2026-10-01 … 2027-01-01 is 92 days: the baseline at day 32, the forecast at day 62
    assert '<line class="slip late" x1="34.78%" x2="67.39%"' in page
    assert '<circle class="forecast late" cx="67.39%"' in page
    assert re.search(r"<td>\s*<strong>30</strong>\s*</td>", page)


def test_the_page_takes_the_same_queries_for_one_row_or_a_full_page(client, users):
    client.force_login(users["ministry"])
    client.get("/projects/timeline/")  # the session and caches warmed
    with CaptureQueriesContext(connection) as full:
        page = client.get("/projects/timeline/?span=two_years").content.decode()
    code = Project.objects.order_by("code").first().code
    with CaptureQueriesContext(connection) as one:
        client.get(f"/projects/timeline/?span=two_years&q={code}")
    assert len(codes_on(page)) == 25
    assert len(full.captured_queries) == len(one.captured_queries) <= 8


def test_the_window_follows_span_and_start_and_ignores_nonsense():
    today = datetime.date(2026, 11, 27)
    assert window_for(None, None, today) == Window(datetime.date(2026, 1, 1), 12)
    assert window_for("quarter", None, today) == Window(datetime.date(2026, 10, 1), 3)
    assert window_for("two_years", "2025-07", today) == Window(datetime.date(2025, 7, 1), 24)
    assert window_for("decade", "July", today) == Window(datetime.date(2026, 1, 1), 12)
    window = Window(datetime.date(2026, 10, 1), 3)
    assert (window.end, window.shifted(-1), window.shifted(1)) == (
        datetime.date(2027, 1, 1), datetime.date(2026, 7, 1), datetime.date(2027, 1, 1),
    )  # fmt: skip
    assert (window.at(datetime.date(2026, 10, 1)), window.at(datetime.date(2027, 1, 1))) == (0.0, None)
    assert window.clipped(datetime.date(2030, 1, 1)) == 100.0


@pytest.mark.parametrize("start", ["0001-01", "9999-12"])
def test_a_window_at_the_ends_of_the_calendar_falls_back_to_the_default(client, users, start):
    client.force_login(users["ministry"])
    assert window_for("year", start, datetime.date(2026, 11, 27)) == Window(datetime.date(2026, 1, 1), 12)
    assert client.get("/projects/timeline/", {"start": start}).status_code == 200
    assert client.get("/projects/timeline.pdf", {"start": start}).status_code == 200


def test_the_pdf_draws_the_same_projects_in_the_korean_font(client, users):
    client.force_login(users["member"])
    response = client.get("/projects/timeline.pdf?area=mobility&span=quarter&start=2026-10")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = {font for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert all(code in text for code in Project.objects.filter(area="mobility").values_list("code", flat=True))
    assert "MAC-01" not in text
    assert any("NanumSquare" in str(font.get_object()["/BaseFont"]) for font in fonts)


def test_the_pdf_sets_its_labels_at_a_size_read_on_paper_and_cuts_long_titles_to_their_column(client, users):
    """A4 landscape: project labels at 10 pt and the axis at 9 pt or more (they were 7.5 and 7), a long title ends
    in an ellipsis inside the label column rather than at a fixed count of characters."""
    project = Project.objects.filter(area="mobility").first()
    project.title_ko = "자율주행 " * 30
    project.save(update_fields=["title_ko"])
    client.force_login(users["member"])
    response = client.get("/projects/timeline.pdf?area=mobility&span=year&start=2026-01")
    sizes, labels = [], []

    def seen(text, cm, tm, font, size):
        if text.strip():
            sizes.append(size)
            labels.append(text)

    for page in PdfReader(io.BytesIO(response.content)).pages:
        page.extract_text(visitor_text=seen)
    chart_sizes = [size for size, text in zip(sizes, labels, strict=True) if size < 15]  # the title is 15 pt
    assert min(chart_sizes) >= 9 and any(size >= 10 for size in chart_sizes)
    cut = next(text for text in labels if text.startswith(project.code))
    assert cut.rstrip().endswith("…") and len(cut) < len(f"{project.code} {project.title_ko}")


def test_a_pdf_of_too_many_projects_is_refused_with_a_message(client, users, monkeypatch):
    monkeypatch.setattr("reports.timeline_pdf.MOST_PROJECTS", 5)
    client.force_login(users["member"])
    response = client.get("/projects/timeline.pdf")
    shown = selection(users["member"], QueryDict(), timezone.localdate())[1].count()
    assert shown > 5 and response.status_code == 400
    assert response.content.decode() == (
        f"이 필터에 맞는 과제가 {shown}개입니다. PDF에는 최대 5개까지 담을 수 있으니 필터를 좁혀 주세요."
    )  # the member reads Korean


def timeline_page(client, path="/projects/timeline/?span=two_years&page=2"):
    return page_and_drawn(client, path, "projects/_timeline_drawing.html")


def test_the_timeline_read_from_the_cache_is_byte_for_byte_the_one_drawn_without_it(client, users, monkeypatch):
    client.force_login(users["ministry"])
    first, first_drawn = timeline_page(client)
    second, second_drawn = timeline_page(client)
    monkeypatch.setattr(portfolio, "_copy_key", lambda *args: None)  # the cache down: drawn directly
    uncached, uncached_drawn = timeline_page(client)
    assert (first_drawn, second_drawn, uncached_drawn) == (True, False, True)
    assert second == first == uncached and '<svg class="timeline-chart"' in first


def test_the_timeline_is_drawn_anew_after_a_change_of_data_day_audience_or_language(client, users):
    client.force_login(users["viewer"])
    before, _drawn = timeline_page(client, "/projects/timeline/?span=two_years")
    milestone = Milestone.objects.filter(
        project__code__in=codes_on(before),
        forecast_date__range=(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)),
    ).first()  # drawn in the window: two years from this January
    milestone.title_ko = milestone.title_en = "A renamed milestone"
    milestone.save()
    renamed, drawn = timeline_page(client, "/projects/timeline/?span=two_years")
    assert drawn and "A renamed milestone" in renamed

    with freeze_time(timezone.now() + datetime.timedelta(days=1), tick=True):
        client.force_login(users["viewer"])
        next_day, drawn = timeline_page(client, "/projects/timeline/?span=two_years")
    assert (
        drawn
        and re.search(r'class="today" x1="([\d.]+)%"', next_day)[1]
        != re.search(r'class="today" x1="([\d.]+)%"', renamed)[1]
    )

    client.force_login(users["partner"])
    partners, drawn = timeline_page(client, "/projects/timeline/?span=two_years")
    assert drawn and codes_on(partners) <= set(Project.objects.filter(visibility="open").values_list("code", flat=True))

    client.force_login(factories.UserFactory(role=Role.MINISTRY_VIEWER, preferred_language="en"))
    english, drawn = timeline_page(client, "/projects/timeline/?span=two_years")
    assert drawn and "The same milestones as a table" in english and "The same milestones as a table" not in renamed

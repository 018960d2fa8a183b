"""What a user sees at a laptop's and a phone's width (issue 43): the portfolio timeline drawn for its container with
its labels at the body's size, and the pages people read on a phone (390 × 844) and a tablet (768 × 1024) without a
sideways scroll of the page: wide tables and the chart scroll inside their own region, the header's menu collapses,
buttons stay at least 24 px, and axe-core's WCAG 2.2 AA rules find nothing serious at a phone's width. One sign-in
per role; each test walks its pages in one browser page."""

import re

import pytest

from core.reviewed import ReviewState
from projects.models import StatusUpdate
from tests.demo_copy import load_demo
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_accessibility import AXE, PHONE, SIDEWAYS, WCAG, serious

pytestmark = pytest.mark.django_db(transaction=True)
SMALL_TARGETS = """() => [...document.querySelectorAll('main .btn, main button, main select, main .page-link')]
    .filter(el => el.offsetParent !== null)
    .map(el => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect()])
    .filter(([, box]) => box.height < 24 || box.width < 24)
    .map(([text, box]) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`)"""


@pytest.fixture
def demo():
    load_demo()


def chart_sizes(page) -> dict:
    return page.evaluate(
        """() => {
        const px = el => parseFloat(getComputedStyle(el).fontSize);
        const chart = document.querySelector('svg.timeline-chart'), layout = document.querySelector('.timeline-layout');
        const labels = document.querySelector('.timeline-labels'), region = document.querySelector('.timeline-region');
        return {body: px(document.body), project: px(document.querySelector('.timeline-project')),
                tick: px(document.querySelector('svg.timeline-chart .tick-label')),
                chart: chart.getBoundingClientRect().width, labels: labels.getBoundingClientRect().width,
                layout: layout.getBoundingClientRect().width, region: region.clientWidth,
                scrolls: region.scrollWidth > region.clientWidth};
    }"""
    )


def test_the_timeline_fills_its_container_with_labels_at_the_bodys_size(page, sign_in, live_server, demo):
    sign_in("member")
    page.goto(f"{live_server.url}/projects/timeline/")
    sizes = {}
    for width in (1280, 1000, 390):
        page.set_viewport_size({"width": width, "height": 900})
        sizes[width] = chart_sizes(page)
    for width in (1280, 1000):
        drawn = sizes[width]
        assert drawn["project"] == drawn["tick"] == drawn["body"] == 16
        assert drawn["labels"] + drawn["chart"] == pytest.approx(drawn["region"], abs=1) and not drawn["scrolls"]
    assert sizes[1280]["region"] > sizes[1000]["region"] and sizes[1280]["chart"] > sizes[1000]["chart"] + 50
    phone = sizes[390]
    assert phone["project"] == phone["tick"] == 16 and phone["chart"] >= 30 * 16
    assert phone["scrolls"] and page.evaluate(SIDEWAYS) == 0  # the chart scrolls in its region, not the page


def test_a_long_project_title_is_cut_short_and_shown_whole_on_focus(page, sign_in, live_server, demo):
    sign_in("member")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/projects/timeline/")
    label = page.locator(".timeline-project").first
    cut = label.evaluate("el => [el.scrollWidth > el.clientWidth, getComputedStyle(el).textOverflow]")
    assert cut == [True, "ellipsis"]
    assert label.get_attribute("title").endswith(label.inner_text().split(" ", 1)[1].rstrip("…"))
    label.focus()
    assert label.evaluate("el => el.clientWidth >= el.scrollWidth")


@pytest.fixture
def phone(page):
    """The browser page at a phone's size, with axe-core in every document it opens (past the pages' CSP)."""
    page.context.add_init_script(path=str(AXE))
    page.set_viewport_size(PHONE)
    return page


def fits_a_phone(page, url: str) -> list[str]:
    """What is wrong with ``url`` at a phone's width: a sideways scroll of the page, a button under 24 px, a serious
    finding of axe-core's WCAG 2.2 AA rules (reflow, target size, contrast, names...). The page is saved as a
    screenshot to look at (var/screenshots/phone-LANGUAGE-PATH.png)."""
    page.goto(url)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9-]+", "-", url.split("//", 1)[1].split("/", 1)[1]).strip("-") or "dashboard"
    page.screenshot(
        path=SCREENSHOTS / f"phone-{page.evaluate('document.documentElement.lang')}-{name}.png", full_page=True
    )
    problems = [f"{url}: {finding}" for finding in serious(page.evaluate(WCAG))]
    if page.evaluate(SIDEWAYS) > 0:
        problems.append(f"{url}: the page scrolls sideways by {page.evaluate(SIDEWAYS)} px")
    problems += [f"{url}: small target {target}" for target in page.evaluate(SMALL_TARGETS)]
    return problems


def phone_check(page, url: str) -> list[str]:
    problems = fits_a_phone(page, url)
    if not page.locator(".navbar-toggler").is_visible() or page.locator("#main-nav").is_visible():
        problems.append(f"{url}: the header's menu is not collapsed")
    return problems


def choose_language(page, live_server, language: str) -> None:
    """Choose the language with the header's buttons, as a person on a phone does (the menu opened first)."""
    page.goto(f"{live_server.url}/")
    page.locator(".navbar-toggler").click()
    with page.expect_navigation():
        page.locator(f"form[action$='/setlang/'] button[value={language}]").click()


def test_a_member_reads_their_pages_on_a_phone_without_a_sideways_scroll(phone, sign_in, live_server, demo):
    page = phone
    sign_in("member")
    code = "MOB-01"
    pages = ["/", f"/projects/{code}/", "/projects/timeline/", f"/projects/{code}/update/", f"/projects/{code}/money/"]
    problems = []
    for language in ("ko", "en"):
        choose_language(page, live_server, language)
        for path in pages:
            problems += phone_check(page, f"{live_server.url}{path}")
    assert problems == []


def test_the_ministry_reviews_on_a_phone_without_a_sideways_scroll(phone, sign_in, live_server, demo):
    page = phone
    sign_in("ministry")
    submitted = StatusUpdate.objects.filter(state=ReviewState.SUBMITTED).order_by("pk").first()
    problems = []
    for path in ("/review/", f"/review/{submitted.pk}/", "/projects/", "/"):
        problems += phone_check(page, f"{live_server.url}{path}")
    choose_language(page, live_server, "en")
    for path in ("/review/", f"/review/{submitted.pk}/"):
        problems += phone_check(page, f"{live_server.url}{path}")
    assert problems == []


def test_the_open_data_pages_fit_a_phone(phone, live_server, demo):
    page = phone
    page.goto(f"{live_server.url}/open/")
    links = page.eval_on_selector_all("main a[href*='/projects/']", "links => links.map(a => a.getAttribute('href'))")
    project = next(link for link in links if re.fullmatch(r"/open/\d{4}-\d{2}/v\d+/projects/[A-Z]+-\d+/", link))
    period = project.split("projects/")[0]
    problems = []
    for language in ("ko", "en"):
        for path in ("/open/", period, project, "/open/changes/", "/open/licence/"):
            problems += fits_a_phone(page, f"{live_server.url}{path}?lang={language}")
    assert problems == []


TABLET = {"width": 768, "height": 1024}


def test_a_tablet_shows_the_working_pages_without_a_sideways_scroll(page, sign_in, live_server, demo):
    """Member editors fill the monthly update on a tablet (768 × 1024, where the header still collapses and the
    grid changes columns): the pages of the issue as the ministry (who sees the most of each) and the member's
    forms, in both languages, without a sideways scroll of the page; saved as screenshots (tablet-*.png)."""
    page.set_viewport_size(TABLET)
    sign_in("ministry")
    submitted = StatusUpdate.objects.filter(state=ReviewState.SUBMITTED).order_by("pk").first()
    code = submitted.project.code
    paths = ["/", "/projects/", f"/projects/{code}/", "/projects/timeline/", "/review/", f"/review/{submitted.pk}/",
             f"/projects/{code}/money/", "/open/"]  # fmt: skip
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for language in ("ko", "en"):
        choose_language(page, live_server, language)
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            name = re.sub(r"[^A-Za-z0-9-]+", "-", path).strip("-") or "dashboard"
            page.screenshot(path=SCREENSHOTS / f"tablet-{language}-{name}.png", full_page=True)
            if page.evaluate(SIDEWAYS) > 0:
                problems.append(f"{language} {path}: the page scrolls sideways by {page.evaluate(SIDEWAYS)} px")
    assert problems == []


DRAWN_TEXT = """window.drawnText = [];
const fillText = CanvasRenderingContext2D.prototype.fillText;
CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.drawnText.push([String(text), this.font]);
    return fillText.call(this, text, ...rest);
};"""


def test_the_charts_draw_their_axes_and_legends_at_12_px_or_more(page, sign_in, live_server, demo):
    """Every text Chart.js draws on the dashboard's charts (ticks, axis titles, legends), as drawn on the canvas."""
    page.context.add_init_script(DRAWN_TEXT)
    sign_in("ministry")
    page.goto(f"{live_server.url}/")
    assert page.locator("canvas[data-chart]").count() >= 3
    page.wait_for_function("window.drawnText.length > 20")
    drawn = [(text, float(re.search(r"([\d.]+)px", font).group(1))) for text, font in page.evaluate("window.drawnText")]
    assert [(text, size) for text, size in drawn if size < 12] == []
    assert any(text == "%" for text, _size in drawn)  # the trend chart's right axis title: titles are measured too

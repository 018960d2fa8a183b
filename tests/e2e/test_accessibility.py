"""axe-core (vendored, tests/e2e/vendor/axe-core) over every page of the access matrix, in Korean and in English.
A page added to the matrix is checked with no change here; what is not a document (downloads, JSON, an HTML fragment)
is named below.

What each role gets (issue 36: each page once per language with axe-core, not once per role):
- every role that may open a page, in each language: it answers without an error (no 500), the page declares its
  language, and a Korean page has no English sentence of the portal's own left (a message of the Korean catalogue);
- the role that sees the most of the page (the most elements; ties go to the first of ``ROLES``), in each language:
  axe-core at a desktop's width (1366 px) as the page opens and, where it has a form, after that form is sent empty
  (its errors shown; English left checked there too) — no serious or critical violation;
- that same role at a phone's size (390 × 844, issue 43): axe-core with the WCAG 2.2 AA rules (reflow, target size)
  finds nothing serious or critical, and the page does not scroll sideways (a wide table scrolls in its own region).
"""

import gettext
from pathlib import Path
from pprint import pformat

import pytest
from django.conf import settings
from django.test import Client

from tests.e2e.conftest import on_demo_day_in_the_browser
from tests.test_access_matrix import ROLES, build_world, page_urls, sign_in

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
NOT_DOCUMENTS = {
    "healthz", "readyz", "metrics", "project_export_csv", "project_export_xlsx", "audit_log_csv", "report_download",
    "portfolio_timeline_pdf", "ethics_answers_csv", "ethics_answers_xlsx", "document_download",
    "document_version_download", "open_feed", "open_file", "import_template", "meeting_ics", "calendar_feed",
    "organization_import_template", "results_report",
    # fragments swapped into a page (htmx): the organization filter's suggestions, the report runs' table
    "organization_suggest", "job_runs",
    # the company provider's answer: opened with none under way, a 400 refusal page (its look: tests/e2e/test_sso.py)
    "sso_callback",
}  # fmt: skip
LANGUAGES = ["ko", "en"]
PHONE = {"width": 390, "height": 844}
SIDEWAYS = "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
WCAG = "axe.run({runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
TYPED_FIELDS = "input[type=text], input[type=number], input[type=date], input[type=email], textarea"


def english_sentences() -> set[str]:
    """The portal's own English phrases that Korean pages must show translated: messages of two words or more,
    without placeholders, whose Korean differs."""
    with open(settings.BASE_DIR / "locale" / "ko" / "LC_MESSAGES" / "django.mo", "rb") as catalogue:
        messages = gettext.GNUTranslations(catalogue)._catalog
    phrases = set()
    for key, korean in messages.items():
        english = (key[0] if isinstance(key, tuple) else key).split("\x04")[-1]
        if " " in english and not any(mark in english for mark in "%{<") and korean != english:
            phrases.add(english)
    return phrases


pytestmark = pytest.mark.django_db(transaction=True)


def session_cookie(world, role: str, language: str) -> str | None:
    if role == "anonymous":
        return None
    user = world["users"][role]
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client = Client()
    sign_in(client, world, role)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def english_left(page, language: str, untranslated: set[str]) -> list[str]:
    if language != "ko":
        return []
    text = page.inner_text("body")
    return [f"English left: {phrase!r}" for phrase in untranslated if phrase in text]


def submit_empty(page) -> bool:
    """Clear the typed fields of the page's first form that posts and send it; False when it has none."""
    form = page.locator("main form[method=post]").first
    if not form.count():
        return False
    for field in form.locator(TYPED_FIELDS).all():
        if field.is_visible() and field.is_editable():
            field.fill("")
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()
    return True


def serious(results: dict) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(str(n['target']) for n in v['nodes'])}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sees(page) -> int:
    """How much of the page a role sees: its elements."""
    return page.evaluate("document.body.querySelectorAll('*').length")


def opened(page, url: str, language: str, untranslated: set[str]) -> list[str]:
    """Open ``url`` and make the checks every role gets: no error, the language declared, no English left."""
    response = page.goto(url)
    assert response.ok, (url, response.status)
    problems = [] if page.evaluate("document.documentElement.lang") == language else ["wrong lang"]
    return problems + english_left(page, language, untranslated)


def on_a_desktop(page, url: str, language: str, untranslated: set[str]) -> list[str]:
    """axe-core as the page opens and after its form is sent empty (its errors shown, or where the form led)."""
    page.goto(url)
    problems = serious(page.evaluate("axe.run()"))
    if submit_empty(page):
        after = serious(page.evaluate("axe.run()")) + english_left(page, language, untranslated)
        problems += [f"after an empty submit: {problem}" for problem in after]
    return problems


def on_a_phone(page, url: str) -> list[str]:
    """axe-core's WCAG 2.2 AA rules (reflow, target size) and no sideways scroll of the page, at a phone's size."""
    page.goto(url)
    problems = [f"phone: {finding}" for finding in serious(page.evaluate(WCAG))]
    sideways = page.evaluate(SIDEWAYS)
    return problems + ([f"phone: the page scrolls sideways by {sideways} px"] if sideways > 0 else [])


def test_no_page_has_a_serious_accessibility_violation(browser, live_server, settings, tmp_path):
    settings.REPORTS_DIR = tmp_path / "reports"
    world = build_world()
    untranslated = english_sentences()
    found, seen, fully = {}, 0, 0
    for language in LANGUAGES:
        windows, most = [], {}  # windows: (desktop, phone) per role; most: url -> (elements, role's place, landed)
        for place, role in enumerate(ROLES):
            context = browser.new_context(
                locale={"ko": "ko-KR", "en": "en-US"}[language], viewport={"width": 1366, "height": 768}
            )
            on_demo_day_in_the_browser(context)
            context.add_init_script(path=str(AXE))
            cookie = session_cookie(world, role, language)
            if cookie:
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
            page, phone = context.new_page(), context.new_page()
            phone.set_viewport_size(PHONE)
            windows.append((page, phone))
            for name, url in page_urls(world, role):
                if name in NOT_DOCUMENTS:
                    continue
                problems = opened(page, live_server.url + url, language, untranslated)
                seen += 1
                if problems:
                    found[language, role, url] = problems
                elements = sees(page)
                if url not in most or elements > most[url][0]:
                    most[url] = (elements, place, page.url)
        for url, (_elements, place, landed) in sorted(most.items()):
            desktop, phone = windows[place]
            problems = on_a_desktop(desktop, live_server.url + url, language, untranslated)
            problems += on_a_phone(phone, live_server.url + url)
            assert phone.url == landed, (ROLES[place], url, phone.url, landed)  # where this role's visit led before
            fully += 1
            if problems:
                found[language, ROLES[place], url] = problems
        for desktop, _phone in windows:
            desktop.context.close()
    assert seen > 100 and fully > 50
    assert found == {}, pformat(found, width=200)


def test_the_keyboard_reaches_the_content_first_and_focus_stays_visible(page, live_server):
    page.goto(f"{live_server.url}/accounts/password_reset/done/")  # a page without an autofocused field
    page.keyboard.press("Tab")
    skip = page.locator("a[href='#main']")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["width"] > 20  # shown once focused (visually hidden until then)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#main') !== null")  # the next stop is in the content
    page.goto(f"{live_server.url}/accounts/password_reset/done/")  # a page without an autofocused field
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the skip link: the header's first link
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert page.evaluate("document.activeElement.closest('nav') !== null") and outline == "solid"

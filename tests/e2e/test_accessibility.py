"""axe-core (vendored, tests/e2e/vendor/axe-core) over every page of the access matrix, in Korean and in English.
A page added to the matrix is checked with no change here; what is not a document (downloads, JSON, an HTML fragment)
is named in ``tests/test_access_matrix.py``.

Each page once per language (issue 36): its URL pattern as the role, and on the side (own or another organization's
object), that sees the most of it (the most elements, read with Django's test client; ties go to the first of
``ROLES``):
- at a desktop's width (1366 px), axe-core as the page opens and, where it has a form, after that form is sent empty
  (its errors shown): no serious or critical violation, and no English message of the catalogue left in a Korean page
  as the browser draws it, before and after;
- at a phone's size (390 × 844, issue 43): axe-core with the WCAG 2.2 AA rules (reflow, target size) finds nothing
  serious or critical, and the page does not scroll sideways (a wide table scrolls in its own region).
Every role that may open a page gets the cheap checks (no error, the page's language declared, no English left) in
``tests/test_access_matrix.py``, without a browser.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from pprint import pformat

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from tests.e2e.conftest import CHROMIUM_ARGS, on_demo_day_in_the_browser
from tests.test_access_matrix import (
    FILES,
    FRAGMENTS,
    REFUSED_ON_THEIR_OWN,
    ROLES,
    build_world,
    english_left,
    english_sentences,
    page_urls,
    reader,
)

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
NOT_DOCUMENTS = FILES | FRAGMENTS | REFUSED_ON_THEIR_OWN
LANGUAGES = ["ko", "en"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
SIDEWAYS = "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"
WCAG = "axe.run({runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
TYPED_FIELDS = "input[type=text], input[type=number], input[type=date], input[type=email], textarea"
ELEMENT = re.compile(r"<[a-zA-Z]")

pytestmark = pytest.mark.django_db(transaction=True)


def who_sees_most(world, language: str) -> dict[str, tuple[str, str, str]]:
    """Each document (URL pattern) -> (the role that sees the most of it, on the side where it sees the most: its
    URL, and the path that visit lands on)."""
    most = {}
    for role in ROLES:
        client = reader(world, role, language)
        for name, url in page_urls(world, role):
            if name in NOT_DOCUMENTS:
                continue
            response = client.get(url, follow=True)
            elements = len(ELEMENT.findall(response.content.decode().partition("<body")[2]))
            if name not in most or elements > most[name][0]:
                most[name] = (elements, role, url, response.request["PATH_INFO"])
    return {name: seen for name, (_elements, *seen) in most.items()}


def drawn_english(page, language: str, untranslated: set[str]) -> list[str]:
    return english_left(page.inner_text("body"), language, untranslated)


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


def on_a_desktop(page, url: str, language: str, untranslated: set[str]) -> list[str]:
    """axe-core and no English left, as the page opens."""
    response = page.goto(url)
    assert response.ok, (url, response.status)
    return serious(page.evaluate("axe.run()")) + drawn_english(page, language, untranslated)


def after_an_empty_submit(page, url: str, language: str, untranslated: set[str]) -> list[str]:
    """axe-core and no English left once the page's form is sent empty (its errors shown, or where the form led)."""
    page.goto(url)
    if not submit_empty(page):
        return []
    after = serious(page.evaluate("axe.run()")) + drawn_english(page, language, untranslated)
    return [f"after an empty submit: {problem}" for problem in after]


def on_a_phone(page, url: str) -> list[str]:
    """axe-core's WCAG 2.2 AA rules (reflow, target size) and no sideways scroll of the page, at a phone's size."""
    page.goto(url)
    problems = [f"phone: {finding}" for finding in serious(page.evaluate(WCAG))]
    sideways = page.evaluate(SIDEWAYS)
    return problems + ([f"phone: the page scrolls sideways by {sideways} px"] if sideways > 0 else [])


def window(browser, base: str, cookie: str | None, language: str, viewport: dict):
    """A browser page reading ``language`` on the demo's day with axe-core loaded, signed in with ``cookie``."""
    context = browser.new_context(locale={"ko": "ko-KR", "en": "en-US"}[language], viewport=viewport)
    on_demo_day_in_the_browser(context)
    context.add_init_script(path=str(AXE))
    if cookie:
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
    return context.new_page()


def phone_checks(base: str, pages: list[tuple[str, str, str]], cookies: dict, language: str) -> dict:
    """The phone's checks of ``pages`` ((role, url, landed)), made in a thread of its own with a Chromium of its own
    (Playwright's objects belong to the thread that made them) while the test's thread makes the desktop's: axe-core
    runs in Chromium's processes, so the two use both cores."""
    found, phones = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for role, url, landed in pages:
            if role not in phones:
                phones[role] = window(browser, base, cookies[role], language, PHONE)
            phone = phones[role]
            problems = on_a_phone(phone, base + url)
            if phone.url.removeprefix(base).split("?")[0] != landed:  # where this role's visit led, as read before
                problems.append(f"phone: landed on {phone.url}, not {landed}")
            if problems:
                found[language, role, url] = problems
        browser.close()
    return found


def test_no_page_has_a_serious_accessibility_violation(browser, live_server, settings, tmp_path):
    """Each language: the desktop's and the phone's checks of every page side by side, then the empty submits (they
    may change what other pages show, so they come after every page was seen as it was)."""
    settings.REPORTS_DIR = tmp_path / "reports"
    world = build_world()
    untranslated = english_sentences()
    found, fully = {}, 0
    for language in LANGUAGES:
        pages = [seen for _name, seen in sorted(who_sees_most(world, language).items())]
        cookies = {
            role: None
            if role == "anonymous"
            else reader(world, role, language).cookies[settings.SESSION_COOKIE_NAME].value
            for role in {role for role, _url, _landed in pages}
        }
        with ThreadPoolExecutor(max_workers=1) as phone_thread:
            phones = phone_thread.submit(phone_checks, live_server.url, pages, cookies, language)
            desktops = {}
            for role, url, _landed in pages:
                if role not in desktops:
                    desktops[role] = window(browser, live_server.url, cookies[role], language, DESKTOP)
                problems = on_a_desktop(desktops[role], live_server.url + url, language, untranslated)
                if problems:
                    found[language, role, url] = problems
            for key, problems in phones.result().items():
                found[key] = found.get(key, []) + problems
        for role, url, _landed in pages:
            problems = after_an_empty_submit(desktops[role], live_server.url + url, language, untranslated)
            if problems:
                found[language, role, url] = found.get((language, role, url), []) + problems
            fully += 1
        for desktop in desktops.values():
            desktop.context.close()
    assert fully > 50
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

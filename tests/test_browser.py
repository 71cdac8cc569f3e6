"""End to end in headless Chromium (Debian's ``chromium``, driven by Playwright; no browser download).

A real server runs on 127.0.0.1 in a thread. Skipped with a reason when Playwright or the browser
is missing; ``NEWSBRIEF_REQUIRE_BROWSER=1`` (set by ``.ci/run``) turns that skip into a failure.
Screenshots go to ``test-output/browser/`` (or ``$NEWSBRIEF_TEST_OUTPUT/browser``).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

CHROMIUM = os.environ.get("NEWSBRIEF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(os.environ.get("NEWSBRIEF_TEST_OUTPUT") or ROOT / "test-output") / "browser"
XSS_ARTICLE = (
    "Harbour vote <img src=x onerror=\"document.title='pwned'\">\n"
    "The council voted <script>document.title='pwned'</script> to rebuild the harbour bridge by 2027.\n"
    'The work will cost 40 million pounds, officials said, <img src=x onerror="window.__xss=1"> on Tuesday.\n'
    "Engineers say the old bridge can carry buses for only two more winters."
)


def _missing(reason: str) -> None:
    if os.environ.get("NEWSBRIEF_REQUIRE_BROWSER") == "1":
        pytest.fail(f"NEWSBRIEF_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    try:
        import uvicorn

        from newsbrief.server import ServerSettings, create_app
    except ImportError:
        _missing("the server extra (FastAPI, uvicorn) is not installed")
    yield from _serve(uvicorn, create_app(ServerSettings()))


def _serve(uvicorn: Any, app: Any) -> Iterator[str]:
    """Run ``app`` on a free loopback port in a thread; its base URL until the caller is done."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright for Python is not installed")
    if not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    # Playwright's polling evaluates strings, which the page's CSP forbids: these contexts bypass
    # it, so the XSS test proves escaping alone keeps an article inert (the CSP is a second wall).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(base_url + "/")
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def _submit(page: Any, text: str) -> None:
    page.get_by_label("Article text").fill(text)
    page.get_by_role("button", name="Brief it").click()
    page.wait_for_selector("article.brief, #error")


def test_paste_the_sample_and_see_three_highlighted_key_points(page: Any, sample_text: str) -> None:
    _submit(page, sample_text)
    headline = sample_text.splitlines()[0]
    assert page.locator("#headline").inner_text() == headline
    points = page.locator("ul.kp a")
    marks = page.locator(".body mark")
    assert points.count() == 3 and marks.count() == 3
    for i in range(3):
        # Each key point is a sentence of the body, highlighted where it stands.
        point = points.nth(i).inner_text()
        assert marks.nth(i).inner_text().startswith(point)
        assert page.evaluate(
            "el => getComputedStyle(el).backgroundColor", marks.nth(i).element_handle()
        ) not in ("rgba(0, 0, 0, 0)", "transparent")
    if page.locator("ul.chips li").count():  # the nlp extra is installed
        assert page.locator("ul.quotes li").count() >= 1
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "brief-desktop.png"), full_page=True)


def test_clicking_a_key_point_scrolls_to_its_sentence(page: Any, sample_text: str) -> None:
    _submit(page, sample_text)
    page.evaluate("window.scrollTo(0, 0)")
    last = page.locator("ul.kp a").nth(2)
    last.click()
    mark = page.locator("#kp3")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'kp3'")
    page.wait_for_function(
        "() => { const r = document.getElementById('kp3').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
    assert "flash" in (mark.get_attribute("class") or "")
    assert page.url.endswith("#kp3")


def test_keyboard_alone_reaches_and_follows_a_key_point(page: Any, sample_text: str) -> None:
    _submit(page, sample_text)
    page.locator("ul.kp a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'kp1'")
    # Focus is visible: the focused element draws an outline.
    link = page.locator("ul.kp a").first
    link.focus()
    assert page.evaluate("el => getComputedStyle(el).outlineStyle", link.element_handle()) != "none"


def test_copy_as_markdown(page: Any, sample_text: str) -> None:
    _submit(page, sample_text)
    page.get_by_role("button", name="Copy as Markdown").click()
    page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
    copied = page.evaluate("navigator.clipboard.readText()")
    headline = sample_text.splitlines()[0]
    assert copied.startswith(f"# {headline}") and "**Key points**" in copied


def test_an_article_with_script_and_onerror_renders_inert(page: Any) -> None:
    _submit(page, XSS_ARTICLE)
    assert page.title() != "pwned" and page.evaluate("window.__xss") is None
    # The markup shows as the text it is.
    assert "<script>document.title='pwned'</script>" in page.locator(".body").inner_text()
    assert page.locator(".brief img, .brief script").count() == 0
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "xss-inert.png"), full_page=True)


def test_a_phone_sized_screen_has_no_sideways_scroll(browser: Any, base_url: str, sample_text: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    phone = context.new_page()
    phone.goto(base_url + "/")
    _submit(phone, sample_text)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(OUTPUT / "brief-phone.png"), full_page=True)
    context.close()


_CONTRAST = """
els => els.map(el => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let node = el, bg = 'rgba(0, 0, 0, 0)';
  while (node && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
    bg = getComputedStyle(node).backgroundColor; node = node.parentElement; }
  if (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent') bg = 'rgb(255, 255, 255)';
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(rgb(bg))];
  return [el.tagName + '.' + el.className, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
})
"""


def test_labels_and_contrast(page: Any, sample_text: str) -> None:
    for field in ("#text", "#url"):
        assert page.evaluate("sel => document.querySelector(sel).labels.length", field) == 1
    _submit(page, sample_text)
    selectors = "label, button, ul.kp a, .body p, .body mark, h1, h2, h3, .meta, .hint, footer p, li.chip"
    ratios = page.locator(selectors).evaluate_all(_CONTRAST)
    low = [(name, round(ratio, 2)) for name, ratio in ratios if ratio < 4.5]
    assert ratios and low == [], f"text below WCAG AA contrast 4.5:1: {low}"


def test_the_page_script_runs_under_its_own_content_security_policy(
    browser: Any, base_url: str, sample_text: str
) -> None:
    context = browser.new_context()
    tab = context.new_page()
    console: list[str] = []
    tab.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    tab.goto(base_url + "/")
    _submit(tab, sample_text)
    tab.locator("ul.kp a").nth(1).click()
    tab.locator("#kp2.flash").wait_for()  # app.js ran: it adds the flash class
    context.close()
    assert [m for m in console if "Content Security Policy" in m] == []


def test_the_api_docs_render_without_any_other_host(page: Any, base_url: str) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None)
    page.goto(base_url + "/docs")
    page.get_by_text("/v1/brief").first.wait_for()
    assert outside == []


def test_who_did_what_links_each_event_to_its_sentence(page: Any) -> None:
    pytest.importorskip("spacy")
    article = (ROOT / "src" / "newsbrief" / "samples" / "border-talks.txt").read_text(encoding="utf-8")
    _submit(page, article)
    events = page.locator("ul.events a")
    if not events.count():
        pytest.skip("the nlp extra is not installed: no events layer")
    page.evaluate("window.scrollTo(0, 0)")
    last = events.nth(events.count() - 1)
    target = (last.get_attribute("href") or "#").lstrip("#")
    last.click()
    page.wait_for_function("id => document.activeElement && document.activeElement.id === id", arg=target)
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }",
        arg=target,
    )
    sentence = page.locator(f"#{target}")
    assert "flash" in (sentence.get_attribute("class") or "")
    # The event's actors are words of the sentence it links to.
    assert last.locator("b").first.inner_text() in sentence.inner_text()
    ratios = page.locator("ul.events a, .body mark").evaluate_all(_CONTRAST)
    assert [r for r in ratios if r[1] < 4.5] == []
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "events.png"), full_page=True)


@pytest.fixture(scope="module")
def stories_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server over a store holding the ferry-strike articles, clustered into stories."""
    try:
        import uvicorn

        from newsbrief.server import ServerSettings, create_app
    except ImportError:
        _missing("the server extra (FastAPI, uvicorn) is not installed")
    from newsbrief.cli import main

    db = f"sqlite:///{tmp_path_factory.mktemp('stories') / 'store.db'}"
    sample = ROOT / "src" / "newsbrief" / "samples" / "ferry-strike.jsonl"
    assert main(["ingest", "--db", db, str(sample)]) == 0
    assert main(["stories", "--db", db]) == 0
    yield from _serve(uvicorn, create_app(ServerSettings(db=db)))


def test_a_story_page_draws_its_timeline_and_links_entries_to_their_sentence(
    browser: Any, stories_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(stories_url + "/stories")
    links = tab.locator("ol.stories a")
    assert links.count() == 2  # the museum grew last: it comes first
    assert "Glassworks" in links.nth(0).inner_text()
    links.nth(1).click()
    tab.wait_for_selector("#timeline-picture svg")
    assert tab.locator("#timeline-picture rect.day").count() == 4  # four days with an article
    assert tab.locator("#timeline-picture circle.event").count() >= 1
    assert "Kestrel Bay" in tab.locator("#story-label").inner_text()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(OUTPUT / "story.png"), full_page=True)
    assert tab.locator("h1").count() == 1  # one headline: the story's
    assert 1 <= tab.locator("#story-points li").count() <= 5
    assert tab.locator("#timeline section.day").count() == 4  # the timeline folded by day
    entry = tab.locator("#timeline li.key_point a").nth(2)
    said = entry.inner_text()
    entry.click()
    tab.wait_for_selector("#at", state="attached")
    focus = tab.locator("mark.focus")
    assert focus.count() == 1 and focus.inner_text().rstrip(".") == said
    assert tab.locator("#story-link").count() == 1
    context.close()
    assert errors == []


def test_the_ask_box_answers_with_the_story_and_links_each_development_to_its_sentence(
    browser: Any, stories_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(stories_url + "/stories")
    tab.get_by_label("Ask the archive").fill("How did the Kestrel Bay ferry strike end?")
    tab.get_by_role("button", name="Ask").click()
    tab.wait_for_selector("#answer")
    assert tab.locator("h1").count() == 1
    assert "ferry strike" in tab.locator("#story-h").inner_text()
    assert "Kestrel Bay ferry strike" in tab.locator("#asked").inner_text()
    points = tab.locator("#story-points li")
    assert 1 <= points.count() <= 5
    dates = [points.nth(i).locator("time").inner_text() for i in range(points.count())]
    assert dates == sorted(dates, reverse=True)  # newest first
    OUTPUT.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(OUTPUT / "ask.png"), full_page=True)
    said = points.nth(0).locator("a").inner_text()
    points.nth(0).locator("a").click()
    tab.wait_for_selector("#at", state="attached")
    assert tab.locator("mark.focus").inner_text().rstrip(".") == said
    tab.go_back()
    tab.locator("#full-story").click()
    tab.wait_for_selector("#timeline-picture")
    context.close()
    assert errors == []

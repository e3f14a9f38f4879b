"""Browser tests: Playwright driving the system Chromium, with axe-core checking every page for WCAG 2.2 A/AA.

Fixtures (a test that uses any of them is marked ``browser`` and gets a transactional database):

- ``page``: a Playwright page in a fresh browser context (1280x900) whose base URL is the live server, so
  ``page.goto("/boards/")`` works. Every document the page shows is checked with axe-core: on arrival after
  ``page.goto``/``reload``/``go_back``/``go_forward``, and before the first action (click, fill, press...) or
  ``expect(locator)`` assertion made on it, which covers pages reached by following links, submitting forms or
  pressing Enter. An htmx swap marks the page for checking again. Whatever is showing when the test ends is
  checked too. Violations fail the test, listing URL, rule, help and the offending elements.
- ``new_page``: a factory for further checked pages, each in its own context (a second signed-in user).
- ``live_site``: the live server's base URL.
- ``chromium``: the session's browser (one per test process).

Helpers: ``check_a11y(page)`` checks the page as it is now and fails at once (use it after an htmx partial
update you want checked at that moment); ``sign_in(page, user)`` signs in through the real form.

Failures leave a full-page screenshot in ``test-artifacts/``, as does every page with a violation.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No network here: without these Chromium keeps trying (and failing) to reach Google's services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often have a tiny /dev/shm
]
VIEWPORT = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DEFAULT_PASSWORD = "correct-horse-battery"  # noqa: S105 - the test users' password (see UserFactory)
BROWSER_FIXTURES = {"page", "new_page", "live_site", "chromium"}

# The attribute marks a document axe has checked; a new document starts without it, and an htmx swap
# removes it. The handler locator below matches while it is missing.
CHECKED_ATTR = "data-a11y-checked"
INIT_SCRIPT = f"""
document.addEventListener("htmx:afterSettle", () => {{
  if (document.documentElement) document.documentElement.removeAttribute("{CHECKED_ATTR}");
}});
"""
RUN_AXE = f"""async (tags) => {{
  const options = {{runOnly: {{type: "tag", values: tags}}, resultTypes: ["violations"]}};
  const results = await window.axe.run(document, options);
  document.documentElement.setAttribute("{CHECKED_ATTR}", "");
  return results.violations.map((v) => ({{
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({{target: n.target.join(" "), summary: n.failureSummary || ""}})),
  }}));
}}"""


@dataclass
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    help_url: str
    targets: list[tuple[str, str]]

    def key(self) -> tuple:
        return (self.url, self.rule, tuple(t for t, _ in self.targets))

    def describe(self) -> str:
        lines = [f"  {self.url}", f"    {self.rule} ({self.impact}): {self.help} <{self.help_url}>"]
        for target, summary in self.targets:
            lines.append(f"      {target}")
            lines.extend(f"        {line.strip()}" for line in summary.splitlines()[1:] if line.strip())
        return "\n".join(lines)


@dataclass
class A11yLog:
    """The violations found on one test's pages, each reported once."""

    name: str
    violations: list[Violation] = field(default_factory=list)
    screenshots: int = 0

    def add(self, page, found: list[Violation]) -> list[Violation]:
        known = {v.key() for v in self.violations}
        new = [v for v in found if v.key() not in known]
        if new:
            self.violations.extend(new)
            self.screenshots += 1
            _screenshot(page, f"{self.name}-a11y-{self.screenshots}")
        return new


@dataclass
class BrowserRun:
    """One test's browser contexts and the violations found on their pages."""

    log: A11yLog
    contexts: list = field(default_factory=list)

    def pages(self) -> list:
        pages = (page for context in self.contexts for page in context.pages)
        return [page for page in pages if hasattr(page, "_a11y_log") and not page.is_closed()]


def format_violations(violations: list[Violation]) -> str:
    pages = len({v.url for v in violations})
    head = f"{len(violations)} WCAG 2.2 A/AA violation(s) found by axe-core on {pages} page(s):"
    return "\n".join([head, *(v.describe() for v in violations)])


def _audit(page, *, force: bool = False) -> list[Violation]:
    """Run axe on the page's current document unless it has been checked already; return new violations."""
    if page.is_closed():
        return []
    try:
        return _run_axe(page, force=force)
    except PlaywrightError as error:
        if "context was destroyed" in str(error) or "navigat" in str(error):
            return []  # the page itself moved on mid-check; the new document is checked in its turn
        raise


def _run_axe(page, *, force: bool) -> list[Violation]:
    page.wait_for_load_state("load")
    state = page.evaluate(
        f"""() => ({{checked: !!document.documentElement && document.documentElement.hasAttribute("{CHECKED_ATTR}"),
                    axe: typeof window.axe !== "undefined", url: location.href, html: document.contentType}})"""
    )
    if state["checked"] and not force:
        return []  # checked already
    if state["html"] != "text/html" or state["url"] == "about:blank":
        _mark_checked(page)  # nothing to check: mark it so the locator handler below stops matching
        return []
    if not state["axe"]:
        # Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not block it.
        page.evaluate(_axe_source())
    found = [
        Violation(
            url=state["url"],
            rule=v["id"],
            impact=v["impact"] or "",
            help=v["help"],
            help_url=v["helpUrl"],
            targets=[(n["target"], n["summary"]) for n in v["nodes"]],
        )
        for v in page.evaluate(RUN_AXE, WCAG_TAGS)
    ]
    log: A11yLog | None = getattr(page, "_a11y_log", None)
    return log.add(page, found) if log else found


def _mark_checked(page) -> None:
    page.evaluate(f"() => document.documentElement && document.documentElement.setAttribute('{CHECKED_ATTR}', '')")


def _is_checked(page) -> bool:
    try:
        return page.evaluate(
            f"() => !document.documentElement || document.documentElement.hasAttribute('{CHECKED_ATTR}')"
        )
    except PlaywrightError:
        return False  # the page is between documents


def _audit_until_checked(page, attempts: int = 5) -> None:
    """The locator handler: check the document showing, again if a navigation interrupted the check.

    Playwright waits for the handler's locator to stop matching once the handler returns, so the document
    showing then must carry the mark: a check cut short by a navigation (a click's page still loading, say)
    would otherwise leave the new document unmarked and the test's action waiting until it times out.
    """
    for _ in range(attempts):
        if page.is_closed():
            return
        _audit(page)
        if _is_checked(page):
            return


def check_a11y(page) -> None:
    """Check the page as it is now (after an htmx update, say) and fail at once on any violation."""
    new = _audit(page, force=True)
    if new:
        pytest.fail(format_violations(new), pytrace=False)


def sign_in(page, user, password: str = DEFAULT_PASSWORD) -> None:
    """Sign in through the real form (keyboard only: type, then Enter) and wait to leave the sign-in page."""
    login_path = reverse("login")
    page.goto(login_path)
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_label("Password").press("Enter")
    if page.url.split("?")[0].endswith(login_path):
        pytest.fail(f"Signing in as {user.email} failed: still on {page.url}", pytrace=False)


_AXE_SOURCE: str | None = None


def _axe_source() -> str:
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        if not AXE_JS.exists():
            pytest.fail(f"{AXE_JS} is missing: run `npm ci` (make assets) first.", pytrace=False)
        _AXE_SOURCE = AXE_JS.read_text(encoding="utf-8")
    return _AXE_SOURCE


def _screenshot(page, name: str) -> None:
    with contextlib.suppress(Exception):  # a screenshot is a courtesy: it must never hide the real failure
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{_safe(name)}.png", full_page=True)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:150]


def _checked_page(context, log: A11yLog):
    """A page that axe-checks each document it shows (see the module docstring)."""
    page = context.new_page()
    page._a11y_log = log

    # Before any action or auto-waiting assertion on a document that has not been checked yet.
    # no_wait_after: an htmx swap that settles just after the check removes the mark again, and Playwright
    # would then wait for a mark that no one sets; instead it runs the handler again before the next retry.
    page.add_locator_handler(
        page.locator(f"html:not([{CHECKED_ATTR}])"), lambda: _audit_until_checked(page), no_wait_after=True
    )

    # Navigations started from the test: check the page being left (if nothing touched it) and the new one.
    def checking(navigate):
        def wrapper(*args, **kwargs):
            _audit(page)
            response = navigate(*args, **kwargs)
            _audit(page)
            return response

        return wrapper

    for name in ("goto", "reload", "go_back", "go_forward"):
        setattr(page, name, checking(getattr(page, name)))
    return page


# Fixtures ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    """One headless system Chromium for the whole test process (each xdist worker has its own)."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(executable):
        message = "Browser tests need the system Chromium (apt-get install chromium); it is not installed."
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop running in this thread, and Django refuses ORM calls
    # from a thread with a running loop. Tests and the live server use the ORM synchronously as ever.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_site(live_server) -> str:
    return live_server.url


@pytest.fixture
def new_page(request, chromium, live_site):
    """Call it for a checked page in a fresh context (cookies and all): ``second = new_page()``."""
    run = BrowserRun(log=A11yLog(name=request.node.nodeid))
    request.node.stash[_runs_key] = run
    for stale in ARTIFACTS.glob(f"{_safe(request.node.nodeid)}-*.png"):
        stale.unlink()  # screenshots from an earlier run of this test

    def make():
        context = chromium.new_context(
            base_url=live_site, viewport=VIEWPORT, locale="en-GB", timezone_id="Europe/London"
        )
        context.set_default_timeout(10_000)
        context.add_init_script(INIT_SCRIPT)
        run.contexts.append(context)
        return _checked_page(context, run.log)

    yield make
    report = request.node.stash.get(_reports_key, {}).get("call")
    if report is not None and report.failed:
        for i, page in enumerate(run.pages()):
            _screenshot(page, f"{request.node.nodeid}-failed-{i}")
    for context in run.contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


# Hooks ------------------------------------------------------------------------------------------------

_runs_key = pytest.StashKey["BrowserRun"]()
_reports_key = pytest.StashKey[dict]()


@pytest.hookimpl(tryfirst=True)  # before -m selects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("django_db") is None:
                # The live server runs in another thread, so it only sees committed data.
                item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    run = item.stash.get(_runs_key, None)
    try:
        result = yield
    except BaseException:
        if run is not None and run.log.violations:
            item.add_report_section("call", "accessibility", format_violations(run.log.violations))
        raise
    if run is not None:
        for page in run.pages():
            _audit(page)  # whatever the test left on screen
        if run.log.violations:
            pytest.fail(format_violations(run.log.violations), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report

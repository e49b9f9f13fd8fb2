"""A live server on a free local port and Debian's Chromium driven by Playwright."""

import shutil
import threading

import pytest
from werkzeug.serving import make_server

from core.extensions import db

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


@pytest.fixture
def live_server(app):
    """Serve the app from a thread; yields its base URL."""
    app.config.update(SERVER_NAME=None)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Launch one headless Chromium for the session."""
    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium"):
        pytest.fail("Debian's chromium is not installed: run the README's test command, which installs it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, request, tmp_path):
    """Return a factory of pages, each in a fresh browser context (its own cookies); screenshots on failure."""
    contexts = []

    def factory(viewport=None):
        context = browser.new_context(viewport=viewport or {"width": 390, "height": 844}, locale="vi-VN")
        context.set_default_timeout(15000)
        contexts.append(context)
        return context.new_page()

    yield factory
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    for n, context in enumerate(contexts):
        if failed:
            for m, page in enumerate(context.pages):
                page.screenshot(path=str(tmp_path / f"failure-{n}-{m}.png"), full_page=True)
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, "rep_" + report.when, report)


def release_database() -> None:
    """End the test's own transaction so that the server's requests never wait for it."""
    db.session.commit()
    db.session.close()

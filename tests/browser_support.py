"""Browser helpers shared by the browser tests (not a test module): Debian's Chromium driven by
Playwright, headless; importing this skips the importing module when either is missing."""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("no /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ROWS = "#task-table tbody tr[data-task-id]"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        except Exception as e:  # noqa: BLE001 - a broken browser install is a skip, not a failure
            pytest.skip(f"chromium does not start: {e}")
        yield b
        b.close()


def open_page(browser, path, problems=None):
    page = browser.new_page(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
    requests, errors, dialogs = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready='1']", timeout=10_000)
    page.problems = {"requests": requests, "errors": errors, "dialogs": dialogs}
    return page


def visible_rows(page) -> dict[str, list[str]]:
    """task id -> roles shown for the filtered unit, for the rows on screen."""
    return page.evaluate("""(sel) => Object.fromEntries(Array.from(document.querySelectorAll(sel))
        .filter(tr => tr.offsetParent !== null)
        .map(tr => [tr.dataset.taskId, Array.from(tr.querySelectorAll('td.role-col .role-badge'))
                                            .map(b => b.dataset.role)]))""", ROWS)

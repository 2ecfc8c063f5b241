"""Headless Chromium for the view tests: Debian's browser driven by Playwright, with the network blocked."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def build_site(data: Path, out: Path) -> Path:
    """Build the graph from `data` and write every view into `out`, as `make demo` does."""
    from kg.data.paths import Paths
    from kg.graph.build import build
    from kg.store.backend import load_built
    from kg.views.site import write_site

    build(Paths(data=data, output=out))
    write_site(load_built(Paths(output=out)), out)
    return out


def chromium_path() -> str | None:
    return next((p for p in CHROMIUM_CANDIDATES if Path(p).exists()), shutil.which("chromium"))


def require_browser() -> str:
    """The browser, or a skip on a developer machine without it; in CI (CI=true) its absence is a failure."""
    path = chromium_path()
    try:
        import playwright  # noqa: F401
    except ImportError:
        path = None
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium and playwright are required in CI (.ci/run installs them)")
        pytest.skip("Chromium or playwright not installed (bash .ci/run installs them)")
    return path


@dataclass
class Visit:
    """What one page did: console errors, uncaught exceptions, requests that tried to leave file://, dialogs."""

    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@contextmanager
def browser_page(executable: str) -> Iterator[tuple[Any, Visit]]:
    from playwright.sync_api import sync_playwright

    visit = Visit()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                visit.requests.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.errors.append(str(e)))
        page.on("dialog", lambda d: (visit.dialogs.append(d.message), d.dismiss()))
        try:
            yield page, visit
        finally:
            browser.close()


def wait_until_drawn(page: Any, name: str, seconds: float = 20) -> None:
    """Until the page's network is drawn. Polled from Python: Playwright's wait_for_function evaluates its predicate
    with eval() when it has to poll, which the pages' Content-Security-Policy (script-src 'self') rightly refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate("Boolean(window.kgView && window.kgView.drawn === true)"):
        if time.monotonic() > deadline:
            raise AssertionError(f"{name}: the network was not drawn within {seconds:g} s")
        page.wait_for_timeout(50)

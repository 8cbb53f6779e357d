"""Real-browser fixtures: the real app served by uvicorn, driven by Debian's Chromium.

Chromium comes from apt (`make chromium`, a dependency of `make test`); Playwright only drives it
and never downloads a browser. Everything listens on and talks to loopback only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from live_processes import free_port
from playwright.sync_api import Browser, Page, sync_playwright
from scans import write_scan
from ui_pages import api

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CLI = Path(sys.executable).parent / "policylens"
SAMPLE = [ROOT / "corpora" / "sample" / lang for lang in ("fr", "it", "en")]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
# A scanned report of two pages, ingested with the sample: the UI shows pages and OCR.
SCAN = [
    [
        "Rapport régional sur les addictions en Nouvelle-Aquitaine",
        "Les centres de soins de Bordeaux ont accueilli 2 450 usagers en 2023.",
    ],
    [
        "La buprénorphine a été prescrite à 640 patients suivis par les équipes mobiles de "
        "Limoges, soit 18 % de plus qu'en 2022."
    ],
]
STARTUP_TIMEOUT = 60.0


def _write_message(path: Path) -> None:
    """A message with one attachment, ingested with the sample: the UI links the two."""
    message = EmailMessage()
    message["From"] = "Observatoire régional <ors@example.org>"
    message["Subject"] = "Note de service sur la naloxone"
    message["Date"] = "Mon, 02 Oct 2023 09:00:00 +0200"
    message.set_content("Vous trouverez en annexe les chiffres de la distribution de naloxone.\n")
    message.add_attachment(
        "Annexe des chiffres de la naloxone\nLes pharmacies ont remis 1 250 trousses en 2023.\n",
        filename="annexe.txt",
    )
    path.write_bytes(message.as_bytes())


INGEST_TIMEOUT = 300.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/browser is a `browser` test."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


def _server_env(data_dir: Path) -> dict[str, str]:
    """The caller's environment without its POLICYLENS_* settings, on a fresh data dir."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("POLICYLENS_")}
    env["POLICYLENS_DATA_DIR"] = str(data_dir)
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    return env


def _healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app (`policylens serve`) on a free loopback port, sample corpus ingested."""
    if not CLI.exists():
        pytest.fail(f"{CLI} is missing: install the project first (make install)")
    workdir = tmp_path_factory.mktemp("live_server")
    env = _server_env(workdir / "data")
    scans = workdir / "scans"
    scans.mkdir()
    write_scan(scans / "nouvelle-aquitaine-scan.pdf", SCAN)
    _write_message(scans / "note-naloxone.eml")
    # cwd is the temp dir, so a developer's .env does not leak into the server's settings.
    ingest = subprocess.run(
        [str(CLI), "ingest", *map(str, SAMPLE), str(scans)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=INGEST_TIMEOUT,
        check=False,
    )
    if ingest.returncode != 0:
        pytest.fail(f"policylens ingest failed ({ingest.returncode}):\n{ingest.stderr[-4000:]}")

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(CLI), "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(f"{base_url}/api/health"):
            if server.poll() is not None or time.monotonic() > deadline:
                state = (
                    f"exited with {server.returncode}"
                    if server.returncode is not None
                    else f"not healthy after {STARTUP_TIMEOUT:.0f} s"
                )
                log_tail = log_path.read_text(errors="replace")[-4000:]
                pytest.fail(f"policylens serve {state} on {base_url}; its output:\n{log_tail}")
            time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, launched once per session (each launch gets a fresh profile)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh context and page, desktop-sized; tests may resize with page.set_viewport_size."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def uploaded(live_server: str) -> Iterator[set[str]]:
    """The ids of the documents a test uploads (it adds them to the set), removed after it."""
    ids: set[str] = set()
    try:
        yield ids
    finally:
        for document_id in ids:
            api(live_server, f"/api/documents/{urllib.parse.quote(document_id)}", method="DELETE")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """tests/artifacts/ (git-ignored): screenshots and other things a person may look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS

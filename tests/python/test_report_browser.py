"""report.html opened in a real browser: Debian's headless chromium.

Run by `just test` after the release build; CORPUS_BIN and GENERATE_BIN name
the binaries. Without chromium the test is skipped, unless
CORPUS_REQUIRE_CHROMIUM=1 (set by .ci/run), where it fails instead. The
screenshot goes to tests/python/artifacts/ (ignored by git).
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = os.environ.get("CORPUS_BIN", str(ROOT / "target" / "release" / "corpus"))
GENERATE = os.environ.get("GENERATE_BIN", str(ROOT / "target" / "release" / "corpus-generate"))
ARTIFACTS = ROOT / "tests" / "python" / "artifacts"

# Every chart the report draws on a corpus with rejects, duplicates,
# boilerplate, sidebar links and filtered pages.
CHARTS = {
    "timings", "format", "container", "compression", "encoding", "rejects",
    "labels", "pages-with-label", "rules", "labels-per-page", "body-chars",
    "paragraphs", "page-types", "cluster-sizes", "duplicate-kinds", "similarity",
    "boilerplate-lines", "sections", "published", "languages", "language-score",
    "gopher-word-count", "c4-sentences", "fineweb-punct-lines", "gopher-alpha-words",
    "failed-checks",
}


def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CORPUS_REQUIRE_CHROMIUM") == "1":
        pytest.fail("CORPUS_REQUIRE_CHROMIUM=1 but chromium is not installed")
    pytest.skip("chromium is not installed (apt-get install chromium); CI installs it")


def run_chromium(browser, *args):
    """Headless chromium on a fresh profile, offline habits on; its output."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                *args,
            ],
            capture_output=True, text=True, timeout=120, check=True,
        )


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    generated = tmp_path_factory.mktemp("generated")
    subprocess.run([GENERATE, "--pages", "300", "--out", str(generated)], check=True,
                   capture_output=True)
    pages = generated / "pages"
    (pages / "empty.txt").write_bytes(b"")
    # Short pages sharing a footer: a boilerplate line, and bodies the filters reject.
    (pages / "short").mkdir()
    for i in range(12):
        (pages / "short" / f"{i:02}.txt").write_text(
            f"Harbour notice {i}\n\nThe harbour of town {i} opened pier number {i} on Monday, "
            "the port office said.\n\nCopyright 2024 Harbour Daily News. All rights reserved.\n",
            encoding="utf-8",
        )
    out = tmp_path_factory.mktemp("out")
    subprocess.run([CORPUS, "ingest", str(pages), "--out", str(out),
                    "--filter", "gopher,c4,fineweb", "--quiet"], check=True)
    return out / "report.html"


def test_the_report_references_nothing_outside_itself(report):
    html = report.read_text(encoding="utf-8")
    for tag, attribute in re.findall(r"<(\w+)[^>]*?\s(src|href)\s*=", html):
        assert tag == "a" and attribute == "href", f"<{tag} {attribute}=…> in report.html"
    links = re.findall(r"href\s*=\s*[\"']?([^\"'\s>]*)", html)
    assert links and all(link.startswith("#") for link in links), links
    assert not re.search(r"https?://|url\(|@import|<link|<iframe|<img", html, re.I)


def test_every_chart_renders_with_data_and_no_script_error(report):
    browser = chromium()
    result = run_chromium(browser, "--virtual-time-budget=5000", "--dump-dom", report.as_uri())
    dom = result.stdout
    root = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-ok="charts"' in root, f"the page's self-check failed: {root}"
    assert "data-error" not in root
    charts = set(re.findall(r'<figure class="chart" data-chart="([^"]+)"', dom))
    assert charts == CHARTS, f"missing {CHARTS - charts}, unexpected {charts - CHARTS}"
    drawn = int(re.search(r'data-charts="(\d+)"', root).group(1))
    assert drawn == len(re.findall(r'<figure class="chart"', dom))
    errors = [line for line in result.stderr.splitlines()
              if "CONSOLE" in line and ("Uncaught" in line or "Error" in line)]
    assert not errors, errors


def test_a_screenshot_is_saved(report):
    browser = chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    run_chromium(browser, "--window-size=1200,6000", "--hide-scrollbars",
                 f"--screenshot={shot}", report.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000

"""Render the examples' service map in headless Chromium and save the picture docs/graph.md shows.

    python scripts/graph_screenshot.py            # writes docs/graph-examples.png

Needs Chromium (Debian's package) and Playwright (in the test extras).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("Chromium is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "map.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "reslint",
                "graph",
                "examples/",
                "--no-cache",
                "--format",
                "html",
                "-o",
                str(page_file),
            ],
            cwd=ROOT,
            check=True,
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
            )
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(page_file.as_uri())
            page.wait_for_function("typeof cy !== 'undefined' && cy.nodes().length > 0")
            database = "module.orders_db.aws_db_instance.this"
            page.evaluate(f"cy.fit(undefined, 30); cy.getElementById('{database}').emit('tap')")
            page.screenshot(path=str(ROOT / "docs" / "graph-examples.png"))
            browser.close()
    print("wrote docs/graph-examples.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

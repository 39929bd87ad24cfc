"""The pull-request comment as a reviewer sees it: rendered to HTML as GitHub-flavoured Markdown,
kept as a golden, and laid out by a real headless Chromium at a pull request's width.

.ci/run installs Chromium (Debian's ``chromium``); these tests skip only where it is absent.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from _support.factories import reporters
from reslint.reporting import RenderOptions

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from playwright.sync_api import Page

    from reslint.reporting import Report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: The width of a comment in a pull request's conversation tab (GitHub's is about 780 px).
COMMENT_WIDTH = 780
LINK_BASE = "https://github.com/example/shop/blob/0123456789abcdef0123456789abcdef01234567/"
#: Close enough to GitHub's comment styles for layout: font, size, list indent, code spans.
STYLE = """
body { margin: 0; padding: 16px; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial,
       sans-serif; box-sizing: border-box; width: 780px; word-wrap: break-word; }
ul { padding-left: 2em; } li + li { margin-top: .25em; }
code { font: 85% ui-monospace, SFMono-Regular, Menlo, monospace; padding: .2em .4em; background: #eff1f3;
       border-radius: 6px; }
"""


def to_html(markdown: str) -> str:
    """GitHub-flavoured Markdown to HTML: CommonMark with tables and strike-through, raw HTML kept
    (GitHub's sanitizer keeps ``details``, ``summary`` and ``br``)."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(markdown)
    assert isinstance(html, str)
    return html


def comment(case_report: Callable[[str], Report]) -> str:
    return reporters()["markdown"].render(case_report("examples"), RenderOptions(link_base=LINK_BASE))


def test_rendered_html_golden(case_report: Callable[[str], Report], golden: Callable[[str, str], None]) -> None:
    golden("examples.md.html", to_html(comment(case_report)))


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Page]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (apt-get install -y chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield browser.new_page(viewport={"width": COMMENT_WIDTH, "height": 900})
        finally:
            browser.close()


def test_the_comment_reads_well_at_pull_request_width(
    case_report: Callable[[str], Report], page: Page, tmp_path: Path
) -> None:
    html = to_html(comment(case_report))
    page.set_content(f"<!doctype html><html><head><style>{STYLE}</style></head><body>{html}</body></html>")
    page.screenshot(path=str(tmp_path / "comment.png"), full_page=True)
    assert (tmp_path / "comment.png").stat().st_size > 0
    findings = page.evaluate("""() => [...document.querySelectorAll('li')].map(li => {
        const br = li.querySelector('br');
        const range = document.createRange();
        range.setStartAfter(br);
        range.setEndAfter(li.lastChild);
        // Boxes on one line differ by a code span's padding; a new line starts a line-height lower.
        const tops = [...range.getClientRects()].filter(r => r.width > 0).map(r => r.top).sort((a, b) => a - b);
        const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > 10).length;
        return {width: li.getBoundingClientRect().width, lines, visible: li.checkVisibility(),
                links: [...li.querySelectorAll('a')].map(a => a.href)};
    })""")
    blocking = [f for f in findings if f["visible"]]
    folded = [f for f in findings if not f["visible"]]
    assert len(blocking) == 6 and len(folded) == 5  # tier 1 in full; tiers 2 and 3 closed in <details>
    for item in blocking:
        # The message has the comment's full width (a five-column table left it about 70 px)
        # and fits on one or two lines.
        assert item["width"] >= COMMENT_WIDTH - 100
        assert item["lines"] <= 2
        location, rule = item["links"]
        assert location.startswith(LINK_BASE + "examples/kubernetes/") and "#L" in location
        assert rule.startswith("https://github.com/reslint/reslint/blob/main/docs/rules/RSL")
    assert page.locator("details").count() == 2
    assert page.locator("details[open]").count() == 0
    assert page.locator("table").count() == 0

"""Open a rendered bulletin in a real browser and report what a reader would hit.

Headless Debian Chromium (through Playwright, a test extra imported only here) loads the page at
a phone width and a desktop width, saves full-page screenshots, and collects console errors,
requests for anything outside the file itself, and elements that stick out of the viewport.
A table that needs sideways scrolling inside its wrapper is reported separately: it does not
break the page, but a phone reader has to swipe to see all columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tradestat.bulletin.render_errors import RenderError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run")
WIDTHS = (375, 1280)
HEIGHT = 800

#: Runs in the page: elements whose box leaves the viewport sideways and is not clipped by an
#: ancestor that scrolls or hides overflow, and tables wider than their scrolling wrapper.
_LAYOUT_PROBE = """
() => {
  const vw = document.documentElement.clientWidth;
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + [...el.classList].join('.');
    const section = el.closest('section[id]');
    return section && section !== el ? section.id + ' > ' + s : s;
  };
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if (ox !== 'visible') return true;
    }
    return false;
  };
  const overflowing = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > vw + 0.5 || r.left < -0.5) && !clipped(el)) {
      overflowing.push({element: describe(el), left: r.left, right: r.right});
    }
  }
  const scrolling = [];
  for (const table of document.querySelectorAll('table')) {
    const wrap = table.parentElement;
    const tooWide = wrap.scrollWidth > wrap.clientWidth + 0.5;
    if (tooWide || table.getBoundingClientRect().right > vw + 0.5) {
      scrolling.push({element: describe(table), left: wrap.clientWidth, right: wrap.scrollWidth});
    }
  }
  return {
    documentWidth: document.documentElement.scrollWidth, viewport: vw,
    overflowing, scrolling,
  };
}
"""


@dataclass(frozen=True)
class Overflow:
    """An element sticking out of the viewport (or a table wider than its wrapper) at a width."""

    width: int
    element: str
    left: float
    right: float


@dataclass
class PageReport:
    """What the browser saw; ``ok`` when nothing a reader would notice went wrong."""

    html_path: Path
    screenshots: dict[int, Path] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    overflowing: list[Overflow] = field(default_factory=list)
    scrolling_tables: list[Overflow] = field(default_factory=list)
    document_widths: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.console_errors or self.external_requests or self.overflowing
                    or self.scrolling_tables)

    def summary(self) -> str:
        lines = [f"{self.html_path}: {'ok' if self.ok else 'problems'}"]
        lines += [f"  console error: {e}" for e in self.console_errors]
        lines += [f"  external request: {u}" for u in self.external_requests]
        lines += [f"  overflow at {o.width}px: {o.element} ({o.left:.0f}..{o.right:.0f})"
                  for o in self.overflowing]
        lines += [f"  table scrolls at {o.width}px: {o.element} ({o.left:.0f} < {o.right:.0f})"
                  for o in self.scrolling_tables]
        return "\n".join(lines)


def check_page(html_path: Path, screenshot_dir: Path,
               widths: tuple[int, ...] = WIDTHS) -> PageReport:
    """Load ``html_path`` at each width, screenshot it and report problems.

    Screenshots are ``<stem>-<width>.png`` in ``screenshot_dir``. Network requests other than
    the file itself (and inline ``data:`` URLs) are blocked and listed: a self-contained page
    makes none.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # a test extra: say how to get it instead of a bare traceback
        raise RenderError("the page check needs Playwright",
                          hint="install the test extra: pip install -e '.[test]'") from exc
    html_path = Path(html_path).resolve()
    if not html_path.is_file():
        raise RenderError(f"no HTML file at {html_path}")
    screenshot_dir.mkdir(parents=True, exist_ok=True)
    report = PageReport(html_path=html_path)
    page_url = html_path.as_uri()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            for width in widths:
                _check_width(browser, page_url, width, screenshot_dir, report)
        finally:
            browser.close()
    return report


def _check_width(browser, page_url: str, width: int, screenshot_dir: Path,
                 report: PageReport) -> None:
    context = browser.new_context(viewport={"width": width, "height": HEIGHT})
    page = context.new_page()

    def on_console(message) -> None:
        if message.type == "error":
            report.console_errors.append(f"{width}px: {message.text}")

    def on_route(route) -> None:
        url = route.request.url
        if url == page_url or url.startswith("data:"):
            route.continue_()
        else:
            report.external_requests.append(url)
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda error: report.console_errors.append(f"{width}px: {error}"))
    page.route("**/*", on_route)
    page.goto(page_url, wait_until="load")
    layout = page.evaluate(_LAYOUT_PROBE)
    report.document_widths[width] = int(layout["documentWidth"])
    report.overflowing += [Overflow(width, o["element"], o["left"], o["right"])
                           for o in layout["overflowing"]]
    report.scrolling_tables += [Overflow(width, o["element"], o["left"], o["right"])
                                for o in layout["scrolling"]]
    shot = screenshot_dir / f"{Path(page_url).stem}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    report.screenshots[width] = shot
    context.close()

"""Published XSS vectors embedded in article pages, a static safety check of HTML, and a
headless-Chromium run that counts script executions.

Shared by tests/test_xss.py and benchmarks/bench_xss.py. The vectors and their provenance
are in tests/fixtures/xss/ (README.md there).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from selectolax.lexbor import LexborHTMLParser

VECTORS_DIR = Path(__file__).parent / "fixtures" / "xss"
CHROMIUM = "/usr/bin/chromium"
ORIGIN = "http://pagecleaner.test/"

PROSE = (
    "The council met on Tuesday to discuss the new budget for the town library, and the "
    "members agreed that the reading room will stay open on Sundays from next spring. "
)


def load_vectors() -> list[str]:
    """Every vector once: the lists as published, and the event-handler names of the
    PortSwigger cheat sheet in its own element template."""
    vectors: list[str] = []
    for name in ("rsnake.txt", "polyglots.txt", "quick.txt"):
        lines = (VECTORS_DIR / name).read_text(encoding="utf-8").splitlines()
        vectors.extend(line for line in lines if line.strip())
    for handler in (VECTORS_DIR / "event_handlers.txt").read_text().split():
        vectors.append(f"<xss id=x tabindex=1 {handler}=alert(1) autofocus>hover me</xss>")
    return list(dict.fromkeys(vectors))


@dataclass(frozen=True)
class Case:
    vector: int
    way: str
    page: str
    url: str | None = None


def embeddings(vector: str) -> Iterator[tuple[str, str, str | None]]:
    """(way, page, url): the vector placed where hostile pages put script."""
    body = f"<p>{PROSE * 3}</p>"
    attr = html.escape(vector, quote=True)

    def page(inner: str, head: str = "") -> str:
        return (
            f"<html><head><title>Budget</title>{head}</head><body><article><h1>Budget</h1>"
            f"{body}{inner}{body}</article></body></html>"
        )

    yield "paragraph", page(f"<p>{PROSE} {vector} {PROSE}</p>"), None
    yield "raw", page(vector), None
    yield "link", page(f'<p>{PROSE} <a href="{attr}">the report</a> {PROSE}</p>'), None
    yield (
        "image",
        page(f'<p>{PROSE}</p><figure><img src="{attr}" alt="{attr}"></figure><p>{PROSE}</p>'),
        None,
    )
    yield (
        "svg-mathml",
        page(
            f'<p>{PROSE}<svg><a href="{attr}"><text>x</text></a>{vector}</svg>'
            f'<math><mtext>{vector}</mtext><mi href="{attr}">x</mi></math> {PROSE}</p>'
        ),
        None,
    )
    yield (
        "base",
        page(f'<p>{PROSE} <a href="more.html">more</a> {PROSE}</p>', f'<base href="{attr}">'),
        None,
    )
    yield "srcdoc", page(f'<p>{PROSE}</p><iframe srcdoc="{attr}"></iframe><p>{PROSE}</p>'), None
    data = "data:text/html," + quote(vector)
    entities = "".join(f"&#{ord(c)};" for c in "javascript:") + html.escape(quote(vector))
    yield (
        "data-entity-urls",
        page(
            f'<p>{PROSE} <a href="{html.escape(data)}">data</a> <a href="{entities}">js</a>'
            f' <a href="jav&#x09;ascript:{attr}">tab</a> {PROSE}</p>'
        ),
        None,
    )
    yield (
        "url-argument",
        page(f'<p>{PROSE} <a href="?q=1">query</a> <a href="x">rel</a> {PROSE}</p>'),
        "javascript:" + vector + "//",
    )


def cases() -> list[Case]:
    return [
        Case(i, way, page, url)
        for i, vector in enumerate(load_vectors())
        for way, page, url in embeddings(vector)
    ]


# --- static check -----------------------------------------------------------------------

# Elements that run script, load other documents or styles, or submit: never in safe output.
UNSAFE_TAGS = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "meta",
        "link",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "option",
        "svg",
        "math",
        "template",
        "noscript",
        "video",
        "audio",
        "source",
        "track",
        "portal",
        "xml",
        "image",
        "param",
        "marquee",
        "isindex",
        "keygen",
        "bgsound",
        "layer",
        "xss",
        "set",
        "animate",
    ]
)
URL_ATTRIBUTES = frozenset(
    [
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "lowsrc",
        "dynsrc",
        "cite",
        "ping",
        "srcset",
        "longdesc",
        "usemap",
        "xlink:href",
        "codebase",
    ]
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028\u2029\u205f\u3000]")


def static_problems(markup: str) -> list[str]:
    """Why this HTML is not safe to show: script, handlers, styles, dangerous URLs."""
    problems: list[str] = []
    tree = LexborHTMLParser(f"<html><body>{markup}</body></html>")
    for node in tree.body.traverse() if tree.body is not None else ():
        tag = node.tag or ""
        if tag.startswith("-"):
            continue
        if tag in UNSAFE_TAGS:
            problems.append(f"element <{tag}>")
        for name, value in (node.attributes or {}).items():
            lowered = name.lower()
            if lowered.startswith("on"):
                problems.append(f"handler {name} on <{tag}>")
            elif lowered in ("style", "srcdoc"):
                problems.append(f"attribute {name} on <{tag}>")
            elif lowered in URL_ATTRIBUTES and value:
                scheme = _SCHEME.match(_INVISIBLE.sub("", value))
                if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                    problems.append(f"{scheme.group(1)}: URL in {name} on <{tag}>")
    return problems


def render_markdown_both(text: str) -> dict[str, str]:
    """The Markdown rendered by markdown-it-py (CommonMark, raw HTML on: its default) and
    by Python-Markdown with its defaults."""
    import markdown
    from markdown_it import MarkdownIt

    return {
        "markdown-it-py": MarkdownIt().render(text),
        "python-markdown": markdown.markdown(text),
    }


# --- the browser ---------------------------------------------------------------------------

# Runs before any page script: every way a payload shows it ran is counted in window.__xss.
INSTRUMENT = """
(() => {
  const hits = [];
  Object.defineProperty(window, '__xss', { value: hits });
  const note = (what) => (...args) => { hits.push(what + ':' + String(args[0]).slice(0, 60)); };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = note(name);
  const realEval = window.eval;
  window.eval = (...a) => {
    // The harness's own evaluate() calls carry a marker; anything else is the page's.
    if (!String(a[0]).includes('pagecleaner-harness')) hits.push('eval');
    return realEval(...a);
  };
  window.fetch = note('fetch');
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...a) { hits.push('xhr'); };
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a');
    if (link && !/^javascript:/i.test(link.protocol)) event.preventDefault();
  }, true);
})();
"""


class Browser:
    """One headless Chromium, network blocked, for many documents."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._manager = sync_playwright().start()
        self._browser = self._manager.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        self._context = self._browser.new_context(java_script_enabled=True)
        self._document = ""
        # The one address served: the document under test. Every other request (images,
        # links, frames, anything the page asks for) is aborted before it leaves.
        self._context.route("**/*", self._serve)
        self._context.add_init_script(INSTRUMENT)
        self.page = self._context.new_page()
        self.page.on("dialog", lambda dialog: dialog.dismiss())
        self.page.set_default_timeout(5000)

    def _serve(self, route: Any) -> None:
        if route.request.url == ORIGIN and route.request.resource_type == "document":
            route.fulfill(status=200, content_type="text/html", body=self._document)
        else:
            route.abort()

    def executions(self, documents: list[str]) -> list[str]:
        """Load the documents as one page, click every link, return what ran."""
        body = "".join(f"<section>{doc}</section>" for doc in documents)
        self._document = f"<!doctype html><html><body>{body}</body></html>"
        # A real navigation, not set_content: document.open() would drop the instrument's
        # listeners.
        self.page.goto(ORIGIN, wait_until="load")
        self.page.evaluate(
            "() => { /*pagecleaner-harness*/ for (const a of document.querySelectorAll('a'))"
            " { try { a.click(); } catch (e) {} } }"
        )
        self.page.wait_for_timeout(50)
        hits: list[str] = self.page.evaluate("() => /*pagecleaner-harness*/ window.__xss.slice()")
        return hits

    def close(self) -> None:
        self._browser.close()
        self._manager.stop()


def browser_available() -> str | None:
    """None when the browser test can run, else why not."""
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (Debian package 'chromium')"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    return None

"""The wegwijzer's advice as a PDF, made from the advice page itself.

The page's `<main>` is read block by block (headings, paragraphs, lists, tables) and set with
reportlab's standard fonts (no font files, no network), in the page's order; what the page
marks `no-print` (its buttons) and form fields stay out. So the PDF says exactly what the
page says, and a change to the page is a change to the PDF. Like the page it carries nothing
that identifies a person: only the answers to the wegwijzer's questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, TableStyle
from reportlab.platypus import Table as Grid

STYLES = getSampleStyleSheet()
HEADINGS = {"h1": "Title", "h2": "Heading2", "h3": "Heading3", "h4": "Heading5"}
SKIPPED = {"button", "input", "select", "textarea", "script", "style", "template"}
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr"}


@dataclass
class Node:
    """An element of the page: its tag, classes and children (nodes and text)."""

    tag: str
    classes: tuple[str, ...] = ()
    children: list = field(default_factory=list)

    def text(self) -> str:
        """The element's text with white space folded, as a reader sees it."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join("".join(parts).split())


class _Page(HTMLParser):
    """Builds the tree of `<main>`, leaving out what is not printed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]
        self.skipping = 0
        self.in_main = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
            return
        if not self.in_main or tag in VOID:
            return
        classes = tuple((dict(attrs).get("class") or "").split())
        if self.skipping or tag in SKIPPED or "no-print" in classes:
            self.skipping += 1
            return
        node = Node(tag, classes)
        self.stack[-1].children.append(node)
        self.stack.append(node)

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        elif not self.in_main or tag in VOID:
            return
        elif self.skipping:
            self.skipping -= 1
        elif len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_main and not self.skipping:
            self.stack[-1].children.append(data)


def page_blocks(html: str) -> list[tuple[str, object]]:
    """Return the printed blocks of a page's `<main>`, in order: (kind, text or rows)."""
    parser = _Page()
    parser.feed(html)
    blocks: list[tuple[str, object]] = []
    _walk(parser.root, blocks)
    return blocks


def _walk(node: Node, blocks: list) -> None:
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                blocks.append(("p", " ".join(child.split())))
        elif child.tag in HEADINGS:
            blocks.append((child.tag, child.text()))
        elif child.tag in ("p", "summary"):
            if child.text():
                blocks.append(("p" if child.tag == "p" else "h4", child.text()))
        elif child.tag in ("ul", "ol"):
            items = [item for item in child.children if isinstance(item, Node)]
            blocks.append(("ul", [item.text() for item in items]))
        elif child.tag == "table":
            blocks.append(("table", _rows(child)))
        else:
            _walk(child, blocks)


def _rows(table: Node) -> list[list[str]]:
    rows = []

    def collect(node: Node) -> None:
        for child in node.children:
            if isinstance(child, Node) and child.tag == "tr":
                rows.append([c.text() for c in child.children if isinstance(c, Node)])
            elif isinstance(child, Node) and child.tag != "caption":
                collect(child)

    collect(table)
    return rows


def page_text(html: str) -> str:
    """All printed words of a page's `<main>`, in order, white space folded."""
    words = []
    for kind, content in page_blocks(html):
        if kind == "ul":
            words += content
        elif kind == "table":
            words += [cell for row in content for cell in row]
        else:
            words.append(content)
    return " ".join(" ".join(words).split())


def _safe(text: str) -> str:
    """Escape for reportlab's markup and keep to what the standard fonts can draw (cp1252)."""
    return escape(str(text)).encode("cp1252", "replace").decode("cp1252")


def _para(text: str, style: str = "BodyText") -> Paragraph:
    return Paragraph(_safe(text), STYLES[style])


def _flowable(kind: str, content):
    if kind in HEADINGS:
        return _para(content, HEADINGS[kind])
    if kind == "ul":
        return ListFlowable([_para(t) for t in content], bulletType="bullet", leftIndent=10)
    if kind == "table":
        grid = Grid(
            [[_para(cell) for cell in row] for row in content],
            colWidths=[120 * mm, 50 * mm],
        )
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return grid
    return _para(content)


def advice_pdf(html: str) -> bytes:
    """Return the advice page (its HTML) as PDF bytes."""
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=_("Advies van de wegwijzer"),
        author="RDM Twente",
    )
    document.build([_flowable(kind, content) for kind, content in page_blocks(html)])
    return buffer.getvalue()

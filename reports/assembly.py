"""Long PDFs assembled from parts rendered apart: in parallel, and reused while unchanged.

The document templates mark where a part ends (`<!--rin:part-->`, between chapters,
programme pages and the annex: places where a new page starts anyway), and where
the front matter (cover and contents) ends (`<!--rin:body-->`). Each part is
rendered by WeasyPrint as a document of its own, tagged, in a limited child
process, and stored under the digest of its HTML and stylesheet, so that after one
programme changes only that programme's part is rendered again. Then:

1. the front matter is rendered with the contents' page numbers written in. It is
   rendered beside the parts, with the page numbers of the last assembly of a
   document with the same contents (a *hint*, stored like a part); when the parts
   are done, the numbers are checked, and only if they differ is the front matter
   rendered again;
2. the footers "stran X od Y" of all pages are rendered as one document of empty
   pages, and drawn onto each page as a pagination artifact;
3. qpdf (through pikepdf) joins the pages and the parts' structure trees under one
   Document element (renumbering the parent-tree keys of pages and links), rebuilds
   the named destinations so that the links of the contents lead to the chapters,
   and rebuilds the outline (bookmarks) as one tree, as a whole render has it.

The result carries the same tags, language, title and PDF/UA identification as a
document rendered whole.
"""

import hashlib
import html as html_lib
import io
import json
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import pikepdf
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pikepdf import Array, Dictionary, Name

from . import pdf

BODY = "<!--rin:body-->"
PART = "<!--rin:part-->"
BODY_TAG = re.compile(r"<body[^>]*>")
TOC_LINK = re.compile(r'<a href="#([\w-]+)">')
# Headings become the PDF's bookmarks (WeasyPrint's bookmark-level is the heading's).
HEADING = re.compile(r"<h([1-6])[\s>]")


# Metadata that names one version (its date): left out of the parts, so that a part
# is the same in every version whose content it shares.
VERSION_META = re.compile(r'<meta name="dcterms\.[a-z]+" content="[^"]*">\s*')


@dataclass
class Split:
    head: str  # from the doctype through the opening <body> tag
    front: str  # cover and table of contents
    parts: list[str]
    tail: str = "</body></html>"

    def page(self, body: str) -> str:
        return f"{self.head}{body}{self.tail}"

    def part_page(self, body: str) -> str:
        return f"{VERSION_META.sub('', self.head)}{body}{self.tail}"


# Parts are rendered in groups of this many: each render has a fixed cost (fonts,
# subsetting, writing), so a group of programme pages is cheaper than each alone, and
# a change still renders only its group again. Groups start at fixed positions, so that
# a changed part leaves the others' groups as they were.
PARTS_PER_GROUP = 4
# A part with more HTML than this (the plan's landscape overview of programmes, a long
# chapter of tables) is rendered by itself: it is the slowest render, and it changes
# with any programme's title, so it renders beside that programme's group, not with it.
LARGE_PART_CHARS = 16 * 1024


def split(html: str) -> Split:
    opening = BODY_TAG.search(html)
    head, rest = html[: opening.end()], html[opening.end() :]
    rest = rest[: rest.rindex("</body>")]
    front, _, body = rest.partition(BODY)
    parts = [part for part in body.split(PART) if part.strip()]
    groups = []
    for start in range(0, len(parts), PARTS_PER_GROUP):
        group: list[str] = []
        for part in parts[start : start + PARTS_PER_GROUP]:
            if len(part) > LARGE_PART_CHARS:
                groups.extend(["".join(group)] if group else [])
                groups.append(part)
                group = []
            else:
                group.append(part)
        groups.extend(["".join(group)] if group else [])
    return Split(head=head, front=front, parts=groups)


@dataclass
class RenderedPart:
    content: bytes
    document: pikepdf.Pdf | None
    # anchor → (page index, left, top) of its named destination
    destinations: dict[str, tuple[int, object, object]]
    # Marked table rows that begin a page ({row: page index}), when just rendered.
    row_starts: dict[int, int] | None = None
    # A piece of a table whose probe row did not begin a page (see _Rows): no content.
    probe_ok: bool = True
    # A long table rendered whole for the first time, written in pieces at once:
    # [(first row group, piece)] (see _Rows).
    pieces: list[tuple[int, "RenderedPart"]] | None = None

    @classmethod
    def of(cls, content: bytes) -> "RenderedPart":
        if not content:
            return cls(content, None, {}, probe_ok=False)
        document = pikepdf.open(io.BytesIO(content))
        index = {page.objgen: number for number, page in enumerate(document.pages)}
        destinations = {}
        names = document.Root.get("/Names")
        if names is not None and "/Dests" in names:
            for name, destination in pikepdf.NameTree(names.Dests).items():
                if isinstance(destination, Dictionary):
                    destination = destination.D
                page = index.get(destination[0].objgen)
                if page is not None:
                    destinations[str(name)] = (page, destination[2], destination[3])
        return cls(content, document, destinations)

    @property
    def anchors(self) -> dict[str, int]:
        """Anchor → page index within the part."""
        return {name: page for name, (page, _left, _top) in self.destinations.items()}

    @property
    def page_count(self) -> int:
        return len(self.document.pages)


class PartRenderer:
    """Renders HTML documents in limited children, at most `processes` at once, and keeps
    each result under the digest of what it was made from."""

    def __init__(self, *, timeout: int, memory_mb: int, processes: int, version: str):
        self.timeout, self.memory_mb, self.processes = timeout, memory_mb, processes
        self.version = version
        self.rendered = 0
        self.reused = 0
        self.peak_memory_mb = 0.0
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _path(self, html: str, stylesheet: str, suffix: str = "pdf") -> str:
        digest = hashlib.sha256(f"{self.version}\0{stylesheet}\0{html}".encode()).hexdigest()
        return f"document-parts/{digest[:2]}/{digest}.{suffix}"

    def submit_all(
        self, pages: list[str], stylesheet: str, *, in_pieces: frozenset = frozenset()
    ) -> list[Future]:
        """Futures of the rendered pages; the stored ones are read at once, the others are
        rendered largest first (the longest render starts first and ends the soonest).

        A page with marked table rows (pdf.ROW) reports the rows that begin its pages;
        one with a probe row (pdf.PROBE) keeps only the pages before it; those in
        `in_pieces` are written in pieces of about PIECE_PAGES pages (see _Rows)."""
        futures: dict[str, Future] = {}
        missing = {}
        for html in pages:
            path = self._path(html, stylesheet)
            if path in futures or path in missing:
                continue
            if default_storage.exists(path):
                with default_storage.open(path, "rb") as part:
                    futures[path] = _done(RenderedPart.of(part.read()))
                self.reused += 1
            else:
                missing[path] = html
        if missing and self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=max(self.processes, 1))
        for path, html in sorted(missing.items(), key=lambda item: -len(item[1])):
            self.rendered += 1
            job = pdf.PdfJob(
                html=html,
                stylesheet=stylesheet,
                rows=f" {pdf.ROW}=" in html,
                stop_at_probe=f" {pdf.PROBE}" in html,
                piece_pages=PIECE_PAGES if html in in_pieces else 0,
            )
            futures[path] = self._pool.submit(self._render, path, job)
        return [futures[self._path(html, stylesheet)] for html in pages]

    def _render(self, path: str, job: pdf.PdfJob) -> RenderedPart:
        result = pdf.render_in_child(job, timeout=self.timeout, memory_mb=self.memory_mb)
        with self._lock:
            self.peak_memory_mb = max(self.peak_memory_mb, result.peak_memory_mb)
        if result.pieces:
            pieces = [(row, RenderedPart.of(content)) for row, content in result.pieces]
            part = RenderedPart(b"", None, {}, result.row_starts, pieces=pieces)
            return part
        if result.probe_ok and not default_storage.exists(path):
            default_storage.save(path, ContentFile(result.content))
        part = RenderedPart.of(result.content)
        part.row_starts = result.row_starts
        return part

    def store(self, html: str, stylesheet: str, content: bytes) -> None:
        """Keep `content` as the render of `html` (a piece written from a whole table)."""
        path = self._path(html, stylesheet)
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(content))

    def submit(self, html: str, stylesheet: str) -> Future:
        return self.submit_all([html], stylesheet)[0]

    def render_one(self, html: str, stylesheet: str) -> RenderedPart:
        return self.submit(html, stylesheet).result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    # Hints: the contents' page numbers of the last assembly with the same contents.

    def read_hint(self, key: str) -> dict | None:
        path = self._path(key, "hint", "json")
        if not default_storage.exists(path):
            return None
        try:
            with default_storage.open(path, "rb") as stored:
                hint = json.loads(stored.read())
        except (OSError, ValueError):
            return None
        return hint if isinstance(hint, dict) else None

    def write_hint(self, key: str, hint: dict) -> None:
        path = self._path(key, "hint", "json")
        if default_storage.exists(path):
            default_storage.delete(path)
        default_storage.save(path, ContentFile(json.dumps(hint, sort_keys=True).encode()))


def _done(value) -> Future:
    future = Future()
    future.set_result(value)
    return future


def numbered_front(front: str, pages: dict[str, int]) -> str:
    """The contents with each entry's page number written in."""

    def number(match: re.Match) -> str:
        anchor = match[1]
        return f'<a href="#{anchor}" data-page="{pages.get(anchor, "")}">'

    return TOC_LINK.sub(number, front)


def overlay_html(kinds: list[str], language: str) -> str:
    """Empty pages of the document's page kinds ("cover", "wide" or ""), for the footers."""
    pages = [
        f'<div style="break-before: page{f"; page: {kind}" if kind else ""}"></div>'
        for kind in kinds
    ]
    return f'<!DOCTYPE html><html lang="{language}"><body>{"".join(pages)}</body></html>'


def assemble(
    *,
    html: str,
    language: str,
    part_stylesheet: str,
    front_stylesheet: str,
    footer_stylesheet: str,
    renderer: PartRenderer,
) -> tuple[bytes, int]:
    """The whole document from its parts; returns the PDF and its page count."""
    document = split(html)
    anchors = TOC_LINK.findall(document.front)
    hint_key = "\0".join([part_stylesheet, front_stylesheet, *anchors])
    hint = renderer.read_hint(hint_key) or {}
    tables = [_Rows(part) if ROWS in part else None for part in document.parts]
    try:
        plans = [
            (_chunks(rows, document) or _plan(rows, document, _part_hint(hint, number)))
            if rows
            else None
            for number, rows in enumerate(tables)
        ]
        pages = [
            [piece for _range, piece in plan]
            if plan
            else [document.part_page(rows.html if rows else part)]
            for part, rows, plan in zip(document.parts, tables, plans, strict=True)
        ]
        # The front matter's own length decides where the body starts. It is rendered
        # first, beside the parts, with the numbers of the last assembly of the same
        # contents, or else with placeholders about as wide as the real numbers.
        guess = hint.get("pages")
        if not isinstance(guess, dict):
            width = len(str(max(len(html) // 3500, 9)))
            guess = dict.fromkeys(anchors, int("9" * width))
        front_html = document.page(numbered_front(document.front, guess))
        front_future = renderer.submit(front_html, front_stylesheet)
        # A long table rendered whole (its first time, or it no longer starts pages where
        # it did) is written in pieces at once, ready for the next assembly.
        in_pieces = frozenset(
            part[0]
            for rows, plan, part in zip(tables, plans, pages, strict=True)
            if rows and not plan
        )
        futures = renderer.submit_all(
            [page for part in pages for page in part], part_stylesheet, in_pieces=in_pieces
        )
        front = front_future.result()
        parts, part_pages, rows_hint = [], [], {}
        for number, plan in enumerate(plans):
            rows = tables[number]
            rendered = [futures.pop(0).result() for _page in pages[number]]
            if plan and not all(piece.probe_ok for piece in rendered):
                # A piece no longer starts where a page starts: render the part whole.
                plan = None
                pages[number] = [document.part_page(rows.html)]
                whole = frozenset(pages[number])
                rendered = [
                    renderer.submit_all(pages[number], part_stylesheet, in_pieces=whole)[0].result()
                ]
            if rows is not None:
                rows_hint[str(number)] = _rows_hint(plan, rendered, _part_hint(hint, number))
            if rendered[0].pieces:
                rendered, pages[number] = _unpack(
                    rendered[0], rows, document, renderer, part_stylesheet
                )
            parts += rendered
            part_pages += pages[number]
        for _attempt in range(4):
            anchor_pages = _anchor_pages(front.page_count, parts)
            numbered_html = document.page(numbered_front(document.front, anchor_pages))
            if numbered_html == front_html:
                break
            front_html = numbered_html
            front = renderer.render_one(front_html, front_stylesheet)
        new_hint = json.loads(json.dumps({"pages": anchor_pages, "rows": rows_hint}))
        if new_hint != hint:
            renderer.write_hint(hint_key, new_hint)
        sources = [front, *parts]
        # The cover (before the contents' page) has no footer; landscape pages keep
        # theirs at the foot of the wider page.
        kinds = ["cover"] * front.anchors.get("toc-title", 1)
        kinds += [
            "wide" if _is_landscape(page) else ""
            for source in sources
            for page in source.document.pages
        ][len(kinds) :]
        footers = renderer.render_one(overlay_html(kinds, language), footer_stylesheet)
    finally:
        renderer.close()
    levels = [_heading_levels(front_html), *(_heading_levels(page) for page in part_pages)]
    return _join(sources, footers.document, levels), len(kinds)


# Long tables in pieces ----------------------------------------------------------------
#
# A long table (the plan's overview of programmes, the national overview's indicators)
# takes seconds to render, and changes with any of its rows. In assembled documents the
# templates mark where its row groups begin (ROWS); the render reports which of them
# begin a page, and the next assembly renders the table in pieces that start there, in
# parallel, each reused while its rows are unchanged. A piece reopens the table where
# it starts (its section, column widths and repeated header, no caption, the running
# header's chapter) and lays out exactly as those pages of the whole table do. Each
# piece but the last also renders the first row group of the next piece as a *probe*:
# only if the probe begins a page (as it did last time) are the piece's pages before it
# kept; otherwise the part is rendered whole again.

ROWS = "<!--rin:rows-->"
# Pieces of about this many pages: enough to keep the fixed cost of a render small.
PIECE_PAGES = 6
TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>", re.S)
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
CAPTION = re.compile(r"<caption\b.*?</caption>", re.S)
REFERENCE = re.compile(r'\s(?:id|aria-labelledby)="[^"]*"')
CHAPTER = re.compile(r'<h2 class="chapter"[^>]*>(.*?)</h2>', re.S)
TAGS_AND_SPACE = re.compile(r"(?:<[^>]*>|\s)+")


class _Rows:
    """A part whose table rows are marked: where each row group begins (its first <tr>
    numbered), and what is open there."""

    def __init__(self, part: str):
        segments = part.split(ROWS)
        for number in range(1, len(segments)):
            segments[number] = segments[number].replace("<tr", f'<tr {pdf.ROW}="{number}"', 1)
        self.segments = segments
        self.html = "".join(segments)
        self.bounds = [0]
        for segment in segments:
            self.bounds.append(self.bounds[-1] + len(segment))
        # What is open where each segment begins: [(name, start tag, table head)].
        self.open: list[list[tuple[str, str, str]]] = []
        stack: list[list] = []
        boundary = 0
        for match in TAG.finditer(self.html):
            while boundary < len(segments) and match.start() >= self.bounds[boundary]:
                self.open.append([tuple(item) for item in stack])
                boundary += 1
            if match[2] is None:
                continue
            closing, name = match[1], match[2].lower()
            if name in VOID or match[3].rstrip().endswith("/"):
                continue
            if closing:
                for depth in range(len(stack) - 1, -1, -1):
                    if stack[depth][0] == name:
                        del stack[depth:]
                        break
            elif name == "tbody" and stack and stack[-1][0] == "table":
                stack[-1][2] = CAPTION.sub("", self.html[stack[-1][3] : match.start()])
                stack.append([name, match[0], "", match.end()])
            else:
                stack.append([name, match[0], "", match.end()])
        while boundary < len(segments):
            self.open.append([tuple(item) for item in stack])
            boundary += 1

    @property
    def count(self) -> int:
        return len(self.segments) - 1

    def piece(self, start: int, end: int, *, probe: bool = True) -> str | None:
        """The row groups [start, end), with the probe (row group `end`) after them."""
        head = ""
        if start:
            head = self._reopen(start)
            if head is None:
                return None
        body = self.html[self.bounds[start] : self.bounds[end]]
        if end <= self.count and not probe:
            body += "".join(f"</{item[0]}>" for item in reversed(self.open[end]))
        elif end <= self.count:
            body += self.segments[end].replace(
                f'{pdf.ROW}="{end}"', f'{pdf.ROW}="{end}" {pdf.PROBE}', 1
            )
            if end < self.count:
                body += "".join(f"</{item[0]}>" for item in reversed(self.open[end + 1]))
        return head + body

    def _reopen(self, start: int) -> str | None:
        before = self.html[: self.bounds[start]]
        chapters = list(CHAPTER.finditer(before))
        if not chapters or 'class="programme"' in before[chapters[-1].end() :]:
            return None  # the running header's chapter is not a chapter heading
        title = html_lib.unescape(TAGS_AND_SPACE.sub(" ", chapters[-1][1])).strip()
        opened = self.open[start]
        if not opened or opened[-1][0] != "tbody":
            return None
        tags = []
        for depth, (_name, tag, table_head, _end) in enumerate(opened):
            tag = REFERENCE.sub("", tag)
            if depth == 0:
                if "style=" in tag:
                    return None
                chapter = pdf.css_string(title, also="'<>&")  # inside a style='…' attribute
                tag = f"{tag[:-1]} style='string-set: chapter {chapter}'>"
            tags.append(tag + table_head)
        return "".join(tags)


def _part_hint(hint: dict, number: int) -> dict:
    rows = hint.get("rows")
    part = rows.get(str(number)) if isinstance(rows, dict) else None
    if not isinstance(part, dict):
        return {}
    try:
        starts = {int(row): int(page) for row, page in part.get("starts", {}).items()}
        return {"pages": int(part.get("pages", 0)), "starts": starts}
    except (TypeError, ValueError, AttributeError):
        return {}


# A part with more row groups than twice this (the national overview's indicators for
# every plan of every region) is rendered in fixed chunks of this many from its first
# assembly on, each chunk beginning a page: rendered whole, it would need more memory
# than a render process may hold. The chunks begin at fixed rows, so a change renders
# only its own chunk again.
CHUNK_ROWS = 300


def _chunks(rows: _Rows, document: Split) -> list[tuple[tuple[int, int], str]] | None:
    if rows.count + 1 <= 2 * CHUNK_ROWS:
        return None
    bounds = [*range(0, rows.count + 1, CHUNK_ROWS), rows.count + 1]
    return _pieces(rows, document, bounds, probe=False)


def _plan(rows: _Rows, document: Split, hint: dict) -> list[tuple[tuple[int, int], str]] | None:
    """The part's pieces [((first row group, end), page HTML)], where the last render
    found pages to begin; None to render it whole."""
    starts = {row: page for row, page in hint.get("starts", {}).items() if row <= rows.count}
    splits = pdf.piece_splits(starts, hint.get("pages", 0), PIECE_PAGES)
    if not splits:
        return None
    return _pieces(rows, document, [0, *splits, rows.count + 1])


def _pieces(
    rows: _Rows, document: Split, bounds: list[int], *, probe: bool = True
) -> list[tuple[tuple[int, int], str]] | None:
    """[((first row group, end), page HTML)] between consecutive bounds; None if a piece
    cannot be cut there."""
    pieces = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = rows.piece(start, end, probe=probe)
        if piece is None:
            return None
        pieces.append(((start, end), document.part_page(piece)))
    return pieces


def _unpack(
    part: RenderedPart, rows: _Rows, document: Split, renderer: PartRenderer, stylesheet: str
) -> tuple[list[RenderedPart], list[str]]:
    """The pieces a whole table was written in, each kept as the render of its piece's
    HTML (what the next assembly asks for); with their page HTML."""
    starts = [row for row, _piece in part.pieces]
    pages = []
    for (start, piece), end in zip(part.pieces, [*starts[1:], rows.count + 1], strict=True):
        html = rows.piece(start, end)
        page = ""
        if html is not None:
            page = document.part_page(html)
            renderer.store(page, stylesheet, piece.content)
        pages.append(page)
    return [piece for _row, piece in part.pieces], pages


def _rows_hint(plan, rendered: list[RenderedPart], old: dict) -> dict:
    """Where the part's marked rows begin pages, for the next assembly."""
    if plan is None:
        part = rendered[0]
        if part.row_starts is None:
            return old  # reused whole: as it was
        pages = sum(piece.page_count for _row, piece in part.pieces or [(0, part)])
        return {"pages": pages, "starts": dict(part.row_starts)}
    starts, offset, old_starts = {}, 0, old.get("starts", {})
    for ((start, end), _html), piece in zip(plan, rendered, strict=True):
        if start:
            starts[start] = offset
        if piece.row_starts is not None:
            starts.update({row: offset + page for row, page in piece.row_starts.items()})
        else:
            base = old_starts.get(start, 0) if start else 0
            starts.update(
                {row: offset + page - base for row, page in old_starts.items() if start < row < end}
            )
        offset += piece.page_count
    return {"pages": offset, "starts": starts}


def _is_landscape(page: pikepdf.Page) -> bool:
    box = page.mediabox
    return float(box[2]) - float(box[0]) > float(box[3]) - float(box[1])


def _heading_levels(html: str) -> list[int]:
    return [int(level) for level in HEADING.findall(html)]


def _anchor_pages(front_pages: int, parts: list[RenderedPart]) -> dict[str, int]:
    pages, start = {}, front_pages + 1
    for part in parts:
        for anchor, index in part.anchors.items():
            pages.setdefault(anchor, start + index)
        start += part.page_count
    return pages


# Joining ----------------------------------------------------------------------------


def _join(sources: list[RenderedPart], footers: pikepdf.Pdf, levels: list[list[int]]) -> bytes:
    """One PDF of the sources' pages, tags, destinations and bookmarks, with the footers."""
    output = pikepdf.new()
    tree = _StructureTree(output)
    destinations: dict[str, Array] = {}
    bookmarks = []
    for number, source in enumerate(sources):
        start = len(output.pages)
        for page in source.document.pages:  # (extend() warns about what is rebuilt below)
            output.pages.append(page)
        pages = [output.pages[start + index].obj for index in range(source.page_count)]
        tree.add(source.document, pages)
        for name, (index, left, top) in source.destinations.items():
            # The parts' anchors replace the stand-ins the front matter links to.
            if name not in destinations or number > 0:
                destinations[name] = Array([pages[index], Name.XYZ, left or 0, top or 0, 0])
        bookmarks += _bookmarks(source.document, pages, levels[number])
    _draw_footers(output, footers)
    tree.finish()
    names = Array()
    for name in sorted(destinations):
        names.extend([pikepdf.String(name), destinations[name]])
    output.Root.Names = Dictionary(Dests=output.make_indirect(Dictionary(Names=names)))
    _write_outline(output, _bookmark_tree(bookmarks))
    _copy_document_metadata(output, sources[0].document)
    buffer = io.BytesIO()
    output.save(
        buffer,
        min_version=max(source.document.pdf_version for source in sources),
        # The parts' streams are compressed already: copy them as they are.
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        # Tags are thousands of small dictionaries: packed into compressed object streams.
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        # The same parts give the same bytes (no random file identifier).
        deterministic_id=True,
    )
    return buffer.getvalue()


def _copy(output: pikepdf.Pdf, value):
    """`value` from another PDF, with everything it refers to (each object copied once)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return output.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copy(output, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copy(output, item) for key, item in value.items()})
    return value


class _StructureTree:
    """One structure tree for the joined pages: each part's Document element's children,
    in order, under a single Document element, with parent-tree keys renumbered."""

    def __init__(self, output: pikepdf.Pdf):
        self.output = output
        self.root = output.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        self.document = output.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name.Document, P=self.root, K=Array())
        )
        self.nums = Array()
        self.next_key = 0

    def add(self, source: pikepdf.Pdf, pages: list[pikepdf.Dictionary]) -> None:
        root = source.Root.StructTreeRoot
        offset = self.next_key
        keys = []
        for key, value in pikepdf.NumberTree(root.ParentTree).items():
            keys.append(int(key))
            self.nums.extend([int(key) + offset, _copy(self.output, value)])
        for page in pages:
            if "/StructParents" in page:
                page.StructParents = int(page.StructParents) + offset
            for annotation in page.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + offset
        self.next_key = offset + (max(keys) + 1 if keys else 0)
        elements = root.K
        source_document = elements[0] if isinstance(elements, Array) else elements
        for kid in source_document.K:
            element = _copy(self.output, kid)
            if isinstance(element, Dictionary):
                element.P = self.document
            self.document.K.append(element)

    def finish(self) -> None:
        self.root.K = Array([self.document])
        self.root.ParentTree = self.output.make_indirect(Dictionary(Nums=self.nums))
        self.root.ParentTreeNextKey = self.next_key
        self.output.Root.StructTreeRoot = self.root
        self.output.Root.MarkInfo = Dictionary(Marked=True)


# Drawn after each page's own content, outside its transformations, as an artifact.
FOOTER_BEFORE = b"q\n"
FOOTER_AFTER = b"\nQ\nq /Artifact <</Type /Pagination>> BDC /RinFooter Do EMC Q\n"


def _draw_footers(output: pikepdf.Pdf, footers: pikepdf.Pdf) -> None:
    """Draw each footer page onto its page as a form XObject marked as a pagination
    artifact."""
    before = output.make_stream(FOOTER_BEFORE)
    after = output.make_stream(FOOTER_AFTER)
    for page, footer in zip(output.pages, footers.pages, strict=True):
        form = output.copy_foreign(footer.as_form_xobject())
        page = page.obj
        # WeasyPrint's pages share one resource dictionary: give this page its own.
        resources = Dictionary(page.Resources)
        xobjects = Dictionary(resources.get("/XObject", Dictionary()))
        xobjects.RinFooter = form
        resources.XObject = xobjects
        page.Resources = resources
        contents = page.Contents
        contents = list(contents) if isinstance(contents, Array) else [contents]
        page.Contents = Array([before, *contents, after])


def _bookmarks(source: pikepdf.Pdf, pages: list, levels: list[int]) -> list[tuple]:
    """The source's bookmarks in order as (level, title, destination, closed); the levels
    are its headings' (from its HTML), or, should they not match, the bookmarks' depth."""
    index = {page.objgen: number for number, page in enumerate(source.pages)}
    found = []

    def walk(item, depth: int) -> None:
        while item is not None:
            destination = item.get("/Dest")
            page = index.get(destination[0].objgen) if destination is not None else None
            if page is not None:
                target = Array([pages[page], Name.XYZ, destination[2], destination[3], 0])
                closed = int(item.get("/Count", 0)) < 0
                found.append((depth, str(item.Title), target, closed))
            if "/First" in item:
                walk(item.First, depth + 1)
            item = item.get("/Next")

    outlines = source.Root.get("/Outlines")
    if outlines is not None and "/First" in outlines:
        walk(outlines.First, 1)
    if len(levels) == len(found):
        return [(level, *rest) for level, (_depth, *rest) in zip(levels, found, strict=True)]
    return found


def _bookmark_tree(bookmarks: list[tuple]) -> list[tuple]:
    """Nest the bookmarks by level as WeasyPrint does for a whole document (a skipped
    level nests under the last shallower one): [(title, destination, closed, children)]."""
    root: list = []
    skipped: list[int] = []
    last_by_depth = [root]
    previous = 0
    for level, title, destination, closed in bookmarks:
        if level > previous:
            skipped.append(level - previous - 1)
        else:
            temporary = level
            while temporary < previous:
                temporary += 1 + skipped.pop()
            if temporary > previous:
                skipped.append(temporary - previous - 1)
        previous = level
        depth = level - sum(skipped)
        children: list = []
        last_by_depth[depth - 1].append((title, destination, closed, children))
        del last_by_depth[depth:]
        last_by_depth.append(children)
    return root


def _write_outline(output: pikepdf.Pdf, tree: list[tuple]) -> None:
    def add(items: list[tuple], parent) -> tuple[list, int]:
        count = len(items)
        made = []
        for title, destination, closed, children in items:
            item = output.make_indirect(
                Dictionary(Title=pikepdf.String(title), Dest=destination, Parent=parent)
            )
            kids, kids_count = add(children, item)
            item.Count = -kids_count if closed else kids_count
            if not closed:
                count += kids_count
            if made:
                item.Prev = made[-1]
                made[-1].Next = item
            if kids:
                item.First, item.Last = kids[0], kids[-1]
            made.append(item)
        return made, count

    if not tree:
        return
    outlines = output.make_indirect(Dictionary(Type=Name.Outlines))
    items, count = add(tree, outlines)
    outlines.First, outlines.Last, outlines.Count = items[0], items[-1], count
    output.Root.Outlines = outlines


def _copy_document_metadata(output: pikepdf.Pdf, front: pikepdf.Pdf) -> None:
    """Title, language, XMP (with the PDF/UA identification) and viewer preferences."""
    source = front.Root
    for key in ("/Lang", "/ViewerPreferences", "/Metadata"):
        if key in source:
            output.Root[key] = _copy(output, source[key])
    info = front.trailer.get("/Info")
    if info is not None:
        output.trailer.Info = output.make_indirect(
            Dictionary({key: pikepdf.String(str(value)) for key, value in info.items()})
        )

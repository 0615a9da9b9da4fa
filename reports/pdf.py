"""HTML to PDF with WeasyPrint, fenced in: no network, no files, limited time and memory.

This module does not import Django: it is preloaded into a fork server and every
render runs in a fresh child process forked from it, with an address-space limit
(RLIMIT_AS), a CPU-time limit and a lower scheduling priority, so that one huge
document can neither exhaust the worker's memory nor slow other users down.

The renderer resolves only what it is handed: the project's own fonts and
stylesheet under the `rin-asset:` scheme, and `data:` URIs. Every other URL
(file://, http://, relative paths, an SVG's external image, a stylesheet's
@import, a <link rel="attachment">) is refused without opening a file or a socket.
"""

import atexit
import base64
import binascii
import contextlib
import datetime
import gc
import multiprocessing
import os
import resource
import shutil
import signal
import sys
import sysconfig
import tempfile
import threading
import time
import types
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pydyf
import weasyprint
from weasyprint.formatting_structure.boxes import TableRowBox, TableRowGroupBox
from weasyprint.text.fonts import FontConfiguration

ASSET_SCHEME = "rin-asset:"
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
# The largest data: URI the renderer decodes (a chart or a small image, never more).
MAX_DATA_URI_BYTES = 2 * 1024 * 1024


class RenderError(Exception):
    """The renderer refused or could not finish a document; the message is for people."""


class RenderTimeout(RenderError):
    pass


class RenderOutOfMemory(RenderError):
    pass


class SafeURLFetcher(weasyprint.URLFetcher):
    """Serves the assets it was given and data: URIs; refuses everything else.

    `refused` lists every URL that was asked for and refused, for tests and logs.
    """

    def __init__(self, assets: dict[str, bytes | Path]):
        super().__init__(timeout=1, allowed_protocols=set(), fail_on_errors=False)
        self._assets = dict(assets)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            media_type, body = _decode_data_uri(url)
            return weasyprint.urls.URLFetcherResponse(
                url[:60], body=body, headers={"Content-Type": media_type}
            )
        asset = self._assets.get(url)
        if asset is None:
            self.refused.append(url[:500])
            raise ValueError(f"Refused to fetch {url[:100]!r}: not one of the document's assets")
        body = asset.read_bytes() if isinstance(asset, Path) else asset
        return weasyprint.urls.URLFetcherResponse(
            url, body=body, headers={"Content-Type": _media_type(url)}
        )


def _media_type(url: str) -> str:
    suffix = url.rsplit(".", 1)[-1].lower()
    return {
        "ttf": "font/ttf",
        "css": "text/css",
        "svg": "image/svg+xml",
        "png": "image/png",
    }.get(suffix, "application/octet-stream")


def _decode_data_uri(url: str) -> tuple[str, bytes]:
    header, comma, payload = url[5:].partition(",")
    if not comma:
        raise ValueError("Malformed data: URI")
    if len(payload) > MAX_DATA_URI_BYTES * 4 // 3 + 4:
        raise ValueError("data: URI too large")
    parts = header.split(";")
    media_type = parts[0] or "text/plain"
    if "base64" in parts[1:]:
        try:
            return media_type, base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError) as error:
            raise ValueError("Malformed base64 in data: URI") from error
    return media_type, unquote_to_bytes(payload)


def font_assets() -> dict[str, Path]:
    return {f"{ASSET_SCHEME}fonts/{path.name}": path for path in sorted(FONTS_DIR.glob("*.ttf"))}


@dataclass
class Attachment:
    name: str
    content: bytes
    description: str


@dataclass
class PdfJob:
    """Everything a render needs, as plain data that crosses a process boundary."""

    html: str
    stylesheet: str
    archival: bool = False
    attachments: list[Attachment] = field(default_factory=list)
    created: datetime.datetime | None = None
    # Report which marked table rows (attribute ROW) begin a page; with `stop_at_probe`,
    # write only the pages before the row marked PROBE, which must begin a page (see
    # assembly.py: a long table rendered in pieces that start where its pages start).
    rows: bool = False
    stop_at_probe: bool = False
    # With `rows`: write the pages as pieces of about this many pages, each beginning
    # where a marked row begins a page (PdfResult.pieces), instead of as one PDF.
    piece_pages: int = 0


ROW = "data-rin-row"
PROBE = "data-rin-probe"


@dataclass
class PdfResult:
    content: bytes
    page_count: int
    seconds: float
    peak_memory_mb: float
    refused_urls: list[str]
    # CPU time of the process that rendered (user and system), whatever else ran.
    cpu_seconds: float = 0.0
    # Connections and file opens the child's guard stopped (see _guard); empty when the
    # fetcher did its job, which tests check.
    blocked: list[str] = field(default_factory=list)
    # With PdfJob.rows: {marked row: index of the page it begins}.
    row_starts: dict[int, int] = field(default_factory=dict)
    # With PdfJob.stop_at_probe: False when the probe row does not begin a page (then
    # there is no content).
    probe_ok: bool = True
    # With PdfJob.piece_pages: [(first marked row, or 0 for the beginning; PDF)] when the
    # pages were written in two or more pieces (then there is no content).
    pieces: list[tuple[int, bytes]] = field(default_factory=list)


def html_to_pdf(
    job: PdfJob, font_config: FontConfiguration | None = None, *, collect: bool = True
) -> PdfResult:
    """Render in this process (the child, or a test that wants no limits).

    With `collect=False` the garbage collector stays paused afterwards: a render child
    exits right after sending its result, so collecting the render's millions of objects
    (0.1–0.5 s) would only delay the result."""
    started = time.perf_counter()
    fetcher = SafeURLFetcher(font_assets())
    font_config = font_config or FontConfiguration()
    stylesheet = weasyprint.CSS(string=job.stylesheet, url_fetcher=fetcher, font_config=font_config)
    created = job.created or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    attachments = [
        weasyprint.Attachment(
            string=a.content,
            name=a.name,
            description=a.description,
            created=created,
            modified=created,
            relationship="Data",
            url_fetcher=fetcher,
        )
        for a in job.attachments
    ]
    options = {"pdf_variant": "pdf/a-3b", "pdf_tags": True} if job.archival else {}
    if not job.archival:
        options["pdf_variant"] = "pdf/ua-1"
    # Collecting garbage in the middle of a layout finds nothing to free and costs
    # 8–16 % of the time: the render's objects all live until the PDF is written.
    gc.disable()
    try:
        document = weasyprint.HTML(string=job.html, url_fetcher=fetcher).render(
            font_config=font_config, stylesheets=[stylesheet], **options
        )
        row_starts = _row_starts(document) if job.rows or job.stop_at_probe else {}
        probe_ok = True
        if job.stop_at_probe:
            # The page the probe row begins, if it begins one after the first.
            stop = row_starts.get(-1) or None
            probe_ok = stop is not None
            document = document.copy(document.pages[:stop]) if probe_ok else None
        page_count = len(document.pages) if probe_ok else 0
        splits = piece_splits(row_starts, page_count, job.piece_pages) if job.piece_pages else []
        pieces = []
        if splits:
            bounds = [0, *(row_starts[row] for row in splits), page_count]
            pieces = [
                (row, document.copy(document.pages[start:end]).write_pdf(**options))
                for row, start, end in zip([0, *splits], bounds, bounds[1:], strict=False)
            ]
        content = (
            document.write_pdf(attachments=attachments, **options)
            if probe_ok and not pieces
            else b""
        )
    finally:
        if collect:
            gc.enable()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return PdfResult(
        content=content,
        page_count=page_count,
        seconds=time.perf_counter() - started,
        peak_memory_mb=usage.ru_maxrss / 1024,
        refused_urls=fetcher.refused,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        row_starts={row: page for row, page in row_starts.items() if row >= 0},
        probe_ok=probe_ok,
        pieces=pieces,
    )


def piece_splits(row_starts: dict[int, int], page_count: int, piece_pages: int) -> list[int]:
    """The marked rows to begin pieces of a table at: about every `piece_pages` pages,
    the last piece at least two pages long."""
    splits, last = [], 0
    for row, page in sorted(row_starts.items(), key=lambda item: (item[1], item[0])):
        if row > 0 and page - last >= piece_pages and page_count - page >= 2:
            splits.append(row)
            last = page
    return splits


def _row_starts(document) -> dict[int, int]:
    """The marked table rows that begin a page (the first body row on it, not continued
    from the page before): {row number (the probe's is -1): page index}."""
    starts, seen = {}, set()
    for index, page in enumerate(document.pages):
        page_box = getattr(page, "_page_box", None)  # (a WeasyPrint without it: no rows)
        on_page = [row.element for row in _body_rows(page_box) if row.element is not None]
        if on_page and on_page[0] not in seen:
            element = on_page[0]
            if PROBE in element.attrib:
                starts[-1] = index
            elif element.get(ROW, "").isdigit():
                starts[int(element.get(ROW))] = index
        seen.update(on_page)
    return starts


def _body_rows(box):
    """The table rows in a page's boxes, in order, but those of repeated headers and
    footers."""
    for child in getattr(box, "children", None) or ():
        if isinstance(child, TableRowGroupBox) and (child.is_header or child.is_footer):
            continue
        if isinstance(child, TableRowBox):
            yield child
        else:
            yield from _body_rows(child)


def css_string(text: str, *, also: str = "") -> str:
    """A CSS string literal: quotes, backslashes, control characters and `also` escaped."""
    special = '"\\' + also
    escaped = "".join(
        f"\\{ord(char):x} " if char in special or ord(char) < 32 or ord(char) == 127 else char
        for char in text
    )
    return f'"{escaped}"'


# The child process ------------------------------------------------------------------


BLOCKED: list[str] = []


def _guard(tmp: str) -> None:
    """Second line of defence in the child: no socket, and no file outside Python's own
    libraries, the fonts and the render's temporary folder, whatever asks for it."""
    readable = tuple(
        os.path.realpath(p) + os.sep
        for p in {
            str(FONTS_DIR),
            tmp,
            "/proc/self",  # its own memory use, when a render fails
            *([WARM["folder"]] if "folder" in WARM else []),
            *(sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")),
        }
    )
    writable = (os.path.realpath(tmp) + os.sep,)

    def hook(event: str, args: tuple) -> None:
        if event in {"socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.bind"}:
            BLOCKED.append(f"{event} {args[1:]!r}"[:300])
            raise PermissionError("The document renderer has no network access.")
        if event == "open" and isinstance(args[0], str | bytes | os.PathLike):
            path = os.path.realpath(os.fsdecode(args[0]))
            mode = args[1] if len(args) > 1 and isinstance(args[1], str) else "r"
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            writing = any(c in mode for c in "wax+") or flags & (os.O_WRONLY | os.O_RDWR)
            allowed = writable if writing else readable
            if not (path + os.sep).startswith(allowed) and not path.startswith(allowed):
                BLOCKED.append(f"open {path}"[:300])
                raise PermissionError(f"The document renderer may not open {path}.")

    sys.addaudithook(hook)


def _child(connection, job: PdfJob, memory_mb: int, cpu_seconds: int, tmp: str) -> None:
    try:
        os.nice(10)
        megabyte = 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * megabyte, memory_mb * megabyte))
        # A backstop only: the parent stops the child at `timeout` seconds of wall time.
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds + 5, cpu_seconds + 10))
        tempfile.tempdir = tmp
        _guard(tmp)
        # The fork server's warm font configuration already holds the project's fonts.
        result = html_to_pdf(job, WARM.get("font_config"), collect=False)
        result.blocked = list(BLOCKED)
    except MemoryError:
        connection.send(("memory", None))
    except Exception as error:  # reported to the parent, which words it for the user
        # Out of memory, C libraries fail in many ways: judge by how close we came.
        status = "memory" if _used_memory_mb() > 0.9 * memory_mb else "error"
        connection.send((status, f"{type(error).__name__}: {error}"[:1000]))
    else:
        connection.send(("ok", result))
    finally:
        connection.close()


def _used_memory_mb() -> float:
    """The largest address space this process reached (VmPeak), in MB."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) / 1024
    except (OSError, PermissionError):
        pass
    return 0.0


def cache_page_references() -> None:
    """Make pydyf's `PDF.page_references` a cached tuple instead of one rebuilt per call.

    WeasyPrint's tagging asks it for every structure element, so building the tuple of
    all pages each time makes tagging quadratic in the page count (0.25 s for a 56-page
    overview of dense tables, more for longer documents). The references only change when
    a page is added, so the cache is keyed by the page count; the output is identical.
    Applied in the render fork server only (pdf_server.py), so that "WeasyPrint alone" in
    the benchmark stays plain WeasyPrint."""
    original = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(original, property) or getattr(original.fget, "cached", False):
        return  # another pydyf: leave it alone

    def page_references(pdf_document):
        kids = pdf_document.pages["Kids"]
        cached = pdf_document.__dict__.get("_rin_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), original.fget(pdf_document))
            pdf_document.__dict__["_rin_page_references"] = cached
        return cached[1]

    page_references.cached = True
    pydyf.PDF.page_references = property(page_references)


# The fork server's warm-up: its font configuration and font files live as long as the
# server, so that no child ever cleans them up under its siblings.
WARM: dict = {}


def warm_up() -> None:
    """Render a page once, loading Pango, Fontconfig and the fonts into this process."""
    stylesheet = Path(__file__).resolve().parent / "styles" / "print.css"
    css = stylesheet.read_text(encoding="utf-8") if stylesheet.exists() else ""
    WARM["folder"] = tempfile.mkdtemp(prefix="rin-render-warm-")
    atexit.register(shutil.rmtree, WARM["folder"], True)
    tempfile.tempdir = WARM["folder"]
    try:
        WARM["font_config"] = FontConfiguration()
        html = '<html lang="sl"><p>čšž <b>ČŠŽ</b> <i>1</i></p><table><tr><td>1</td></tr></table>'
        html_to_pdf(PdfJob(html=html, stylesheet=css), WARM["font_config"])
    finally:
        tempfile.tempdir = None


def _context():
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["reports.pdf_server"])
    return context


_STARTING = threading.Lock()


@contextlib.contextmanager
def _without_main_module():
    """Start children without the parent's __main__: multiprocessing would otherwise run
    the parent's main script again in every child (manage.py is cheap; a test runner or
    an application server is not), and the child needs nothing from it."""
    with _STARTING:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


def render_in_child(job: PdfJob, *, timeout: int, memory_mb: int) -> PdfResult:
    """Render in a forked child with limits; raise RenderError with a reason if it fails."""
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    with tempfile.TemporaryDirectory(prefix="rin-render-") as tmp:
        process = context.Process(
            target=_child, args=(sender, job, memory_mb, timeout, tmp), daemon=True
        )
        with _without_main_module():
            process.start()
        sender.close()
        try:
            if not receiver.poll(timeout):
                raise RenderTimeout(f"timeout after {timeout} s")
            status, payload = receiver.recv()
        except EOFError:
            status, payload = "crash", None
        finally:
            if process.is_alive():
                process.kill()
            process.join(5)
            receiver.close()
    if status == "ok":
        return payload
    if status == "crash" and process.exitcode == -signal.SIGXCPU:
        raise RenderTimeout(f"CPU time limit after {timeout} s")
    if status in {"memory", "crash"}:
        raise RenderOutOfMemory(f"renderer stopped (memory limit {memory_mb} MB or crash)")
    raise RenderError(payload)

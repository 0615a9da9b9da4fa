"""One rendering path: stored data → template with the print stylesheet → WeasyPrint.

`render(document)` turns a Document's stored data into bytes: XLSX through
openpyxl, PDF through the templates in templates/reports/pdf/ and WeasyPrint, run
in a child process with the time and memory limits of the settings
(RIN_RENDER_TIMEOUT_SECONDS, RIN_RENDER_MEMORY_MB). Documents above
RIN_DOCUMENT_MAX_TABLE_ROWS table rows or RIN_DOCUMENT_MAX_TEXT_KB of text are
refused before rendering, with a message that says so.

`fingerprint()` names the data together with the version of everything that shapes
the output (templates, stylesheet, fonts, this code), so that the same data gives
the same stored file and any change gives a new one.
"""

import hashlib
import html as html_lib
import json
import logging
import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import openpyxl
import weasyprint
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from rin_portal.formatting import format_number

from . import assembly, pdf
from .contexts import document_html
from .errors import DocumentError
from .models import Document
from .spreadsheets import workbook_bytes
from .tables import document_tables, to_csv

logger = logging.getLogger(__name__)

APP_DIR = Path(__file__).resolve().parent
STYLESHEET = Path(__file__).resolve().parent / "styles" / "print.css"
TEMPLATE_DIR = settings.BASE_DIR / "templates" / "reports" / "pdf"
CODE_FILES = (
    "rendering.py",
    "contexts.py",
    "charts.py",
    "tables.py",
    "spreadsheets.py",
    "pdf.py",
    "assembly.py",
)
# Code outside the app that writes what documents show: numbers, amounts and dates
# ("−1.234,50"), and the narrative Markdown.
SHARED_FILES = (
    settings.BASE_DIR / "rin_portal" / "formatting.py",
    settings.BASE_DIR / "rin_portal" / "markup.py",
)


@lru_cache(maxsize=1)
def render_version() -> str:
    """A digest of everything besides the data that shapes a document's bytes."""
    digest = hashlib.sha256(
        f"weasyprint {weasyprint.__version__} openpyxl {openpyxl.__version__}".encode()
    )
    paths = [
        STYLESHEET,
        *sorted(TEMPLATE_DIR.rglob("*.html")),
        *sorted(pdf.FONTS_DIR.glob("*.ttf")),
        *(APP_DIR / name for name in CODE_FILES),
        *SHARED_FILES,
    ]
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


@lru_cache(maxsize=8)
def catalogue_version(language: str) -> str:
    """A digest of the compiled translations the document's words come from."""
    digest = hashlib.sha256(language.encode())
    for folder in settings.LOCALE_PATHS:
        catalogue = Path(folder) / language / "LC_MESSAGES" / "django.mo"
        if catalogue.exists():
            digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:20]


def canonical_json(data) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def fingerprint(*, kind: str, format: str, audience: str, language: str, data: dict) -> str:
    payload = {
        "kind": kind,
        "format": format,
        "audience": audience,
        "language": language,
        "render_version": render_version(),
        "catalogue_version": catalogue_version(language),
        "data": data,
    }
    return hashlib.sha256(canonical_json(payload)).hexdigest()


@dataclass
class Rendered:
    content: bytes
    page_count: int | None
    seconds: float | None
    # Of the largest render process; None for spreadsheets.
    peak_memory_mb: float | None = None
    parts_rendered: int = 0
    parts_reused: int = 0


def render(document: Document) -> Rendered:
    """The document's bytes; raises DocumentError with a message for its reader."""
    with translation.override(document.language):
        if document.format == Document.Format.XLSX:
            tables = document_tables(document.kind, document.data)
            content = workbook_bytes(tables, title=document.title, created=document.requested_at)
            return Rendered(content, None, None)
        try:
            if should_assemble(document):
                return _render_assembled(document)
            result = pdf.render_in_child(
                pdf_job(document),
                timeout=settings.RIN_RENDER_TIMEOUT_SECONDS,
                memory_mb=settings.RIN_RENDER_MEMORY_MB,
            )
            return Rendered(
                result.content, result.page_count, result.seconds, result.peak_memory_mb
            )
        except pdf.RenderTimeout as error:
            raise DocumentError(
                _(
                    "Preparing the document took longer than %(seconds)s seconds and was "
                    "stopped. Please ask the administrators to prepare it for you."
                )
                % {"seconds": settings.RIN_RENDER_TIMEOUT_SECONDS}
            ) from error
        except pdf.RenderOutOfMemory as error:
            raise DocumentError(
                _(
                    "The document needs more memory than the %(megabytes)s MB allowed and was "
                    "stopped. Shorten its longest texts or tables and try again."
                )
                % {"megabytes": settings.RIN_RENDER_MEMORY_MB}
            ) from error
        except pdf.RenderError as error:
            logger.error("Rendering document %s failed: %s", document.pk, error)
            raise DocumentError(
                _("The document could not be prepared because of an error in the renderer.")
            ) from error


def should_assemble(document: Document) -> bool:
    """Long accessible PDFs are assembled from parts; archival ones are rendered whole."""
    if document.format != Document.Format.PDF:
        return False
    return (
        part_count(document) >= settings.RIN_DOCUMENT_ASSEMBLE_FROM_PARTS
        or len(canonical_json(document.data)) >= settings.RIN_DOCUMENT_ASSEMBLE_FROM_KB * 1024
    )


def part_count(document: Document) -> int:
    data = document.data
    if document.kind == Document.Kind.NATIONAL:
        return 6
    if document.kind == Document.Kind.YEARLY:
        return len(data["entries"]) + 4
    programmes = sum(len(area["programmes"]) for area in data["areas"])
    return len(data["chapters"]) + programmes + 5


def _render_assembled(document: Document) -> Rendered:
    html = document_html(document, assembled=True)
    check_size(html)
    started = time.perf_counter()
    renderer = assembly.PartRenderer(
        timeout=settings.RIN_RENDER_TIMEOUT_SECONDS,
        memory_mb=settings.RIN_RENDER_MEMORY_MB,
        processes=settings.RIN_RENDER_PROCESSES,
        version=f"{render_version()} {catalogue_version(document.language)}",
    )
    title = document.title
    content, pages = assembly.assemble(
        html=html,
        language=document.language,
        part_stylesheet=stylesheet(title, footer=False),
        front_stylesheet=stylesheet(title, footer=False),
        footer_stylesheet=stylesheet(title, header=False),
        renderer=renderer,
    )
    logger.info(
        "Document %s assembled: %s pages, %s parts rendered, %s reused",
        document.pk,
        pages,
        renderer.rendered,
        renderer.reused,
    )
    return Rendered(
        content,
        pages,
        time.perf_counter() - started,
        renderer.peak_memory_mb,
        renderer.rendered,
        renderer.reused,
    )


def pdf_job(document: Document) -> pdf.PdfJob:
    html = document_html(document)
    check_size(html)
    archival = document.format == Document.Format.PDF_A
    attachments = []
    if archival:
        attachments = [
            pdf.Attachment(f"{table.name}.csv", to_csv(table), table.title)
            for table in document_tables(document.kind, document.data)
        ]
    return pdf.PdfJob(
        html=html,
        stylesheet=stylesheet(document.title),
        archival=archival,
        attachments=attachments,
        created=document.requested_at,
    )


def stylesheet(title: str = "", *, header: bool = True, footer: bool = True) -> str:
    """The print stylesheet with the running title and the footer in the document's language."""
    css = STYLESHEET.read_text(encoding="utf-8")
    if header:
        css += f"\n@page {{ @top-left {{ content: {pdf.css_string(title)}; }} }}\n"
    else:
        css += (
            "\n@page { @top-left { content: none; border: none; }"
            " @top-right { content: none; border: none; } }\n"
        )
    return css + (_footer_css() if footer else "\n@page { @bottom-center { content: none; } }\n")


def _footer_css() -> str:
    """The footer "stran X od Y" in the document's language."""
    pieces = re.split(r"(%\(pages?\)s)", _("page %(page)s of %(pages)s"))
    content = []
    for piece in pieces:
        if piece == "%(page)s":
            content.append("counter(page)")
        elif piece == "%(pages)s":
            content.append("counter(pages)")
        elif piece:
            content.append(pdf.css_string(piece))
    return "\n@page { @bottom-center { content: " + " ".join(content) + "; } }\n"


TAG = re.compile(r"<[^>]*>")


def check_size(html: str) -> None:
    rows = html.count("<tr")
    if rows > settings.RIN_DOCUMENT_MAX_TABLE_ROWS:
        raise DocumentError(
            _(
                "The document is too large to prepare: its tables have %(rows)s rows and at "
                "most %(limit)s are possible. Shorten the longest tables and try again."
            )
            % {
                "rows": format_number(rows),
                "limit": format_number(settings.RIN_DOCUMENT_MAX_TABLE_ROWS),
            }
        )
    text_kb = len(html_lib.unescape(TAG.sub("", html)).encode()) // 1024
    if text_kb > settings.RIN_DOCUMENT_MAX_TEXT_KB:
        raise DocumentError(
            _(
                "The document is too large to prepare: it holds %(size)s KB of text and at "
                "most %(limit)s KB are possible. Shorten the longest texts and try again."
            )
            % {
                "size": format_number(text_kb),
                "limit": format_number(settings.RIN_DOCUMENT_MAX_TEXT_KB),
            }
        )

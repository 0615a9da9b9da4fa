"""Long PDFs assembled from parts rendered apart: in parallel, and reused while unchanged.

The document templates mark where a part ends (`<!--rin:part-->`, between chapters,
programme pages and the annex: places where a new page starts anyway), and where
the front matter (cover and contents) ends (`<!--rin:body-->`). Each part is
rendered by WeasyPrint as a document of its own, tagged, in a limited child
process, and stored under the digest of its HTML and stylesheet, so that after one
programme changes only that programme's part is rendered again. Then:

1. the front matter is rendered with the contents' page numbers written in (the
   parts' page counts and the pages their anchors are on are known by now);
2. the footers "stran X od Y" of all pages are rendered as one document of empty
   pages, and drawn onto each page as a pagination artifact;
3. pypdf joins the pages and the parts' structure trees under one Document
   element (renumbering the parent-tree keys of pages and links), and rebuilds
   the named destinations so that the links of the contents lead to the chapters.

The result carries the same tags, language, title and PDF/UA identification as a
document rendered whole.
"""

import hashlib
import io
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from . import pdf

BODY = "<!--rin:body-->"
PART = "<!--rin:part-->"
BODY_TAG = re.compile(r"<body[^>]*>")


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


def split(html: str) -> Split:
    opening = BODY_TAG.search(html)
    head, rest = html[: opening.end()], html[opening.end() :]
    rest = rest[: rest.rindex("</body>")]
    front, _, body = rest.partition(BODY)
    parts = [part for part in body.split(PART) if part.strip()]
    groups = [
        "".join(parts[start : start + PARTS_PER_GROUP])
        for start in range(0, len(parts), PARTS_PER_GROUP)
    ]
    return Split(head=head, front=front, parts=groups)


@dataclass
class RenderedPart:
    content: bytes
    reader: PdfReader
    anchors: dict[str, int]  # anchor → page index within the part

    @classmethod
    def of(cls, content: bytes) -> "RenderedPart":
        reader = PdfReader(io.BytesIO(content))
        anchors = {
            name.lstrip("/"): reader.get_destination_page_number(destination)
            for name, destination in reader.named_destinations.items()
        }
        return cls(content, reader, anchors)

    @property
    def page_count(self) -> int:
        return len(self.reader.pages)


class PartRenderer:
    """Renders HTML documents in limited children, at most `processes` at once, and keeps
    each result under the digest of what it was made from."""

    def __init__(self, *, timeout: int, memory_mb: int, processes: int, version: str):
        self.timeout, self.memory_mb, self.processes = timeout, memory_mb, processes
        self.version = version
        self.rendered = 0
        self.reused = 0
        self.peak_memory_mb = 0.0

    def _path(self, html: str, stylesheet: str) -> str:
        digest = hashlib.sha256(f"{self.version}\0{stylesheet}\0{html}".encode()).hexdigest()
        return f"document-parts/{digest[:2]}/{digest}.pdf"

    def render_all(self, pages: list[str], stylesheet: str) -> list[RenderedPart]:
        paths = [self._path(html, stylesheet) for html in pages]
        stored = {}
        for path in set(paths):
            if default_storage.exists(path):
                with default_storage.open(path, "rb") as part:
                    stored[path] = part.read()
        missing = {
            path: html for path, html in zip(paths, pages, strict=True) if path not in stored
        }
        self.reused += len(paths) - len(missing)
        self.rendered += len(missing)

        def render(item: tuple[str, str]) -> tuple[str, bytes]:
            path, html = item
            job = pdf.PdfJob(html=html, stylesheet=stylesheet)
            result = pdf.render_in_child(job, timeout=self.timeout, memory_mb=self.memory_mb)
            self.peak_memory_mb = max(self.peak_memory_mb, result.peak_memory_mb)
            return path, result.content

        with ThreadPoolExecutor(max_workers=max(self.processes, 1)) as pool:
            for path, content in pool.map(render, missing.items()):
                stored[path] = content
                if not default_storage.exists(path):
                    default_storage.save(path, ContentFile(content))
        return [RenderedPart.of(stored[path]) for path in paths]

    def render_one(self, html: str, stylesheet: str) -> RenderedPart:
        return self.render_all([html], stylesheet)[0]


def numbered_front(front: str, pages: dict[str, int]) -> str:
    """The contents with each entry's page number written in."""

    def number(match: re.Match) -> str:
        anchor = match[1]
        return f'<a href="#{anchor}" data-page="{pages.get(anchor, "")}">'

    return re.sub(r'<a href="#([\w-]+)">', number, front)


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
    parts = renderer.render_all(
        [document.part_page(part) for part in document.parts], part_stylesheet
    )

    # The front matter's own length decides where the body starts: render it with
    # placeholder numbers as wide as the real ones, then with the real ones.
    anchors = re.findall(r'<a href="#([\w-]+)">', document.front)
    total = sum(part.page_count for part in parts) + 9
    placeholder = {anchor: "9" * len(str(total)) for anchor in anchors}
    front = renderer.render_one(
        document.page(numbered_front(document.front, placeholder)), front_stylesheet
    )
    for _attempt in range(3):
        pages = _anchor_pages(front.page_count, parts)
        numbered = renderer.render_one(
            document.page(numbered_front(document.front, pages)), front_stylesheet
        )
        if numbered.page_count == front.page_count:
            break
        front = numbered
    readers = [numbered.reader, *(part.reader for part in parts)]
    # The cover (before the contents' page) has no footer; landscape pages keep theirs
    # at the foot of the wider page.
    kinds = ["cover"] * numbered.anchors.get("toc-title", 1)
    kinds += [
        "wide" if float(page.mediabox.width) > float(page.mediabox.height) else ""
        for reader in readers
        for page in reader.pages
    ][len(kinds) :]
    footers = renderer.render_one(overlay_html(kinds, language), footer_stylesheet)
    return _join(readers, footers.reader), len(kinds)


def _anchor_pages(front_pages: int, parts: list[RenderedPart]) -> dict[str, int]:
    pages, start = {}, front_pages + 1
    for part in parts:
        for anchor, index in part.anchors.items():
            pages.setdefault(anchor, start + index)
        start += part.page_count
    return pages


def _join(readers: list[PdfReader], footers: PdfReader) -> bytes:
    writer = PdfWriter()
    tree = _StructureTree(writer)
    destinations: dict[str, list] = {}
    for reader in readers:
        start = len(writer.pages)
        writer.append(reader, import_outline=True)
        new_pages = writer.pages[start:]
        tree.add(reader, new_pages)
        for name, destination in reader.named_destinations.items():
            index = reader.get_destination_page_number(destination)
            # The parts' anchors replace the stand-ins the front matter links to.
            if name not in destinations or reader is not readers[0]:
                destinations[name] = [
                    new_pages[index].indirect_reference,
                    NameObject("/XYZ"),
                    FloatObject(destination.left or 0),
                    FloatObject(destination.top or 0),
                    NumberObject(0),
                ]
    for page, footer in zip(writer.pages, footers.pages, strict=True):
        _draw_artifact(writer, page, footer)
    tree.finish()
    _set_destinations(writer, destinations)
    _copy_document_metadata(writer, readers[0])
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class _StructureTree:
    """One structure tree for the joined pages: each part's Document element's children,
    in order, under a single Document element, with parent-tree keys renumbered."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.root = writer._add_object(
            DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        )
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/P"): self.root,
                NameObject("/K"): ArrayObject(),
            }
        )
        self.document_ref = writer._add_object(self.document)
        self.nums = ArrayObject()
        self.next_key = 0

    def add(self, reader: PdfReader, pages) -> None:
        source = reader.trailer["/Root"]["/StructTreeRoot"]
        offset = self.next_key
        numbers = source["/ParentTree"]["/Nums"]
        keys = []
        for key, value in zip(numbers[::2], numbers[1::2], strict=True):
            keys.append(int(key))
            self.nums.append(NumberObject(int(key) + offset))
            self.nums.append(self._clone(value))
        # pypdf drops these page keys when it copies pages: write them back, renumbered.
        for page, original in zip(pages, reader.pages, strict=True):
            if "/StructParents" in original:
                page[NameObject("/StructParents")] = NumberObject(
                    original["/StructParents"] + offset
                )
            for annotation in page.get("/Annots", []):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(
                        annotation["/StructParent"] + offset
                    )
        self.next_key = offset + (max(keys) + 1 if keys else 0)
        for kid in source["/K"][0].get_object()["/K"]:
            element = kid.get_object().clone(self.writer)
            element[NameObject("/P")] = self.document_ref
            self.document["/K"].append(element.indirect_reference)

    def _clone(self, value):
        reference = getattr(value, "indirect_reference", None)
        if reference is not None:
            return value.get_object().clone(self.writer).indirect_reference
        return value.clone(self.writer)

    def finish(self) -> None:
        root = self.root.get_object()
        root[NameObject("/K")] = ArrayObject([self.document_ref])
        root[NameObject("/ParentTree")] = self.writer._add_object(
            DictionaryObject({NameObject("/Nums"): self.nums})
        )
        root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        catalog = self.writer._root_object
        catalog[NameObject("/StructTreeRoot")] = self.root
        catalog[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )


def _draw_artifact(writer: PdfWriter, page, footer) -> None:
    """Draw the footer page onto `page` as a form XObject marked as a pagination artifact."""
    form = StreamObject()
    form.set_data(footer.get_contents().get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in footer.mediabox),
            NameObject("/Resources"): footer["/Resources"].clone(writer),
        }
    )
    form_ref = writer._add_object(form)
    # WeasyPrint's pages share one resource dictionary: give this page its own.
    resources = DictionaryObject(page["/Resources"])
    xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()))
    xobjects[NameObject("/RinFooter")] = form_ref
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources
    before, after = StreamObject(), StreamObject()
    before.set_data(b"q\n")
    after.set_data(b"\nQ\nq /Artifact <</Type /Pagination>> BDC /RinFooter Do EMC Q\n")
    contents = page.raw_get("/Contents")
    contents = (
        list(contents.get_object()) if isinstance(contents.get_object(), list) else [contents]
    )
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *contents, writer._add_object(after)]
    )


def _set_destinations(writer: PdfWriter, destinations: dict[str, list]) -> None:
    names = ArrayObject()
    for name in sorted(destinations):
        names.append(TextStringObject(name))
        names.append(ArrayObject(destinations[name]))
    catalog_names = writer._root_object.get("/Names")
    if catalog_names is None:
        catalog_names = DictionaryObject()
        writer._root_object[NameObject("/Names")] = catalog_names
    catalog_names = catalog_names.get_object()
    catalog_names[NameObject("/Dests")] = writer._add_object(
        DictionaryObject({NameObject("/Names"): names})
    )


def _copy_document_metadata(writer: PdfWriter, front: PdfReader) -> None:
    """Title, language, XMP (with the PDF/UA identification) and viewer preferences."""
    source = front.trailer["/Root"]
    catalog = writer._root_object
    for key in ("/Lang", "/ViewerPreferences", "/Metadata"):
        if key in source:
            catalog[NameObject(key)] = source[key].clone(writer) if key != "/Lang" else source[key]
    if front.metadata:
        writer.add_metadata({key: str(value) for key, value in front.metadata.items()})

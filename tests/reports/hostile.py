"""Files that are not reports, made in the tests: each must be refused in bounded time, nothing else."""

import io
import zlib

from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter

from tests.reports.make_pdf import IlacsReport


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand: the objects numbered from 1, object 1 the catalogue, a correct xref."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def not_a_report() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(text="Invoice 4711: garden maintenance, October")
    return bytes(pdf.output())


def image_only_scan() -> bytes:
    picture = io.BytesIO()
    Image.new("L", (600, 800), color=200).save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=0, y=0, w=210)
    return bytes(pdf.output())


def encrypted_report() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(IlacsReport().pdf())))
    writer.encrypt(user_password="council-only", owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def deeply_nested() -> bytes:
    depth = 200_000
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Foo " + b"[" * depth + b"]" * depth + b" >>",
        ]
    )


def cyclic_page_tree() -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            b"<< /Type /Pages /Kids [2 0 R] /Count 1 /Parent 2 0 R >>",
        ]
    )


def _one_page(content: bytes, filters: bytes = b"") -> bytes:
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R"
            b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
            f"<< /Length {len(content)} ".encode() + filters + b">>\nstream\n" + content + b"\nendstream",
        ]
    )


def thirty_megabytes_of_text() -> bytes:
    """A 30 MB page of text operators: far more than a page of any report draws."""
    line = b"BT /F1 12 Tf 72 700 Td (Inspection of nothing in particular) Tj ET\n"
    return _one_page(line * (30 * 1024 * 1024 // len(line)))


def decompression_bomb() -> bytes:
    """A 100 KB file whose one page inflates to 100 MiB of content."""
    squeeze = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    packed = b"".join(squeeze.compress(chunk) for _ in range(100)) + squeeze.flush()
    return _one_page(packed, b"/Filter /FlateDecode ")

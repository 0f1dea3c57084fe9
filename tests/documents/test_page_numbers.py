"""Page numbers as GB/T 9704-2012 asks: “— 1 —” in 14 pt, one character in from the outer
edge (right on odd pages, left on even ones), in the DOCX (a PAGE field in Word's odd and
even footers) and in the PDF (read back with pdftotext)."""

import datetime
import io
import re
import subprocess

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from documents.paper import Block, Paper, render_docx, render_pdf

A4_WIDTH_PT = 595


def three_pages():
    paragraphs = [Block("p", f"第{n}段。" + "审议意见研究处理情况。" * 12) for n in range(1, 12)]
    return Paper(
        issuer="测试市人民代表大会常务委员会办公室",
        title="页码测试",
        date=datetime.date(2021, 3, 5),
        blocks=paragraphs,
        number="测人大常办〔2021〕7号",
        addressee="测试市人民政府",
    )


def test_the_docx_numbers_its_pages_at_the_outer_edge_with_a_page_field():
    document = docx.Document(io.BytesIO(render_docx(three_pages())))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        (paragraph,) = footer.paragraphs
        assert paragraph.alignment == alignment
        outer = paragraph.paragraph_format.right_indent or paragraph.paragraph_format.left_indent
        assert outer == Pt(14)
        xml = paragraph._p.xml
        fields = [element.get(qn("w:fldCharType")) for element in paragraph._p.iter(qn("w:fldChar"))]
        assert fields == ["begin", "end"]
        instructions = [element.text.strip() for element in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]
        assert paragraph.text == "—  —"  # the number itself is the field's, filled in by Word
        assert 'w:sz w:val="28"' in xml  # 14 pt, in half points


def test_the_pdf_numbers_every_page_at_its_outer_edge(tmp_path):
    path = tmp_path / "paper.pdf"
    path.write_bytes(render_pdf(three_pages()))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert re.search(rf"—\s*{number}\s*—\s*$", page), page[-40:]
    # Where each number stands: the words of the page's last line, with their positions.
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    for number, page in enumerate(re.findall(r"<page .*?</page>", boxes, re.S), start=1):
        words = re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', page)
        (x_min,) = [float(x) for x, word in words if word.strip("—") == str(number)][-1:]
        if number % 2:
            assert x_min > A4_WIDTH_PT * 2 / 3, (number, x_min)
        else:
            assert x_min < A4_WIDTH_PT / 3, (number, x_min)

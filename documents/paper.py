"""One official paper (公文), written once and rendered twice: as PDF (HTML and CSS through
WeasyPrint, with the print pages' stylesheet and `static/css/official.css`) and as DOCX
(python-docx). The layout follows GB/T 9704-2012: A4; margins 37 mm top, 35 mm bottom, 28 mm
left (binding side), 26 mm right; the issuing body in red, the document number, a red rule,
the title, the addressee, the body in a Song-style face at 16 pt on a 28.9 pt grid (22 lines
a page), first-level headings in a sans face, second-level in bold; signature and date at the
right; page numbers as “— 1 —” at the outer edge (right on odd pages, left on even ones).
Fonts: Noto Serif CJK SC and Noto Sans CJK SC (Debian's fonts-noto-cjk; docs/documents.md
says why)."""

import base64
import datetime
import io
from dataclasses import dataclass, field

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
RED = "D40000"


@dataclass
class Block:
    """`kind`: "h1" (一、), "h2" (（一）), "p" (a paragraph), "table" (`rows`, the first is the
    header), "image" (`image`: PNG bytes, `text`: its caption), "cut" (a cut line before a
    reply slip, `text` its title)."""

    kind: str
    text: str = ""
    rows: list = field(default_factory=list)
    image: bytes = b""

    @property
    def data_uri(self):
        """The image inline in the HTML: the PDF fetches nothing from outside."""
        return "data:image/png;base64," + base64.b64encode(self.image).decode("ascii")


@dataclass
class Paper:
    issuer: str
    title: str
    date: datetime.date
    blocks: list
    number: str = ""
    addressee: str = ""
    signature: str = ""
    # A reply slip (回执) after the signature, below a cut line.
    slip: list = field(default_factory=list)
    # 版记: who printed it, on the last page.
    printed_by: str = ""
    language: str = "zh-hans"


def chinese_date(day):
    """A date as official documents write it: 2022年5月20日."""
    return f"{day.year}年{day.month}月{day.day}日"


def written_date(day, language):
    if language.startswith("zh"):
        return chinese_date(day)
    return day.strftime("%-d %B %Y")


# --- PDF -----------------------------------------------------------------------------------


def render_pdf(paper):
    from weasyprint import CSS, HTML

    with translation.override(paper.language):
        html = render_to_string(
            "documents/paper.html",
            {
                "paper": paper,
                "date_text": written_date(paper.date, paper.language),
                "printed_date": written_date(paper.date, paper.language),
            },
        )
    stylesheets = [CSS(filename=finders.find(name)) for name in ("css/print.css", "css/official.css")]
    return HTML(string=html).write_pdf(stylesheets=stylesheets)


# --- DOCX ----------------------------------------------------------------------------------


def _set_fonts(run, face, size_pt, *, bold=False, color=None):
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run.font.name = face
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), face)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)


def _paragraph(document, text, *, face=SERIF, size=16, bold=False, color=None, align=None, indent=True):
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(28.9, size * 1.45))
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = align
    _set_fonts(paragraph.add_run(text), face, size, bold=bold, color=color)
    return paragraph


def _red_rule(paragraph):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "12", "w:space": "6", "w:color": RED}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_number(paragraph, alignment, indent):
    """“— 1 —”: a PAGE field between dashes, 14 pt (四号), `indent` from the page's outer edge."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = alignment
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    _set_fonts(paragraph.add_run("— "), SERIF, 14)
    run = paragraph.add_run()
    _set_fonts(run, SERIF, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _set_fonts(paragraph.add_run(" —"), SERIF, 14)


def _page_number_footers(document, section):
    """Page numbers one character in from the outer edge, as GB/T 9704 asks: right on odd
    pages, left on even ones (Word's separate odd and even footers)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT, Pt(14))
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT, Pt(14))


def _table(document, rows):
    from docx.shared import Pt

    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    table.style = "Table Grid"
    # Row by row: `table.cell(r, c)` walks every cell of the table at each call.
    for r, (row, table_row) in enumerate(zip(rows, table.rows, strict=True)):
        for value, cell in zip(row, table_row.cells, strict=False):
            run = cell.paragraphs[0].add_run(str(value))
            _set_fonts(run, SANS if r == 0 else SERIF, 12, bold=r == 0)
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    return table


def _blocks(document, blocks):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    center = WD_ALIGN_PARAGRAPH.CENTER
    for block in blocks:
        if block.kind == "h1":
            _paragraph(document, block.text, face=SANS)
        elif block.kind == "h2":
            _paragraph(document, block.text, bold=True)
        elif block.kind == "p":
            _paragraph(document, block.text)
        elif block.kind == "table":
            _table(document, block.rows)
        elif block.kind == "image":
            document.add_picture(io.BytesIO(block.image), width=Cm(15))
            _paragraph(document, block.text, size=12, align=center, indent=False)
        elif block.kind == "cut":
            _paragraph(document, "", indent=False)
            _paragraph(document, f"✂ {'-' * 20} {block.text} {'-' * 20}", size=12, align=center, indent=False)


def render_docx(paper):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    document.core_properties.title = paper.title
    document.core_properties.identifier = paper.number
    center = WD_ALIGN_PARAGRAPH.CENTER

    _paragraph(document, paper.issuer, size=24, bold=True, color=RED, align=center, indent=False)
    number = _paragraph(document, paper.number or " ", align=center, indent=False)
    number.paragraph_format.space_before = Pt(14)
    _red_rule(number)
    _paragraph(document, "", indent=False)
    _paragraph(document, paper.title, size=22, bold=True, align=center, indent=False)
    _paragraph(document, "", indent=False)
    if paper.addressee:
        _paragraph(document, f"{paper.addressee}：", indent=False)
    _blocks(document, paper.blocks)
    if paper.signature:
        _paragraph(document, "", indent=False)
        right = WD_ALIGN_PARAGRAPH.RIGHT
        signature = _paragraph(document, paper.signature, align=right, indent=False).paragraph_format
        signature.right_indent = Pt(32)
        # The date stays on the signature's page.
        signature.keep_with_next = True
        date = _paragraph(document, written_date(paper.date, paper.language), align=right, indent=False)
        date.paragraph_format.right_indent = Pt(32)
    _blocks(document, paper.slip)
    if paper.printed_by:
        _paragraph(document, "", indent=False)
        imprint = _paragraph(
            document,
            f"{paper.printed_by}　　{written_date(paper.date, paper.language)}印发"
            if paper.language.startswith("zh")
            else f"{paper.printed_by}, {written_date(paper.date, paper.language)}",
            size=14,
            indent=False,
        )
        _red_rule(imprint)
    _page_number_footers(document, section)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render(paper):
    """{extension: (content type, bytes)} for both formats."""
    return {"docx": (DOCX_TYPE, render_docx(paper)), "pdf": (PDF_TYPE, render_pdf(paper))}

"""The signature and its date are one block: wherever the body ends, they print on one page."""

import datetime
import subprocess

from documents.paper import Block, Paper, render_pdf

SIGNATURE = "某市人民代表大会常务委员会办公室"
DATE = "2023年11月20日"


def pages_of(pdf, tmp_path):
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [page.replace(" ", "") for page in text.split("\f")]


def test_the_date_never_goes_to_the_next_page_without_the_signature(tmp_path):
    moved = 0
    # One-line paragraphs, one more each time: the end of the body passes every line of page 1's
    # last lines, so the page break falls once between the signature and its date.
    for count in range(14, 26):
        paper = Paper(
            issuer="某市人大常委会",
            title="关于转交审议意见的函",
            date=datetime.date(2023, 11, 20),
            blocks=[Block("p", f"第{n}段。") for n in range(count)],
            signature=SIGNATURE,
        )
        pages = pages_of(render_pdf(paper), tmp_path)
        with_signature = [i for i, page in enumerate(pages) if SIGNATURE in page]
        with_date = [i for i, page in enumerate(pages) if DATE in page]
        assert with_signature == with_date, (
            f"{count} paragraphs: signature on {with_signature}, date on {with_date}"
        )
        body_end = max(i for i, page in enumerate(pages) if f"第{count - 1}段" in page)
        moved += with_signature[0] > body_end
    # The range reaches the boundary: at least once the whole block went to the next page.
    assert moved

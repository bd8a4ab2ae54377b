"""Bad input gives one clear line naming the file (or a warning), never a traceback. How long each
refusal takes is measured by benchmarks/bench_limits.py, not asserted here."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from extractor.errors import BadDocument, ExtractorError, UnsupportedFormat
from extractor.load import load

FIX = Path(__file__).resolve().parent / "fixtures"


def one_line_error(path, kind=ExtractorError, contains: str | None = None) -> str:
    with pytest.raises(kind) as ei:
        load(path)
    msg = str(ei.value)
    assert "\n" not in msg and "Traceback" not in msg
    assert str(path) in msg
    if contains:
        assert contains in msg, msg
    return msg


def test_encrypted_pdf():
    one_line_error(FIX / "bad_encrypted.pdf", BadDocument, "encrypted")


def test_scanned_pdf():
    # with the OCR extra, OCR reads the (blank) page images and finds nothing; without it, the
    # message names the extra (tests/test_ocr.py); either way one line
    one_line_error(FIX / "bad_scanned.pdf", BadDocument, "no text layer (scanned?)")
    with pytest.raises(BadDocument) as ei:
        load(FIX / "bad_scanned.pdf", ocr="never")
    assert "no text layer (scanned?); OCR it first (--ocr auto)" in str(ei.value)


def test_garbled_pdf():
    with pytest.raises(BadDocument) as ei:
        load(FIX / "bad_garbled.pdf", ocr="never")
    assert "garbled text layer" in str(ei.value) and "\n" not in str(ei.value)
    from extractor.load import ocr
    if not ocr.available():
        one_line_error(FIX / "bad_garbled.pdf", BadDocument, "pip install 'policy-extractor[ocr]'")
    else:   # --ocr auto reads the garbled page from its pixels instead (here: Latin letters)
        loaded = load(FIX / "bad_garbled.pdf")
        assert loaded.ocr.pages == [1] and len(loaded.text) > 100


def test_truncated_pdf():
    one_line_error(FIX / "bad_truncated.pdf", BadDocument, "truncated")


@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.6, 0.9, 0.97, 0.999])
def test_pdf_cut_anywhere(tmp_path, fraction):
    data = (FIX / "tasktable.pdf").read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: int(len(data) * fraction)])
    try:
        lt = load(p)
    except ExtractorError as e:
        assert "\n" not in str(e) and str(p) in str(e)
    else:
        assert any("truncated" in w for w in lt.warnings)


def test_pdf_header_then_garbage(tmp_path):
    p = tmp_path / "junk.pdf"
    p.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    one_line_error(p, BadDocument)


def test_docx_not_a_zip(tmp_path):
    p = tmp_path / "broken.docx"
    p.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    one_line_error(p, BadDocument, "not a valid DOCX")


def test_docx_truncated(tmp_path):
    data = (FIX / "zhengzhou.docx").read_bytes()
    p = tmp_path / "cut.docx"
    p.write_bytes(data[: len(data) // 2])
    one_line_error(p, BadDocument)


def test_docx_damaged_zip_directory(tmp_path):
    """The end record points the central directory past its real place: every member's offset comes
    out negative (zipfile: 'negative seek value'); that is a damaged DOCX, not a crash."""
    import struct
    data = bytearray((FIX / "zhengzhou.docx").read_bytes())
    end = data.rfind(b"PK\x05\x06")
    (cd_offset,) = struct.unpack_from("<I", data, end + 16)
    struct.pack_into("<I", data, end + 16, cd_offset + 100_000)
    p = tmp_path / "directory.docx"
    p.write_bytes(bytes(data))
    one_line_error(p, BadDocument, "damaged DOCX")


def test_docx_unsupported_zip_version(tmp_path):
    """A central-directory entry that asks for a zip version zipfile cannot read."""
    import struct
    data = bytearray((FIX / "zhengzhou.docx").read_bytes())
    entry = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, entry + 6, 84)          # version needed to extract: 8.4
    p = tmp_path / "version.docx"
    p.write_bytes(bytes(data))
    one_line_error(p, BadDocument, "not a valid DOCX")


def test_html_control_characters(tmp_path):
    """Control characters in the page (a damaged file) are dropped, not a crash in lxml."""
    p = tmp_path / "ctl.html"
    p.write_bytes("<html><body><div><p>关于做好某项工作的通知</p><script>x</script>\x0b一、加强\x01统筹。"
                  "牵头单位：市发展改革委</div></body></html>".encode("utf-8"))
    text = load(p).text
    assert "一、加强统筹。" in text and "\x0b" not in text and "\x01" not in text


def test_docx_zip_bomb(tmp_path):
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            chunk = b"\x00" * (1 << 20)
            for _ in range(60):                               # 60 MB of zeros, ~60 KB on disk
                f.write(chunk)
    assert p.stat().st_size < 200_000
    one_line_error(p, BadDocument, "zip bomb")


def test_docx_bomb_lying_about_its_size(tmp_path):
    """Declared sizes small, real content huge: the read is capped whatever the header says."""
    from extractor.load import docx as d
    old = d.MAX_MEMBER
    d.MAX_MEMBER = 1 << 20
    try:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("word/document.xml", b"<w:document>" + b" " * (3 << 20) + b"</w:document>")
        data = bytearray(buf.getvalue())
        # patch the declared uncompressed size (local header and central directory) down to 1 KB
        for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            i = data.find(sig)
            data[i + off:i + off + 4] = (1024).to_bytes(4, "little")
        p = tmp_path / "liar.docx"
        p.write_bytes(bytes(data))
        one_line_error(p, BadDocument)
    finally:
        d.MAX_MEMBER = old


def test_xlsx_named_docx(tmp_path):
    p = tmp_path / "table.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    one_line_error(p, UnsupportedFormat, "Excel")


def test_docx_malformed_xml(tmp_path):
    p = tmp_path / "bad.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    one_line_error(p, BadDocument, "not well-formed")


def test_html_scripts_never_in_text(tmp_path):
    p = tmp_path / "page.html"
    p.write_text("<html><head><script>var x='牵头单位：脚本单位';</script><style>p{}</style></head><body>"
                 "<div id='content'><p>一、总体要求</p><script>document.write('配合单位：假单位')</script>"
                 "<p>牵头单位：市发展改革委</p><noscript>请开启脚本</noscript></div></body></html>", "utf-8")
    lt = load(p)
    assert lt.text.split("\n")[:2] == ["一、总体要求", "牵头单位：市发展改革委"]
    assert "脚本" not in lt.text and "假单位" not in lt.text


def test_html_only_scripts(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><head><script>var a = '通知';</script></head><body><script>1</script></body></html>", "utf-8")
    one_line_error(p, ExtractorError, "no text")


def test_html_charset_from_meta_and_bom(tmp_path):
    body = "<html><head><meta charset='gbk'></head><body><p>牵头单位：市财政局</p></body></html>"
    p = tmp_path / "gbk.html"
    p.write_bytes(body.encode("gbk"))
    assert "牵头单位：市财政局" in load(p).text
    p2 = tmp_path / "bom.html"
    p2.write_bytes(b"\xef\xbb\xbf" + body.replace("gbk", "gb2312").encode("utf-8"))   # the BOM wins over <meta>
    assert "牵头单位：市财政局" in load(p2).text
    p3 = tmp_path / "nometa.html"
    p3.write_bytes("<html><body><p>牵头单位：市财政局</p></body></html>".encode("gb18030"))
    lt = load(p3)
    assert "牵头单位：市财政局" in lt.text and lt.encoding.startswith("gb")


def test_html_lying_charset(tmp_path):
    p = tmp_path / "liar.html"
    p.write_bytes("<html><head><meta charset='utf-8'></head><body><p>牵头单位：市财政局</p></body></html>".encode("gb18030"))
    lt = load(p)
    assert "牵头单位：市财政局" in lt.text
    assert any("charset" in w for w in lt.warnings)


def test_suffix_lies_docx_as_txt(tmp_path):
    p = tmp_path / "notice.txt"
    p.write_bytes((FIX / "tasktable.docx").read_bytes())
    lt = load(p)
    assert lt.format == "docx" and any("suffix" in w for w in lt.warnings)

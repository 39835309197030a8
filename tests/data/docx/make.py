#!/usr/bin/env python3
"""Small hand-written DOCX/ODT replies for tests/test_docx.c (run from anywhere; writes next to
this script).  Each file exercises one part of the format; the test states what it must give."""
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def write(name, parts):
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts:
            z.writestr(n, data)


def p(text, style=None, extra=""):
    st = f'<w:pStyle w:val="{style}"/>' if style else ""
    return f'<w:p><w:pPr>{st}{extra}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def tc(text, props=""):
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(text)}</w:tc>"


def bold_tc(text):
    return f'<w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{text}</w:t></w:r></w:p></w:tc>'


STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<w:styles {W}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Kop2"><w:name w:val="Kop 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/></w:style>
<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Loop1"/><w:basedOn w:val="Loop2"/></w:style>
<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Loop2"/><w:basedOn w:val="Loop1"/></w:style>
</w:styles>"""

CT = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"""


def docx(name, body, extra=(), styles=STYLES):
    doc = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>'
    parts = [("[Content_Types].xml", CT), ("word/document.xml", doc)]
    if styles:
        parts.append(("word/styles.xml", styles))
    write(name, parts + list(extra))


# A reply with everything a Word letter has.
body = "".join([
    p("Freedom of Information Request 2024/123", "Heading1"),
    p("Loop styles do not hang", "Loop1"),
    '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Question 1</w:t></w:r></w:p>',
    '<w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>Your request</w:t></w:r></w:p>',
    p("How many crimes mentioned Snapchat?"),
    p("Response", "Kop2"),
    # tracked changes: the deleted figure goes, the inserted one stays; field code skipped
    '<w:p><w:r><w:t xml:space="preserve">There were </w:t></w:r>'
    '<w:del w:id="1" w:author="x"><w:r><w:delText>12</w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="x"><w:r><w:t>14</w:t></w:r></w:ins>'
    '<w:r><w:t xml:space="preserve"> crimes</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    '<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden note</w:t></w:r>'
    '<w:r><w:t>.</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>',
    # a line break splits a paragraph into lines, a tab is a space
    '<w:p><w:r><w:t>Stalking:</w:t><w:tab/><w:t>3</w:t><w:br/><w:t>Harassment: 5</w:t></w:r></w:p>',
    '<w:p><w:hyperlink><w:r><w:t>Linked</w:t></w:r></w:hyperlink><w:fldSimple w:instr="DATE"><w:r><w:t xml:space="preserve"> text</w:t></w:r></w:fldSimple></w:p>',
    '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>Malicious Communications: 4</w:t></w:r></w:p>',
    p("Stalking: 2", "ListParagraph"),
    '<w:p><w:r><w:sym w:font="Symbol" w:char="F0B7"/><w:t xml:space="preserve"> Blackmail: 1</w:t></w:r></w:p>',
    p("The original wording", "Quote"),
    p("continues here", "Quote"),
    '<w:sdt><w:sdtPr/><w:sdtContent>' + p("Inside a content control") + '</w:sdtContent></w:sdt>',
    p("Table 1: Crimes by year", "Caption"),
    # gridSpan + vMerge, tblHeader
    '<w:tbl><w:tblGrid/>'
    '<w:tr><w:trPr><w:tblHeader/></w:trPr>' + tc("Offence", '<w:vMerge w:val="restart"/>')
    + tc("Year", '<w:gridSpan w:val="2"/>') + '</w:tr>'
    '<w:tr><w:trPr><w:tblHeader/></w:trPr>' + tc("", "<w:vMerge/>") + tc("2022") + tc("2023") + '</w:tr>'
    '<w:tr>' + tc("Stalking", '<w:vMerge w:val="restart"/>') + tc("3") + tc("4") + '</w:tr>'
    '<w:tr>' + tc("", '<w:vMerge w:val="continue"/>') + tc("5") + tc("6") + '</w:tr>'
    '<w:tr>' + tc("Total", '<w:gridSpan w:val="999999"/>') + '</w:tr>'
    '</w:tbl>',
    p("Between tables"),
    # bold first row: header
    '<w:tbl><w:tr>' + bold_tc("Year") + bold_tc("Crimes") + '</w:tr><w:tr>' + tc("2021") + tc("7") + '</w:tr></w:tbl>',
    # layout table holding a data table: cells read as content
    '<w:tbl><w:tr><w:tc>' + p("Layout cell text") + '<w:tbl><w:tr>' + tc("Outcome") + tc("Count")
    + '</w:tr><w:tr>' + tc("Charged") + tc("2") + '</w:tr></w:tbl></w:tc></w:tr></w:tbl>',
    p("Yours sincerely"),
])
HDR = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {W}>' + p("Kent Police") + p("Freedom of Information Unit") + '<w:tbl><w:tr>' + tc("Sutton Road, Maidstone") + '</w:tr></w:tbl></w:hdr>'
HDR2 = f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {W}>' + p("Kent Police") + '</w:hdr>'
FN = (f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W}>'
      '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
      '<w:footnote w:id="1">' + p("Figures under 5 are suppressed.") + '</w:footnote></w:footnotes>')
CORE = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>FOI 2024/123 reply</dc:title></cp:coreProperties>')
docx("letter.docx", body, [("word/header1.xml", HDR), ("word/header2.xml", HDR2),
                           ("word/footnotes.xml", FN), ("docProps/core.xml", CORE)])

# No styles part at all, a deep nest of content controls, a paragraph past the depth we follow.
deep = p("shallow")
for _ in range(100):
    deep = '<w:sdt><w:sdtContent>' + deep + '</w:sdtContent></w:sdt>'
docx("deep.docx", deep + p("after"), styles=None)

# Nesting beyond libxml2's own limit: not well-formed for it, so unreadable.
deeper = "<w:customXml>" * 3000 + p("x") + "</w:customXml>" * 3000
docx("too-deep.docx", deeper)

# Not a Word document: a zip without word/document.xml.
write("no-document.docx", [("[Content_Types].xml", CT), ("word/styles.xml", STYLES)])
# document.xml that is not XML.
write("bad-xml.docx", [("[Content_Types].xml", CT), ("word/document.xml", "<w:document><w:body><w:p>")])
# The OLE container Word uses for password-protected documents.
with open(os.path.join(HERE, "encrypted.docx"), "wb") as f:
    f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)

# ---- ODT -------------------------------------------------------------------------------------
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/"')
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
ODT_STYLES = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}><office:styles>'
              '<style:style style:name="Quotations" style:family="paragraph"/>'
              '<style:style style:name="Table_20_Heading" style:display-name="Table Heading" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>'
              '</office:styles><office:master-styles><style:master-page style:name="Standard">'
              '<style:header><text:p>Sussex Police</text:p><text:p>Information Access</text:p></style:header>'
              '<style:header-first><text:p>Sussex Police</text:p></style:header-first>'
              '</style:master-page></office:master-styles></office:document-styles>')


def odt(name, text, auto="", encrypted=False):
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
               f'<office:automatic-styles>{auto}</office:automatic-styles>'
               f'<office:body><office:text>{text}</office:text></office:body></office:document-content>')
    man = MANIFEST
    if encrypted:
        man = man.replace('media-type="text/xml"/>', 'media-type="text/xml"><manifest:encryption-data/></manifest:file-entry>')
    meta = f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NS}><office:meta><dc:title>ODT reply</dc:title></office:meta></office:document-meta>'
    with zipfile.ZipFile(os.path.join(HERE, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content if not encrypted else "\x8b\x00garbage")
        z.writestr("styles.xml", ODT_STYLES)
        z.writestr("meta.xml", meta)
        z.writestr("META-INF/manifest.xml", man)


AUTO = ('<style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
        '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Quotations"/>'
        '<style:style style:name="P2" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>')
cell = lambda t, a="": f'<table:table-cell{a}><text:p>{t}</text:p></table:table-cell>'
text = "".join([
    '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>12 deleted</text:p></text:deletion></text:changed-region></text:tracked-changes>',
    '<text:h text:outline-level="1">Freedom of Information Request 1560/24</text:h>',
    '<text:p><text:span text:style-name="T1">Question 2</text:span></text:p>',
    '<text:p>There<text:s text:c="1000000"/>were <text:change text:change-id="c1"/>14 crimes.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Small numbers are suppressed.</text:p></text:note-body></text:note></text:p>',
    '<text:p>Line one<text:line-break/>Line two<text:tab/>end</text:p>',
    '<text:list><text:list-item><text:p>Stalking: 2</text:p></text:list-item><text:list-item><text:list><text:list-item><text:p>Nested item</text:p></text:list-item></text:list></text:list-item></text:list>',
    '<text:p text:style-name="P1">Quoted request</text:p>',
    '<text:p text:style-name="P2">Crimes by year</text:p>',
    '<table:table table:name="T1"><table:table-column table:number-columns-repeated="3"/>'
    '<table:table-header-rows><table:table-row>' + cell("Offence", ' table:number-rows-spanned="2"')
    + cell("Year", ' table:number-columns-spanned="2"') + '<table:covered-table-cell/></table:table-row>'
    '<table:table-row><table:covered-table-cell/>' + cell("2022") + cell("2023") + '</table:table-row></table:table-header-rows>'
    '<table:table-row>' + cell("Stalking") + cell("3", ' table:number-columns-repeated="2"') + '</table:table-row>'
    '<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000000"/></table:table-row>'
    '</table:table>',
    # a claimed million columns of text: capped
    '<table:table><table:table-row>' + cell("x", ' table:number-columns-repeated="1000000"') + '</table:table-row>'
    '<table:table-row table:number-rows-repeated="1000000">' + cell("y") + '</table:table-row></table:table>',
    '<text:p>The end</text:p>',
])
odt("reply.odt", text, AUTO)
odt("encrypted.odt", "", encrypted=True)
write("not-text.odt", [("mimetype", "application/vnd.oasis.opendocument.text"),
                       ("content.xml", f'<office:document-content {NS}><office:body><office:spreadsheet/></office:body></office:document-content>')])

#!/usr/bin/env python3
"""Small hand-written workbooks for tests/test_spreadsheet.c (run from this folder).
Hostile inputs too big to commit (zip bomb, deep nesting, junk) are made by the test."""
import zipfile

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
ROOT_RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
# fonts: 0 plain, 1 bold.  cellXfs: 0 general, 1 bold, 2 d/m builtin 14, 3 mmm-yy, 4 mmmm yyyy,
# 5 #,##0, 6 0.0%, 7 m/d/yyyy, 8 yyyy-mm-dd, 9 h:mm, 10 d-mmm-yy builtin 15, 11 "0.00"
STYLES = ('<?xml version="1.0"?><styleSheet %s><numFmts count="5">'
          '<numFmt numFmtId="164" formatCode="mmm\\-yy"/><numFmt numFmtId="165" formatCode="mmmm yyyy"/>'
          '<numFmt numFmtId="166" formatCode="0.0%%"/><numFmt numFmtId="167" formatCode="m/d/yyyy"/>'
          '<numFmt numFmtId="168" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
          '<fonts count="2"><font><sz val="11"/></font><font><b/><sz val="11"/></font></fonts>'
          '<cellXfs count="12"><xf numFmtId="0" fontId="0"/><xf numFmtId="0" fontId="1"/>'
          '<xf numFmtId="14" fontId="0"/><xf numFmtId="164" fontId="0"/><xf numFmtId="165" fontId="0"/>'
          '<xf numFmtId="3" fontId="0"/><xf numFmtId="166" fontId="0"/><xf numFmtId="167" fontId="0"/>'
          '<xf numFmtId="168" fontId="0"/><xf numFmtId="20" fontId="0"/><xf numFmtId="15" fontId="0"/>'
          '<xf numFmtId="2" fontId="0"/></cellXfs></styleSheet>') % NS


def xlsx(path, sheets, sst=None, date1904=False, extra=None):
    """sheets: list of (name, state, sheet xml body)."""
    z = zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED)
    z.writestr('[Content_Types].xml', CT)
    z.writestr('_rels/.rels', ROOT_RELS)
    wb = '<?xml version="1.0"?><workbook %s><workbookPr date1904="%s"/><sheets>' % (NS, 'true' if date1904 else 'false')
    rels = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>')
    for i, (name, state, body) in enumerate(sheets):
        wb += '<sheet name="%s" sheetId="%d" state="%s" r:id="rId%d"/>' % (name, i + 1, state, i + 1)
        rels += ('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                 'Target="worksheets/s%d.xml"/>') % (i + 1, i + 1)
        z.writestr('xl/worksheets/s%d.xml' % (i + 1), '<?xml version="1.0"?><worksheet %s>%s</worksheet>' % (NS, body))
    z.writestr('xl/workbook.xml', wb + '</sheets></workbook>')
    z.writestr('xl/_rels/workbook.xml.rels', rels + '</Relationships>')
    z.writestr('xl/styles.xml', STYLES)
    if sst is not None:
        z.writestr('xl/sharedStrings.xml', '<?xml version="1.0"?><sst %s>%s</sst>' % (NS, ''.join('<si>%s</si>' % s for s in sst)))
    z.writestr('docProps/core.xml', '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
               'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Test workbook</dc:title></cp:coreProperties>')
    for k, v in (extra or {}).items():
        z.writestr(k, v)
    z.close()


def c(ref, v, s=0, t=None):
    return '<c r="%s" s="%d"%s><v>%s</v></c>' % (ref, s, ' t="%s"' % t if t else '', v)


def isc(ref, text, s=0):
    return '<c r="%s" s="%d" t="inlineStr"><is><t>%s</t></is></c>' % (ref, s, text)


def row(n, *cells):
    return '<row r="%d">%s</row>' % (n, ''.join(cells))


# dates and numbers: one value per row, the format named in column A
dates = [('builtin 14', 44227, 2), ('mmm-yy', 44227, 3), ('mmmm yyyy', 44227, 4), ('#,##0', 1234567, 5),
         ('0.0%', 0.125, 6), ('m/d/yyyy', 44227, 7), ('yyyy-mm-dd', 44227, 8), ('h:mm', 0.75, 9),
         ('builtin 15', 44227, 10), ('0.00', 3.14159, 11), ('general', 0.1, 0), ('general', 42.0, 0),
         ('general', 1234567.891, 0), ('general', 1e20, 0), ('general', -2.5, 0), ('leap bug', 60, 2),
         ('before leap', 59, 2)]
body = '<sheetData>' + ''.join(row(i + 1, isc('A%d' % (i + 1), name), c('B%d' % (i + 1), repr(v), s))
                               for i, (name, v, s) in enumerate(dates)) + '</sheetData>'
xlsx('dates.xlsx', [('Formats', 'visible', body)])
xlsx('dates1904.xlsx', [('Sheet1', 'visible', '<sheetData>' + row(1, isc('A1', 'date'), c('B1', '42765', 2)) + '</sheetData>')],
     date1904=True)

# a reply sheet: title, note, merged bold header band, shared and inline strings, footnote;
# a hidden second sheet and a visible third
sst = ['<t>Offence</t>', '<r><t>Malicious </t></r><r><rPr><b/></rPr><t>Communications</t></r><rPh><t>XX</t></rPh>',
       '<t>Harassment</t>', '<t>Total</t>', '<t>Year</t>', '<t xml:space="preserve">* figures under 5 are suppressed</t>']
reply = ('<dimension ref="A1:D9"/><sheetData>'
         + row(1, isc('A1', 'Crimes mentioning TikTok', 1))
         + row(2, isc('A2', 'Figures taken on 1 March 2024'))
         + row(4, c('A4', 0, 1, 's'), c('B4', 4, 1, 's'), '<c r="C4" s="1"/>', '<c r="D4" s="1"/>')
         + row(5, '<c r="A5" s="1"/>', c('B5', 2021, 1), c('C5', 2022, 1), c('D5', 2023, 1))
         + row(6, c('A6', 1, 0, 's'), c('B6', 14), c('C6', 1234, 5), c('D6', 23))
         + row(7, c('A7', 2, 0, 's'), c('B7', 9), isc('C7', '*'), c('D7', 15))
         + row(8, c('A8', 3, 1, 's'), '<c r="B8" t="str"><f>SUM(B6:B7)</f><v>23</v></c>', c('C8', 1246), c('D8', 38))
         + row(10, c('A10', 5, 0, 's'))
         + '</sheetData><mergeCells count="2"><mergeCell ref="B4:D4"/><mergeCell ref="A4:A5"/></mergeCells>')
hidden = '<sheetData>' + row(1, isc('A1', 'Outcome'), isc('B1', 'Count')) + row(2, isc('A2', 'Charged'), c('B2', 3)) + '</sheetData>'
third = '<sheetData>' + row(1, isc('A1', 'Platform'), isc('B1', '2022')) + row(2, isc('A2', 'TikTok'), c('B2', 7)) + '</sheetData>'
xlsx('reply.xlsx', [('Sheet1', 'visible', reply), ('Lists', 'hidden', hidden), ('By platform', 'visible', third)], sst=sst)

# a sheet that claims the whole grid and merges to its far corner
huge = ('<dimension ref="A1:XFD1048576"/><sheetData>' + row(1, isc('A1', 'Year'), isc('B1', 'Crimes'))
        + row(2, isc('A2', '2021'), c('B2', 5)) + row(1048576, isc('XFD1048576', 'far away'))
        + '</sheetData><mergeCells><mergeCell ref="C5:XFD1048576"/><mergeCell ref="A1:XFD1"/></mergeCells>')
xlsx('huge.xlsx', [('Sheet1', 'visible', huge)])

# no workbook part
z = zipfile.ZipFile('noworkbook.xlsx', 'w', zipfile.ZIP_DEFLATED)
z.writestr('[Content_Types].xml', CT)
z.writestr('xl/worksheets/sheet1.xml', '<worksheet/>')
z.close()

# an entry flagged as encrypted (general purpose bit 0 in both headers)
xlsx('encrypted.xlsx', [('Sheet1', 'visible', '<sheetData>' + row(1, isc('A1', 'x'), c('B1', 1)) + '</sheetData>')])
data = bytearray(open('encrypted.xlsx', 'rb').read())
name = b'xl/worksheets/s1.xml'
# (signature, offset of the flags, offset of the name length, offset of the name)
for sig, flag_off, len_off, name_off in ((b'PK\x03\x04', 6, 26, 30), (b'PK\x01\x02', 8, 28, 46)):
    i = data.find(sig)
    while i >= 0:
        ln = int.from_bytes(data[i + len_off:i + len_off + 2], 'little')
        if data[i + name_off:i + name_off + ln] == name:
            data[i + flag_off] |= 1
        i = data.find(sig, i + 4)
open('encrypted.xlsx', 'wb').write(bytes(data))

# ODS: header rows, spans, covered cells, text:s, repeats as padding, a hidden table
ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')


def oc(text, extra='', vt='string'):
    return '<table:table-cell office:value-type="%s" %s><text:p>%s</text:p></table:table-cell>' % (vt, extra, text)


PAD_CELL = '<table:table-cell table:number-columns-repeated="16380"/>'
PAD_ROW = '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
content = ('<?xml version="1.0"?><office:document-content %s><office:automatic-styles>'
           '<style:style style:name="ce1" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>'
           '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>'
           '</office:automatic-styles><office:body><office:spreadsheet>'
           '<table:table table:name="Crimes">'
           '<table:table-column table:number-columns-repeated="16384"/>'
           '<table:table-row>%s%s</table:table-row>'
           '<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
           '<table:table-header-rows><table:table-row>%s%s<table:covered-table-cell/>%s</table:table-row></table:table-header-rows>'
           '<table:table-row>%s%s%s%s%s</table:table-row>'
           '<table:table-row>%s%s%s%s%s</table:table-row>'
           '%s</table:table>'
           '<table:table table:name="Hidden" table:style-name="ta2"><table:table-row>%s%s</table:table-row>'
           '<table:table-row>%s%s</table:table-row></table:table>'
           '</office:spreadsheet></office:body></office:document-content>') % (
    ODS_NS,
    oc('Crimes<text:s text:c="2"/>mentioning TikTok', 'table:style-name="ce1"'), PAD_CELL,
    oc('Offence'), oc('2021 and 2022', 'table:number-columns-spanned="2"'), oc('Total'),
    oc('8R - Malicious Communications'), oc('14', 'office:value="14"', 'float'), oc('19', 'office:value="19"', 'float'),
    oc('33', 'office:value="33"', 'float'), PAD_CELL,
    oc('8L - Harassment'), oc('9', 'office:value="9"', 'float'), oc('1,234', 'office:value="1234"', 'float'),
    oc('1,243', 'office:value="1243"', 'float'), PAD_CELL,
    PAD_ROW,
    oc('Outcome'), oc('Count'), oc('Charged'), oc('3', 'office:value="3"', 'float'))
z = zipfile.ZipFile('padding.ods', 'w', zipfile.ZIP_DEFLATED)
z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.spreadsheet')
z.writestr('content.xml', content)
z.writestr('meta.xml', '<?xml version="1.0"?><office:document-meta %s xmlns:dc="http://purl.org/dc/elements/1.1/">'
           '<office:meta><dc:title>ODS test</dc:title></office:meta></office:document-meta>' % ODS_NS)
z.close()

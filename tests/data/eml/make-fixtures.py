#!/usr/bin/env python3
"""Writes the .eml fixtures of tests/data/eml (run from the repository root).  Built by hand
line by line (not with Python's email package) so the bytes look like what Outlook and Gmail
send: CRLF, quoted-printable Windows-1252, base64 at 76 columns, RFC 2231 names."""
import base64, quopri, os

OUT = "tests/data/eml"

def qp(text, charset):
    return quopri.encodestring(text.encode(charset)).decode("ascii")

def b64(data):
    s = base64.b64encode(data).decode("ascii")
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76))

def crlf(s):
    return s.replace("\r\n", "\n").replace("\n", "\r\n")

# 1. Gwent: figures in the plain-text body as an aligned table; text/plain (QP, windows-1252)
#    + text/html alternative; the requester's message quoted after "-----Original Message-----".
plain1 = """FOI Reference: 2024/0881

Dear Mr Ahmed,

Thank you for your request for information received on 23 September 2024 \u2013 please find our response below.

Gwent Police holds information relevant to your request. The figures are crimes recorded in each calendar year where TikTok was mentioned in the crime summary.

Offence                              2021     2022     2023
--------------------------------------------------------------
Malicious Communications               11       15       19
Harassment                              6        9       12
Stalking                                2        4        3
Total                                  19       28       34

A crime that mentions TikTok was not necessarily committed using the app.

No fee is charged for this request (the appropriate limit is \u00a3450).

If you are unhappy with this response you may ask for an internal review within 40 working days.

Yours sincerely,

Rhian Davies
Freedom of Information Officer
Gwent Police

-----Original Message-----
From: Sam Ahmed <sam.ahmed@example.org>
Sent: 23 September 2024 09:12
To: Freedom of Information <foi@gwent.police.uk>
Subject: Freedom of Information request

Dear Gwent Police,

Please tell me how many crimes recorded in 2021, 2022 and 2023 mentioned TikTok, broken down by offence (for example 8R, 8L and 8Q).

Many thanks,
Sam Ahmed
"""
html1 = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>
<body><p>FOI Reference: 2024/0881</p><p>Dear Mr Ahmed,</p>
<p>Thank you for your request for information received on 23 September 2024 \u2013 please find our response below.</p>
<table><tr><th>Offence</th><th>2021</th><th>2022</th><th>2023</th></tr>
<tr><td>Malicious Communications</td><td>11</td><td>15</td><td>19</td></tr>
<tr><td>Harassment</td><td>6</td><td>9</td><td>12</td></tr>
<tr><td>Stalking</td><td>2</td><td>4</td><td>3</td></tr>
<tr><td>Total</td><td>19</td><td>28</td><td>34</td></tr></table>
<p>No fee is charged for this request (the appropriate limit is \u00a3450).</p>
<div id="divRplyFwdMsg"><b>From:</b> Sam Ahmed<br><b>Sent:</b> 23 September 2024 09:12</div>
<div>Please tell me how many crimes recorded in 2021, 2022 and 2023 mentioned TikTok.</div>
</body></html>
"""
msg1 = f"""Received: from mail.gwent.police.uk (mail.gwent.police.uk [192.0.2.10])
\tby mx.example.org with ESMTPS id 4XyZ1; Mon, 21 Oct 2024 14:05:12 +0100
From: "Freedom of Information" <foi@gwent.police.uk>
To: "Sam Ahmed" <sam.ahmed@example.org>
Subject: =?Windows-1252?Q?RE:_Freedom_of_Information_request_2024-0881_=96_TikTok?=
Date: Mon, 21 Oct 2024 14:05:09 +0100
Message-ID: <DB9PR01MB1234@DB9PR01MB1234.eurprd01.prod.outlook.com>
Accept-Language: en-GB
Content-Language: en-US
MIME-Version: 1.0
Content-Type: multipart/alternative;
\tboundary="_000_DB9PR01MB1234_"

--_000_DB9PR01MB1234_
Content-Type: text/plain; charset="Windows-1252"
Content-Transfer-Encoding: quoted-printable

{qp(plain1, "cp1252")}
--_000_DB9PR01MB1234_
Content-Type: text/html; charset="Windows-1252"
Content-Transfer-Encoding: quoted-printable

{qp(html1, "cp1252")}
--_000_DB9PR01MB1234_--
"""

# 2. Kent: a letter in the body, the figures in the attached XLSX (fixtures/office/xlsx);
#    multipart/mixed > multipart/alternative, Gmail-style "On ... wrote:" quote, RFC 2231 name.
xlsx = open("fixtures/office/xlsx/kent-foi-2025-0412-tiktok-offences.xlsx", "rb").read()
plain2 = """Dear Requester,

Freedom of Information Act 2000 request reference FOI 2025/0412

Kent Police holds information relevant to your request. Please find the figures in the attached spreadsheet, which gives the crimes mentioning TikTok by offence and calendar year.

If you are unhappy with this response you may ask for an internal review within 40 working days.

Kind regards

Freedom of Information Unit
Kent Police

On Mon, 10 Feb 2025 at 08:15, Alex Byrne <alex.byrne@example.net> wrote:
> Please tell me, for each calendar year from 2021 to 2023 inclusive, how many
> crimes recorded by Kent Police had the app TikTok noted in the crime report.
"""
html2 = """<div dir="ltr"><p>Dear Requester,</p><p>Freedom of Information Act 2000 request reference FOI 2025/0412</p>
<p>Kent Police holds information relevant to your request. Please find the figures in the attached spreadsheet.</p>
<div class="gmail_quote"><blockquote class="gmail_quote">Please tell me, for each calendar year from 2021 to 2023 inclusive, how many crimes recorded by Kent Police had the app TikTok noted.</blockquote></div></div>
"""
msg2 = f"""From: "Freedom of Information" <foi@kent.police.uk>
To: Alex Byrne <alex.byrne@example.net>
Date: Fri, 14 Mar 2025 11:02:47 +0000
Subject: RE: Freedom of Information request 2025-0412
Message-ID: <CAK3xPq1@mail.kent.police.uk>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="000000000000a1b2c3d4e5f6"

--000000000000a1b2c3d4e5f6
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e5f5"

--000000000000a1b2c3d4e5f5
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

{qp(plain2, "utf-8")}
--000000000000a1b2c3d4e5f5
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64(html2.encode("utf-8"))}
--000000000000a1b2c3d4e5f5--

--000000000000a1b2c3d4e5f6
Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;
\tname="FOI 2025-0412 response.xlsx"
Content-Disposition: attachment;
\tfilename*0*=UTF-8''FOI%202025-0412%20;
\tfilename*1*=response.xlsx
Content-Transfer-Encoding: base64
X-Attachment-Id: f_m1a2b3c40

{b64(xlsx)}
--000000000000a1b2c3d4e5f6--
"""

for name, text in [("gwent-foi-2024-0881-table-in-body.eml", msg1),
                   ("kent-foi-2025-0412-xlsx-attached.eml", msg2)]:
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(crlf(text).encode("ascii"))

"""Extra template families for foigen: reply shapes that are NOT in the shared dev sample.

Loaded by foigen with --extra scripts/gen-extra (see README.md). foigen calls register(fg) with
its own module; every template below is a function (ctx) -> fg.Output that builds a Reply and
records each figure through R.fig() at the moment it prints it, so the gold is exactly what the
file says. Figures that a careful reader could not pin down (a period that is not stated, a total
across platforms) are never printed.
"""
import datetime as dt
import html
import io
import csv
import random
import re
import textwrap

fg = None  # the foigen module, set by register()
D = dt.date


# --------------------------------------------------------------------------------------------
# extra wordings (used by every template, dev ones included, when the pool is not 'dev')

OFFENCE_WORDS = {
    "sexcomm": ["Sexual Communication With A Child (S15A)", "Sex comms with a child",
                "s.15A Sexual Offences Act 2003 - sexual communication with a child",
                "Engage in sexual communication with a child under 16"],
    "grooming": ["Meeting a child following sexual grooming (s15 SOA 2003)"],
    "malcomms": ["Malicious Comms", "Malicious communication",
                 "Send letter / communication / article of an indecent / offensive nature (recordable)",
                 "Malicious Communications Act 1988 s1 - send communication with intent to cause distress or anxiety"],
    "psi": ["Disclose private sexual photographs and films with intent to cause distress (CJCA 2015 s33)",
            "Revenge porn - disclosing private sexual images"],
    "harassment": ["Harassment (without violence)", "Harassment - Protection from Harassment Act 1997 s2",
                   "Pursue course of conduct amounting to harassment (PHA 1997 s2)"],
    "stalking": ["Stalking involving serious alarm/distress", "Stalking (s2A PHA 1997)",
                 "Stalking - Protection from Harassment Act 1997 s4A"],
    "coercive": ["Controlling / coercive behaviour (S76 SCA 2015)"],
    "threats": ["Threat to kill", "Threats To Kill (OAPA 1861 s16)"],
    "pfad": ["Intentional harassment, alarm or distress", "Fear or provocation of violence (s4 POA 1986)"],
    "raharass": ["Racially/religiously aggravated harassment"],
    "blackmail": ["Blackmail / sextortion", "Blackmail (Theft Act 1968 s21)"],
    "iioc": ["Indecent photographs of children - take/make/distribute", "Possession of indecent images of children",
             "Obscene Publications Etc."],
    "expvoy": ["Voyeurism (SOA 2003 s67)"],
    "assault": ["Common Assault & Battery", "Assault without injury (common assault)"],
    "s127": ["Improper use of public communications network",
             "Communications Act 2003 s127 - send grossly offensive message"],
}

OUTCOME_WORDS = {
    "o1": ["Charge or summons", "Charged / Summonsed", "Suspect charged", "Outcome 1: charged or summonsed"],
    "o3": ["Adult Caution", "Simple caution - adult"],
    "o8": ["Community resolution (informal out-of-court)"],
    "o14": ["Outcome 14 - evidential difficulties, suspect not identified, victim does not support"],
    "o15": ["Evidential difficulties - suspect identified, victim supports (outcome 15)",
            "OC15 – Evidential difficulties (victim supports)"],
    "o16": ["Victim does not support further action - suspect identified (outcome 16)",
            "Named suspect - victim withdraws support (OC16)"],
    "o18": ["No suspect identified - investigation complete", "Investigation complete - no suspect (OC18)"],
    "o20": ["Transferred to another agency"],
    "o21": ["Further investigation not in the public interest (outcome 21)"],
    "o22": ["Diversionary / educational activity (outcome 22)"],
    "pending": ["Under Investigation", "Not yet assigned an outcome", "Ongoing investigation", "Outcome pending"],
}

PLATFORM_WORDS = {
    "TikTok": ["Tik-Tok", "TIK TOK"],
    "Snapchat": ["Snap Chat", "SNAPCHAT"],
    "Instagram": ["INSTAGRAM"],
    "Facebook": ["FaceBook", "FACEBOOK"],
    "WhatsApp": ["Whats App"],
    "X": ["Twitter", "X/Twitter"],
    "YouTube": ["You Tube"],
}

OTHER_OFFENCE = ["Other offence types", "All other crimes", "Remaining offences"]
OTHER_OUTCOME = ["All other outcome types", "Other disposals"]

CODE_FORMATS = ["{code}: {name}", "HO {code} {name}", "{name} ({code})", "{code} – {name}"]


def code_text(rng, code):
    """Zero-padded spellings forces use for one-digit classes: 8L -> 08L."""
    if re.fullmatch(r"[0-9][A-Z]", code):
        return "0" + code
    return code


def _yy(y):
    return str(y)[2:]


PERIOD_STYLES = {
    "cy": [
        ("cy-calyear", lambda y: f"Calendar year {y}", lambda y, r: f"Calendar year {y} (to date)"),
        ("cy-jandec", lambda y: f"January - December {y}", lambda y, r: f"January {y} - present"),
        ("cy-dot-explicit", lambda y: f"01.01.{y} - 31.12.{y}", lambda y, r: f"01.01.{y} - {fg.fmt_date(r, 'dot')}"),
    ],
    "fy": [
        ("fy-fy2", lambda y: f"FY{_yy(y)}/{_yy(y + 1)}", lambda y, r: f"FY{_yy(y)}/{_yy(y + 1)} YTD"),
        ("fy-monyy", lambda y: f"Apr-{_yy(y)} to Mar-{_yy(y + 1)}", lambda y, r: f"Apr-{_yy(y)} to date"),
        ("fy-4hyphen", lambda y: f"{y}-{y + 1}", lambda y, r: f"{y}-{y + 1} (to date)"),
        ("fy-ordinal", lambda y: f"1st April {y} to 31st March {y + 1}", lambda y, r: f"1st April {y} to date"),
    ],
}


def _supp_styles():
    S = fg.Supp
    return [
        lambda rng: S("<3", 1, 2, rng.choice(["Figures of fewer than three are shown as <3.",
                                              "<3 denotes one or two crimes, suppressed to protect victims."])),
        lambda rng: S("1-4", 1, 4, "Where a figure is between 1 and 4 it is shown as '1-4' to protect the identity of individuals."),
        lambda rng: S("[c]", 1, 4, "[c] indicates a figure between 1 and 4 that has been suppressed as confidential."),
        lambda rng: S("<10", 1, 9, "Values under 10 have been shown as <10 in line with the force's disclosure policy."),
    ]


# --------------------------------------------------------------------------------------------
# helpers

def esc(s):
    return html.escape(s, quote=False)


FAMILIES = []  # (template id, weight, fn), registered with foigen by register()


def family(tid, weight=1.0):
    def deco(fn):
        FAMILIES.append((tid, weight, fn))
        return fn
    return deco


def period_list_phrase(R):
    return ", ".join(p.label for p in R.periods)


def closed_last(R):
    """Index of the latest period that is complete (falls back to the last)."""
    for i in range(len(R.periods) - 1, -1, -1):
        if R.periods[i].kind == "full":
            return i
    return len(R.periods) - 1


def related_refs(R, rng, k):
    """Other requests' references in the force's style (sidebars, 'see also'); never the reply's own."""
    out = []
    for j in range(k):
        when = R.request_date - dt.timedelta(days=rng.randint(60, 900))
        ref = fg.make_reference_number(random.Random(f"{R.reference}|rel|{j}"), R.force, when)
        if ref != R.reference:
            out.append((ref, when))
    return out


def head_lines_html(R, rng):
    return fg.disclosure_head(R, rng)


# --------------------------------------------------------------------------------------------
# HTML families

def html_page(R, rng, title, parts, charset="utf-8"):
    return fg.html_doc(R, title, "\n".join(parts), charset=charset)


def intro_html(R, rng, quote=True):
    out = [f"  <h1>{esc(title_of(R))}</h1>", head_lines_html(R, rng), fg.paras_html([fg.bp_received(R)])]
    if quote:
        out.append(f"  <blockquote><p>{esc(fg.bp_request(R))}</p></blockquote>")
    out.append(fg.paras_html([fg.bp_hold(R), fg.bp_method(R)]))
    return out


def title_of(R):
    if not hasattr(R, "_title"):
        R._title = fg.page_title(R)
    return R._title


def tail_html(R, rng, k=2):
    return fg.paras_html(fg.supp_note(R) + fg.zero_note(R) + fg.bp_caveats(R, k) + fg.bp_rights(R))


@family("html/offence-columns", 1.0)
def t_offence_columns(ctx):
    """Periods as rows, offences as columns, a Total column and a Total row."""
    rng = ctx.rng
    R = ctx.reply(n_off=rng.randint(3, 6))
    k = len(R.offs) if rng.random() < 0.6 else max(2, len(R.offs) - 2)
    cols = fg.offence_rows(R, k=k, total=rng.random() < 0.75, total_label=rng.choice(["Total", "All offences"]))
    rows = [R.P(i) for i in range(len(R.periods))]
    if len(rows) > 1 and rng.random() < 0.7:
        rows.append(R.PT(rng.choice(["Total", "Grand Total", "All years"])))
    T = fg.build_table(R, rows, cols, corner=rng.choice(["Year", "Period", "Financial year" if R.scheme != "cy" else "Calendar year", ""]))
    body = intro_html(R, rng)
    body += [f"  <h2>{esc(rng.choice(['Offences by year', 'Crime types recorded each year', 'Breakdown by offence']))}</h2>",
             fg.html_table(T, attrs='class="table table-striped"', thead=rng.random() < 0.6, th_rows=rng.random() < 0.5,
                           bold_total=rng.random() < 0.5),
             tail_html(R, rng)]
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


@family("html/cross-table", 1.1)
def t_cross_table(ctx):
    """Offence x outcome for one period named only in the heading above the table."""
    rng = ctx.rng
    R = ctx.reply(n_off=rng.randint(3, 6), out_scheme=rng.choice(["short", "grouped", "short"]))
    pi = closed_last(R) if rng.random() < 0.6 else len(R.periods) - 1
    P = R.periods[pi]
    raw = P.label
    k = len(R.offs) if rng.random() < 0.6 else max(2, len(R.offs) - 2)
    orows = fg.offence_rows(R, k=k, total=True, total_label=rng.choice(["Total", "Total crimes"]))
    ucols = fg.outcome_rows(R, total=rng.random() < 0.7, total_label="Total")
    Pp = R.P(pi, raw=raw)
    transpose = rng.random() < 0.35
    if transpose:
        T = fg.build_table(R, ucols, orows, fixed=(Pp,), corner="Outcome")
    else:
        T = fg.build_table(R, orows, ucols, fixed=(Pp,), corner=rng.choice(["Offence", "Crime type", ""]))
    head = rng.choice([f"Offences recorded in {raw}, by outcome", f"Crimes recorded during {raw} and their outcomes",
                       f"Outcome by offence type: {raw}"])
    body = intro_html(R, rng)
    if len(R.periods) > 1 and rng.random() < 0.6:
        Tp = fg.build_table(R, [R.P(i) for i in range(len(R.periods))], [R.OA()], corner="Period")
        Tp.header = ["Period", rng.choice(["Crimes", "Number of offences"])]
        body += ["  <h2>Crimes recorded by period</h2>", fg.html_table(Tp, attrs='class="table"')]
    body += [f"  <h2>{esc(head)}</h2>", fg.html_table(T, attrs='class="table" border="1"', th_rows=rng.random() < 0.4,
                                                     bold_total=rng.random() < 0.5),
             tail_html(R, rng)]
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


@family("html/per-platform", 1.1)
def t_per_platform(ctx):
    """Several platforms: one table per platform under its heading, or platforms as columns."""
    rng = ctx.rng
    R = ctx.reply(n_platforms=rng.randint(2, 4), n_off=rng.randint(3, 6))
    body = intro_html(R, rng)
    if rng.random() < 0.5:
        for li, (canon, lab) in enumerate(R.platforms):
            T = fg.build_table(R, fg.offence_rows(R, total=True), fg.period_cols(R, total=rng.random() < 0.3),
                               fixed=(R.L(li),), corner="Offence")
            h = rng.choice([f"{lab}", f"Table {li + 1}: {lab}", f"Crimes where {lab} was mentioned"])
            body += [f"  <h3>{esc(h)}</h3>", fg.html_table(T, attrs='class="table"')]
    else:
        rows = [R.P(i) for i in range(len(R.periods))]
        if len(rows) > 1 and rng.random() < 0.6:
            rows.append(R.PT("Total"))
        T = fg.build_table(R, rows, [R.L(li) for li in range(len(R.platforms))],
                           corner=rng.choice(["Year", "Period", ""]))
        body += [f"  <h2>{esc(rng.choice(['Crimes by platform', 'Offences linked to each platform']))}</h2>",
                 fg.html_table(T, attrs='class="table"', bold_total=True)]
        if rng.random() < 0.6:
            pi = len(R.periods) - 1
            T2 = fg.build_table(R, fg.offence_rows(R, total=True), [R.L(li) for li in range(len(R.platforms))],
                                fixed=(R.P(pi),), corner="Offence")
            body += [f"  <h2>{esc('Offences by platform, ' + R.periods[pi].label)}</h2>",
                     fg.html_table(T2, attrs='class="table"')]
    body.append(tail_html(R, rng))
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


@family("html/year-band", 1.0)
def t_year_band(ctx):
    """A 'Calendar year'/'Financial year' band over the period row, caption, thead/tbody/tfoot."""
    rng = ctx.rng
    R = ctx.reply()
    nP = len(R.periods)
    band = "Calendar year" if R.scheme == "cy" else rng.choice(["Financial year", "Financial year (April to March)"])
    tcol = nP > 1 and rng.random() < 0.6
    orows = fg.offence_rows(R, total=False)
    cols = [R.P(i) for i in range(nP)] + ([R.PT("Total")] if tcol else [])
    cap = rng.choice([f"Table 1: {R.tiktok()} related crimes by offence and {band.lower()}",
                      f"Crimes recorded by offence type ({band.lower()})"])
    o = ['<table class="data">', f"  <caption>{esc(cap)}</caption>", "  <thead>",
         f"    <tr><th rowspan=\"2\" scope=\"col\">{rng.choice(['Offence', 'Crime type'])}</th>"
         f"<th colspan=\"{nP}\" scope=\"colgroup\">{esc(band)}</th>"
         + ("<th rowspan=\"2\">Total</th>" if tcol else "") + "</tr>",
         "    <tr>" + "".join(f"<th scope=\"col\">{esc(p.label)}</th>" for p in R.periods) + "</tr>", "  </thead>"]
    tb = ["  <tbody>"]
    for s in orows:
        tb.append(f"    <tr><th scope=\"row\">{esc(s.label)}</th>" + "".join(f"<td>{esc(R.fig(s, c))}</td>" for c in cols) + "</tr>")
    tb.append("  </tbody>")
    tl = rng.choice(["Total", "All offences"])
    tot = R.OT(tl)
    tf = ["  <tfoot>", f"    <tr><th scope=\"row\">{esc(tl)}</th>" + "".join(f"<td>{esc(R.fig(tot, c))}</td>" for c in cols) + "</tr>",
          "  </tfoot>"]
    o += (tf + tb) if rng.random() < 0.5 else (tb + tf)   # HTML 4 puts tfoot before tbody
    o.append("</table>")
    body = intro_html(R, rng) + ["\n".join("  " + x for x in o), tail_html(R, rng)]
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


@family("html/bold-td-groups", 1.0)
def t_bold_td_groups(ctx):
    """No <th> at all: headers are bold <td>s; offence group labels span their rows (rowspan)."""
    rng = ctx.rng
    R = ctx.reply(n_off=rng.randint(5, 10))
    groups = {}
    for i, it in enumerate(R.offs):
        g = ctx.gen.ref.offences.get(it.code, {}).get("offence_group") or "Other"
        groups.setdefault(g, []).append(i)
    cols = fg.period_cols(R, total=rng.random() < 0.4)
    bold = rng.choice([("<b>", "</b>"), ("<strong>", "</strong>"), ('<span style="font-weight:bold">', "</span>")])
    b = lambda t: f"{bold[0]}{esc(t)}{bold[1]}"
    o = ['<table border="1" cellpadding="4" cellspacing="0">',
         "  <tr>" + f"<td colspan=\"2\">{b('Offence')}</td>" + "".join(f"<td>{b(c.label)}</td>" for c in cols) + "</tr>"]
    for g, idxs in groups.items():
        for j, oi in enumerate(idxs):
            gcell = f"<td rowspan=\"{len(idxs)}\" valign=\"top\">{b(g)}</td>" if j == 0 else ""
            o.append(f"  <tr>{gcell}<td>{esc(R.offs[oi].label)}</td>"
                     + "".join(f"<td align=\"right\">{esc(R.fig(R.O(oi), c))}</td>" for c in cols) + "</tr>")
    tl = rng.choice(["Total", "Grand Total"])
    o.append(f"  <tr><td colspan=\"2\">{b(tl)}</td>" + "".join(f"<td align=\"right\">{b(R.fig(R.OT(tl), c))}</td>" for c in cols) + "</tr>")
    o.append("</table>")
    body = intro_html(R, rng) + ["\n".join("  " + x for x in o)]
    if rng.random() < 0.6:
        Tu = fg.build_table(R, fg.outcome_rows(R, total=True), fg.period_cols(R), corner="Outcome")
        rows = ["<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">",
                "  <tr>" + "".join(f"<td>{b(h)}</td>" for h in Tu.header) + "</tr>"]
        for r in Tu.rows:
            rows.append("  <tr>" + f"<td>{esc(r[0])}</td>" + "".join(f"<td>{esc(c)}</td>" for c in r[1:]) + "</tr>")
        rows.append("</table>")
        body += [f"  <p>{b('Outcomes')}</p>", "\n".join("  " + x for x in rows)]
    body.append(tail_html(R, rng))
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


AGE_BANDS = ["Under 13", "13-15", "16-17", "18 and over", "Not recorded"]


@family("html/question-sections", 1.1)
def t_question_sections(ctx):
    """'Question 1' / 'Question 2' / 'Table 3 - outcomes' headings, each followed by its table; a victim-age
    table (not a dimension: only its Total is a figure)."""
    rng = ctx.rng
    R = ctx.reply(n_periods=rng.randint(2, 4))
    pl = R.tiktok()
    last = len(R.periods) - 1
    lab = R.periods[last].label
    body = [f"  <h1>{esc(title_of(R))}</h1>", head_lines_html(R, rng), fg.paras_html([fg.bp_received(R)])]
    # Q1 totals per period
    T1 = fg.build_table(R, [R.P(i) for i in range(len(R.periods))], [R.OA()], corner="Period")
    T1.header = ["Period", "Number of crimes"]
    body += ["  <h2>Question 1</h2>",
             f"  <p><em>How many crimes have been recorded {esc(fg.request_years_phrase(R))} where {esc(pl)} was mentioned?</em></p>",
             "  <h3>Response</h3>", fg.html_table(T1, attrs='class="table"')]
    # Q2 offences for one period given in the question
    T2 = fg.build_table(R, fg.offence_rows(R, total=True), [R.P(last, label="Number", raw=lab)], corner="Crime type")
    body += ["  <h2>Question 2</h2>",
             f"  <p><em>Please break down the crimes recorded in {esc(lab)} by offence type.</em></p>",
             "  <h3>Response</h3>", fg.html_table(T2, attrs='class="table"')]
    # Table 3 outcomes x periods
    T3 = fg.build_table(R, fg.outcome_rows(R, total=rng.random() < 0.6), fg.period_cols(R), corner="Outcome")
    body += ["  <h2>Question 3</h2>", "  <p><em>What was the outcome of each of these crimes?</em></p>",
             f"  <h3>{esc(rng.choice(['Table 3 - outcomes', 'Table 3 – Outcomes by period', 'Table 3: crime outcomes']))}</h3>",
             fg.html_table(T3, attrs='class="table"')]
    # Q4 victim age: unsupported breakdown; only the stated total is a figure (same as Q1's last period)
    if rng.random() < 0.6:
        n = R.n(R.P(last))
        parts = [0] * len(AGE_BANDS)
        for _ in range(n):
            parts[rng.choices(range(len(AGE_BANDS)), weights=[2, 5, 3, 4, 1])[0]] += 1
        rows = "".join(f"<tr><td>{esc(a)}</td><td>{v}</td></tr>" for a, v in zip(AGE_BANDS, parts))
        tot = R.fig(R.P(last, raw=lab), exact=True)
        body += ["  <h2>Question 4</h2>", f"  <p><em>What was the age of the victims of the crimes recorded in {esc(lab)}?</em></p>",
                 "  <h3>Response</h3>",
                 f"  <table class=\"table\"><tr><th>Victim age</th><th>Crimes</th></tr>{rows}<tr><td>Total</td><td>{tot}</td></tr></table>"]
    body.append(tail_html(R, rng))
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


NAV = ["Home", "About us", "Advice", "Report", "Contact us", "News", "Freedom of information"]


@family("html/site-chrome", 1.0)
def t_site_chrome(ctx):
    """A CMS page: cookie banner, nav and sidebars full of numbers, a layout table wrapping the data table."""
    rng = ctx.rng
    R = ctx.reply()
    F = R.force_text
    rel = related_refs(R, rng, rng.randint(2, 4))
    topics = ["Stalking offences", "Social media crime", "Malicious communications", "Online grooming",
              "Hate crime on social media", "Sexting offences"]
    side = "".join(f"<li><a href=\"/foi/{fg.slugify(r)}\">{esc(r)} – {esc(rng.choice(topics))}</a> "
                   f"<span class=\"date\">Published {fg.fmt_date(w, 'long')}</span></li>" for r, w in rel)
    yr = R.reply_date.year
    archive = "".join(f"<li><a href=\"/foi/{y}\">{y} ({rng.randint(120, 640)})</a></li>" for y in range(yr, yr - 4, -1))
    T = fg.build_table(R, fg.offence_rows(R, total=rng.random() < 0.8), fg.period_cols(R, total=rng.random() < 0.3),
                       corner="Offence")
    data = fg.html_table(T, attrs='class="foi-data"', indent="        ")
    upd = R.reply_date + dt.timedelta(days=rng.randint(3, 40))
    head = fg.disclosure_head(R, rng)
    o = f"""  <div class="cookie-banner"><p>We use 3 essential cookies and up to 12 optional cookies. <a href="/cookies">Cookie settings</a></p></div>
  <nav class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/foi">FOI</a> &gt; <a href="/foi/{yr}">Disclosure log {yr}</a></nav>
  <ul class="main-nav">{''.join(f'<li><a href="#">{n}</a></li>' for n in NAV)}</ul>
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0">
    <tr>
      <td class="sidebar" width="25%" valign="top">
        <h4>Disclosure log archive</h4>
        <ul>{archive}</ul>
        <h4>Related requests ({len(rel)})</h4>
        <ul>{side}</ul>
      </td>
      <td class="content" valign="top">
        <h1>{esc(title_of(R))}</h1>
{head}
        {fg.paras_html([fg.bp_received(R)], indent='')}
        <blockquote>{esc(fg.bp_request(R))}</blockquote>
        {fg.paras_html([fg.bp_hold(R), fg.bp_method(R)], indent='')}
{data}
        {fg.paras_html(fg.supp_note(R) + fg.zero_note(R) + fg.bp_caveats(R, 2), indent='')}
      </td>
    </tr>
  </table>
  <div class="feedback"><p>Was this page helpful? {rng.randint(60, 95)}% of 1{rng.randint(10, 99)} visitors said yes.</p>
  <p>Page last updated: {fg.fmt_date(upd, 'long')}</p></div>
  {fg.paras_html(fg.bp_rights(R), indent='')}"""
    return fg.Output(fg.html_doc(R, title_of(R), o), "html", R)


@family("html/xhtml-lists", 1.0)
def t_xhtml_lists(ctx):
    """XHTML 1.0 with an XML declaration; figures only in <ul>/<ol> items, one list per period."""
    rng = ctx.rng
    R = ctx.reply(n_off=rng.randint(3, 7))
    F = R.force_text
    style = rng.choice(["dash", "paren", "colon"])

    def item(label, v):
        return {"dash": f"{label} – {v}", "paren": f"{label} ({v})", "colon": f"{label}: {v}"}[style]
    o = [f"<h1>{esc(title_of(R))}</h1>", head_lines_html(R, rng).strip(),
         fg.paras_html([fg.bp_received(R), fg.bp_request(R).split("\n")[0], fg.bp_hold(R)], indent=""),
         f"<p>The number of crimes recorded in each period was:</p>",
         "<ul>" + "".join(f"<li>{esc(item(R.periods[i].label, R.fig(R.P(i), exact=True)))}</li>"
                          for i in range(len(R.periods))) + "</ul>"]
    kind = rng.choice(["offence", "offence", "outcome"])
    for pi, p in enumerate(R.periods):
        its = []
        if kind == "offence":
            for oi in range(len(R.offs)):
                if R.n(R.P(pi), R.O(oi)) == 0:
                    continue  # only offences that occurred are listed
                its.append(item(R.offs[oi].label, R.fig(R.P(pi), R.O(oi))))
        else:
            for ui in range(len(R.outs)):
                if R.n(R.P(pi), R.U(ui)) == 0:
                    continue
                its.append(item(R.outs[ui].label, R.fig(R.P(pi), R.U(ui))))
        if not its:
            continue
        o.append(f"<h3>{esc(p.label)}</h3>")
        o.append("<ol>" + "".join(f"<li>{esc(x)}</li>" for x in its) + "</ol>")
    o.append(fg.paras_html(fg.supp_note(R) + fg.bp_caveats(R, 1) + fg.bp_rights(R), indent=""))
    body = "\n".join(o)
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />
<title>{esc(title_of(R))} - {esc(F)}</title>
</head>
<body>
<div id="content">
{body}
</div>
<div id="footer"><p>{esc(F)}, {esc(', '.join(R.force.addr))}</p></div>
</body>
</html>
"""
    return fg.Output(doc, rng.choice(["xhtml", "html", "htm"]), R)


def word_doc(R, rng, paras_and_tables):
    parts = []
    for x in paras_and_tables:
        parts.append(x if x.startswith("<table") or x.startswith("<p class=MsoList") else fg.word_p(x))
    body = "\n\n".join(parts)
    return f"""<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv=Content-Type content="text/html; charset=windows-1252">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<title>{esc(fg.foi_ref(R))}</title>
{fg.WORD_STYLE}
</head>
<body lang=EN-GB style='tab-interval:36.0pt'>
<div class=WordSection1>
{body}
</div>
</body>
</html>
"""


@family("html/word-lists", 0.9)
def t_word_lists(ctx):
    """Word 'Save as Web Page' letter (windows-1252): year lists as MsoListParagraph bullets, then an
    outcome table whose header row is bold text in ordinary cells."""
    rng = ctx.rng
    R = ctx.reply(n_off=rng.randint(3, 7))
    sep = rng.choice([" \u2013 ", " - ", ": "])

    def li(text):
        return ("<p class=MsoListParagraphCxSpMiddle style='text-indent:-18.0pt'><span style='font-family:Symbol'>"
                "\u00b7<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span>"
                f"<span style='font-size:11.0pt'>{esc(text)}<o:p></o:p></span></p>")
    x = fg.bp_letterhead(R) + [""]
    if R.date_stated:
        x.append(R.date(style=rng.choice(["long", "ord"])))
    x += [fg.ref_line(R, rng), "", "Dear Requester,", "", fg.bp_received(R), "",
          "\u201c" + fg.bp_request(R).replace("\n", " ") + "\u201d", "", fg.bp_hold(R), "",
          "The number of crimes recorded in each period is shown below:"]
    for i in range(len(R.periods)):
        x.append(li(f"{R.periods[i].label}{sep}{R.fig(R.P(i), exact=True)}"))
    last = len(R.periods) - 1
    lab = R.periods[last].label
    x += ["", f"Of the crimes recorded in {lab}, the offence types were:"]
    for oi in range(len(R.offs)):
        if R.n(R.P(last), R.O(oi)):
            x.append(li(f"{R.offs[oi].label}{sep}{R.fig(R.P(last, raw=lab), R.O(oi))}"))
    if rng.random() < 0.7:
        Tu = fg.build_table(R, fg.outcome_rows(R, total=True), fg.period_cols(R), corner="Outcome")
        rows = []
        for ri, row in enumerate([Tu.header] + Tu.rows):
            cells = [fg.word_cell(row[0], 246, rng, bold=ri == 0, split=ri > 0)]
            cells += [fg.word_cell(c, 96, rng, bold=ri == 0, align="center") for c in row[1:]]
            rows.append(" <tr>\n" + "\n".join(cells) + "\n </tr>")
        x += ["", "Outcomes by period:",
              "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>\n"
              + "\n".join(rows) + "\n</table>"]
    x += [""] + fg.supp_note(R) + fg.bp_caveats(R, 2) + fg.bp_rights(R) + [""] + fg.bp_signoff(R)
    doc = word_doc(R, rng, x)
    return fg.Output(fg.encode(doc, "cp1252", crlf=True, html_fallback=True), "htm", R,
                     name=f"{fg.slugify(R.reference)}_letter.htm")


# --------------------------------------------------------------------------------------------
# XML families

def xe(s):
    return html.escape(s, quote=False)


def xa(s):
    return html.escape(s, quote=True)


@family("xml/row-attrs-3d", 1.0)
def t_xml_row_attrs(ctx):
    """<row year=".." offence=".." outcome=".." count=".."/>, sometimes with a platform attribute."""
    rng = ctx.rng
    multi = rng.random() < 0.35
    R = ctx.reply(n_platforms=rng.randint(2, 3) if multi else 1, n_off=rng.randint(3, 6),
                  out_scheme=rng.choice(["short", "grouped"]), zero=rng.choice(["0", ""]))
    pattr = "year" if R.scheme == "cy" else rng.choice(["financial_year", "fy", "period"])
    cattr = rng.choice(["count", "crimes", "value", "number"])
    o = [fg.xml_decl(), f'<export system="{xa(R.force.system)}" force="{xa(R.force_text)}">',
         f"  <reference>{xe(R.reference)}</reference>"]
    if R.date_stated:
        o.append(f"  <responseDate>{R.date(style=rng.choice(['iso', 'dmy', 'long']))}</responseDate>")
    o += [f"  <request>{xe(fg.bp_request(R))}</request>",
          f"  <notes>{xe(' '.join(fg.bp_caveats(R, 2) + fg.supp_note(R)))}</notes>", "  <rows>"]
    for li in range(len(R.platforms)):
        for pi in range(len(R.periods)):
            for oi in range(len(R.offs)):
                for ui in range(len(R.outs)):
                    if R.count((li,), (pi,), (oi,), (ui,)) == 0 and rng.random() < 0.85:
                        continue
                    v = R.fig(R.L(li), R.P(pi), R.O(oi), R.U(ui))
                    if not v:
                        continue
                    pa = f' platform="{xa(R.platforms[li][1])}"' if multi else ""
                    o.append(f'    <row {pattr}="{xa(R.periods[pi].label)}"{pa} offence="{xa(R.offs[oi].label)}" '
                             f'outcome="{xa(R.outs[ui].label)}" {cattr}="{xa(v)}"/>')
    o += ["  </rows>", "</export>\n"]
    return fg.Output("\n".join(o), "xml", R)


@family("xml/year-tags", 1.0)
def t_xml_year_tags(ctx):
    """Wide records whose element names carry the year: <y2021>, <CY2022>, <FY2021_22>."""
    rng = ctx.rng
    # element names cannot say "to date", so only complete periods are exported
    R = ctx.reply(open_last=False, scheme=rng.choice(["cy", "cy", "fy"]))
    if R.scheme == "cy":
        tagf = rng.choice([lambda p: f"y{p.year}", lambda p: f"CY{p.year}", lambda p: f"Year{p.year}"])
    else:
        tagf = rng.choice([lambda p: f"FY{p.year}_{str(p.year + 1)[2:]}", lambda p: f"fy{p.year}-{p.year + 1}"])
    tot = len(R.periods) > 1 and rng.random() < 0.6
    o = [fg.xml_decl(), "<CrimeData>", "  <Meta>", f"    <Force>{xe(R.force_text)}</Force>",
         f"    <FOIRef>{xe(R.reference)}</FOIRef>"]
    if R.date_stated:
        o.append(f"    <Responded>{R.date(style=rng.choice(['iso', 'long']))}</Responded>")
    o += [f"    <Description>{xe(R.tiktok())} related crime by offence and year</Description>", "  </Meta>"]
    for oi in range(len(R.offs)):
        o.append("  <Offence>")
        o.append(f"    <Description>{xe(R.offs[oi].label)}</Description>")
        for pi, p in enumerate(R.periods):
            v = R.fig(R.P(pi, raw=tagf(p)), R.O(oi))
            o.append(f"    <{tagf(p)}>{xe(v)}</{tagf(p)}>" if v else f"    <{tagf(p)}/>")
        if tot:
            o.append(f"    <Total>{R.fig(R.PT(raw='Total'), R.O(oi))}</Total>")
        o.append("  </Offence>")
    o.append("  <Offence>")
    o.append("    <Description>Total</Description>")
    for pi, p in enumerate(R.periods):
        o.append(f"    <{tagf(p)}>{R.fig(R.P(pi, raw=tagf(p)), R.OT())}</{tagf(p)}>")
    if tot:
        o.append(f"    <Total>{R.fig(R.PT(raw='Total'), R.OT())}</Total>")
    o.append("  </Offence>")
    if R.supp or R.zero == "":
        o.append(f"  <Note>{xe(' '.join(fg.supp_note(R) + (['An empty element means no crimes were recorded.'] if R.zero == '' else [])))}</Note>")
    o.append("</CrimeData>\n")
    return fg.Output("\n".join(o), "xml", R)


def ss_cell(v, number_ok=True, style=None, index=None):
    idx = f' ss:Index="{index}"' if index else ""
    st = f' ss:StyleID="{style}"' if style else ""
    if number_ok and re.fullmatch(r"[0-9]+", v):
        return f'<Cell{idx}{st}><Data ss:Type="Number">{v}</Data></Cell>'
    return f'<Cell{idx}{st}><Data ss:Type="String">{xe(v)}</Data></Cell>'


def ss_sheet(name, rows):
    """rows: lists of cell texts ('' = cell omitted, the next cell carries ss:Index)."""
    o = [f' <Worksheet ss:Name="{xa(name)}">', "  <Table>"]
    for r in rows:
        cells, gap = [], False
        for ci, c in enumerate(r):
            if c == "":
                gap = True
                continue
            cells.append(ss_cell(c, style="h" if r is rows[0] else None, index=ci + 1 if gap else None))
            gap = False
        o.append("   <Row>" + "".join(cells) + "</Row>")
    o += ["  </Table>", " </Worksheet>"]
    return "\n".join(o)


@family("xml/spreadsheetml", 1.0)
def t_xml_spreadsheetml(ctx):
    """An Excel 2003 XML Spreadsheet with an Offences sheet and an Outcomes sheet."""
    rng = ctx.rng
    R = ctx.reply(zero=rng.choice(["0", "0", ""]), n_off=rng.randint(3, 8))
    # the cell value 0 written as a thousands-free number; blanks are omitted cells (ss:Index)
    R.use_thousands = False
    meta = [[f"{R.force_text} - Freedom of Information request"], ["Reference", R.reference],
            ["Subject", f"Crimes recorded where {R.tiktok()} was mentioned"]]
    if R.date_stated:
        meta.append(["Date of response", R.date(style="dmy")])
    meta.append([])
    T1 = fg.build_table(R, fg.offence_rows(R, total=True), fg.period_cols(R, total=rng.random() < 0.3), corner="Offence")
    sheets = [ss_sheet("Offences", [T1.header] + T1.rows)]
    if rng.random() < 0.75:
        T2 = fg.build_table(R, fg.outcome_rows(R, total=True), fg.period_cols(R), corner="Outcome")
        sheets.append(ss_sheet("Outcomes", [T2.header] + T2.rows))
    info = meta + [[x] for x in fg.supp_note(R) + fg.zero_note(R) + fg.bp_caveats(R, 2)]
    info_sheet = ss_sheet("Information", [["Item", "Detail"]] + [m for m in info if m])
    sheets = [info_sheet] + sheets if rng.random() < 0.5 else sheets + [info_sheet]
    doc = f"""<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">
  <Author>{xe(R.force.unit)}</Author>
  <Version>16.00</Version>
 </DocumentProperties>
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal"><Font ss:FontName="Arial" ss:Size="10"/></Style>
  <Style ss:ID="h"><Font ss:Bold="1"/></Style>
 </Styles>
{chr(10).join(sheets)}
</Workbook>
"""
    return fg.Output(doc, "xml", R)


RFC822_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def rfc822(d, rng):
    return f"{RFC822_DAYS[d.weekday()]}, {d.day:02d} {fg.MON3[d.month - 1]} {d.year} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:00 GMT"


@family("xml/rss-escaped", 0.9)
def t_xml_rss(ctx):
    """A disclosure-log RSS feed item whose <description> holds the reply as escaped HTML (or CDATA)."""
    rng = ctx.rng
    R = ctx.reply()
    T = fg.build_table(R, fg.offence_rows(R, total=rng.random() < 0.85), fg.period_cols(R, total=rng.random() < 0.3),
                       corner=rng.choice(["Offence", "Crime type"]))
    inner = "\n".join([f"<p>{esc(fg.ref_line(R, rng))}</p>", fg.paras_html([fg.bp_received(R)], indent=""),
                       f"<blockquote>{esc(fg.bp_request(R))}</blockquote>",
                       fg.paras_html([fg.bp_hold(R), fg.bp_method(R)], indent=""),
                       fg.html_table(T, indent=""),
                       fg.paras_html(fg.supp_note(R) + fg.zero_note(R) + fg.bp_caveats(R, 1), indent="")])
    if rng.random() < 0.5 and "]]>" not in inner:
        desc = f"<![CDATA[{inner}]]>"
    else:
        desc = xe(inner)
    slug = fg.slugify(R.force.name)
    item_date = f"\n      <pubDate>{rfc822(R.reply_date, rng)}</pubDate>" if R.date_stated else ""
    doc = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>{xe(R.force_text)} - FOI disclosure log</title>
    <link>https://www.{slug}.police.uk/foi-ai/disclosure-log/</link>
    <description>Responses to Freedom of Information requests published by {xe(R.force_text)}</description>
    <language>en-gb</language>
    <item>
      <title>{xe(fg.foi_ref(R))} - {xe(R.tiktok())} related offences</title>
      <link>https://www.{slug}.police.uk/foi-ai/disclosure-log/{fg.slugify(R.reference)}/</link>
      <guid isPermaLink="false">{fg.slugify(R.reference)}</guid>{item_date}
      <dc:creator>{xe(R.force.unit)}</dc:creator>
      <description>{desc}</description>
    </item>
  </channel>
</rss>
"""
    return fg.Output(doc, rng.choice(["xml", "rss"]), R)


# --------------------------------------------------------------------------------------------
# plain-text families

def ascii_box(T, rng):
    rows = [T.header] + T.rows
    n = max(len(r) for r in rows)
    rows = [r + [""] * (n - len(r)) for r in rows]
    w = [max(len(r[i]) for r in rows) for i in range(n)]
    sep = "+" + "+".join("-" * (x + 2) for x in w) + "+"
    hsep = "+" + "+".join("=" * (x + 2) for x in w) + "+" if rng.random() < 0.5 else sep
    out = [sep]
    for ri, r in enumerate(rows):
        out.append("| " + " | ".join(r[0].ljust(w[0]) if i == 0 else r[i].rjust(w[i]) for i in range(n)) + " |")
        if ri == 0:
            out.append(hsep)
        elif (ri - 1) in T.total_rows or ri == len(rows) - 1 or rng.random() < 0.15:
            out.append(sep)
    if out[-1] != sep:
        out.append(sep)
    return "\n".join(out)


@family("text/ascii-box", 1.0)
def t_ascii_box(ctx):
    """A table drawn with +---+ borders, as pasted from a console or a monospaced report."""
    rng = ctx.rng
    R = ctx.reply(zero=rng.choice(["0", "0", "-"]))
    T = fg.build_table(R, fg.offence_rows(R, total=rng.random() < 0.85), fg.period_cols(R, total=rng.random() < 0.35),
                       corner=rng.choice(["Offence", "Crime type", "HO offence"]))
    blocks = [ascii_box(T, rng)]
    if rng.random() < 0.5:
        Tu = fg.build_table(R, fg.outcome_rows(R, total=True), fg.period_cols(R), corner="Outcome")
        blocks += [fg.heading_for_outcomes(R), ascii_box(Tu, rng)]
    blocks += fg.supp_note(R) + fg.zero_note(R)
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.5)
    if rng.random() < 0.5:
        body = "\n".join(fg.email_headers(R, rng)) + "\n" + body
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


@family("text/question-response", 1.1)
def t_question_response(ctx):
    """'Question 1' / 'Response 1' pairs; each response holds its own figures."""
    rng = ctx.rng
    R = ctx.reply(n_periods=rng.randint(2, 4))
    pl = R.tiktok()
    last = len(R.periods) - 1
    lab = R.periods[last].label
    qlab = rng.choice([("Question {n}", "Response {n}"), ("Q{n}.", "A{n}."), ("Request {n}:", "Answer {n}:")])
    sep = rng.choice([" - ", " – ", ": ", " : "])
    qs = []
    q1 = f"How many crimes have been recorded {fg.request_years_phrase(R)} where {pl} was mentioned, by year?"
    a1 = [f"{R.periods[i].label}{sep}{R.fig(R.P(i), exact=True)}" for i in range(len(R.periods))]
    qs.append((q1, a1))
    q2 = f"Of the crimes recorded in {lab}, what type of offence was each?"
    a2 = []
    for oi in range(len(R.offs)):
        if R.n(R.P(last), R.O(oi)):
            a2.append(f"{R.offs[oi].label}{sep}{R.fig(R.P(last, raw=lab), R.O(oi))}")
    qs.append((q2, a2))
    if rng.random() < 0.75:
        q3 = f"What was the outcome of the crimes recorded in {lab}? (e.g. outcome 1, outcome 15, outcome 16)"
        a3 = [f"The outcomes of the {R.fig(R.P(last, raw=lab), exact=True)} crimes recorded in {lab} are:"]
        for ui in range(len(R.outs)):
            if R.n(R.P(last), R.U(ui)):
                a3.append(f"{R.outs[ui].label}{sep}{R.fig(R.P(last, raw=lab), R.U(ui))}")
        qs.append((q3, a3))
    qs.append((f"How many of the suspects were aged under 18 at the time of the offence?",
               [rng.choice(["This information is not held in a retrievable format; the age of the suspect is not recorded "
                            "against the keyword search used for questions 1 to 3.",
                            "No information held. A suspect's age is only recorded once they are identified, and "
                            "extracting it would require a manual review of each record (see Section 12)."])]))
    blocks = []
    for n, (q, a) in enumerate(qs, 1):
        blocks.append(f"{qlab[0].format(n=n)} {q}")
        blocks.append(f"{qlab[1].format(n=n)}\n" + "\n".join(a))
    blocks += fg.supp_note(R)
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.6)
    body = body.replace("\"" + fg.bp_request(R) + "\"", "")  # the numbered questions restate the request
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


def wrap_aligned(T, rng, width):
    """Space-aligned table whose long row labels wrap onto extra lines (numbers on the first or last line)."""
    ncol = len(T.header)
    num_w = [max(len(T.header[i]), max((len(r[i]) for r in T.rows), default=0)) for i in range(1, ncol)]
    gap = " " * rng.randint(2, 4)
    numbers_last = rng.random() < 0.4

    def line(lab, cells):
        return (lab.ljust(width) + gap + gap.join(c.rjust(w) for c, w in zip(cells, num_w))).rstrip()
    out = [line(T.header[0], T.header[1:])]
    for r in T.rows:
        parts = textwrap.wrap(r[0], width, break_on_hyphens=False) or [""]
        for j, p in enumerate(parts):
            on = (j == len(parts) - 1) if numbers_last else (j == 0)
            out.append(line(p, r[1:]) if on else p)
    return "\n".join(out)


@family("text/wrapped-footnoted", 1.1)
def t_wrapped_footnoted(ctx):
    """Aligned e-mail table with wrapped long labels and a footnoted partial year ('2024*', '(to July)')."""
    rng = ctx.rng
    rd = ctx.pick_date()
    if rd.month < 4:
        rd = rd.replace(month=rd.month + 4)
    supp = rng.choice([None, "lt5"])
    R = ctx.reply(scheme="cy", reply_date=rd, open_last=True, label_mode="words",
                  supp=None, zero=rng.choice(["0", "-"]))
    if supp:
        R.supp = fg.Supp("<5", 1, 4, "<5 denotes a figure between 1 and 4.")
    # long CJS-style wording where the concept has one
    for it in R.offs:
        words = fg.words_for(it.concept, ctx.pool)
        longw = [w for w in words if len(w) > 40]
        if longw and rng.random() < 0.6:
            it.label = rng.choice(longw)
    if len({it.label.lower() for it in R.offs}) != len(R.offs):
        for j, it in enumerate(R.offs):
            it.label = it.concept.words[0] if j else it.label
    last = len(R.periods) - 1
    P = R.periods[last]
    y = P.year
    end_m = rd.month - 1
    end = D(y, end_m + 1, 1) - dt.timedelta(days=1)
    mode = rng.choice(["star", "tomonth", "range"])
    if mode == "star":
        label, note = f"{y}*", f"* {y} figures cover 1 January {y} to {fg.fmt_date(end, 'long')}."
    elif mode == "tomonth":
        label, note = f"{y} (to {fg.MONTHS[end_m - 1]})", f"Figures for {y} are for the period 1 January to {fg.fmt_date(end, 'long')}."
    else:
        label, note = f"Jan-{fg.MON3[end_m - 1]} {y}", ""
    R.periods[last] = fg.Period(D(y, 1, 1), end, label, "explicit", y, False, f"between 1 January and {fg.fmt_date(end, 'long')}", end)
    first_note = ""
    if rng.random() < 0.3 and len(R.periods) > 2:
        P0 = R.periods[0]
        s0 = D(P0.year, rng.randint(2, 6), 1)
        R.periods[0] = fg.Period(s0, D(P0.year, 12, 31), f"{P0.year}**", "explicit", P0.year, False, "", D(P0.year, 12, 31))
        first_note = (f"** The current crime recording system went live on {fg.fmt_date(s0, 'long')}; {P0.year} figures "
                      f"run from that date to 31 December {P0.year}.")
    T = fg.build_table(R, fg.offence_rows(R, total=rng.random() < 0.85), fg.period_cols(R),
                       corner=rng.choice(["Offence", "Offence description"]))
    blocks = [wrap_aligned(T, rng, rng.randint(26, 38))]
    blocks += [n for n in (note, first_note) if n] + fg.supp_note(R) + fg.zero_note(R)
    body = "\n".join(fg.email_headers(R, rng)) + "\n" + fg.letter_body_text(R, blocks, rng, letterhead=False)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


def hard_wrap(text, rng):
    w = rng.randint(60, 76)
    return "\n".join(textwrap.fill(p, w, break_on_hyphens=False) if p else "" for p in text.split("\n"))


@family("text/prose-wrapped", 1.0)
def t_prose_wrapped(ctx):
    """Figures only in sentences, hard-wrapped so numbers and periods break across lines."""
    rng = ctx.rng
    R = ctx.reply(n_periods=rng.randint(2, 4), supp=None, scheme=fg.wchoice(rng, ["cy", "fy", "tax"], [4, 4, 2]),
                  n_off=rng.randint(3, 6))
    F = R.force_text
    last = len(R.periods) - 1
    paras = []
    # one sentence per period, explicit bounds for financial/tax years
    sents = []
    for i, p in enumerate(R.periods):
        if p.fy and p.kind == "full":
            ph = (f"between {fg.ordinal(p.start.day)} {fg.MONTHS[p.start.month - 1]} {p.start.year} and "
                  f"{fg.ordinal(p.end.day)} {fg.MONTHS[p.end.month - 1]} {p.end.year}")
        else:
            ph = p.prose
        v = R.fig(R.P(i, raw=ph), exact=True)
        sents.append(rng.choice([f"There have been {v} offences recorded {ph} where {R.tiktok()} was referenced.",
                                 f"{ph[0].upper() + ph[1:]}, {v} crimes were recorded.",
                                 f"A search of {R.force.system} identified {v} crimes {ph}."]))
    paras.append(" ".join(sents))
    P = R.periods[last]
    order = sorted(range(len(R.offs)), key=lambda i: -R.m[0][last][i])
    top = [i for i in order if R.m[0][last][i] > 0][:rng.randint(2, 4)]
    if top:
        bits = [f"{R.fig(R.P(last, raw=P.prose), R.O(i))} {rng.choice(['were', 'related to'])} "
                f"{fg.label_for_prose(R.offs[i].label)}" for i in top]
        paras.append(f"Of the crimes recorded {P.prose}, " + ", ".join(bits[:-1]) + (" and " if len(bits) > 1 else "") + bits[-1] + ".")
    if rng.random() < 0.6:
        ous = [(ui, R.n(R.P(last), R.U(ui))) for ui in range(len(R.outs))]
        ous = [(ui, n) for ui, n in ous if n][:3]
        if ous:
            bits = [f"{R.fig(R.P(last, raw=P.prose), R.U(ui))} had the outcome \u201c{R.outs[ui].label}\u201d" for ui, _ in ous]
            paras.append(f"Of the same crimes, " + "; ".join(bits) + ".")
    blocks = [hard_wrap(p, rng) for p in paras] + [hard_wrap(fg.bp_method(R), rng)]
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.6)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


@family("text/tab-email-outcomes", 1.0)
def t_tab_email(ctx):
    """Outcome rows x period columns, tab-separated inside an e-mail thread with the quoted request
    (lines starting '>') full of years and numbers; sometimes UTF-16 or lone-CR line ends."""
    rng = ctx.rng
    R = ctx.reply(out_scheme=rng.choice(["full", "grouped"]))
    tcol = len(R.periods) > 1 and rng.random() < 0.5
    T = fg.build_table(R, fg.outcome_rows(R, total=rng.random() < 0.8), fg.period_cols(R, total=tcol),
                       corner=rng.choice(["Outcome", "Outcome type", "Crime outcome"]))
    tsv = fg.delimited(T, "\t").rstrip("\n")
    o = fg.email_headers(R, rng, subject=f"RE: Freedom of Information request - {fg.foi_ref(R)}")
    o += ["Dear Requester,", "", f"{fg.ref_line(R, rng)}", "",
          f"Please find below {R.force_text}'s response to your request about crimes linked to {R.tiktok()}.", "", tsv, ""]
    o += fg.supp_note(R) + fg.zero_note(R) + [""] + fg.bp_caveats(R, 2) + [""] + fg.bp_signoff(R)
    req = R.request_date
    o += ["", "-----Original Message-----", f"From: {rng.choice(['j.smith', 'a.khan'])}@example.org",
          f"Sent: {fg.fmt_date(req, 'wlong')} 09:{rng.randint(10, 59)}", f"To: {R.force.email}",
          "Subject: Freedom of Information request", ""]
    q = fg.bp_request(R)
    o += ["> " + l for l in textwrap.fill(q, 70).split("\n")]
    o += ["> For the years " + ", ".join(str(p.year) for p in R.periods) + " please.", "> Thank you, J"]
    text = "\n".join(o) + "\n"
    r = rng.random()
    if r < 0.15:
        return fg.Output(fg.encode(text, "utf-16le", crlf=True), "txt", R)
    if r < 0.25:
        return fg.Output(text.replace("\n", "\r").encode("utf-8"), "txt", R)
    return fg.Output(fg.maybe_variants(rng, text), "txt", R)


# --------------------------------------------------------------------------------------------
# CSV

@family("csv/semicolon-notes", 1.0)
def t_csv_semicolon(ctx):
    """Semicolon-delimited export: metadata lines, quoted labels with embedded newlines, notes after."""
    rng = ctx.rng
    R = ctx.reply()
    T = fg.build_table(R, fg.offence_rows(R, total=rng.random() < 0.8), fg.period_cols(R, total=rng.random() < 0.4),
                       corner=rng.choice(["Offence", "Crime type"]))
    for r in T.rows:
        if len(r[0]) > 30 and rng.random() < 0.7:
            r[0] = "\n".join(textwrap.wrap(r[0], rng.randint(22, 30), break_on_hyphens=False))
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n" if rng.random() < 0.5 else "\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow([f"{R.force_text}", "Freedom of Information"])
    w.writerow(["Reference", R.reference])
    if R.date_stated:
        w.writerow(["Date", R.date(style=rng.choice(["dmy", "long", "iso"]))])
    w.writerow(["Subject", f"Crimes where {R.tiktok()} was mentioned; request received {fg.fmt_date(R.request_date, 'dmy')}"])
    w.writerow([])
    w.writerow(T.header)
    for r in T.rows:
        w.writerow(r)
    w.writerow([])
    w.writerow(["Notes"])
    for n in fg.supp_note(R) + fg.zero_note(R) + fg.bp_caveats(R, 2):
        w.writerow([n])
    w.writerow([f"Extracted from {R.force.system} on {fg.fmt_date(R.extract_date, 'dmy')}; 1 record may relate to more than 1 victim."])
    return fg.Output(fg.maybe_variants(rng, buf.getvalue(), p_crlf=0), "csv", R)


# --------------------------------------------------------------------------------------------
# refusals and partial refusals

def _ncnd_explain(secs):
    """Explain only the exemptions cited: a reply does not discuss sections it does not rely on."""
    nums = [s.split("(")[0] for s in secs]
    qual = [n for n in nums if n != "23"]
    out = []
    if qual:
        out.append(("Sections " + " and ".join(qual) + " are qualified, prejudice-based exemptions which require"
                    if len(qual) > 1 else f"Section {qual[0]} is a qualified, prejudice-based exemption which requires")
                   + " a public interest test")
    if "23" in nums:
        out.append("Section 23 is an absolute class-based exemption")
    return "; ".join(out) + "."


REFUSAL_KINDS = ["s12agg", "s12ncnd", "ncnd40", "ncnd23", "s21web", "s12hours"]


def refusal_extra(R, kind, rng):
    F, pl = R.force_text, R.tiktok()
    if kind == "s12agg":
        n = rng.randint(1100, 8000)
        return "refused", "s12", [
            f"Your requests dated {fg.fmt_date(R.request_date - dt.timedelta(days=rng.randint(3, 20)), 'long')} and "
            f"{fg.fmt_date(R.request_date, 'long')} are similar and have been aggregated in accordance with the Freedom of "
            "Information and Data Protection (Appropriate Limit and Fees) Regulations 2004.",
            f"A search for crimes in which {pl} is mentioned returns {fg.thousands(n)} crime reports, each of which would need "
            f"to be read to confirm its relevance. At 3 minutes per report this is {n * 3 // 60} hours of work, well above "
            "the 18 hour (£450) appropriate limit.",
            "In accordance with Section 12(1) of the Act, this letter acts as a Refusal Notice.",
        ]
    if kind == "s12ncnd":
        return "refused", "NCND+s12", [
            "To establish whether any information is held would itself exceed the appropriate limit of £450 (18 hours at "
            "£25 per hour), because the platform is not a searchable field on our systems.",
            f"{F} therefore neither confirms nor denies that it holds the information you have requested, by virtue of "
            "Section 12(2) of the Freedom of Information Act 2000.",
        ]
    if kind == "ncnd40":
        return "refused", "NCND+s40", [
            f"{F} neither confirms nor denies that it holds the information requested, by virtue of Section 40(5) of the "
            "Freedom of Information Act 2000 (Personal Information).",
            "Your request concerns an identifiable individual; to confirm or deny whether information is held would in "
            "itself disclose personal data about that person.",
        ]
    if kind == "ncnd23":
        secs = rng.choice([("23(5)", "24(2)"), ("23(5)", "31(3)", "24(2)"), ("31(3)", "30(3)")])
        names = {"23(5)": "Information relating to security bodies", "24(2)": "National Security",
                 "30(3)": "Investigations and proceedings", "31(3)": "Law Enforcement"}
        ref = "+".join(["NCND"] + sorted({"s" + s.split("(")[0] for s in secs}))
        return "refused", ref, [
            f"In accordance with the Freedom of Information Act 2000, this letter represents a Refusal Notice. {F} "
            "neither confirms nor denies that it holds information relevant to your request by virtue of:",
            "\n".join(f"Section {s} - {names[s]}" for s in secs),
            _ncnd_explain(secs) + " Any disclosure under FOI is a disclosure to the world.",
        ]
    if kind == "s21web":
        return "refused", "s21", [
            "Section 21(1) of the Act exempts information which is reasonably accessible to the applicant by other means.",
            f"Crime and outcome figures for {F} are published monthly at https://data.police.uk/data/ and in the Home Office "
            f"'Police recorded crime and outcomes open data tables' (year ending March {R.reply_date.year}).",
            f"The information was also released in response to FOI {rng.randint(100, 999)}/{rng.randint(21, 24)} on "
            f"{fg.fmt_date(R.reply_date - dt.timedelta(days=rng.randint(60, 400)), 'long')}, which is published in our disclosure log.",
        ]
    if kind == "s12hours":
        mins = rng.choice([2, 3, 4, 5])
        n = rng.randint(500, 4000)
        return "refused", "s12", [
            f"Initial searches found {fg.thousands(n)} records that would need to be examined. Even at {mins} minutes per "
            f"record, this would take approximately {n * mins // 60} hours, exceeding the 18 hours (£450) set by the "
            "Fees Regulations.",
            "The request is therefore refused under Section 12(1) of the Freedom of Information Act 2000.",
            "Advice and assistance: you may wish to narrow your request to a single year (for example 2023) or to a "
            "single offence such as Section 1 of the Malicious Communications Act 1988.",
        ]
    raise ValueError(kind)


@family("text/refusal-letter", 1.0)
def t_refusal_letter(ctx):
    rng = ctx.rng
    R = ctx.reply()
    kind = ctx.cycle("extra-refusal", REFUSAL_KINDS)
    status, refusal, paras = refusal_extra(R, kind, rng)
    paras = [fg.DUTIES] + paras
    body = fg.letter_body_text(R, paras, rng, letterhead=rng.random() < 0.6, hold=False, caveats=False)
    if rng.random() < 0.5:
        body = "\n".join(fg.email_headers(R, rng)) + "\n" + body
    if rng.random() < 0.4:
        return fg.Output(fg.encode("<html><body><pre>" + esc(body) + "</pre></body></html>"), "html", R,
                         status=status, refusal=refusal)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R, status=status, refusal=refusal)


@family("html/partial-refusal", 1.0)
def t_partial_refusal(ctx):
    """Figures for part of the request; another part withheld under an exemption (status data)."""
    rng = ctx.rng
    R = ctx.reply()
    kind = rng.choice(["s40", "s31", "s40"])
    body = [f"  <h1>{esc(title_of(R))}</h1>", head_lines_html(R, rng),
            f"  <p><strong>{rng.choice(['Partial disclosure', 'Part disclosure with Section ' + kind[1:] + ' exemption'])}</strong></p>",
            fg.paras_html([fg.bp_received(R)]), f"  <blockquote>{esc(fg.bp_request(R))}</blockquote>"]
    if rng.random() < 0.5:
        T = fg.build_table(R, [R.P(i) for i in range(len(R.periods))] + ([R.PT("Total")] if len(R.periods) > 1 else []),
                           [R.OA()], corner="Year" if R.scheme == "cy" else "Period")
        T.header = [T.header[0], "Crimes"]
    else:
        T = fg.build_table(R, fg.offence_rows(R, total=True), fg.period_cols(R), corner="Offence")
    body += [fg.paras_html([fg.bp_method(R)]), fg.html_table(T, attrs='class="table"')]
    if kind == "s40":
        withheld = [f"The breakdown by outcome has been withheld. Due to the low numbers involved, disclosing outcomes "
                    f"alongside the figures above would be likely to identify the individuals concerned; this part of your "
                    f"request is exempt under Section 40(2) of the Freedom of Information Act 2000 (personal information)."]
    else:
        withheld = [f"The location (ward and postcode district) of each offence has been withheld under Section 31(1)(a) "
                    f"and (b) - Law Enforcement, as disclosure would be likely to prejudice the prevention or detection of crime.",
                    "Section 31 is a qualified exemption and the public interest test has been carried out."]
    body += [fg.paras_html(withheld + fg.supp_note(R) + fg.zero_note(R) + fg.bp_caveats(R, 1) + fg.bp_rights(R))]
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R, refusal=kind)


# --------------------------------------------------------------------------------------------
# families2: shapes from research sections 2-11 that no family above produces

def _plat_rows_table(R, rng, li, total_label, lead_blank):
    """Years as rows, one count column; optional empty lead cell on every row (CMS layout)."""
    rows = []
    for i in range(len(R.periods)):
        rows.append([R.periods[i].label, R.fig(R.P(i), R.L(li), exact=True)])
    if len(R.periods) > 1:
        rows.append([total_label, R.fig(R.PT(total_label), R.L(li))])
    lead = "<td></td>" if lead_blank else ""
    return rows, lead


@family("html/grand-total-second", 1.0)
def t_grand_total_second(ctx):
    """Years as rows with 'Grand Total'; a second table for another platform has no header row."""
    rng = ctx.rng
    R = ctx.reply(n_platforms=2, scheme=rng.choice(["cy", "cy", "fy"]), n_periods=rng.randint(3, 5), open_last=False)
    tl = rng.choice(["Grand Total", "Grand total", "Total"])
    lead = rng.random() < 0.5
    body = intro_html(R, rng)
    rows, ld = _plat_rows_table(R, rng, 0, tl, lead)
    o = ["  <table class=\"table\">", f"    <tr>{ld}<th>{rng.choice(['Year', 'Period'])}</th><th>{rng.choice(['Count', 'Crimes'])}</th></tr>"]
    o += [f"    <tr>{ld}<td>{esc(a)}</td><td>{esc(b)}</td></tr>" for a, b in rows] + ["  </table>"]
    body += [f"  <p>Crimes where {esc(R.platforms[0][1])} was mentioned:</p>", "\n".join(o)]
    rows2, ld = _plat_rows_table(R, rng, 1, tl, lead)
    intro2 = rng.choice([f"Below table are the same figures where {R.platforms[1][1]} was mentioned:",
                         f"The table below shows the equivalent figures for {R.platforms[1][1]}.",
                         f"For {R.platforms[1][1]} the figures are:"])
    o2 = ["  <table class=\"table\">"] + [f"    <tr>{ld}<td>{esc(a)}</td><td>{esc(b)}</td></tr>" for a, b in rows2] + ["  </table>"]
    body += [fg.paras_html([intro2]), "\n".join(o2), tail_html(R, rng)]
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


@family("html/footnote-year-head", 1.0)
def t_footnote_year_head(ctx):
    """Offences x calendar years; the first and last year headers carry '*'/'**' markers whose bounds are
    stated in a Data Limitations block; blank cells for none, sometimes trailing empty cells."""
    rng = ctx.rng
    rd = ctx.pick_date()
    if rd.month < 3:
        rd = rd.replace(month=rd.month + 3)
    R = ctx.reply(scheme="cy", reply_date=rd, open_last=True, n_periods=rng.randint(3, 6), zero="", supp=None)
    last = len(R.periods) - 1
    P0, PL = R.periods[0], R.periods[last]
    s0 = D(P0.year, rng.randint(2, 9), rng.randint(1, 28))
    end = rd - dt.timedelta(days=rng.randint(5, 20))
    m1, m2 = rng.choice([("*", "**"), ("*", "**"), ("\u00b9", "\u00b2"), ("(a)", "(b)")])
    R.periods[0] = fg.Period(s0, D(P0.year, 12, 31), f"{P0.year}{m1}", "explicit", P0.year, False, "", D(P0.year, 12, 31))
    R.periods[last] = fg.Period(D(PL.year, 1, 1), end, f"{PL.year}{m2}", "explicit", PL.year, False, "", end)
    sysname = rng.choice(["Niche", "Athena", "Connect", "the current crime recording system"])
    notes = [f"{m1} {sysname} was introduced to the force on {fg.fmt_date(s0, 'long')}, so {P0.year} figures run from that date.",
             f"{m2} {PL.year} figures are up to and including {fg.fmt_date(end, 'long')}."]
    if rng.random() < 0.5:
        notes = [f"{sysname} was introduced to the force on {fg.fmt_date(s0, 'long')}, so information is only held from then "
                 f"until {fg.fmt_date(end, 'long')} ({m1} and {m2} in the table)."]
    T = fg.build_table(R, fg.offence_rows(R, total=rng.random() < 0.6), fg.period_cols(R),
                       corner=rng.choice(["Offence Description", "Offence", ""]))
    trailing = rng.random() < 0.5
    o = ["  <table class=\"table\">", "    <tr>" + "".join(f"<td>{esc(h)}</td>" for h in T.header) + ("<td></td><td></td>" if trailing else "") + "</tr>"]
    for r in T.rows:
        o.append("    <tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + ("<td></td><td></td>" if trailing else "") + "</tr>")
    o.append("  </table>")
    body = intro_html(R, rng) + ["\n".join(o), "  <h3>Data Limitations</h3>", fg.paras_html(notes),
                                 tail_html(R, rng)]
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


@family("text/markdown-sum", 1.0)
def t_markdown_sum(ctx):
    """Markdown pipe table: empty top-left header, '|---|' separator (sometimes without the outer
    pipes), a 'Sum:' total row; outcomes or offences by period."""
    rng = ctx.rng
    R = ctx.reply(out_scheme=rng.choice(["full", "plain", "grouped"]))
    tl = rng.choice(["Sum:", "Sum", "Total:"])
    if rng.random() < 0.5:
        T = fg.build_table(R, fg.outcome_rows(R, total=True, total_label=tl), fg.period_cols(R), corner="")
    else:
        T = fg.build_table(R, fg.offence_rows(R, total=True, total_label=tl), fg.period_cols(R), corner="")
    outer = rng.random() < 0.6
    rows = [T.header] + T.rows
    lines = []
    for ri, r in enumerate(rows):
        lines.append(("| " + " | ".join(r) + " |") if outer else (" | ".join(r) + " |"))
        if ri == 0:
            lines.append("|" + "---|" * len(r) if outer else "---|" * len(r))
    blocks = ["\n".join(lines)] + fg.supp_note(R) + fg.zero_note(R)
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.5)
    return fg.Output(fg.maybe_variants(rng, body), rng.choice(["txt", "md"]), R)


OC_SHORT = {"1": "Charge/Summons", "2": "Caution – Youths", "3": "Caution – Adults", "4": "TIC", "6": "PND",
            "8": "Community Resolution", "9": "Not in Public Interest (CPS)", "10": "Not in Public Interest (Pol)",
            "11": "Pros Prevented – Under Age", "14": "No Sus / Victim Decline", "15": "Sus/Insuff.Evidence",
            "16": "Sus/Victim Declines", "17": "Time Limit Expired", "18": "No Sus / No Line Enq / Filed",
            "20": "Transferred Oth Agency", "21": "Investig. not in Public Int. (Police)",
            "22": "Diversionary, educational, intervention"}


@family("text/outcome-code-desc", 1.0)
def t_outcome_code_desc(ctx):
    """Plain-text outcome list: 'OC15 – Sus/Insuff.Evidence 36' (count is the last token), a one-line
    header with no delimiters, a 'Sum:' row; the period is in the sentence above."""
    rng = ctx.rng
    R = ctx.reply(out_scheme="full", n_periods=rng.randint(1, 3))
    pi = closed_last(R)
    P = R.periods[pi]
    # the stated bounds, not always 1 April - 31 March (some forces count from 6 April)
    ph = P.prose if not (P.fy and P.kind == "full") else \
        f"between {P.start.day} {P.start:%B %Y} and {P.end.day} {P.end:%B %Y}"
    if P.kind == "full" and not P.fy:
        ph = rng.choice([ph, f"between 1 January {P.year} and 31 December {P.year}"])
    dash = rng.choice([" \u2013 ", " - "])
    total = R.fig(R.P(pi, raw=ph), exact=True)
    lines = [rng.choice(["Current Classification HO Outcome Code and Desc Count of Crimes",
                         "HO Outcome Code and Description Number of Crimes", "Outcome Count"])]
    for ui, it in enumerate(R.outs):
        if it.code == "PENDING":
            lab = rng.choice([f"New{dash}Under Investigation", f"Live{dash}Under Investigation", f"Open{dash}Awaiting Outcome"])
        else:
            lab = f"OC{int(it.code):02d}{dash}{OC_SHORT[it.code]}"
        v = R.fig(R.P(pi, raw=ph), R.U(ui, label=lab))
        if v:
            lines.append(f"{lab} {v}")
    lines.append(f"{rng.choice(['Sum:', 'Sum', 'Grand Total'])} {R.fig(R.P(pi, raw=ph), R.UT('Sum'))}")
    intro = rng.choice([f"1a){ph[0].upper() + ph[1:]} there have been {total} recorded crimes where {R.tiktok()} was mentioned.",
                        f"1a) {ph[0].upper() + ph[1:]} there were {total} crimes recorded that referred to {R.tiktok()}."])
    blocks = [intro, "1b) The outcomes of these crimes are as follows:", "\n".join(lines)] + fg.supp_note(R) + fg.zero_note(R)
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.5)
    if rng.random() < 0.4:
        body = "\n".join(fg.email_headers(R, rng)) + "\n" + body
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


@family("text/two-line-header", 1.0)
def t_two_line_header(ctx):
    """Space-aligned tables keyed by HO code only, a two-line header ('Crimes   Year' over 'Home Office
    Code 2021 2022 ...'), blank cells as runs of spaces, and a second 'Charges*' table whose marker is
    explained below it (outcome 1)."""
    rng = ctx.rng
    R = ctx.reply(scheme="cy", label_mode="code", zero="", supp=None, n_off=rng.randint(3, 6), open_last=False,
                  out_scheme=rng.choice(["full", "short", "grouped"]))
    for it in R.offs:
        it.label = ctx.code_text(it.code)
    if len({it.label for it in R.offs}) != len(R.offs):
        for it in R.offs:
            it.label = it.code
    u1 = next(i for i, it in enumerate(R.outs) if it.code == "1")
    tl = rng.choice(["TOTAL", "Total"])
    cols = [R.P(i) for i in range(len(R.periods))]

    def table(title, extra):
        rows = []
        for oi in range(len(R.offs)):
            rows.append([R.offs[oi].label] + [R.fig(c, R.O(oi), *extra) for c in cols])
        rows.append([tl] + [R.fig(c, R.OT(tl), *extra) for c in cols])
        lw = max(len("Home Office Code"), max(len(r[0]) for r in rows))
        cw = [max(4, max(len(r[i + 1]) for r in rows)) for i in range(len(cols))]
        out = [title.ljust(lw) + " " + "Year",
               "Home Office Code".ljust(lw) + " " + " ".join(c.label.rjust(w) for c, w in zip(cols, cw))]
        for r in rows:
            out.append((r[0].ljust(lw) + " " + " ".join(v.rjust(w) for v, w in zip(r[1:], cw))).rstrip())
        return "\n".join(out)
    blocks = [table("Crimes", ())]
    mk = rng.choice(["*", "**", "\u2020"])
    if rng.random() < 0.8:
        blocks.append(table(f"Charges{mk}", (R.U(u1),)))
        blocks.append(f"{mk}Outcome = Charge, Postal Charge, Further Charge or Summons")
    blocks += fg.zero_note(R)
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.5)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


def _dotted(d):
    return f"{d.day:02d}.{d.month:02d}.{str(d.year)[2:]}"


@family("html/date-range-rows", 1.0)
def t_date_range_rows(ctx):
    """Dotted date ranges as row labels ('01.01.21 - 31.12.21') with a crimes column and one outcome
    column; the next answer gives a bare number under each long-form range."""
    rng = ctx.rng
    R = ctx.reply(scheme=rng.choice(["cy", "fy"]), n_periods=rng.randint(2, 4))
    for i, p in enumerate(R.periods):
        end = p.end or R.extract_date
        if p.end is None or p.kind != "full":
            end = R.extract_date
        R.periods[i] = fg.Period(p.start, end, f"{_dotted(p.start)} - {_dotted(end)}", "explicit", p.year, p.fy,
                                 f"{fg.ordinal(p.start.day)} {fg.MONTHS[p.start.month - 1]} {p.start.year} - "
                                 f"{fg.ordinal(end.day)} {fg.MONTHS[end.month - 1]} {end.year}", end)
    u1 = next(i for i, it in enumerate(R.outs) if it.code == "1")
    ulab = rng.choice(["Charged", "Charge/Summons", "Charged or summonsed"])
    body = intro_html(R, rng, quote=False)
    o = ["  <table class=\"table\">", f"    <tr><th>{rng.choice(['Date Range', 'Date range', 'Period'])}</th><th>Crimes</th><th>{ulab}</th></tr>"]
    for i, p in enumerate(R.periods):
        o.append(f"    <tr><td>{esc(p.label)}</td><td>{R.fig(R.P(i), exact=True)}</td><td>{R.fig(R.P(i), R.U(u1, label=ulab))}</td></tr>")
    o.append("  </table>")
    body += [f"  <p>1. How many crimes were recorded where {esc(R.tiktok())} was mentioned, and how many resulted in a charge?</p>", "\n".join(o)]
    cands = [i for i, it in enumerate(R.outs) if it.code not in ("1", "PENDING")]
    ui = rng.choice(cands)
    lines = []
    for i, p in enumerate(R.periods):
        lines += [esc(p.prose), esc(R.fig(R.P(i, raw=p.prose), R.U(ui), exact=True))]
    body += [f"  <p>2. How many were finalised as &lsquo;{esc(R.outs[ui].label)}&rsquo;?</p>", "  <p>" + "<br>\n".join(lines) + "</p>",
             tail_html(R, rng)]
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


@family("html/split-wide", 1.0)
def t_split_wide(ctx):
    """A wide outcome x year table split into two parts with the same rows; the Total column only in
    the second part."""
    rng = ctx.rng
    R = ctx.reply(scheme="cy", n_periods=rng.randint(5, 6), out_scheme=rng.choice(["full", "grouped", "plain"]))
    nP = len(R.periods)
    k = nP // 2 + (nP % 2)
    rowsel = fg.outcome_rows(R, total=rng.random() < 0.6)
    c1 = [R.P(i) for i in range(k)]
    c2 = [R.P(i) for i in range(k, nP)] + ([R.PT(rng.choice(["Grand Total", "Total"]))] if rng.random() < 0.6 else [])
    T1 = fg.build_table(R, rowsel, c1, corner="Outcome")
    T2 = fg.build_table(R, rowsel, c2, corner="Outcome")
    h = rng.choice([("Table 2 (part 1 of 2)", "Table 2 (part 2 of 2)"), ("Outcomes by year", "Outcomes by year (continued)"),
                    ("Table 2a", "Table 2b")])
    body = intro_html(R, rng)
    if rng.random() < 0.5:
        T0 = fg.build_table(R, fg.offence_rows(R, total=True), fg.period_cols(R), corner="Offence")
        body += ["  <h2>Table 1</h2>", fg.html_table(T0, attrs='class="table"')]
    body += [f"  <h2>{esc(h[0])}</h2>", fg.html_table(T1, attrs='class="table"'),
             f"  <h2>{esc(h[1])}</h2>", fg.html_table(T2, attrs='class="table"'), tail_html(R, rng)]
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


CHECKLIST = ["There MUST be a named suspect linked to the investigation.",
             "The victim has been consulted and their views recorded.",
             "The supervisor has reviewed the investigation plan within 7 days.",
             "A rationale is recorded against each of the 3 public interest factors."]


@family("html/template-decoy", 1.0)
def t_template_decoy(ctx):
    """The request embeds an empty template table (the requester's layout) and the reply has a numbered
    checklist table; only the answer table holds figures."""
    rng = ctx.rng
    R = ctx.reply(out_scheme=rng.choice(["full", "grouped", "plain"]))
    bands = rng.choice([["Adults", "Children", "Unknown"], ["Male", "Female", "Not recorded"]])
    tmpl = ["  <table class=\"table\">", "    <tr><th>Outcome group</th>" + "".join(f"<th>{b}</th>" for b in bands) + "</tr>"]
    for it in R.outs[:rng.randint(3, len(R.outs))]:
        tmpl.append(f"    <tr><td>{esc(it.label)}</td>" + "<td></td>" * len(bands) + "</tr>")
    tmpl.append("  </table>")
    body = [f"  <h1>{esc(title_of(R))}</h1>", head_lines_html(R, rng), fg.paras_html([fg.bp_received(R)]),
            f"  <blockquote><p>{esc(fg.bp_request(R).split(chr(10))[0])} If possible please use the table below for "
            f"{esc(fg.request_years_phrase(R))}:</p>", "\n".join(tmpl), "  </blockquote>",
            fg.paras_html([fg.bp_hold(R), "We are unable to break the outcomes down by " + bands[0].lower() + " and " + bands[1].lower()
                           + "; the figures below are for all crimes."])]
    T = fg.build_table(R, fg.outcome_rows(R, total=rng.random() < 0.7), fg.period_cols(R), corner="Outcome")
    body += [fg.html_table(T, attrs='class="table"')]
    if rng.random() < 0.6:
        ck = ["  <table class=\"table\">", "    <tr><th>OUTCOME 21 - Checklist</th></tr>"]
        ck += [f"    <tr><td>{n}. {esc(t)}</td></tr>" for n, t in enumerate(CHECKLIST, 1)]
        ck.append("  </table>")
        body += [fg.paras_html(["For information, the checklist officers complete before finalising a crime as outcome 21 is reproduced below."]),
                 "\n".join(ck)]
    body.append(tail_html(R, rng))
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


STATUTES = {
    "sexcomm": ["s15A of the Sexual Offences Act 2003, sexual communication with a child",
                "s.15A Sexual Offences Act 2003 (sexual communication with a child, Home Office code 71/17)"],
    "malcomms": ["section 1 of the Malicious Communications Act 1988", "the Malicious Communications Act 1988 s1"],
    "s127": ["section 127(1)(a) and (3) of the Communications Act 2003"],
    "coercive": ["Section 76 of the Serious Crime Act 2015 (controlling or coercive behaviour)"],
    "psi": ["section 33 of the 2015 Criminal Justice and Courts Act (disclosing private sexual images)"],
    "pfad": ["Public Order Act 1986 Sec. 4A (intentional harassment, alarm or distress)"],
    "harassment": ["section 2 of the Protection from Harassment Act 1997 (harassment)"],
    "stalking": ["section 2A of the Protection from Harassment Act 1997 (stalking)"],
    "threats": ["section 16 of the Offences Against the Person Act 1861 (threats to kill)"],
    "blackmail": ["section 21 of the Theft Act 1968 (blackmail)"],
}


@family("text/statute-prose", 1.0)
def t_statute_prose(ctx):
    """Figures per offence in sentences that name the statute and section; part of the request refused on
    cost with a record count, hours and minutes per record (status data, refusal s12)."""
    rng = ctx.rng
    ids, codes = [], set()
    for cid in rng.sample(sorted(STATUTES), len(STATUTES)):
        if fg.OFF_BY_ID[cid].code not in codes and len(ids) < rng.randint(2, 4):
            ids.append(cid)
            codes.add(fg.OFF_BY_ID[cid].code)
    R = ctx.reply(offence_ids=ids, supp=None, n_periods=rng.randint(1, 3))
    pi = closed_last(R)
    P = R.periods[pi]
    ph = P.prose if not P.fy else (f"between {fg.ordinal(P.start.day)} {fg.MONTHS[P.start.month - 1]} {P.start.year} and "
                                   f"{fg.ordinal(P.end.day)}\n{fg.MONTHS[P.end.month - 1]} {P.end.year}" if P.end else P.prose)
    raw = ph.replace("\n", " ")
    sents = []
    for oi, it in enumerate(R.offs):
        st = rng.choice(STATUTES[it.concept.id])
        v = R.fig(R.P(pi, raw=raw), R.O(oi, label=st), exact=True)
        sents.append(rng.choice([f"There have been {v} offences recorded under {st} {ph}.",
                                 f"Number of offences recorded under {st} {ph} - Total Count {v}",
                                 f"{ph[0].upper() + ph[1:]}, {v} crimes were recorded under {st}."]))
    n = rng.randint(900, 9000)
    mins = rng.choice([2, 3, 5])
    cost = [f"To establish which of these crimes involved {R.tiktok()} would require a manual review of {fg.thousands(n)} records. "
            f"Even at a conservative estimate of {mins} minutes per record this would take over {n * mins // 60} hours, "
            f"in excess of the appropriate limit of 18 hours (\u00a3450). That part of your request is therefore refused under "
            f"Section 12(1) of the Freedom of Information Act 2000, and this letter serves as a refusal notice under Section 17(5)."]
    blocks = sents + cost
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.6)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R, refusal="s12")


@family("text/qa-compact", 1.0)
def t_qa_compact(ctx):
    """Numbered questions in the request, terse numbered answers ('1a. Charged – 5', '2. 4',
    'Response 3:' ... a bare number), and 'N/A' answers."""
    rng = ctx.rng
    R = ctx.reply(n_periods=rng.randint(2, 3), out_scheme=rng.choice(["full", "plain"]), supp=None)
    pl = R.tiktok()
    pi = closed_last(R)
    P = R.periods[pi]
    lab = P.label
    ous = [i for i, it in enumerate(R.outs) if it.code in ("1", "3", "8")]
    oi = max(range(len(R.offs)), key=lambda i: R.m[0][pi][i])
    others = [i for i in range(len(R.periods)) if i != pi]
    p2 = rng.choice(others)
    qs = [f"1. How many crimes were recorded in {lab} where {pl} was mentioned?"]
    qs += [f"1{chr(97 + j)}. Of these, how many resulted in the outcome '{R.outs[u].label}'?" for j, u in enumerate(ous)]
    qs += [f"2. Of the crimes in question 1, how many were recorded as {fg.label_for_prose(R.offs[oi].label)}?",
           f"3. How many crimes were recorded in {R.periods[p2].label}?",
           "4. How many of the suspects were under 18?"]
    sep = rng.choice([" \u2013 ", " - "])
    ans = [f"1. {R.fig(R.P(pi), exact=True)}"]
    for j, u in enumerate(ous):
        short = "Charged" if R.outs[u].code == "1" else R.outs[u].label
        ans.append(f"1{chr(97 + j)}. {short}{sep}{R.fig(R.P(pi), R.U(u, label=short), exact=True)}")
    ans.append(f"2. {R.fig(R.P(pi), R.O(oi), exact=True)}")
    rlab = rng.choice(["Response", "Answer"])
    ans3 = (f"{rlab} 3:\nI can confirm that {R.force_text} does hold the information requested, as outlined below.\n"
            f"{R.fig(R.P(p2), exact=True)}")
    ans4 = f"{rlab} 4: N/A - the age of a suspect is not held in a retrievable format."
    blocks = ["You asked:", "\n".join(qs), "In response:", "\n".join(ans), ans3, ans4]
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.5)
    body = body.replace("\"" + fg.bp_request(R) + "\"", "")
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


@family("text/platform-year-lists", 1.0)
def t_platform_year_lists(ctx):
    """Numbered sections, one per platform, each a 'YEAR : N' / 'YEAR – N' list with hyphen and en dash
    mixed; years with none are left out of a list."""
    rng = ctx.rng
    R = ctx.reply(n_platforms=rng.randint(2, 4), scheme="cy", supp=None, n_periods=rng.randint(3, 5), open_last=False)
    blocks = []
    for li, (canon, lab) in enumerate(R.platforms):
        lines = [f"{li + 1}. {lab}"]
        for i in range(len(R.periods)):
            n = R.n(R.P(i), R.L(li))
            if n == 0 and rng.random() < 0.6:
                continue
            sep = rng.choice([" : ", " \u2013 ", " - "]) if rng.random() < 0.3 else [" : ", " \u2013 ", " - "][li % 3]
            lines.append(f"{R.periods[i].label}{sep}{R.fig(R.P(i), R.L(li), exact=True)}")
        if len(lines) == 1:
            lines.append("No crimes were recorded.")
        blocks.append("\n".join(lines))
    blocks.append(rng.choice(["As with any keyword search, the search will only return exact matches within the Crime MO.",
                              "This search only includes the modus operandi (MO) of each crime; 1 crime may mention more than 1 platform."]))
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.5)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


@family("html/blank-low-numbers", 1.0)
def t_blank_low_numbers(ctx):
    """Low numbers shown as blank cells (not zero): the blank is no figure; stated totals are exact."""
    rng = ctx.rng
    R = ctx.reply(supp=None, zero="0", n_off=rng.randint(3, 6))
    hi = rng.choice([2, 4])
    note = rng.choice([
        "The data has been presented in such a manner as to avoid the application of exemptions relevant under the Act "
        "(Section 40 - Personal Information) to withhold due to low numbers, and these will not be broken down further.",
        f"Cells with {hi} or fewer crimes have been left blank to avoid the identification of individuals.",
    ])
    cols = fg.period_cols(R, total=rng.random() < 0.4)
    rows = fg.offence_rows(R, total=True)
    o = ["  <table class=\"table\">", "    <tr><th>Offence</th>" + "".join(f"<th>{esc(c.label)}</th>" for c in cols) + "</tr>"]
    for rs in rows:
        cells = []
        for cs in cols:
            n = R.n(rs, cs) if not rs.total and not cs.total else None
            if n is not None and 1 <= n <= hi:
                cells.append("")
            else:
                cells.append(R.fig(rs, cs, exact=True))
        o.append(f"    <tr><td>{esc(rs.label)}</td>" + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>")
    o.append("  </table>")
    body = intro_html(R, rng) + ["\n".join(o), fg.paras_html([note] + fg.bp_caveats(R, 1) + fg.bp_rights(R))]
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


@family("text/flattened-line", 0.7)
def t_flattened_line(ctx):
    """A one-column table flattened onto one line by PDF extraction: 'Q1 Offence Number of Crimes
    Harassment 12 Stalking 3 ... Grand Total 20'; the period is in the question."""
    rng = ctx.rng
    R = ctx.reply(supp=None, zero="0", n_off=rng.randint(3, 6))
    pi = closed_last(R)
    lab = R.periods[pi].label
    for it in R.offs:  # labels with digits cannot be split from counts on one line
        if re.search(r"\d", it.label):
            it.label = next((w for w in fg.words_for(it.concept, ctx.pool) if not re.search(r"\d", w)), it.label)
    if len({it.label.lower() for it in R.offs}) != len(R.offs):
        return t_flattened_line(ctx)
    bits = [f"Q1 {rng.choice(['Offence', 'Crime type'])} {rng.choice(['Number of Crimes', 'Count'])}"]
    for oi in range(len(R.offs)):
        bits.append(f"{R.offs[oi].label} {R.fig(R.P(pi), R.O(oi))}")
    bits.append(f"Grand Total {R.fig(R.P(pi), R.OT('Grand Total'))}")
    blocks = [f"Q1. How many crimes were recorded in {lab} where {R.tiktok()} was mentioned, by offence?",
              " ".join(bits)]
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.5)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


# --------------------------------------------------------------------------------------------
# families3: PDF/scraped artefacts (s3), outcome wordings (s6), missing values (s7), caveats
# with numbers (s8), NCND and partial refusals (s10), number-laden boilerplate (s11)

def _pdf_spaces(text, rng, p=0.25):
    """Double spaces left by PDF justification."""
    return re.sub(r" ", lambda m: "  " if rng.random() < p else " ", text)


def _plain_labels(R, ctx):
    """Offence labels without digits: one cell per line cannot tell a label from a figure otherwise."""
    for it in R.offs:
        if re.search(r"\d", it.label):
            it.label = next((w for w in fg.words_for(it.concept, ctx.pool) if not re.search(r"\d", w)), it.label)
    return len({it.label.lower() for it in R.offs}) == len(R.offs)


WDTK_STATUS = ["The request was successful.", "The request was partially successful.",
               "Roedd y cais yn llwyddiannus.", "Roedd y cais yn rhannol lwyddiannus."]


@family("html/wdtk-pdf-cells", 0.8)
def t_wdtk_pdf_cells(ctx):
    """WhatDoTheyKnow HTML version of a PDF attachment: chrome (some Welsh), double spaces, a label
    split by extraction ('Reference N o:'), and the table one cell per line (Year / Total / 2021 /
    126 / ... / Total / 778)."""
    rng = ctx.rng
    R = ctx.reply(supp=None, zero="0")
    subject = rng.choice([f"{R.tiktok()} related crime", "Crimes linked to social media",
                          f"Offences involving {R.tiktok()} {R.periods[0].year}-{R.periods[-1].year}"])
    o = ["  <div class=\"wdtk-chrome\">",
         f"    <p>{esc(rng.choice(WDTK_STATUS))}</p>",
         f"    <p>This is an HTML version of an attachment to the Freedom of Information request '{esc(subject)}'.</p>",
         "    <p><a href=\"/request/attach/1\">Download original attachment</a> (PDF file)</p>",
         f"    <p>{rng.randint(2, 40)} Followers &middot; {rng.randint(1, 9)} annotations</p>",
         "  </div>", "  <div id=\"page1\">"]
    lines = []
    lab = rng.choice(["Freedom of Information Request Reference N o:", "Reference N o:", "Our Reference:"])
    lines.append(f"{lab} {R.reference}")
    if R.date_stated:
        lines.append(f"Date: {R.date()}")
    lines += [_pdf_spaces(fg.bp_received(R), rng), _pdf_spaces('"' + fg.bp_request(R) + '"', rng),
              _pdf_spaces(fg.bp_hold(R), rng), _pdf_spaces(fg.bp_method(R), rng)]
    cells = [rng.choice(["Year", "Period"]), rng.choice(["Total", "Crimes", "Number of crimes"])]
    for i in range(len(R.periods)):
        cells += [R.periods[i].label, R.fig(R.P(i))]
    if len(R.periods) > 1:
        cells += ["Total", R.fig(R.PT("Total"))]
    lines += cells
    lines += [_pdf_spaces(c, rng) for c in fg.bp_caveats(R, 1) + fg.bp_rights(R)]
    o += [f"    <p>{esc(l)}</p>" for l in lines]
    o.append("  </div>")
    return fg.Output(html_page(R, rng, subject, o), "html", R)


@family("text/pdf-cells-dropped", 0.8)
def t_pdf_cells_dropped(ctx):
    """Offence x year table extracted one cell per line with blank (low-number) cells dropped: a row
    with fewer numbers than years cannot be assigned and carries no figure; full rows do."""
    rng = ctx.rng
    R = ctx.reply(supp=None, zero="0", n_off=rng.randint(3, 7), n_periods=rng.randint(3, 4))
    if not _plain_labels(R, ctx):
        return t_pdf_cells_dropped(ctx)
    hi = rng.choice([2, 3])
    cols = fg.period_cols(R)
    out = [rng.choice(["Offence", "Crime type", "Offence description"])] + [c.label for c in cols]
    for rs in fg.offence_rows(R, total=False):
        vals = [R.n(rs, cs, R.L(0)) for cs in cols]
        if any(1 <= v <= hi for v in vals):
            out.append(rs.label)
            out += [str(v) for v in vals if not 1 <= v <= hi]
        else:
            out.append(rs.label)
            out += [R.fig(rs, cs, exact=True) for cs in cols]
    tl = rng.choice(["Total", "Grand Total"])
    out.append(tl)
    out += [R.fig(R.OT(tl), cs) for cs in cols]
    note = rng.choice([f"Figures of {hi} or fewer have been removed from the table above to protect the identity of victims.",
                       "Low numbers have been left blank to avoid the identification of individuals (Section 40(2))."])
    blocks = [f"The figures are shown below ({rng.choice(['copied from the attached PDF', 'as extracted from our report'])}):",
              "\n".join(out), note]
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.5)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


POLICEUK_OUTCOMES = {
    "o1": ["Suspect charged", "outcome type 1 (charged/summonsed)", "Charges/summons"],
    "c2_3": ["Offender given a caution"],
    "o6": ["Offender given penalty notice"],
    "o8": ["Local resolution"],
    "o10": ["Formal action is not in the public interest"],
    "o14": ["outcome type 14 (Evidential difficulties: suspect not identified; victim does not support further action)"],
    "o15": ["outcome type 15 (Evidential difficulties: suspect identified; victim supports action)"],
    "o16": ["outcome type 16 (Evidential difficulties: suspect identified; victim does not support further action)"],
    "o18": ["Investigation complete; no suspect identified"],
    "o20": ["Action to be taken by another organisation"],
    "o21": ["Further investigation is not in the public interest"],
    "o22": ["Diversionary, educational or intervention activity, resulting from the crime report, has been undertaken "
            "and it is not in the public interest to take any further action."],
    "pending": ["Under investigation", "Investigation ongoing - no outcome assigned"],
}


@family("html/policeuk-outcomes", 0.9)
def t_policeuk_outcomes(ctx):
    """Outcome x period table worded as police.uk and request texts word outcomes ('Suspect charged',
    'Local resolution', 'outcome type 15 (...)', the full outcome 22 sentence)."""
    rng = ctx.rng
    R = ctx.reply(out_scheme=rng.choice(["full", "grouped"]), n_off=rng.randint(3, 6))
    for it in R.outs:
        if it.concept.id in POLICEUK_OUTCOMES:
            it.label = rng.choice(POLICEUK_OUTCOMES[it.concept.id])
    T = fg.build_table(R, fg.outcome_rows(R, total=rng.random() < 0.6),
                       fg.period_cols(R, total=rng.random() < 0.4), corner=rng.choice(["Outcome", "Outcome description", ""]))
    head = f"<h2>{esc(fg.heading_for_outcomes(R))}</h2>"
    body = intro_html(R, rng) + [head, fg.html_table(T, attrs='class="table"', th_rows=rng.random() < 0.4),
                                 tail_html(R, rng)]
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


@family("text/caveat-numbers", 0.9)
def t_caveat_numbers(ctx):
    """Figures for part 1; caveats full of numbers (references found, 'correct as at', extraction
    window); part 2 refused under s12 with records, minutes and hours."""
    rng = ctx.rng
    R = ctx.reply(n_off=rng.randint(3, 6))
    T = fg.build_table(R, fg.offence_rows(R, total=True), fg.period_cols(R), corner="Offence")
    pl = R.tiktok()
    asat = R.extract_date
    d0 = R.periods[0].start
    refs = rng.randint(900, 9000)
    cav = [
        f"Caveat: The information is correct as at {fg.fmt_date(asat, 'long')}.",
        f"Data extracted from {rng.choice(['Athena', 'Niche RMS', 'Connect'])} to show all offences with a created date "
        f"between {fg.fmt_date(d0, 'dmy')} and {fg.fmt_date(asat, 'dmy')} where the MO contains '{pl}'.",
        f"{pl} is not 'an occurrence location'. It may feature in some way in reported incidents but it cannot be the "
        f"crime location. Our systems contain {refs} references to {pl}.",
        "This search only includes the modus operandi (MO) of each crime. If a term does not exactly match the search, "
        "it will not be included within this count.",
    ]
    rng.shuffle(cav)
    n = rng.randint(600, 4000)
    mins = rng.choice([3, 5])
    part2 = (f"Part 2 of your request (the age of each victim) cannot be answered: initial searches have brought back "
             f"{fg.thousands(n)} records. Even at a conservative estimate of {mins} minutes per record, this would take "
             f"in excess of {n * mins // 60} hours, therefore Section 12(1) of the Freedom of Information Act would apply "
             "to that part. The appropriate limit is £450, calculated at 18 hours of work.")
    blocks = (["Part 1", fg.text_aligned(T, gap=rng.choice([2, 3, 4]))] + fg.supp_note(R) + fg.zero_note(R)
              + ["\n\n".join(cav[:rng.randint(2, 4)]), part2])
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.5, caveats=False)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R, refusal="s12")


NCND_SETS = [
    (("23(5)", "Information supplied by, or relating to, bodies dealing with security matters"),),
    (("23(5)", "Information relating to security bodies"), ("24(2)", "National Security")),
    (("30(3)", "Investigations"), ("31(3)", "Law Enforcement")),
    (("24(2)", "National Security"), ("31(3)", "Law Enforcement"), ("40(5)", "Personal Information")),
]


@family("text/ncnd-other-info", 0.9)
def t_ncnd_other_info(ctx):
    """Figures answering the request, then 'neither confirm nor deny that it holds any other
    information' under s23(5)/s24(2)/s30(3)/s31(3)/s40(5), with the s1/s17 duties paragraph."""
    rng = ctx.rng
    R = ctx.reply()
    F = R.force_text
    secs = rng.choice(NCND_SETS)
    if rng.random() < 0.5:
        T = fg.build_table(R, [R.P(i) for i in range(len(R.periods))] + ([R.PT("Total")] if len(R.periods) > 1 else []),
                           [R.OA()], corner=rng.choice(["Year", "Period"]))
        T.header = [T.header[0], rng.choice(["Crimes", "Number of offences"])]
    else:
        T = fg.build_table(R, fg.offence_rows(R, total=True), fg.period_cols(R), corner="Offence")
    ncnd = (f"{F} will neither confirm nor deny that it holds any other information relevant to this request as the "
            "duty in Section 1(1)(a) of the Freedom of Information Act 2000 does not apply by virtue of the following "
            f"exemption{'s' if len(secs) > 1 else ''}:")
    blocks = [fg.text_aligned(T, gap=3)] + fg.supp_note(R) + fg.zero_note(R) + [
        fg.DUTIES, ncnd, "\n".join(f"Section {s} – {name}" for s, name in secs),
        rng.choice(["Any disclosure under FOI is a disclosure to the world, not just to the individual making the request.",
                    "This should not be taken as an indication that any other information is or is not held."])]
    body = fg.letter_body_text(R, blocks, rng, letterhead=rng.random() < 0.6)
    ref = "+".join(["NCND"] + sorted({"s" + s.split("(")[0] for s, _ in secs}))
    return fg.Output(fg.maybe_variants(rng, body), "txt", R, refusal=ref)


@family("text/prose-outcome-zero", 0.8)
def t_prose_outcome_zero(ctx):
    """Per-period sentences with the crimes and the charges; a zero is said in words ('none of these
    resulted in a charge', 'no charges have been made')."""
    rng = ctx.rng
    R = ctx.reply(out_scheme="short")
    ci = next(i for i, it in enumerate(R.outs) if it.concept.id == "o1")
    pl = R.tiktok()
    sents = []
    for i, p in enumerate(R.periods):
        n = R.fig(R.P(i))
        nc = R.n(R.P(i), R.U(ci), R.L(0))
        if nc == 0:
            z = R.fig(R.P(i), R.U(ci), text=rng.choice(["none", "no"]))
            charge = "none of these resulted in a charge or summons" if z == "none" else "no charges have been made"
        else:
            charge = f"{R.fig(R.P(i), R.U(ci))} resulted in a charge or summons"
        sents.append(f"In {p.label}, {n} crimes were recorded where {pl} "
                     f"was mentioned; {charge}.")
    body = fg.letter_body_text(R, [" ".join(sents) if rng.random() < 0.5 else "\n".join(sents)] + fg.supp_note(R), rng,
                               letterhead=rng.random() < 0.5)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


WELSH_CHROME = ["Allanfa Gyflym", "Rydym yn defnyddio rhai cwcis hanfodol i wneud i'r wefan hon weithio.",
                "Hafan", "Rhyddid Gwybodaeth", "Cysylltu â ni", "Ffoniwch 101 neu 999 mewn argyfwng",
                "Datganiad hygyrchedd", "English"]


@family("html/welsh-chrome", 0.7)
def t_welsh_chrome(ctx):
    """A /cy-GB/ mirror page: Welsh navigation, cookie banner and footer (with numbers) around the
    English reply."""
    rng = ctx.rng
    R = ctx.reply(force=ctx.pick_force(welsh=True))
    nav = "<ul class=\"nav\">" + "".join(f"<li>{esc(w)}</li>" for w in WELSH_CHROME[2:5]) + "</ul>"
    top = [f"  <div class=\"quick-exit\">{WELSH_CHROME[0]}</div>",
           f"  <div class=\"cookie\"><p>{esc(WELSH_CHROME[1])}</p><button>Derbyn</button></div>", "  " + nav]
    T = fg.build_table(R, fg.offence_rows(R, total=True), fg.period_cols(R, total=rng.random() < 0.3), corner="Offence")
    foot = [f"  <footer><p>{esc(WELSH_CHROME[5])}</p><p>{esc(WELSH_CHROME[6])}</p>"
            f"<p>&copy; {R.reply_date.year} {esc(R.force.welsh)}</p><p>Diweddarwyd: {R.date(R.reply_date + dt.timedelta(days=rng.randint(1, 30)), 'dmy')}</p></footer>"]
    body = top + intro_html(R, rng) + [fg.html_table(T, attrs='class="table"'), tail_html(R, rng)] + foot
    return fg.Output(html_page(R, rng, title_of(R), body), "html", R)


ICO_ADDR = ("Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF. "
            "Telephone: 0303 123 1113.")


@family("text/boilerplate-numbers", 0.8)
def t_boilerplate_numbers(ctx):
    """One unlabelled data row under a row of period headers, buried in boilerplate full of numbers:
    an earlier request's reference, SI 3244 of 2004, £450 / 18 hours, section numbers, the ICO's
    address and phone, a 'Your ref' line."""
    rng = ctx.rng
    R = ctx.reply()
    cols = fg.period_cols(R, total=rng.random() < 0.4)
    head = [c.label for c in cols]
    vals = [R.fig(c) for c in cols]
    w = [max(len(a), len(b)) for a, b in zip(head, vals)]
    tab = "   ".join(h.rjust(x) for h, x in zip(head, w)) + "\n" + "   ".join(v.rjust(x) for v, x in zip(vals, w))
    old = related_refs(R, rng, 1)
    pre = []
    if old:
        pre.append(f"As per your previous request on this subject, FOI {old[0][0]} refers; the figures below update it.")
    pre.append(f"Your ref: {rng.randint(10000, 99999)}/{rng.choice(['JS', 'NEWS', 'LX'])}")
    blocks = pre + [f"Number of crimes recorded where {R.tiktok()} was mentioned:", tab] + fg.supp_note(R) + [
        "The Freedom of Information (Fees and Appropriate Limit) Regulations 2004 (Statutory Instrument Number 3244 of "
        "2004) set the appropriate limit at £450, equating to 18 hours at £25 per hour.",
        f"Should you wish to complain, please write within 40 working days to the {ICO_ADDR}",
    ]
    body = fg.letter_body_text(R, blocks, rng, letterhead=True)
    return fg.Output(fg.maybe_variants(rng, body), "txt", R)


# --------------------------------------------------------------------------------------------
# registration

def register(foigen):
    global fg
    fg = foigen
    # foigen's dev style 'fy-mon' prints "Apr 2024 - Nov 2024 (to date)" but dates its end to the
    # (unstated) extraction day; in this set it ends on the reply date like every other "to date".
    fg.EXPLICIT_END_STYLES.discard("fy-mon")
    E = fg.EXTRA
    for cid, words in OFFENCE_WORDS.items():
        assert cid in fg.OFF_BY_ID, cid
        E["offence_words"].setdefault(cid, []).extend(words)
    for cid, words in OUTCOME_WORDS.items():
        assert cid in fg.OUT_BY_ID, cid
        E["outcome_words"].setdefault(cid, []).extend(words)
    for canon, words in PLATFORM_WORDS.items():
        E["platform_words"].setdefault(canon, []).extend(words)
    E["other_offence_words"].extend(OTHER_OFFENCE)
    E["other_outcome_words"].extend(OTHER_OUTCOME)
    E["code_formats"].extend(CODE_FORMATS)
    E["code_text"] = code_text
    for scheme, styles in PERIOD_STYLES.items():
        E["period_styles"].setdefault(scheme, []).extend(styles)
    E["supp_styles"].extend(_supp_styles())
    E["zero_styles"].extend(["nil"])
    E["date_styles"].extend(["mon", "dot", "iso", "dmy2"])
    E["outcome_schemes"]["plain"] = ["o1", "o3", "o8", "o15", "o16", "o18", "o21", "pending"]
    for tid, w, fn in FAMILIES:
        fg.template(tid, w, registry=fg.EXTRA_TEMPLATES)(fn)

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
    "Facebook": ["Facebook Messenger"],
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



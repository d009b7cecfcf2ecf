"""The printable report: one data model (build_report), three renderers — HTML (Jinja2),
PDF (ReportLab) and XLSX (openpyxl) — in English, Simplified or Traditional Chinese.

Translated law titles always carry the official English name beside them.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from importlib import resources

from policyatlas.compliance.calendar import build_calendar
from policyatlas.compliance.program import build_program
from policyatlas.dates import add_years
from policyatlas.engine.assess import assess
from policyatlas.engine.results import Counts
from policyatlas.errors import Problem, UserError
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.jurisdictions import name_of, state_abbr
from policyatlas.i18n import (
    category_label,
    glossary,
    law_short_title,
    law_title,
    obligation_title,
    state_names,
    text,
)
from policyatlas.report import tiles
from policyatlas.rules.loader import builtin_packs
from policyatlas.version import __version__

MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class LawRow:
    law_id: str
    title: str  # translated (or English)
    official: str  # the official English title
    jurisdiction: str
    citation: str
    status: str
    effective: str
    verified_as_of: str
    sources: list[str]


@dataclass
class DutyRow:
    system: str
    law: str  # translated short title
    law_official: str
    title: str
    category: str
    status: str
    effective_from: str
    citation: str


@dataclass
class ProgramRow:
    category: str
    systems: str
    jurisdictions: str
    starts: str
    details: list[str]


@dataclass
class EventRow:
    date: str
    kind: str
    law: str
    what: str
    systems: str


@dataclass
class CompareSection:
    """The side-by-side section: per system and category, each jurisdiction's duties."""

    title: str
    columns: list[str]
    blocks: list[tuple[str, list[tuple[str, list[list[str]]]]]]  # block, [(category, cells)]
    notes: list[str]


@dataclass
class Report:
    lang: str
    title: str
    organization: str
    as_of: str
    generated: str
    summary: list[str]
    map_svg: str
    states: list[tuple[str, str, Counts]]  # code, name, the engine's counts
    federal: Counts
    abroad: list[tuple[str, str, Counts]]  # outside the United States (e.g. CN): not on the map
    duties: list[DutyRow]
    program: list[ProgramRow]
    events: list[EventRow]
    laws: list[LawRow]
    glossary: list[tuple[str, str]] = field(default_factory=list)
    comparison: CompareSection | None = None

    def t(self, key: str, **values) -> str:
        return text(self.lang, key, **values)


def compare_section(inv: Inventory, a, lang: str,
                    jurisdictions: str | list[str] | None) -> CompareSection | None:
    """The side-by-side section when asked (``jurisdictions``), or when a system is offered to
    the public in mainland China: China beside the two states with the most duties."""
    from policyatlas.compliance.compare import build_comparison, parse_jurisdictions
    from policyatlas.report import compare as cmp

    if jurisdictions is not None:
        jurisdictions = parse_jurisdictions(jurisdictions, "--compare")
    else:
        if not any(s.offered_to_public_in_mainland_china for s in inv.systems):
            return None
        states = sorted((k for k in a.counts.by_state if k not in ("US", "CN")),
                        key=lambda k: -a.counts.by_state[k].known)[:2]
        jurisdictions = [f"us-{k.lower()}" for k in states] + ["cn"]
    c = build_comparison(a, jurisdictions)
    blocks = [(cmp.block_title(lang, b),
               [(category_label(lang, row.category),
                 ["\n".join(" · ".join(cmp.duty_lines(lang, d)[:1] + cmp.duty_lines(lang, d)[-1:])
                            for d in row.cells[col.code]) or text(lang, "compare.none")
                  for col in c.jurisdictions]) for row in b.categories])
              for b in [*c.systems, *([c.organization_wide] if c.organization_wide else [])]]
    notes = list(dict.fromkeys(" ".join(cmp.note_lines(lang, c, e)[:3])
                               for b in [*c.systems, *([c.organization_wide]
                                                       if c.organization_wide else [])]
                               for row in b.categories for e in row.equivalences))
    return CompareSection(title=cmp.heading(lang, c),
                          columns=[cmp.column_name(lang, col) for col in c.jurisdictions],
                          blocks=blocks, notes=notes)


def build_report(inv: Inventory, as_of: dt.date, lang: str = "en",
                 compare: str | list[str] | None = None) -> Report:
    """``compare``: jurisdictions for the side-by-side section (default: China and the two
    states with the most duties, when a system is offered in mainland China; else none)."""
    packs = builtin_packs()
    a = assess(inv, as_of, packs)
    names = state_names(lang)
    by_state = {k: c for k, c in a.counts.by_state.items() if k in tiles.TILES}
    svg = tiles.tile_svg({k: c.known for k, c in by_state.items()},
                         title=text(lang, "map.title"), label=text(lang, "map.tile"),
                         names=names, scale=text(lang, "map.scale"))
    duties, used_laws = [], {}
    system_names = {s.id: s.name for s in a.systems}
    for sid, o in a.all_obligations():
        law = packs.get(o.law_id)
        used_laws[o.law_id] = law
        duties.append(DutyRow(
            system=system_names[sid] if sid else a.organization,
            law=law_short_title(lang, o.law_id, law.meta.short_title),
            law_official=law.meta.short_title,
            title=obligation_title(lang, o.law_id, o.obligation_id, o.title),
            category=category_label(lang, o.category),
            status=text(lang, f"status.{o.status}"), effective_from=str(o.effective_from),
            citation=o.citation))
    prog = build_program(a)
    program = []
    for c in prog.categories:
        details = []
        if c.response_deadline:
            details.append(text(lang, "program.deadline",
                                deadline=_units(lang, c.response_deadline)))
        if c.lead_time:
            details.append(text(lang, "program.lead_time", deadline=_units(lang, c.lead_time)))
        if c.cadence:
            details.append(text(lang, "program.cadence",
                                frequency=text(lang, f"freq.{c.cadence.frequency}")))
        if c.exposure:
            details.append(text(lang, "program.exposure", usd=f"{c.exposure.max_usd:,.0f}"))
        if c.only_optional:
            details.append(text(lang, "program.only_optional"))
        program.append(ProgramRow(category_label(lang, c.category), ", ".join(c.systems),
                                  ", ".join(_place(j, names) for j in c.jurisdictions),
                                  str(c.starts), details))
    cal = build_calendar(a, as_of, add_years(as_of, 2))
    events = []
    for e in cal.events:
        law = packs.get(e.law_id)
        # A law's own events (signed, in force, stayed...) are recorded in English: a Chinese
        # report names the law in Chinese and keeps the recorded event text beside it.
        what = (obligation_title(lang, e.law_id, e.obligation_id, e.title) if e.obligation_id
                else e.title if lang == "en" else
                f"{law_short_title(lang, e.law_id, law.meta.short_title)} ({e.title})")
        events.append(EventRow(str(e.date), text(lang, f"kind.{e.kind}"),
                               law_short_title(lang, e.law_id, law.meta.short_title), what,
                               ", ".join(e.systems)))
    laws = [LawRow(law_id=law.id, title=law_title(lang, law.id, law.meta.title),
                   official=law.meta.title, jurisdiction=_place(law.meta.jurisdiction, names),
                   citation=law.meta.citation, status=law.meta.status,
                   effective=str(law.meta.dates.effective),
                   verified_as_of=str(law.meta.verified_as_of),
                   sources=[str(s.url) for s in law.meta.sources])
            for law in sorted(used_laws.values(), key=lambda x: (x.meta.jurisdiction, x.id))]
    c = a.counts.overall
    summary = [text(lang, "report.systems_count", n=len(a.systems)),
               text(lang, "report.obligations_count", n=c.in_force, u=c.upcoming, b=c.blocked,
                    o=c.optional, d=c.undetermined)]
    gloss = [] if lang == "en" else [(g["en"], g[lang]) for g in glossary()]
    return Report(
        lang=lang, title=text(lang, "report.title"), organization=a.organization,
        as_of=str(as_of), generated=dt.date.today().isoformat(), summary=summary, map_svg=svg,
        states=[(k, names.get(k, k), cnt) for k, cnt in sorted(by_state.items())],
        federal=a.counts.by_state.get("US", Counts()),
        abroad=[(k, names.get(k, k), c) for k, c in sorted(a.counts.by_state.items())
                if k not in tiles.TILES and k != "US"],
        duties=duties, program=program,
        events=events, laws=laws, glossary=gloss, comparison=compare_section(inv, a, lang, compare))


def _units(lang: str, bar) -> str:
    """A deadline in its own units, translated; the event it runs from as the law says it."""
    amount = text(lang, f"unit.{bar.unit}", n=bar.value)
    if lang == "en":
        return bar.text
    return amount


def _place(jurisdiction: str, names: dict[str, str]) -> str:
    code = state_abbr(jurisdiction)
    if jurisdiction.startswith("us-") and jurisdiction.count("-") == 1:
        return names.get(code, code)
    return name_of(jurisdiction)


def render(report: Report, fmt: str) -> bytes:
    if fmt == "html":
        return to_html(report).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(report)
    if fmt == "xlsx":
        return to_xlsx(report)
    raise UserError(f"unknown report format {fmt!r}", [Problem("", fix="html, pdf or xlsx")])


# --- HTML -----------------------------------------------------------------------------------

def to_html(report: Report) -> str:
    from jinja2 import Environment, select_autoescape
    from markupsafe import Markup

    env = Environment(autoescape=select_autoescape(default=True), trim_blocks=True,
                      lstrip_blocks=True)
    source = resources.files("policyatlas.report").joinpath("report.html.j2").read_text("utf-8")
    return env.from_string(source).render(r=report, map_svg=Markup(report.map_svg),
                                          version=__version__)


# --- PDF ------------------------------------------------------------------------------------

# ReportLab's built-in CID fonts: Chinese text without shipping font files (viewers supply the
# glyphs: Adobe's Asian font packs, or their own substitutes).
_FONTS = {"en": "Helvetica", "zh-Hans": "STSong-Light", "zh-Hant": "MSung-Light"}


def to_pdf(report: Report) -> bytes:
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        LongTable,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )

    font = _FONTS[report.lang]
    if font != "Helvetica" and font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK"
                          if report.lang != "en" else None)
    small = ParagraphStyle("small", parent=body, fontSize=7.5, leading=9.5)
    h1 = ParagraphStyle("h1", parent=body, fontSize=18, leading=22, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=body, fontSize=13, leading=16, spaceBefore=8, spaceAfter=4)

    def p(value: str, style=body) -> Paragraph:
        from xml.sax.saxutils import escape

        return Paragraph(escape(value), style)

    def table(header: list[str], rows: list[list[str]], widths: list[float]) -> LongTable:
        data = [[p(h, small) for h in header]] + [[p(c, small) for c in row] for row in rows]
        t = LongTable(data, colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dbe6f3")),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
            ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return t

    story = [p(report.title, h1),
             p(f"{report.organization} · {report.t('assess.as_of')} {report.as_of} · "
               f"{report.t('report.generated', date=report.generated)}"),
             Spacer(1, 4 * mm)]
    story += [p(line) for line in report.summary]
    story += [Spacer(1, 2 * mm), p(report.t("report.disclaimer"), small)]
    # The map, drawn from the same counts as the SVG.
    story.append(p(report.t("report.map"), h2))
    size, gap = 11 * mm, 1.2 * mm
    drawing = Drawing(tiles.COLS * (size + gap), tiles.ROWS * (size + gap))
    for tile in tiles.layout({code: cnt.known for code, _, cnt in report.states}):
        x = tile.col * (size + gap)
        y = (tiles.ROWS - 1 - tile.row) * (size + gap)
        drawing.add(Rect(x, y, size, size, fillColor=colors.HexColor(tile.fill),
                         strokeColor=colors.HexColor("#5a5a5a"), strokeWidth=0.4))
        drawing.add(String(x + size / 2, y + size / 2, tile.state, textAnchor="middle",
                           fontName="Helvetica-Bold", fontSize=7,
                           fillColor=colors.HexColor(tile.ink)))
        if tile.value:
            drawing.add(String(x + size / 2, y + size / 2 - 8, str(tile.value),
                               textAnchor="middle", fontName="Helvetica", fontSize=6.5,
                               fillColor=colors.HexColor(tile.ink)))
    story.append(drawing)
    story.append(p(report.t("map.federal", n=report.federal.known), small))
    for _, name, c in report.abroad:
        story.append(p(report.t("map.abroad", name=name, n=c.known), small))
    story.append(PageBreak())
    story.append(p(report.t("report.obligations"), h2))
    if report.duties:
        story.append(table(
            [report.t("obligation.system"), report.t("obligation.law"),
             report.t("report.obligation"), report.t("obligation.category"),
             report.t("obligation.status"), report.t("obligation.from"),
             report.t("obligation.citation")],
            [[d.system, d.law + ("" if d.law == d.law_official else f" ({d.law_official})"),
              d.title, d.category, d.status, d.effective_from, d.citation]
             for d in report.duties],
            [22 * mm, 45 * mm, 60 * mm, 30 * mm, 18 * mm, 20 * mm, 60 * mm]))
    else:
        story.append(p(report.t("report.no_obligations")))
    story.append(p(report.t("report.program"), h2))
    story.append(table([report.t("program.category"), report.t("program.systems"),
                        report.t("program.jurisdictions"), report.t("program.starts"), ""],
                       [[r.category, r.systems, r.jurisdictions, r.starts, "; ".join(r.details)]
                        for r in report.program],
                       [40 * mm, 40 * mm, 60 * mm, 22 * mm, 93 * mm]))
    story.append(p(report.t("report.calendar"), h2))
    story.append(table([report.t("calendar.date"), report.t("calendar.event"),
                        report.t("obligation.law"), "", report.t("obligation.system")],
                       [[e.date, e.kind, e.law, e.what, e.systems] for e in report.events],
                       [22 * mm, 30 * mm, 60 * mm, 100 * mm, 43 * mm]))
    story.append(p(report.t("report.citations"), h2))
    story.append(table([report.t("obligation.law"), report.t("law.official_name"),
                        report.t("obligation.citation"), report.t("law.effective"),
                        report.t("law.verified"), report.t("law.sources")],
                       [[law.title, law.official, law.citation, law.effective,
                         law.verified_as_of, "\n".join(law.sources[:3])] for law in report.laws],
                       [50 * mm, 50 * mm, 45 * mm, 20 * mm, 20 * mm, 70 * mm]))
    if report.glossary:
        story.append(p(report.t("report.glossary"), h2))
        story.append(table(["English", report.lang], [list(g) for g in report.glossary],
                           [80 * mm, 80 * mm]))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=report.title,
                            author="policyatlas", leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm)

    def footer(canvas, document) -> None:
        canvas.setFont(font, 7)
        canvas.drawRightString(landscape(A4)[0] - 12 * mm, 7 * mm,
                               report.t("report.page", n=document.page))

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


# --- XLSX -----------------------------------------------------------------------------------

def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    head_fill = PatternFill("solid", fgColor="DBE6F3")

    def sheet(title: str, header: list[str], rows: list[list[object]], first: bool = False):
        ws = wb.active if first else wb.create_sheet()
        ws.title = title[:31]
        ws.append(header)
        for cell in ws[1]:
            cell.font, cell.fill = Font(bold=True), head_fill
        for row in rows:
            ws.append(row)
        for i, _ in enumerate(header, 1):
            ws.column_dimensions[get_column_letter(i)].width = 28
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        return ws

    t = report.t
    ws = sheet(t("report.summary"), [t("report.title"), ""],
               [[t("report.inventory"), report.organization], [t("assess.as_of"), report.as_of],
                *[[line, ""] for line in report.summary], [t("report.disclaimer"), ""]],
               first=True)
    ws.column_dimensions["A"].width = 60
    sheet(t("report.map"), [t("map.state_code"), t("map.legend"), t("status.in_force"),
                            t("status.upcoming"), t("status.blocked"), t("status.optional"),
                            t("status.undetermined")],
          [[code, name, c.in_force, c.upcoming, c.blocked, c.optional, c.undetermined]
           for code, name, c in [*report.states, ("US", t("map.federal_row"), report.federal),
                                 *report.abroad]])
    sheet(t("report.obligations"),
          [t("obligation.system"), t("obligation.law"), t("law.official_name"),
           t("report.obligation"), t("obligation.category"), t("obligation.status"),
           t("obligation.from"), t("obligation.citation")],
          [[d.system, d.law, d.law_official, d.title, d.category, d.status, d.effective_from,
            d.citation] for d in report.duties])
    sheet(t("report.program"), [t("program.category"), t("program.systems"),
                                t("program.jurisdictions"), t("program.starts"), ""],
          [[r.category, r.systems, r.jurisdictions, r.starts, "; ".join(r.details)]
           for r in report.program])
    sheet(t("report.calendar"), [t("calendar.date"), t("calendar.event"), t("obligation.law"),
                                 "", t("obligation.system")],
          [[e.date, e.kind, e.law, e.what, e.systems] for e in report.events])
    sheet(t("report.citations"), [t("obligation.law"), t("law.official_name"),
                                  t("obligation.citation"), t("law.effective"),
                                  t("law.verified"), t("law.sources")],
          [[law.title, law.official, law.citation, law.effective, law.verified_as_of,
            "\n".join(law.sources)] for law in report.laws])
    if report.glossary:
        sheet(t("report.glossary"), ["English", report.lang], [list(g) for g in report.glossary])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

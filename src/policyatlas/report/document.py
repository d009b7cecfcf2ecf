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
from policyatlas.report.assessment import reasons, when
from policyatlas.report.executive import HORIZON_DAYS as HORIZON
from policyatlas.report.executive import Executive, build_executive
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
    effective: dt.date | None
    verified_as_of: dt.date | None
    sources: list[str]
    penalties: list[str] = field(default_factory=list)  # as the pack states them
    questions: list[str] = field(default_factory=list)  # open questions about the law


@dataclass
class DutyRow:
    system: str
    law: str  # translated short title
    law_official: str
    title: str
    category: str
    status: str
    effective_from: dt.date
    citation: str
    timing: str = ""
    penalty: str = ""
    optional: bool = False
    reasons: str = ""
    questions: list[str] = field(default_factory=list)  # the obligation's own
    law_questions: int = 0  # the law's, listed with the law
    source: str = ""


@dataclass
class ProgramRow:
    category: str
    systems: str
    jurisdictions: str
    starts: dt.date
    details: list[str]


@dataclass
class EventRow:
    date: dt.date
    kind: str
    law: str
    what: str
    systems: str


@dataclass
class ExposureRow:
    law: str
    maximum: float | None  # the highest stated amount (USD), or None: see ``text``
    amount: str  # as shown
    per: str
    duties: int
    systems: str
    citation: str
    text: str


@dataclass
class ExecutiveSection:
    """The opening summary, laid out: every figure from ``executive.Executive``."""

    figures: Executive
    lines: list[str]
    grid_header: list[str]  # law, then one column per system (and organisation-wide)
    grid: list[list[str]]
    due: list[EventRow]
    exposures: list[ExposureRow]
    caveats: list[str]


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
    executive: ExecutiveSection | None = None

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
        from policyatlas.facts.jurisdictions import JURISDICTIONS

        # US states only: other countries and the EU (CN, EU, KR, JP) are not states.
        states = sorted((k for k in a.counts.by_state
                         if k != "US" and f"us-{k.lower()}" in JURISDICTIONS),
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
    traces = {k: v for s in a.systems for k, v in s.traces.items()}
    for sid, o in a.all_obligations():
        law = packs.get(o.law_id)
        used_laws[o.law_id] = law
        info = a.laws.get(o.law_id)
        trace = traces.get(o.trace)
        duties.append(DutyRow(
            system=system_names[sid] if sid else a.organization,
            law=law_short_title(lang, o.law_id, law.meta.short_title),
            law_official=law.meta.short_title,
            title=obligation_title(lang, o.law_id, o.obligation_id, o.title),
            category=category_label(lang, o.category),
            status=text(lang, f"status.{o.status}"), effective_from=o.effective_from,
            citation=o.citation, timing=timing_text(lang, o),
            penalty=penalty_text(lang, o.penalty) if o.penalty else "",
            optional=o.optional,
            reasons="; ".join(reasons(trace.condition, top=True)) if trace else "",
            questions=list(o.uncertain), law_questions=len(info.uncertainties) if info else 0,
            source=o.source_url))
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
                                  c.starts, details))
    cal = build_calendar(a, as_of, add_years(as_of, 2))
    events = [_event_row(lang, packs, e) for e in cal.events]
    laws = []
    for law in sorted(used_laws.values(), key=lambda x: (x.meta.jurisdiction, x.id)):
        info = a.laws.get(law.id)
        laws.append(LawRow(
            law_id=law.id, title=law_title(lang, law.id, law.meta.title),
            official=law.meta.title, jurisdiction=_place(law.meta.jurisdiction, names),
            citation=law.meta.citation, status=law.meta.status,
            effective=law.meta.dates.effective, verified_as_of=law.meta.verified_as_of,
            sources=[str(s.url) for s in law.meta.sources],
            penalties=[penalty_text(lang, p) for p in (info.penalties.values() if info else [])],
            questions=list(info.uncertainties) if info else []))
    summary = summary_lines(lang, a)
    gloss = [] if lang == "en" else [(g["en"], g[lang]) for g in glossary()]
    return Report(
        lang=lang, title=text(lang, "report.title"), organization=a.organization,
        as_of=str(as_of), generated=dt.date.today().isoformat(), summary=summary, map_svg=svg,
        states=[(k, names.get(k, k), cnt) for k, cnt in sorted(by_state.items())],
        federal=a.counts.by_state.get("US", Counts()),
        abroad=[(k, names.get(k, k), c) for k, c in sorted(a.counts.by_state.items())
                if k not in tiles.TILES and k != "US"],
        duties=duties, program=program,
        events=events, laws=laws, glossary=gloss, comparison=compare_section(inv, a, lang, compare),
        executive=executive_section(lang, a, packs, summary))


def _event_row(lang: str, packs, e) -> EventRow:
    law = packs.get(e.law_id)
    # A law's own events (signed, in force, stayed...) are recorded in English: a Chinese
    # report names the law in Chinese and keeps the recorded event text beside it.
    what = (obligation_title(lang, e.law_id, e.obligation_id, e.title) if e.obligation_id
            else e.title if lang == "en" else
            f"{law_short_title(lang, e.law_id, law.meta.short_title)} ({e.title})")
    return EventRow(e.date, text(lang, f"kind.{e.kind}"),
                    law_short_title(lang, e.law_id, law.meta.short_title), what,
                    ", ".join(e.systems))


def summary_lines(lang: str, a) -> list[str]:
    """The report's opening lines: systems and obligations by status (``Assessment.counts``)."""
    c = a.counts.overall
    return [text(lang, "report.systems_count", n=len(a.systems)),
            text(lang, "report.obligations_count", n=c.in_force, u=c.upcoming, b=c.blocked,
                 o=c.optional, d=c.undetermined)]


def executive_section(lang: str, a, packs, summary: list[str]) -> ExecutiveSection:
    """The executive summary, in the language: figures from ``build_executive``."""
    x = build_executive(a)
    names = {s.id: s.name for s in a.systems}

    def short(law_id: str) -> str:
        return law_short_title(lang, law_id, packs.get(law_id).meta.short_title)

    header = [text(lang, "obligation.law"), *(names[sid] for sid, _ in x.systems)]
    if a.organization_obligations:
        header.append(text(lang, "report.exec.organization"))
    grid = []
    for law_id, cells in x.grid.items():
        label = short(law_id) if law_id else text(lang, "report.exec.other_laws",
                                                  n=len(x.other_laws))
        grid.append([label, *(counts_cell(lang, c) for c in cells.values())])
    exposures = []
    for e in x.exposures:
        exposures.append(ExposureRow(
            law=short(e.law_id), maximum=e.max_usd,
            amount=_amount(lang, e.max_usd, e.subsequent_max_usd),
            per=e.per or "", duties=e.duties,
            systems=", ".join(names.get(s, s) for s in e.systems), citation=e.citation,
            text=e.text))
    caveats = []
    if x.blocked:
        cases = sorted({c.case for _, o in x.blocked for c in o.court_orders if c.blocks_this})
        caveats.append(text(lang, "report.exec.blocked", n=len(x.blocked),
                            cases="; ".join(cases) or "—"))
    if x.optional:
        caveats.append(text(lang, "report.exec.optional", n=len(x.optional)))
    if x.undetermined.undetermined or x.undetermined_rules:
        facts = ", ".join(t.field or t.fact for t in x.to_decide[:5]) or "—"
        caveats.append(text(lang, "report.exec.undetermined", n=x.undetermined.undetermined,
                            r=x.undetermined_rules, facts=facts))
    if x.low_confidence:
        caveats.append(text(lang, "report.exec.low_confidence", n=len(x.low_confidence),
                            laws=", ".join(short(k) for k in x.low_confidence)))
    if not caveats:
        caveats.append(text(lang, "report.exec.no_caveats"))
    lines = [*summary, text(lang, "report.exec.laws_count", n=x.laws)]
    return ExecutiveSection(
        figures=x, lines=lines, grid_header=header, grid=grid,
        due=[_event_row(lang, packs, e) for e in x.due], exposures=exposures, caveats=caveats)


def counts_cell(lang: str, c: Counts) -> str:
    """A cell of the systems-by-laws grid: the non-zero statuses, or a dash."""
    parts = [text(lang, f"count.{k}", n=getattr(c, k))
             for k in ("in_force", "upcoming", "blocked", "optional", "undetermined")
             if getattr(c, k)]
    return ", ".join(parts) or "—"


def _amount(lang: str, high: float | None, later: float | None) -> str:
    if high is None:
        return text(lang, "report.penalty.no_amount")
    out = text(lang, "report.penalty.up_to", usd=f"{high:,.0f}")
    if later and later != high:
        out += "; " + text(lang, "report.penalty.subsequent", usd=f"{later:,.0f}")
    return out


def penalty_text(lang: str, p) -> str:
    """A resolved penalty as the pack states it: the amount (when stated), per what, and the
    pack's own text and citation (English)."""
    parts = [_amount(lang, p.max_usd, p.subsequent_max_usd)]
    if p.max_usd is not None and p.per:
        parts[0] += " " + text(lang, "report.penalty.per", per=p.per)
    return f"{parts[0]} — {p.text} [{p.citation}]"


def timing_text(lang: str, o) -> str:
    """When the duty applies and falls due, from the resolved timing, deadline and due date."""
    if lang == "en":
        return when(o)
    parts = [text(lang, "compare.from", date=o.effective_from)] if o.status == "upcoming" else []
    if o.effective_until:
        parts.append(text(lang, "compare.until", date=o.effective_until))
    parts.append(text(lang, f"freq.{o.timing.frequency}"))
    if o.deadline is not None:
        amount = text(lang, f"unit.{o.deadline.unit}", n=o.deadline.value)
        parts.append(text(lang, "compare.deadline",
                          deadline=text(lang, f"compare.{o.deadline.direction}", amount=amount)))
    if o.recurrence and o.recurrence.next_due and o.status in ("in_force", "upcoming"):
        parts.append(text(lang, "compare.next_due", date=o.recurrence.next_due))
    return " · ".join(parts)


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
                                          version=__version__, horizon=HORIZON)


# --- PDF ------------------------------------------------------------------------------------

def to_pdf(report: Report) -> bytes:
    """The PDF: every font embedded (subset TrueType, see ``typeset``), lines broken between
    words and around CJK characters, URLs as links."""
    from xml.sax.saxutils import escape

    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        LongTable,
        PageBreak,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )

    from policyatlas.report.typeset import LATIN_BOLD, Para, fonts_for, register

    font, bold = fonts_for(report.lang)
    tile_font = register(LATIN_BOLD)
    body = ParagraphStyle("body", fontName=font, fontSize=8.5, leading=11, wordWrap="CJK")
    small = ParagraphStyle("small", parent=body, fontSize=7, leading=9)
    h1 = ParagraphStyle("h1", parent=body, fontName=bold, fontSize=18, leading=22, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=body, fontName=bold, fontSize=13, leading=16,
                        spaceBefore=8, spaceAfter=4)
    h3 = ParagraphStyle("h3", parent=body, fontName=bold, fontSize=10, leading=13,
                        spaceBefore=6, spaceAfter=3)
    t = report.t

    def p(value: str, style=body) -> Para:
        return Para("<br/>".join(escape(line) for line in str(value).split("\n")), style)

    def link(url: str, style=small) -> Para:
        return Para(f'<a href="{escape(url, {chr(34): "&quot;"})}" color="#08519c">'
                    f"{escape(url)}</a>", style)

    def cell(value) -> object:
        return value if isinstance(value, Para) else p("" if value is None else value, small)

    def table(header: list[str], rows: list[list[object]], widths: list[float]) -> LongTable:
        data = [[p(h, small) for h in header]] + [[cell(c) for c in row] for row in rows]
        tb = LongTable(data, colWidths=widths, repeatRows=1, splitInRow=1)
        tb.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dbe6f3")),
            ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), font),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
        return tb

    width = landscape(A4)[0] - 24 * mm - 12  # the frame, less its padding
    story: list = [p(report.title, h1),
                   p(f"{report.organization} · {t('assess.as_of')} {report.as_of} · "
                     f"{t('report.generated', date=report.generated)}"),
                   Spacer(1, 3 * mm)]
    x = report.executive
    story.append(p(t("report.executive"), h2))
    if x is not None:
        story += [p(line) for line in x.lines]
        story.append(p(t("report.exec.grid"), h3))
        n = len(x.grid_header) - 1
        story.append(table(x.grid_header, x.grid,
                           [60 * mm] + [(width - 60 * mm) / max(n, 1)] * n))
        story.append(p(t("report.exec.due", days=HORIZON), h3))
        if x.due:
            story.append(table(
                [t("calendar.date"), t("calendar.event"), t("obligation.law"),
                 t("report.obligation"), t("obligation.system")],
                [[e.date, e.kind, e.law, e.what, e.systems] for e in x.due],
                [22 * mm, 28 * mm, 55 * mm, width - 155 * mm, 50 * mm]))
        else:
            story.append(p(t("report.exec.due_none", days=HORIZON)))
        story.append(p(t("report.exec.penalties"), h3))
        if x.exposures:
            story.append(table(
                [t("obligation.law"), t("report.penalty.maximum"), t("report.penalty.unit"),
                 t("report.penalty.duties"), t("obligation.system"), t("obligation.penalty")],
                [[e.law, e.amount, e.per, str(e.duties), e.systems, f"{e.text} [{e.citation}]"]
                 for e in x.exposures],
                [45 * mm, 30 * mm, 40 * mm, 14 * mm, 40 * mm, width - 169 * mm]))
            story.append(p(t("report.exec.penalty_note"), small))
        else:
            story.append(p(t("report.exec.penalties_none")))
        story.append(p(t("report.exec.caveats"), h3))
        story += [p(f"• {c}") for c in x.caveats]
    story += [Spacer(1, 2 * mm), p(t("report.disclaimer"), small), PageBreak()]

    story.append(p(t("report.obligations"), h2))
    if report.duties:
        story.append(table(
            [t("obligation.system"), t("obligation.law"), t("report.obligation"),
             t("obligation.status"), t("obligation.timing"), t("obligation.penalty"),
             t("obligation.reasons"), t("obligation.questions")],
            [[d.system,
              d.law + ("" if d.law == d.law_official else f" ({d.law_official})")
              + f"\n{d.citation}",
              f"{d.title}\n{d.category}",
              d.status + (f"\n{t('obligation.optional_flag')}"
                          if d.optional and t("obligation.optional_flag") not in d.status
                          else ""),
              d.timing, d.penalty, d.reasons, _questions(report, d)]
             for d in report.duties],
            [24 * mm, 36 * mm, 40 * mm, 20 * mm, 32 * mm, 40 * mm, 44 * mm,
             width - 236 * mm]))
    else:
        story.append(p(t("report.no_obligations")))
    story.append(p(t("report.program"), h2))
    story.append(table([t("program.category"), t("program.systems"),
                        t("program.jurisdictions"), t("program.starts"), t("program.bar")],
                       [[r.category, r.systems, r.jurisdictions, r.starts, "; ".join(r.details)]
                        for r in report.program],
                       [40 * mm, 40 * mm, 60 * mm, 22 * mm, width - 162 * mm]))
    story.append(p(t("report.calendar"), h2))
    story.append(table([t("calendar.date"), t("calendar.event"), t("obligation.law"),
                        t("report.obligation"), t("obligation.system")],
                       [[e.date, e.kind, e.law, e.what, e.systems] for e in report.events],
                       [22 * mm, 30 * mm, 60 * mm, width - 155 * mm, 43 * mm]))
    story.append(p(t("report.citations"), h2))
    story.append(table([t("obligation.law"), t("obligation.citation"), t("law.effective"),
                        t("law.verified"), t("obligation.penalty"), t("law.uncertainties"),
                        t("law.sources")],
                       [[law.title + ("" if law.title == law.official
                                      else f"\n{t('law.official_name')}: {law.official}"),
                         law.citation, law.effective, law.verified_as_of,
                         "\n".join(law.penalties), "\n".join(law.questions),
                         Para("<br/>".join(
                             f'<a href="{escape(u, {chr(34): "&quot;"})}" color="#08519c">'
                             f"{escape(u)}</a>" for u in law.sources[:3]), small)]
                        for law in report.laws],
                       [48 * mm, 32 * mm, 18 * mm, 18 * mm, 50 * mm, 52 * mm,
                        width - 218 * mm]))
    # The map, drawn from the same counts as the SVG.
    size, gap = 10 * mm, 1.2 * mm
    drawing = Drawing(tiles.COLS * (size + gap), tiles.ROWS * (size + gap))
    drawing.initialFontName = tile_font  # not ReportLab's default Helvetica (unembedded)
    for tile in tiles.layout({code: cnt.known for code, _, cnt in report.states}):
        x0 = tile.col * (size + gap)
        y0 = (tiles.ROWS - 1 - tile.row) * (size + gap)
        drawing.add(Rect(x0, y0, size, size, fillColor=colors.HexColor(tile.fill),
                         strokeColor=colors.HexColor("#5a5a5a"), strokeWidth=0.4))
        drawing.add(String(x0 + size / 2, y0 + size / 2, tile.state, textAnchor="middle",
                           fontName=tile_font, fontSize=7,
                           fillColor=colors.HexColor(tile.ink)))
        if tile.value:
            drawing.add(String(x0 + size / 2, y0 + size / 2 - 8, str(tile.value),
                               textAnchor="middle", fontName=tile_font, fontSize=6.5,
                               fillColor=colors.HexColor(tile.ink)))
    notes = [p(t("map.federal", n=report.federal.known), small)]
    notes += [p(t("map.abroad", name=name, n=c.known), small) for _, name, c in report.abroad]
    story.append(KeepTogether([p(t("report.map"), h2), drawing, *notes]))
    if report.glossary:
        story.append(p(t("report.glossary"), h2))
        story.append(table(["English", report.lang], [list(g) for g in report.glossary],
                           [80 * mm, 80 * mm]))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=report.title,
                            author="policyatlas", leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, lang=report.lang,
                            initialFontName=font)  # no unembedded Helvetica anywhere

    def footer(canvas, document) -> None:
        canvas.setFont(font, 7)
        canvas.drawRightString(landscape(A4)[0] - 12 * mm, 7 * mm,
                               report.t("report.page", n=document.page))

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


def _questions(report: Report, d: DutyRow) -> str:
    lines = list(d.questions)
    if d.law_questions:
        lines.append(report.t("report.more_questions", n=d.law_questions))
    return "\n".join(lines)


# --- XLSX -----------------------------------------------------------------------------------

DATE_FORMAT = "yyyy-mm-dd"
USD_FORMAT = '"$"#,##0'


def to_xlsx(report: Report) -> bytes:
    """One sheet per view, each a table with a frozen header row and filters; dates are date
    cells, amounts numbers, URLs hyperlinks."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    head_fill = PatternFill("solid", fgColor="DBE6F3")
    link_font = Font(color="0563C1", underline="single")
    used: set[str] = set()

    def sheet(title: str, header: list[str], rows: list[list[object]],
              widths: list[int] | None = None, links: tuple[int, ...] = ()):
        ws = wb.active if not used else wb.create_sheet()
        name = title[:31]
        while name in used:
            name = name[:29] + f"{len(used)}"
        used.add(name)
        ws.title = name
        ws.append(header)
        for c in ws[1]:
            c.font, c.fill = Font(bold=True), head_fill
            c.alignment = Alignment(wrap_text=True, vertical="top")
        for row in rows:
            ws.append(row)
        for i, _ in enumerate(header, 1):
            w = widths[i - 1] if widths and i <= len(widths) else 28
            ws.column_dimensions[get_column_letter(i)].width = w
        for row in ws.iter_rows(min_row=2):
            for c in row:
                c.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(c.value, dt.date):
                    c.number_format = DATE_FORMAT
                if c.column in links and isinstance(c.value, str) and c.value.startswith(
                        ("http://", "https://")):
                    c.hyperlink, c.font = c.value, link_font
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(ws.max_row, 1)}"
        return ws

    t = report.t
    x = report.executive
    figures = x.figures if x else None
    summary_rows: list[list[object]] = [
        [t("report.inventory"), report.organization],
        [t("assess.as_of"), dt.date.fromisoformat(report.as_of)],
        [t("report.generated", date="").strip(), dt.date.fromisoformat(report.generated)]]
    if figures is not None:
        c = figures.overall
        summary_rows += [[t("report.systems"), len(figures.systems)],
                         [t("report.laws"), figures.laws],
                         *[[t(f"status.{k}"), getattr(c, k)]
                           for k in ("in_force", "upcoming", "blocked", "optional",
                                     "undetermined")],
                         *[[t("report.exec.caveats"), line] for line in x.caveats]]
    summary_rows.append([t("report.disclaimer"), ""])
    sheet(t("report.summary"), [t("report.summary"), ""], summary_rows, [40, 90])
    if x is not None:
        columns = [sid for sid, _ in figures.systems] + (
            [""] if len(x.grid_header) > len(figures.systems) + 1 else [])
        rows = []
        for (law_id, cells), shown in zip(figures.grid.items(), x.grid, strict=True):
            for sid, header in zip(columns, x.grid_header[1:], strict=True):
                cnt = cells[sid]
                rows.append([shown[0], law_id or "", header, cnt.in_force, cnt.upcoming,
                             cnt.blocked, cnt.optional, cnt.undetermined])
        sheet(t("report.exec.grid"), [t("obligation.law"), "law_id", t("obligation.system"),
                                      t("status.in_force"), t("status.upcoming"),
                                      t("status.blocked"), t("status.optional"),
                                      t("status.undetermined")], rows,
              [36, 24, 30, 12, 12, 12, 12, 12])
        sheet(t("report.exec.due", days=HORIZON),
              [t("calendar.date"), t("calendar.event"), t("obligation.law"),
               t("report.obligation"), t("obligation.system")],
              [[e.date, e.kind, e.law, e.what, e.systems] for e in x.due], [12, 18, 30, 60, 30])
        ws = sheet(t("report.exec.penalties"),
                   [t("obligation.law"), t("report.penalty.maximum"), t("report.penalty.unit"),
                    t("report.penalty.duties"), t("obligation.system"), t("obligation.citation"),
                    t("obligation.penalty")],
                   [[e.law, e.maximum, e.per, e.duties, e.systems, e.citation, e.text]
                    for e in x.exposures], [30, 14, 30, 10, 30, 24, 70])
        for (c,) in ws.iter_rows(min_row=2, min_col=2, max_col=2):
            c.number_format = USD_FORMAT
    sheet(t("report.obligations"),
          [t("obligation.system"), t("obligation.law"), t("law.official_name"),
           t("report.obligation"), t("obligation.category"), t("obligation.status"),
           t("obligation.optional_flag"), t("obligation.from"), t("obligation.timing"),
           t("obligation.penalty"), t("obligation.reasons"), t("obligation.questions"),
           t("obligation.citation"), t("obligation.source")],
          [[d.system, d.law, d.law_official, d.title, d.category, d.status,
            t("common.yes") if d.optional else t("common.no"), d.effective_from, d.timing,
            d.penalty, d.reasons, _questions(report, d), d.citation, d.source]
           for d in report.duties],
          [22, 26, 26, 40, 20, 16, 10, 12, 30, 40, 40, 40, 20, 40], links=(14,))
    sheet(t("report.program"), [t("program.category"), t("program.systems"),
                                t("program.jurisdictions"), t("program.starts"),
                                t("program.bar")],
          [[r.category, r.systems, r.jurisdictions, r.starts, "; ".join(r.details)]
           for r in report.program], [26, 30, 40, 12, 60])
    sheet(t("report.calendar"), [t("calendar.date"), t("calendar.event"), t("obligation.law"),
                                 t("report.obligation"), t("obligation.system")],
          [[e.date, e.kind, e.law, e.what, e.systems] for e in report.events],
          [12, 18, 30, 60, 30])
    sheet(t("report.citations"), [t("obligation.law"), t("law.official_name"),
                                  t("obligation.citation"), t("law.effective"),
                                  t("law.verified"), t("obligation.penalty"),
                                  t("law.uncertainties"), t("law.sources"),
                                  t("report.more_sources")],
          [[law.title, law.official, law.citation, law.effective, law.verified_as_of,
            "\n".join(law.penalties), "\n".join(law.questions),
            law.sources[0] if law.sources else "", "\n".join(law.sources[1:])]
           for law in report.laws], [30, 30, 24, 12, 12, 40, 40, 40, 40], links=(8,))
    sheet(t("report.map"), [t("map.code"), t("map.state_code"), t("map.legend"),
                            t("status.in_force"), t("status.upcoming"), t("status.blocked"),
                            t("status.optional"), t("status.undetermined")],
          [[code, name, c.known, c.in_force, c.upcoming, c.blocked, c.optional, c.undetermined]
           for code, name, c in [*report.states, ("US", t("map.federal_row"), report.federal),
                                 *report.abroad]], [8, 28, 14, 12, 12, 12, 12, 12])
    if report.glossary:
        sheet(t("report.glossary"), ["English", report.lang], [list(g) for g in report.glossary],
              [50, 50])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()

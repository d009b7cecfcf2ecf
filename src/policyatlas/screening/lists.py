# ruff: noqa: RUF001, RUF003  (the Chinese announcement numbers are written 〔2025〕7号)
"""Readers for restricted-party lists: each file becomes ``ListData`` (a ``ListInfo`` and its
``ListEntry`` rows), read within fixed bounds, and every bad row is one located error
(``file:line`` or ``file: record N``, the field, the fix).

Formats (``detect`` recognises each from its content):

- ``nsfreg`` — the JSON files ``{list_id, source_file, extracted, count, entities[]}`` parsed
  from the official publications (BIS Entity List with its licence-requirement notes and
  Federal Register citations, DPL, MEU, NS-CMIC, E.O. 14032 annex, 1260H, 1286, UFLPA, FCC,
  State nonproliferation and DDTC debarments, CBP withhold-release orders);
- ``sdn-json`` / ``sdn-csv`` — the OFAC SDN list packaged as JSON or CSV
  (``uid,name,type,programs,alternate_names``);
- ``ofac-legacy`` — OFAC's own headerless ``SDN.CSV`` (with ``ALT.CSV`` and ``ADD.CSV`` beside
  it) and the consolidated non-SDN ``CONS_PRIM.CSV`` (``CONS_ALT``/``CONS_ADD``);
- ``csl`` — the trade.gov Consolidated Screening List CSV (28 or 29 columns): one file holds
  many lists, split by its ``source`` column;
- ``cn`` — China's lists: MOFCOM's Unreliable Entity List, export-control control list and watch
  list, MFA countermeasure decisions — from announcement YAML files (one per announcement, with
  the measures) and/or a JSON table of entities, merged and corrected (``CN_FIXES``);
- ``opensanctions`` — an OpenSanctions ``targets.simple.csv`` export: read for a user's own
  store only (CC BY-NC 4.0), never bundled.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from policyatlas.errors import Problem, UserError
from policyatlas.screening.model import ListEntry, ListInfo
from policyatlas.sourcefile import Limits, parse_json

# A list file, and its content once decompressed. The full CSL export is about 30 MiB, the
# OFAC SDN CSV set about 10 MiB; decompression stops at the limit ("gzip bomb").
MAX_LIST_BYTES = 256 * 2**20
MAX_ROWS = 2_000_000
MAX_PROBLEMS = 20
JSON_LIMITS = Limits(max_bytes=MAX_LIST_BYTES, max_values=20_000_000, max_text=1_000_000)
CSV_FIELD = 1_000_000  # characters in one CSV cell


@dataclass(slots=True)
class ListData:
    """One list as read: what it is, its rows, its licence, and the corrections applied."""

    info: ListInfo
    entries: list[ListEntry]
    source_path: str
    fmt: str
    licence: str
    redistributable: bool
    fixes: list[str] = field(default_factory=list)

    def content_hash(self) -> str:
        h = hashlib.sha256(self.info.model_dump_json().encode())
        for e in sorted(self.entries, key=lambda e: e.entry_id):
            h.update(e.model_dump_json().encode())
        return h.hexdigest()


# ---------------------------------------------------------------- the lists we know

US_PD = "US Government work (17 U.S.C. 105), public domain"


@dataclass(frozen=True, slots=True)
class Known:
    name: str
    authority: str
    jurisdiction: str
    url: str
    effect: str


KNOWN: dict[str, Known] = {
    "us-entity-list": Known(
        "Entity List (15 CFR part 744, Supplement No. 4)", "US Commerce / BIS", "us",
        "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744",
        "A licence is required to export, reexport or transfer (in-country) the items named in "
        "the entry's licence requirement; no licence exceptions unless stated; applications "
        "reviewed under the entry's review policy (15 CFR 744.11)."),
    "us-meu": Known(
        "Military End-User List (15 CFR part 744, Supplement No. 7)", "US Commerce / BIS", "us",
        "https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-744",
        "A licence is required for items listed in Supplement No. 2 to part 744 (15 CFR 744.21)."),
    "us-dpl": Known(
        "Denied Persons List", "US Commerce / BIS", "us",
        "https://www.bis.gov/licensing/end-user-guidance/denied-persons-list-dpl",
        "Denial order: the person may not take part in any export transaction subject to the "
        "EAR, and others may not deal with them in such transactions."),
    "us-uvl": Known(
        "Unverified List", "US Commerce / BIS", "us",
        "https://www.bis.gov/licensing/end-user-guidance/unverified-list",
        "No licence exceptions; a UVL statement from the party is required before export "
        "(15 CFR 744.15)."),
    "us-sdn": Known(
        "Specially Designated Nationals and Blocked Persons List (SDN)", "US Treasury / OFAC",
        "us", "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/SDN.CSV",
        "Property and interests in property are blocked; US persons may not deal with the "
        "party (and entities it owns 50 % or more)."),
    "us-ofac-cons": Known(
        "OFAC Consolidated (non-SDN) Sanctions List", "US Treasury / OFAC", "us",
        "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
        "CONS_PRIM.CSV", "Program-specific prohibitions (SSI, FSE, NS-PLC, CAPTA, NS-MBS, "
        "NS-CMIC); see each entry's programs."),
    "us-ssi": Known("Sectoral Sanctions Identifications List", "US Treasury / OFAC", "us",
                    "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
                    "Directive-specific prohibitions on debt, equity and other dealings."),
    "us-fse": Known("Foreign Sanctions Evaders List", "US Treasury / OFAC", "us",
                    "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
                    "US persons may not transact with or provide services to the party."),
    "us-plc": Known("Palestinian Legislative Council List", "US Treasury / OFAC", "us",
                    "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
                    "Listed for identification; not blocked, but program restrictions apply."),
    "us-capta": Known("Correspondent Account or Payable-Through Account Sanctions List",
                      "US Treasury / OFAC", "us",
                      "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
                      "Prohibitions or conditions on US correspondent and payable-through "
                      "accounts."),
    "us-mbs": Known("Non-SDN Menu-Based Sanctions List", "US Treasury / OFAC", "us",
                    "https://ofac.treasury.gov/consolidated-sanctions-list-non-sdn-lists",
                    "The menu-based sanctions named for the party."),
    "us-ns-cmic": Known(
        "Non-SDN Chinese Military-Industrial Complex Companies List (NS-CMIC)",
        "US Treasury / OFAC", "us", "https://www.treasury.gov/ofac/downloads/ccmc/nscmiclist.pdf",
        "US persons may not purchase or sell publicly traded securities of the company "
        "(E.O. 13959 as amended by E.O. 14032)."),
    "us-eo14032": Known(
        "Annex to Executive Order 14032", "US Treasury / OFAC", "us",
        "https://ofac.treasury.gov/media/99111/download?inline",
        "Securities prohibitions of E.O. 14032 for the companies in the Annex."),
    "us-1260h": Known(
        "Section 1260H list of Chinese military companies", "US Department of War", "us",
        "https://www.federalregister.gov/documents/search?conditions%5Bterm%5D=1260H",
        "A public designation; DoD contracting prohibitions follow (NDAA FY2024 sec. 805)."),
    "us-1286": Known(
        "Section 1286 list of foreign institutions of concern", "US Department of War", "us",
        "https://basicresearch.defense.gov/Programs/Academic-Research-Security/",
        "Research-security restrictions on DoD-funded research collaborations."),
    "us-uflpa": Known(
        "UFLPA Entity List", "US DHS / FLETF", "us", "https://www.dhs.gov/uflpa-entity-list",
        "Goods produced wholly or in part by the entity are presumed made with forced labour "
        "and barred from entry into the US (UFLPA sec. 3)."),
    "us-fcc-covered": Known(
        "FCC Covered List (Secure and Trusted Communications Networks Act)", "US FCC", "us",
        "https://www.fcc.gov/supplychain/coveredlist",
        "Universal Service funds may not buy the covered equipment or services; new equipment "
        "authorisations are barred."),
    "us-isn": Known(
        "Nonproliferation Sanctions", "US State Department / ISN", "us",
        "https://www.state.gov/bureau-of-arms-control-and-nonproliferation/"
        "nonproliferation-sanctions",
        "The sanctions imposed under the cited statute, for their stated period."),
    "us-dtc": Known(
        "ITAR Statutorily Debarred Parties", "US State Department / DDTC", "us",
        "https://www.pmddtc.state.gov/", "Debarred from participating in ITAR-controlled "
        "exports of defence articles and services (22 CFR 127.7)."),
    "us-dtc-admin": Known(
        "ITAR Administratively Debarred Parties", "US State Department / DDTC", "us",
        "https://www.pmddtc.state.gov/", "Administratively debarred under 22 CFR 127.7."),
    "us-cbp-wro": Known(
        "CBP Withhold Release Orders and Findings", "US DHS / CBP", "us",
        "https://www.cbp.gov/document/stats/withhold-release-orders-findings",
        "Goods from the named producer are detained at entry (19 U.S.C. 1307)."),
    "cn-unreliable-entity-list": Known(
        "Unreliable Entity List (不可靠实体清单)",
        "PRC Unreliable Entity List Working Mechanism (MOFCOM)", "cn",
        "https://aqygzj.mofcom.gov.cn/flzc/gzjgfxwj/index.html",
        "The measures named in the announcement (Provisions on the Unreliable Entity List, "
        "Art. 10): e.g. no China-related import or export, no new investment in China, entry "
        "bans and cancelled permits for senior managers, fines."),
    "cn-export-control-list": Known(
        "Export Control Control List (出口管制管控名单)", "PRC Ministry of Commerce", "cn",
        "https://aqygzj.mofcom.gov.cn/flzc/gzjgfxwj/index.html",
        "Exporters may not export dual-use items to the party; foreign organisations and "
        "individuals may not transfer PRC-origin dual-use items to it (Export Control Law "
        "Art. 18; Dual-Use Items Regulations Arts. 28-29)."),
    "cn-watch-list": Known(
        "Export Control Watch List (出口管制关注名单)", "PRC Ministry of Commerce", "cn",
        "https://aqygzj.mofcom.gov.cn/flzc/gzjgfxwj/index.html",
        "Enhanced end-user and end-use verification; general licences and registration do not "
        "apply; exporters must submit risk assessments and undertakings (Dual-Use Items "
        "Regulations Art. 26)."),
    "cn-countermeasures": Known(
        "Anti-Foreign Sanctions countermeasure list (反制裁清单)",
        "PRC Ministry of Foreign Affairs", "cn", "https://www.mfa.gov.cn/web/wjb_673085/zfxxgk_674865/gknrlb/fzcqdcs/",
        "The countermeasures in the decision (Anti-Foreign Sanctions Law Arts. 4-6): asset "
        "freezes, transaction bans, entry bans."),
}

NSFREG_IDS = {
    "bis-entity-list": "us-entity-list", "bis-dpl": "us-dpl", "bis-meu": "us-meu",
    "ofac-nscmic": "us-ns-cmic", "ofac-eo14032": "us-eo14032", "dow-1260h": "us-1260h",
    "dow-1286": "us-1286", "dhs-uflpa": "us-uflpa", "fcc-covered": "us-fcc-covered",
    "state-nonproliferation": "us-isn", "state-debarred-statutory": "us-dtc",
    "state-debarred-admin": "us-dtc-admin", "cbp-wro": "us-cbp-wro",
}  # fmt: skip

# The CSL's `source` column, by the abbreviation in its brackets.
CSL_SOURCES = {
    "EL": "us-entity-list", "MEU": "us-meu", "DPL": "us-dpl", "UVL": "us-uvl",
    "SDN": "us-sdn", "SSI": "us-ssi", "FSE": "us-fse", "PLC": "us-plc", "CAP": "us-capta",
    "CAPTA": "us-capta", "NS-MBS LIST": "us-mbs", "MBS": "us-mbs", "CMIC": "us-ns-cmic",
    "NS-CMIC": "us-ns-cmic", "ISN": "us-isn", "DTC": "us-dtc",
}  # fmt: skip


def known_ids() -> list[str]:
    return sorted(KNOWN)


def list_info(list_id: str, list_date: dt.date, provenance: str) -> ListInfo:
    k = KNOWN[list_id]
    return ListInfo(list_id=list_id, name=k.name, authority=k.authority,
                    jurisdiction=k.jurisdiction,  # type: ignore[arg-type]
                    list_date=list_date, source_url=k.url, provenance=provenance,
                    effect=k.effect)


# ---------------------------------------------------------------- bounded reading


def _refuse(path: str, message: str, fix: str, line: int | None = None,
            field: str | None = None) -> UserError:
    return UserError(f"{path}: cannot read this list", [Problem(message, file=path, line=line,
                                                                 field=field, fix=fix)])


def read_bytes(path: Path) -> bytes:
    """The file's bytes (gunzipped if compressed), at most MAX_LIST_BYTES either way."""
    shown = str(path)
    try:
        if not path.exists():
            raise UserError(f"{shown} does not exist", [Problem("no such file", file=shown,
                                                                fix="check the path")])
        size = path.stat().st_size
        if size > MAX_LIST_BYTES:
            raise _refuse(shown, f"{size:,} bytes; list files over "
                          f"{MAX_LIST_BYTES // 2**20} MiB are refused", "split the file")
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{shown} cannot be read",
                        [Problem(exc.strerror or str(exc), file=shown)]) from None
    if raw[:2] != b"\x1f\x8b":
        return raw
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(raw, MAX_LIST_BYTES + 1)
    except zlib.error as exc:
        raise _refuse(shown, f"broken gzip data ({exc})", "download the file again") from None
    if len(out) > MAX_LIST_BYTES or inflater.unconsumed_tail:
        raise _refuse(shown, f"more than {MAX_LIST_BYTES // 2**20} MiB once decompressed",
                      "split the file")
    return out


def _text(raw: bytes, path: str, *, latin1: bool = False) -> str:
    raw = raw.removeprefix(b"\xef\xbb\xbf").rstrip(b"\x1a")  # OFAC files end with ^Z
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not latin1:
            raise _refuse(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                          "save the file as UTF-8") from None
        text = raw.decode("latin-1")
    if "\x00" in text:
        raise _refuse(path, "a NUL character", "this is not a text list file: check the file")
    return text


class Collector:
    """Gathers row problems; raises them together (at most MAX_PROBLEMS) at the end."""

    def __init__(self, path: str) -> None:
        self.path, self.problems = path, []

    def add(self, message: str, *, line: int | None = None, field: str | None = None,
            fix: str | None = None) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(message, file=self.path, line=line, field=field,
                                         fix=fix))

    def entry(self, where: dict[str, Any], **values: Any) -> ListEntry | None:
        try:
            return ListEntry(**values)
        except ValidationError as exc:
            for e in exc.errors():
                loc = ".".join(str(p) for p in e["loc"]) or "entry"
                place = where.get("field")
                self.add(e["msg"].removeprefix("Value error, "), line=where.get("line"),
                         field=f"{place}.{loc}" if place else loc, fix=f"correct {loc}")
            return None

    def check(self, title: str | None = None) -> None:
        if self.problems:
            raise UserError(title or f"{self.path}: {len(self.problems)} bad row(s)",
                            list(self.problems))


def _csv_rows(text: str, path: str) -> Iterable[tuple[int, list[str]]]:
    """(line, cells) for each CSV row, within the cell and row limits."""
    csv.field_size_limit(CSV_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    n = 0
    try:
        for row in reader:
            n += 1
            if n > MAX_ROWS:
                raise _refuse(path, f"more than {MAX_ROWS:,} rows", "split the file")
            yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _refuse(path, f"malformed CSV ({exc})", "correct the quoting on that line",
                      line=reader.line_num) from None


# ---------------------------------------------------------------- field helpers

_SPLIT = re.compile(r"\s*;\s*")
_DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y", "%b %d, %Y", "%d %b %Y", "%d %B %Y", "%m/%d/%Y",
                 "%m/%d/%y", "%Y/%m/%d", "%b. %d, %Y")


def parse_day(value: Any) -> dt.date | None:
    """A date written in any of the forms the lists use; None when absent. ValueError if not."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text or text == "-0-":
        return None
    for f in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, f).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date")


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v for v in _SPLIT.split(str(value).strip()) if v and v != "-0-"]


_COUNTRY_ALIASES = {
    "prc": "CN", "china": "CN", "peoples republic of china": "CN",
    "people's republic of china": "CN", "people’s republic of china": "CN",
    "north korean entity in china": "CN", "russia": "RU", "iran": "IR", "south korea": "KR",
    "north korea": "KP", "north korea (dprk)": "KP", "taiwan": "TW", "hong kong": "HK",
    "uk": "GB", "burma": "MM", "laos": "LA", "syria": "SY", "turkey": "TR",
    "turkey (turkiye)": "TR", "turkiye": "TR", "türkiye": "TR", "turkish individual": "TR",
    "vietnam": "VN", "venezuela": "VE", "bolivia": "BO", "moldova": "MD", "macedonia": "MK",
    "czech republic": "CZ", "democratic republic of congo": "CD", "crimea region of ukraine": "UA",
    "british virgin islands": "VG", "usa": "US", "united states": "US", "macau": "MO",
    "macao": "MO", "tanzania": "TZ", "palestinian territories": "PS", "west bank": "PS",
}  # fmt: skip


@cache
def _countries() -> dict[str, str]:
    import pycountry

    table = {}
    for c in pycountry.countries:
        table[c.alpha_2.lower()] = c.alpha_2
        table[c.alpha_3.lower()] = c.alpha_2
        table[c.name.lower()] = c.alpha_2
        for attr in ("common_name", "official_name"):
            if hasattr(c, attr):
                table[getattr(c, attr).lower()] = c.alpha_2
    table.update(_COUNTRY_ALIASES)
    table["xk"] = "XK"  # Kosovo, used by OFAC
    return table


def country_code(value: Any) -> str | None:
    """ISO 3166-1 alpha-2 for a country name or code as the lists write it; None if unknown."""
    if value is None:
        return None
    key = str(value).strip().lower()
    if not key or key in ("none", "-0-"):
        return None
    return _countries().get(key)


def _country_of_addresses(addresses: list[str]) -> str | None:
    """The country all addresses agree on (their last comma-separated part), else None."""
    found = {country_code(a.rsplit(",", 1)[-1]) for a in addresses if a}
    found.discard(None)
    return found.pop() if len(found) == 1 else None


_TYPES = {"entity": "entity", "organization": "entity", "organisation": "entity",
          "company": "entity", "individual": "individual", "person": "individual",
          "vessel": "vessel", "aircraft": "aircraft", "legalentity": "entity",
          "": "unknown", "-0-": "entity"}  # OFAC: no type = an entity


def entity_type(value: Any) -> str:
    return _TYPES.get(str(value or "").strip().lower(), "unknown")


def _slug(*parts: Any) -> str:
    text = "|".join(str(p or "") for p in parts)
    return hashlib.sha1(text.casefold().encode()).hexdigest()[:16]


def _unique(ids: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i in ids:
        n = seen.get(i, 0)
        seen[i] = n + 1
        out.append(i if n == 0 else f"{i}-{n + 1}")
    return out


_FR_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2,4})")


def earliest_fr_date(citation: str | None) -> dt.date | None:
    """The earliest m/d/yy date in a Federal Register citation ("76 FR 71869, 11/21/11")."""
    days = []
    for m, d, y in _FR_DATE.findall(citation or ""):
        year = int(y) + (2000 if len(y) == 2 and int(y) < 70 else 1900 if len(y) == 2 else 0)
        try:
            days.append(dt.date(year, int(m), int(d)))
        except ValueError:
            continue
    return min(days) if days else None


# ---------------------------------------------------------------- format detection


def detect(path: Path) -> str:
    """The format of ``path`` (a file, or a folder of China's lists or OFAC CSV files)."""
    if path.is_dir():
        names = {p.name.lower() for p in path.iterdir()}
        if "sdn.csv" in names:
            return "ofac-legacy"
        if "cons_prim.csv" in names:
            return "ofac-legacy"
        return "cn"
    head = read_bytes(path)[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    low = head.lower()
    if head.startswith(b"{"):
        if b'"entities"' in low and b'"list_id"' in low:
            return "nsfreg"
        return "sdn-json"
    if head.startswith(b"["):
        return "cn"
    if low.startswith(b"# yaml") or low.startswith(b"---") or low.startswith(b"announcement:"):
        return "cn"
    first = head.split(b"\n", 1)[0]
    if first.startswith(b"_id,source,") or first.startswith(b"source,entity_number,"):
        return "csl"
    if first.startswith(b"uid,name,type,programs"):
        return "sdn-csv"
    if first.startswith(b"id,schema,name,aliases"):
        return "opensanctions"
    if re.match(rb"^\d+,", first):
        return "ofac-legacy"
    raise _refuse(str(path), "not a list format policyatlas reads",
                  "give an nsfreg JSON, OFAC SDN.CSV / CONS_PRIM.CSV (or their folder), the "
                  "OFAC SDN JSON/CSV, the trade.gov consolidated.csv, China's announcement "
                  "YAML or entity JSON, or an OpenSanctions targets.simple.csv", line=1)


FORMATS = ("nsfreg", "sdn-json", "sdn-csv", "ofac-legacy", "csl", "cn", "opensanctions")


def read_path(path: str | Path, *, list_id: str | None = None,
              list_date: dt.date | None = None, fmt: str | None = None) -> list[ListData]:
    """Read one list file (or folder) into lists; ``list_id`` keeps only that list (or names
    it, for single-list formats); ``list_date`` gives the date where the file has none."""
    p = Path(path)
    if list_id is not None and list_id not in KNOWN:
        from policyatlas.validation import suggest

        guess = suggest(list_id, known_ids())
        raise UserError(f"unknown list {list_id!r}", [Problem(
            f"the lists are: {', '.join(known_ids())}", field="--list",
            fix=f"did you mean '{guess}'?" if guess else "use one of those ids")])
    kind = fmt or detect(p)
    readers: dict[str, Callable[..., list[ListData]]] = {
        "nsfreg": read_nsfreg, "sdn-json": read_sdn_json, "sdn-csv": read_sdn_csv,
        "ofac-legacy": read_ofac_legacy, "csl": read_csl, "cn": read_cn,
        "opensanctions": read_opensanctions}
    out = readers[kind](p, list_date=list_date, list_id=list_id)
    if list_id is not None:
        out = [d for d in out if d.info.list_id == list_id]
        if not out:
            raise _refuse(str(p), f"the file holds no entries of {list_id}",
                          "check --list, or leave it out to read every list in the file")
    return out


def _need_date(path: str, found: dt.date | None, given: dt.date | None, what: str) -> dt.date:
    if given is not None:
        return given
    if found is not None:
        return found
    raise _refuse(path, f"{what} carries no list date", "pass --list-date YYYY-MM-DD (the "
                  "date of the list you downloaded)", field="--list-date")


# ---------------------------------------------------------------- nsfreg JSON


def _load_json(path: Path) -> Any:
    return parse_json(_text(read_bytes(path), str(path)), str(path), JSON_LIMITS).data


_STATUS_END = re.compile(r"(?:expired|lifted|terminated|waived|removed)(?: on| as of)?\s+"
                         r"(\d{1,2}/\d{1,2}/\d{2,4})", re.I)


def _isn_removed(notes: str | None) -> dt.date | None:
    """State nonproliferation: the day the last of the party's sanctions ended, if all did."""
    if not notes:
        return None
    parts = [p for p in notes.split("|") if p.strip()]
    ends = []
    for part in parts:
        m = re.search(r"status:\s*([^;|]+)", part)
        if not m:
            return None
        status = m.group(1).strip()
        if "remain" in status.lower() or status.lower().startswith("active"):
            return None
        end = _STATUS_END.search(status) or re.search(r"(\d{1,2}/\d{1,2}/\d{2,4})", status)
        if not end:
            return None
        day = earliest_fr_date(end.group(1))
        if day is None:
            return None
        ends.append(day)
    return max(ends) + dt.timedelta(days=1) if ends else None


def read_nsfreg(path: Path, *, list_date: dt.date | None = None,
                list_id: str | None = None) -> list[ListData]:
    shown = str(path)
    data = _load_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise _refuse(shown, "expected {list_id, source_file, extracted, entities: [...]}",
                      "give one of the nsfreg list files", field="entities")
    source_id = str(data.get("list_id") or "")
    ours = NSFREG_IDS.get(source_id)
    if ours is None:
        raise _refuse(shown, f"unknown nsfreg list_id {source_id!r}",
                      f"one of {', '.join(sorted(NSFREG_IDS))}", field="list_id")
    try:
        extracted = parse_day(data.get("extracted"))
    except ValueError as exc:
        raise _refuse(shown, str(exc), "write YYYY-MM-DD", field="extracted") from None
    day = _need_date(shown, _nsfreg_date(source_id, data, extracted), list_date, "the file")
    bad = Collector(shown)
    entries: list[ListEntry] = []
    ids: list[str] = []
    rows = []
    for n, e in enumerate(data["entities"]):
        where = {"field": f"entities[{n}]"}
        if not isinstance(e, dict) or not str(e.get("name") or "").strip():
            bad.add("an entity without a name", fix="give each entity a name", **where)
            continue
        try:
            effective = parse_day(e.get("effective_date"))
        except ValueError as exc:
            bad.add(str(exc), field=f"entities[{n}].effective_date",
                    fix="write YYYY-MM-DD or 'Month D, YYYY'")
            continue
        rows.append((n, e, effective))
        ids.append(_slug(e.get("name"), e.get("country"), e.get("address")))
    for (n, e, effective), entry_id in zip(rows, _unique(ids), strict=True):
        fr = e.get("federal_register")
        notes = e.get("notes")
        country_raw = e.get("country")
        addresses = [a for a in re.split(r";\s+and\s+|;\s+", e.get("address") or "") if a]
        values: dict[str, Any] = dict(
            list_id=ours, entry_id=entry_id, name=str(e["name"]).strip(),
            aliases=_split(e.get("aliases")), entity_type="entity",
            country=country_code(country_raw), addresses=addresses, citation=fr,
            listed_on=effective, url=KNOWN[ours].url)
        extra = []
        if country_raw and values["country"] is None:
            extra.append(f"country as listed: {country_raw}")
        if ours == "us-entity-list":
            values["listed_on"] = effective or earliest_fr_date(fr)
            values["licence_requirement"] = notes
            if notes and notes.rstrip().endswith("..."):
                extra.append("licence requirement truncated at 200 characters in the source; "
                             "read the full text in the eCFR or the CSL")
            values["measures"] = [notes] if notes else []
        elif ours == "us-meu":
            values["listed_on"] = effective or earliest_fr_date(fr)
            values["licence_requirement"] = ("For any item subject to the EAR listed in "
                                             "Supplement No. 2 to part 744.")
        elif ours == "us-isn":
            values["removed_on"] = _isn_removed(notes)
            extra.append(notes or "")
        elif ours == "us-cbp-wro":
            status = e.get("status")
            if status:
                extra.append(f"status: {status}")
            extra.append(notes or "")
        elif notes:
            extra.append(notes)
        values["notes"] = "; ".join(x for x in extra if x) or None
        if ours in ("us-dtc", "us-dtc-admin", "us-1286") and values["country"] is None:
            values["entity_type"] = "unknown"
        entry = bad.entry({"field": f"entities[{n}]"}, **values)
        if entry is not None:
            entries.append(entry)
    bad.check()
    prov = (f"{data.get('source_file')} (official publication), parsed into "
            f"{path.name} by github.com/phagehunter/nsfreg (extracted {extracted}); "
            f"{len(entries)} entries")
    return [ListData(list_info(ours, day, prov), entries, shown, "nsfreg", US_PD, True)]


_NSFREG_DATES = {  # the list's own date where the file's name or lists.json gives it
    "bis-dpl": dt.date(2026, 4, 14), "dow-1260h": dt.date(2026, 6, 10),
    "ofac-eo14032": dt.date(2021, 6, 3), "state-debarred-statutory": dt.date(2025, 8, 25),
    "state-debarred-admin": dt.date(2023, 6, 1), "state-nonproliferation": dt.date(2025, 5, 31),
    "cbp-wro": dt.date(2026, 6, 23),
}  # fmt: skip


def _nsfreg_date(source_id: str, data: dict, extracted: dt.date | None) -> dt.date | None:
    """A list's date: from the source file's name (dpl_04142026.csv), else the publication
    dates in lists.json for the static lists, else the day it was extracted."""
    src = str(data.get("source_file") or "")
    m = re.search(r"(\d{2})(\d{2})(20\d{2})", src)
    if m:
        try:
            return dt.date(int(m[3]), int(m[1]), int(m[2]))
        except ValueError:
            pass
    m = re.search(r"(20\d{2})-(\d{2})-(\d{2})", src)
    if m and "live fetch" not in src:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    return _NSFREG_DATES.get(source_id, extracted)


# ---------------------------------------------------------------- OFAC SDN packaged


def _sdn_entry(bad: Collector, where: dict, uid: Any, name: Any, kind: Any, programs: list[str],
               alts: list[str], list_id: str = "us-sdn") -> ListEntry | None:
    uid_text = str(uid or "").strip()
    place = where.get("field")
    line = where.get("line")
    if not uid_text.isdigit():
        bad.add(f"uid {uid_text!r} is not an OFAC entry number", line=line,
                field=f"{place}.uid" if place else "uid",
                fix="each row needs its numeric OFAC uid")
        return None
    if not str(name or "").strip():
        bad.add("an entry without a name", line=line,
                field=f"{place}.name" if place else "name", fix="give the SDN name")
        return None
    return bad.entry(where, list_id=list_id, entry_id=uid_text, name=str(name).strip(),
                     aliases=alts, entity_type=entity_type(kind), measures=programs,
                     citation="OFAC programs: " + ", ".join(programs) if programs else None,
                     url=f"https://sanctionssearch.ofac.treas.gov/Details.aspx?id={uid_text}")


def _sdn_info(list_date: dt.date, prov: str) -> ListInfo:
    return list_info("us-sdn", list_date, prov)


def read_sdn_json(path: Path, *, list_date: dt.date | None = None,
                  list_id: str | None = None) -> list[ListData]:
    shown = str(path)
    data = _load_json(path)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise _refuse(shown, "expected {published, entries: [{uid, name, type, programs, "
                      "alternateNames}]}", "give the OFAC SDN JSON", field="entries")
    try:
        published = parse_day(data.get("published"))
    except ValueError as exc:
        raise _refuse(shown, str(exc), "write YYYY-MM-DD", field="published") from None
    day = _need_date(shown, published, list_date, "the file")
    bad = Collector(shown)
    entries = []
    for n, e in enumerate(data["entries"]):
        if not isinstance(e, dict):
            bad.add("an entry that is not an object", field=f"entries[{n}]",
                    fix="each entry is {uid, name, type, programs, alternateNames}")
            continue
        entry = _sdn_entry(bad, {"field": f"entries[{n}]"}, e.get("uid"), e.get("name"),
                           e.get("type"), _split(e.get("programs")),
                           _split(e.get("alternateNames")))
        if entry is not None:
            entries.append(entry)
    bad.check()
    _no_duplicates(shown, entries)
    prov = (f"OFAC SDN.CSV + ALT.CSV published {published}, packaged as JSON by "
            f"github.com/kindrat86/ofac-sdn-json (CC0-1.0; retrieved {data.get('retrieved')}); "
            f"{len(entries)} entries")
    return [ListData(_sdn_info(day, prov), entries, shown, "sdn-json", US_PD + "; packaging "
                     "CC0-1.0", True)]


def _no_duplicates(path: str, entries: list[ListEntry]) -> None:
    seen: dict[str, ListEntry] = {}
    for e in entries:
        if e.entry_id in seen:
            raise _refuse(path, f"entry {e.entry_id} twice ({seen[e.entry_id].name!r} and "
                          f"{e.name!r})", "keep one row per entry", field="uid")
        seen[e.entry_id] = e


def read_sdn_csv(path: Path, *, list_date: dt.date | None = None,
                 list_id: str | None = None) -> list[ListData]:
    shown = str(path)
    text = _text(read_bytes(path), shown)
    rows = _csv_rows(text, shown)
    _, header = next(iter(rows), (1, []))
    want = ["uid", "name", "type", "programs", "alternate_names"]
    if header[:5] != want:
        raise _refuse(shown, f"the header is {','.join(header)[:200]}",
                      f"the first line must be {','.join(want)}", line=1)
    day = _need_date(shown, _sibling_published(path), list_date, "the CSV")
    bad = Collector(shown)
    entries = []
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) != 5:
            bad.add(f"{len(row)} columns instead of 5", line=line,
                    fix="quote names that contain commas")
            continue
        e = _sdn_entry(bad, {"line": line}, row[0], row[1], row[2], _split(row[3]),
                       _split(row[4]))
        if e is not None:
            entries.append(e)
    bad.check()
    _no_duplicates(shown, entries)
    prov = (f"OFAC SDN.CSV + ALT.CSV, packaged as CSV by github.com/kindrat86/ofac-sdn-json "
            f"(CC0-1.0); {len(entries)} entries")
    return [ListData(_sdn_info(day, prov), entries, shown, "sdn-csv", US_PD + "; packaging "
                     "CC0-1.0", True)]


def _sibling_published(path: Path) -> dt.date | None:
    meta = path.with_name("metadata.json")
    if meta.exists():
        try:
            return parse_day(_load_json(meta).get("published"))
        except (UserError, ValueError, AttributeError):
            return None
    return None


# ---------------------------------------------------------------- OFAC legacy CSV


_AKA = re.compile(r"a\.k\.a\. '([^']+)'")


def _legacy_rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    text = _text(read_bytes(path), str(path), latin1=True)
    for line, row in _csv_rows(text, str(path)):
        if any(c.strip() for c in row):
            yield line, [("" if c.strip() == "-0-" else c.strip()) for c in row]


def _find(folder: Path, *names: str) -> Path | None:
    by_name = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    for n in names:
        if n in by_name:
            return by_name[n]
    return None


def read_ofac_legacy(path: Path, *, list_date: dt.date | None = None,
                     list_id: str | None = None) -> list[ListData]:
    """OFAC's headerless CSV: SDN.CSV (or CONS_PRIM.CSV) with ALT and ADD files beside it."""
    folder = path if path.is_dir() else path.parent
    if path.is_dir():
        prim = _find(folder, "sdn.csv") or _find(folder, "cons_prim.csv")
        assert prim is not None  # detect() found one
    else:
        prim = path
    cons = prim.name.lower().startswith("cons")
    alt = _find(folder, "cons_alt.csv" if cons else "alt.csv")
    add = _find(folder, "cons_add.csv" if cons else "add.csv")
    shown = str(prim)
    day = _need_date(shown, None, list_date, "OFAC's CSV")
    bad = Collector(shown)
    aliases: dict[str, list[str]] = {}
    addresses: dict[str, list[str]] = {}
    if alt is not None:
        for line, row in _legacy_rows(alt):
            if len(row) < 4 or not row[0].isdigit():
                Collector.add(bad, "an alternate-name row needs ent_num, alt_num, type, name",
                              line=line, fix=f"check {alt.name}")
                continue
            aliases.setdefault(row[0], []).append(row[3])
    if add is not None:
        for line, row in _legacy_rows(add):
            if len(row) < 5 or not row[0].isdigit():
                bad.add("an address row needs ent_num, add_num, address, city, country",
                        line=line, fix=f"check {add.name}")
                continue
            text = ", ".join(c for c in row[2:5] if c)
            if text:
                addresses.setdefault(row[0], []).append(text)
    entries = []
    for line, row in _legacy_rows(prim):
        if len(row) != 12:
            bad.add(f"{len(row)} columns instead of 12", line=line,
                    fix="OFAC's SDN.CSV rows have 12 columns; quote names with commas")
            continue
        uid, name, kind, program = row[0], row[1], row[2], row[3]
        remarks = row[11]
        programs = [p.strip(" []") for p in program.split("] [") if p.strip(" []")]
        alts = aliases.get(uid, []) + _AKA.findall(remarks)
        e = _sdn_entry(bad, {"line": line}, uid, name, kind or "-0-", programs, alts,
                       list_id="us-ofac-cons" if cons else "us-sdn")
        if e is None:
            continue
        e.addresses = addresses.get(uid, [])
        e.country = _country_of_addresses(e.addresses)
        e.notes = remarks or None
        if row[4]:
            e.notes = f"title: {row[4]}" + (f"; {remarks}" if remarks else "")
        entries.append(e)
    bad.check()
    _no_duplicates(shown, entries)
    lid = "us-ofac-cons" if cons else "us-sdn"
    prov = (f"OFAC legacy CSV {prim.name}"
            + (f" + {alt.name}" if alt else "") + (f" + {add.name}" if add else "")
            + f" (sanctionslistservice.ofac.treas.gov); {len(entries)} entries")
    return [ListData(list_info(lid, day, prov), entries, shown, "ofac-legacy", US_PD, True)]


# ---------------------------------------------------------------- the CSL CSV


CSL_COLUMNS = ["source", "entity_number", "type", "programs", "name", "title", "addresses",
               "federal_register_notice", "start_date", "end_date", "standard_order",
               "license_requirement", "license_policy", "call_sign", "vessel_type",
               "gross_tonnage", "gross_registered_tonnage", "vessel_flag", "vessel_owner",
               "remarks", "source_list_url", "alt_names", "citizenships", "dates_of_birth",
               "nationalities", "places_of_birth", "source_information_url", "ids"]


def _csl_list(source: str) -> str | None:
    for abbr in re.findall(r"\(([^)]+)\)", source):
        lid = CSL_SOURCES.get(abbr.strip().upper())
        if lid:
            return lid
    return None


def read_csl(path: Path, *, list_date: dt.date | None = None,
             list_id: str | None = None) -> list[ListData]:
    shown = str(path)
    text = _text(read_bytes(path), shown)
    rows = iter(_csv_rows(text, shown))
    _, header = next(rows, (1, []))
    cols = [h.strip() for h in header]
    if cols[:1] == ["_id"]:
        cols = cols[1:]
        offset = 1
    else:
        offset = 0
    if cols != CSL_COLUMNS:
        missing = [c for c in CSL_COLUMNS if c not in cols]
        raise _refuse(shown, "not the trade.gov CSL header" + (
            f" (missing {', '.join(missing)})" if missing else ""),
            "give consolidated.csv as downloaded from data.trade.gov", line=1)
    day = _need_date(shown, None, list_date, "the CSL CSV")
    bad = Collector(shown)
    by_list: dict[str, list[ListEntry]] = {}
    unknown: dict[str, int] = {}
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(cols) + offset:
            bad.add(f"{len(row)} columns instead of {len(cols) + offset}", line=line,
                    fix="quote cells that contain commas")
            continue
        r = dict(zip(cols, row[offset:], strict=True))
        lid = _csl_list(r["source"])
        if lid is None:
            unknown[r["source"]] = unknown.get(r["source"], 0) + 1
            continue
        if list_id is not None and lid != list_id:
            continue
        if not r["name"].strip():
            bad.add("a row without a name", line=line, field="name", fix="give the name")
            continue
        try:
            start = parse_day(r["start_date"])
            end = parse_day(r["end_date"])
        except ValueError as exc:
            bad.add(str(exc), line=line, field="start_date/end_date", fix="write YYYY-MM-DD")
            continue
        addresses = _split(r["addresses"])
        fr = r["federal_register_notice"].strip() or None
        if lid in ("us-entity-list", "us-meu") and start is None:
            start = earliest_fr_date(fr)
        entry_id = (row[0].strip() if offset else "") or r["entity_number"].strip() or \
            _slug(r["source"], r["name"], r["addresses"])
        notes = "; ".join(x for x in (
            r["remarks"].strip(), f"standard order: {r['standard_order']}"
            if r["standard_order"].strip() else "",
            f"nationalities: {r['nationalities']}" if r["nationalities"].strip() else "",
            f"dates of birth: {r['dates_of_birth']}" if r["dates_of_birth"].strip() else "",
            f"ids: {r['ids']}" if r["ids"].strip() else "") if x) or None
        e = bad.entry({"line": line}, list_id=lid, entry_id=entry_id, name=r["name"].strip(),
                      aliases=_split(r["alt_names"]), entity_type=entity_type(r["type"])
                      if r["type"].strip() else "unknown",
                      country=_country_of_addresses(addresses), addresses=addresses,
                      measures=_split(r["programs"]), listed_on=start,
                      removed_on=end + dt.timedelta(days=1) if end else None, citation=fr,
                      url=r["source_information_url"].strip() or r["source_list_url"].strip()
                      or None, licence_requirement=r["license_requirement"].strip() or None,
                      review_policy=r["license_policy"].strip() or None, notes=notes)
        if e is not None:
            by_list.setdefault(lid, []).append(e)
    bad.check()
    out = []
    for lid, entries in sorted(by_list.items()):
        ids = _unique([e.entry_id for e in entries])
        for e, i in zip(entries, ids, strict=True):
            e.entry_id = i
        prov = (f"trade.gov Consolidated Screening List CSV {path.name}, rows of source "
                f"{KNOWN[lid].name}; {len(entries)} entries")
        if unknown:
            prov += f"; rows of other sources skipped: {sum(unknown.values())}"
        out.append(ListData(list_info(lid, day, prov), entries, shown, "csl", US_PD, True))
    if not out:
        raise _refuse(shown, "no rows of a known list", "check the file's source column")
    return out


# ---------------------------------------------------------------- OpenSanctions (ingest only)


def read_opensanctions(path: Path, *, list_date: dt.date | None = None,
                       list_id: str | None = None) -> list[ListData]:
    """An OpenSanctions targets.simple.csv — CC BY-NC 4.0: for a user's own store only."""
    shown = str(path)
    if list_id is None:
        raise _refuse(shown, "an OpenSanctions export mixes lists and is not an official list",
                      "pass --list with the list it stands for, e.g. --list us-sdn",
                      field="--list")
    day = _need_date(shown, None, list_date, "the OpenSanctions CSV")
    text = _text(read_bytes(path), shown)
    rows = iter(_csv_rows(text, shown))
    _, header = next(rows, (1, []))
    need = ["id", "schema", "name", "aliases", "countries", "addresses", "first_seen"]
    if not all(c in header for c in need):
        raise _refuse(shown, "not an OpenSanctions targets.simple.csv",
                      f"the header needs {', '.join(need)}", line=1)
    bad = Collector(shown)
    entries = []
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            bad.add(f"{len(row)} columns instead of {len(header)}", line=line,
                    fix="quote cells that contain commas")
            continue
        r = dict(zip(header, row, strict=True))
        countries = _split(r["countries"])
        kind = {"Person": "individual", "Vessel": "vessel", "Airplane": "aircraft"}.get(
            r["schema"], "entity")
        e = bad.entry({"line": line}, list_id=list_id, entry_id=r["id"] or _slug(r["name"]),
                      name=r["name"].strip() or "?", aliases=_split(r["aliases"]),
                      entity_type=kind,
                      country=countries[0].upper() if len(countries) == 1 and
                      len(countries[0]) == 2 else None,
                      addresses=_split(r["addresses"]),
                      measures=_split(r.get("sanctions")),
                      notes="OpenSanctions record (CC BY-NC 4.0)")
        if e is not None:
            entries.append(e)
    bad.check()
    prov = f"OpenSanctions export {path.name} (CC BY-NC 4.0; ingest-only, never bundled)"
    return [ListData(list_info(list_id, day, prov), entries, shown, "opensanctions",
                     "CC BY-NC 4.0 (OpenSanctions)", False)]


# ---------------------------------------------------------------- China

# Announcement folders (as in ammitto/data-cn) -> list. The folder name, not each entity's
# `sanction_list`, decides: 2025 No. 1 labels its control-list entities 反制裁清单.
CN_FOLDERS = {"unrealiable-entity-list": "cn-unreliable-entity-list",
              "unreliable-entity-list": "cn-unreliable-entity-list",
              "import-export-control-list": "cn-export-control-list",
              "anti-sanction-list": "cn-countermeasures"}
# The entity JSON's list ids -> ours (its "watchlist" id is the control list 管控名单).
CN_JSON_LISTS = {"cn-unreliable-entity-list": "cn-unreliable-entity-list",
                 "cn-export-control-watchlist": "cn-export-control-list",
                 "cn-attention-list": "cn-watch-list"}


@dataclass(frozen=True, slots=True)
class CnAction:
    """A later change to the measures of one announcement, from an official text."""

    list_id: str
    listed_on: dt.date  # the announcement's date
    document: str
    suspended: tuple[tuple[dt.date, dt.date | None], ...] = ()
    removed_on: dt.date | None = None
    basis: str = ""


_UEL_QA = "MOFCOM spokesperson Q&A of {} on the Unreliable Entity List"
_CTRL_QA = ("MOFCOM spokesperson on adjusting control-list measures (2025-05-14, 2025-08-12, "
            "2025-11-05); People's Daily 2025-08-13")

CN_ACTIONS = (
    CnAction("cn-unreliable-entity-list", dt.date(2025, 4, 4), "〔2025〕7号",
             suspended=((dt.date(2025, 5, 14), dt.date(2026, 11, 9)),),
             basis=_UEL_QA.format("2025-05-14 (90 days), 2025-08-12 (a further 90 days), "
                                  "2025-11-05 (1 year from 2025-11-10)")),
    CnAction("cn-unreliable-entity-list", dt.date(2025, 4, 9), "〔2025〕8号",
             suspended=((dt.date(2025, 5, 14), dt.date(2025, 8, 11)),),
             removed_on=dt.date(2025, 8, 12),
             basis=_UEL_QA.format("2025-05-14 (suspended) and 2025-08-12 (measures stopped)")),
    CnAction("cn-unreliable-entity-list", dt.date(2025, 3, 4), "〔2025〕5号",
             removed_on=dt.date(2025, 11, 10),
             basis=_UEL_QA.format("2025-11-05 (measures stopped from 2025-11-10)")),
    CnAction("cn-unreliable-entity-list", dt.date(2025, 3, 4), "〔2025〕6号",
             removed_on=dt.date(2025, 11, 10),
             basis=_UEL_QA.format("2025-11-05 (measures stopped from 2025-11-10)")),
    CnAction("cn-export-control-list", dt.date(2025, 4, 4), "2025年第21号",
             suspended=((dt.date(2025, 5, 14), dt.date(2026, 11, 9)),), basis=_CTRL_QA),
    CnAction("cn-export-control-list", dt.date(2025, 4, 9), "2025年第22号",
             suspended=((dt.date(2025, 5, 14), dt.date(2025, 8, 11)),),
             removed_on=dt.date(2025, 8, 12), basis=_CTRL_QA),
    CnAction("cn-export-control-list", dt.date(2025, 3, 4), "2025年第13号",
             removed_on=dt.date(2025, 11, 10), basis=_CTRL_QA),
)

# Corrections to the sources, each checked against the announcement texts.
CN_FIXES = (
    "UEL 〔2023〕1号: the announcement YAML's URL is a placeholder (art_123456); the MOFCOM "
    "URL of the same announcement is taken from the entity JSON",
    "UEL 〔2025〕10号 (2025-10-09): the entity JSON has 2 garbled rows; the 23 entities "
    "(14 + 9 TechInsights affiliates) are read from the announcement",
    "UEL 〔2024〕3号 (2024-09-24, PVH Corp.) and 〔2025〕6号 (2025-03-04, Illumina, Inc.), "
    "missing from the entity JSON, are read from the announcements",
    "UEL 2024-05-20: the entity JSON's row '参与对台湾地区军售的美国波音防务' (a fragment of "
    "the announcement's sentence) and its broken aliases are dropped for the announcement's "
    "names",
    "control list 2025 No. 1: the announcement YAML labels its entities 反制裁清单; they are "
    "control-list entries (the announcement's own title and folder)",
    "the entity JSON's list 'cn-export-control-watchlist' is the control list (管控名单); its "
    "'cn-attention-list' is the watch list (关注名单)",
    "the entity JSON's `country` is the listing jurisdiction (always 'cn'), not the party's "
    "country: not used",
    "suspensions and removals (not in either source) are applied from the MOFCOM texts: "
    "UEL 〔2025〕7号 suspended 2025-05-14..2026-11-09; 〔2025〕8号 suspended 2025-05-14, "
    "stopped 2025-08-12; 〔2025〕5号 and 6号 stopped 2025-11-10; control list No. 21 "
    "suspended 2025-05-14..2026-11-09, No. 22 stopped 2025-08-12, No. 13 stopped 2025-11-10",
)

_CN_LICENCE = ("PRC state-organ documents (PRC Copyright Law Art. 5: not protected); "
               "structured by github.com/ammitto/data-cn and "
               "github.com/xyna-bpinelab/security-export-control-registry (MIT)")


def _zh_en(node: Any) -> tuple[str, str]:
    if isinstance(node, dict):
        return str(node.get("zh-Hans") or "").strip(), str(node.get("en") or "").strip()
    return (str(node or "").strip(), "")


def _cn_files(path: Path) -> tuple[list[Path], list[Path]]:
    """Announcement YAML files and entity JSON files under ``path``."""
    if path.is_file():
        if path.suffix.lower() in (".yml", ".yaml"):
            return [path], []
        return [], [path]
    yamls, jsons = [], []
    for p in sorted(path.rglob("*")):
        if not p.is_file() or "schemas" in p.parts or "reference-docs" in p.parts:
            continue
        if p.suffix.lower() in (".yml", ".yaml") and p.parent.name in CN_FOLDERS:
            yamls.append(p)
        elif p.name.endswith((".json", ".json.gz")) and (
                p.name.startswith("cn_entities") or p.name == "cn.json"):
            jsons.append(p)
    return yamls, jsons


def _announcement_entries(p: Path, bad: Collector) -> list[ListEntry]:
    from policyatlas.sourcefile import read_document

    doc = read_document(p)
    data = doc.data
    lid = CN_FOLDERS.get(p.parent.name)
    if lid is None:
        lid = "cn-unreliable-entity-list" if "不可靠" in str(data) else "cn-countermeasures"
    if not isinstance(data, dict) or not isinstance(data.get("announcement"), dict):
        bad.add("no announcement", field="announcement", fix="an announcement YAML has "
                "announcement: {title, url, publish_date, document_id, ...}")
        return []
    a = data["announcement"]
    try:
        published = parse_day(a.get("publish_date"))
    except ValueError as exc:
        Collector.add(bad, str(exc), line=doc.line_of(("announcement", "publish_date")),
                      field="announcement.publish_date", fix="write YYYY-MM-DD")
        return []
    titles = a.get("title") or []
    title = titles[0] if isinstance(titles, list) and titles else titles
    title_zh, title_en = _zh_en(title)
    doc_id = str(a.get("document_id") or "").strip()
    authority = str(a.get("authority") or "")
    prefix = {"cn-unreliable-entity-list": "不可靠实体清单工作机制公告",
              "cn-export-control-list": "商务部公告", "cn-countermeasures": "外交部令"}[lid]
    if lid == "cn-export-control-list" and not doc_id.startswith("20") and published:
        doc_id = f"{published.year}年{doc_id}"  # 2025 No. 1 writes only 第1号
    announcement = f"{prefix}{doc_id}" + (f" — {title_zh}" if title_zh else "") + (
        f" ({title_en})" if title_en else "")
    url = str(a.get("url") or "").strip() or None
    details = data.get("sanction_details") or {}
    ents = details.get("entities") if isinstance(details, dict) else None
    if not isinstance(ents, list):
        Collector.add(bad, "no entities", line=doc.line_of(("sanction_details",)),
                      field="sanction_details.entities", fix="list the announcement's entities")
        return []
    out = []
    for n, e in enumerate(ents):
        where = {"line": doc.line_of(("sanction_details", "entities", n))}
        if not isinstance(e, dict):
            bad.add("an entity that is not a mapping", field=f"entities[{n}]",
                    fix="each entity is {name: {zh-Hans, en}, type, ...}", **where)
            continue
        zh, en = _zh_en(e.get("name"))
        if not (zh or en):
            bad.add("an entity without a name", field=f"entities[{n}].name",
                    fix="give name: {zh-Hans, en}", **where)
            continue
        try:
            effective = parse_day(e.get("effective_date")) or published
        except ValueError as exc:
            bad.add(str(exc), field=f"entities[{n}].effective_date", fix="write YYYY-MM-DD",
                    **where)
            continue
        measures = []
        for m in e.get("measures") or []:
            if isinstance(m, dict):
                mz, me = str(m.get("zh-Hans") or "").strip(), str(m.get("en") or "").strip()
                measures.append(f"{me} ({mz})" if me and mz else me or mz)
        reasons = []
        for r in e.get("reason") or []:
            rz, re_ = _zh_en(r)
            reasons.append(re_ or rz)
        title_person = e.get("title")
        notes = "; ".join(x for x in (
            "reason: " + " / ".join(reasons) if reasons else "",
            f"title: {_zh_en(title_person)[1] or _zh_en(title_person)[0]}"
            if title_person else "", f"authority: {authority}" if authority else "") if x)
        entry = bad.entry(where, list_id=lid, entry_id=f"{published}-{doc_id}-{n + 1}",
                          name=en or zh, names_zh=[zh] if zh and en else [],
                          entity_type=entity_type(e.get("type")), measures=measures,
                          listed_on=effective, announcement=announcement, citation=announcement,
                          url=url, notes=notes or None)
        if entry is not None:
            out.append(entry)
    return out


_CN_ID = re.compile(r"^cn-(uel|wl|att)-\d{8}-\d+$")


def _json_entries(p: Path, bad: Collector) -> list[ListEntry]:
    data = _load_json(p)
    if not isinstance(data, list):
        bad.add("expected a JSON array of entities", fix="give the cn entity JSON (a list)")
        return []
    out = []
    for n, r in enumerate(data):
        where = {"field": f"[{n}]"}
        if not isinstance(r, dict):
            bad.add("a record that is not an object", fix="each record is an object", **where)
            continue
        lid = CN_JSON_LISTS.get(str(r.get("list_id")))
        if lid is None:
            bad.add(f"unknown list_id {r.get('list_id')!r}", field=f"[{n}].list_id",
                    fix=f"one of {', '.join(CN_JSON_LISTS)}")
            continue
        try:
            added = parse_day(r.get("date_added"))
        except ValueError as exc:
            bad.add(str(exc), field=f"[{n}].date_added", fix="write YYYY-MM-DD")
            continue
        name = str(r.get("entity_name") or "").strip()
        if not name:
            bad.add("a record without entity_name", field=f"[{n}].entity_name",
                    fix="give the name")
            continue
        aliases = _split(r.get("aliases"))
        zh = [a for a in aliases if re.search(r"[\u4e00-\u9fff]", a)]
        if re.search(r"[\u4e00-\u9fff]", name) and not re.search(r"[A-Za-z]{3}", name):
            zh, name = [name, *zh], name
        announcement = str(r.get("source_list_name") or "").strip() or None
        e = bad.entry(where, list_id=lid, entry_id=str(r.get("id") or _slug(name, added)),
                      name=name, aliases=[a for a in aliases if a not in zh], names_zh=zh,
                      entity_type=entity_type(r.get("entity_type")),
                      addresses=_split(r.get("addresses")), listed_on=added,
                      announcement=(f"MOFCOM announcement of {added}" if added else None),
                      citation=announcement, url=str(r.get("source_url") or "") or None,
                      measures=[KNOWN[lid].effect])
        if e is not None:
            out.append(e)
    return out


def read_cn(path: Path, *, list_date: dt.date | None = None,
            list_id: str | None = None) -> list[ListData]:
    """China's lists from announcement YAML files and/or the entity JSON, merged: for each list
    the announcements are the record up to their last date; the JSON adds what is newer (and the
    whole watch list); later suspensions and removals (``CN_ACTIONS``) are applied."""
    yamls, jsons = _cn_files(path)
    if not yamls and not jsons:
        raise _refuse(str(path), "no announcement YAML or entity JSON found",
                      "give the folder with sources/sanction-lists/** or cn_entities*.json")
    from_ann: list[ListEntry] = []
    for p in yamls:
        bad = Collector(str(p))
        from_ann += _announcement_entries(p, bad)
        bad.check()
    from_json: list[ListEntry] = []
    json_urls: dict[tuple[str, dt.date | None], str] = {}
    for p in jsons:
        bad = Collector(str(p))
        rows = _json_entries(p, bad)
        bad.check()
        from_json += rows
        for e in rows:
            if e.url:
                json_urls.setdefault((e.list_id, e.listed_on), e.url)
    last: dict[str, dt.date] = {}
    for e in from_ann:
        if e.listed_on and e.listed_on > last.get(e.list_id, dt.date.min):
            last[e.list_id] = e.listed_on
    fixes: list[str] = []
    merged = list(from_ann)
    for e in from_ann:  # the placeholder URL of UEL 〔2023〕1号
        if e.url and "art_123456" in e.url:
            better = json_urls.get((e.list_id, e.listed_on))
            e.url = better
            if CN_FIXES[0] not in fixes:
                fixes.append(CN_FIXES[0])
    for e in from_json:
        cutoff = last.get(e.list_id)
        if cutoff is not None and e.listed_on is not None and e.listed_on <= cutoff:
            continue  # the announcement text is the record
        merged.append(e)
    if from_ann and from_json:
        fixes += [f for f in CN_FIXES[1:4]]
    if any(e.list_id == "cn-export-control-list" for e in from_ann):
        fixes.append(CN_FIXES[4])
    if from_json:
        fixes += [CN_FIXES[5], CN_FIXES[6]]
    applied = False
    for e in merged:
        for act in CN_ACTIONS:
            if e.list_id != act.list_id or e.listed_on is None:
                continue
            if e.announcement is not None and act.document in e.announcement:
                e.suspended = list(act.suspended)
                e.removed_on = act.removed_on
                e.notes = "; ".join(x for x in (e.notes, f"status: {act.basis}") if x)
                applied = True
    if applied:
        fixes.append(CN_FIXES[7])
    by_list: dict[str, list[ListEntry]] = {}
    for e in merged:
        by_list.setdefault(e.list_id, []).append(e)
    out = []
    for lid, entries in sorted(by_list.items()):
        ids = _unique([e.entry_id for e in entries])
        for e, i in zip(entries, ids, strict=True):
            e.entry_id = i
        newest = max((e.listed_on for e in entries if e.listed_on), default=None)
        day = list_date or newest
        if day is None:
            raise _refuse(str(path), f"{lid}: no dates", "pass --list-date")
        n_ann = sum(1 for e in entries if e in from_ann)
        prov = (f"{n_ann} entries from the announcement texts (github.com/ammitto/data-cn), "
                f"{len(entries) - n_ann} from the entity table "
                f"(github.com/xyna-bpinelab/security-export-control-registry); list date = the "
                f"newest announcement read ({newest})")
        out.append(ListData(list_info(lid, day, prov), entries, str(path), "cn", _CN_LICENCE,
                            True, fixes=list(fixes)))
    return out



"""The CAC's algorithm filing lists (算法备案清单), read, normalised and searchable.

The Cyberspace Administration of China publishes, batch by batch, the algorithms filed under
the algorithm-recommendation provisions (境内互联网信息服务算法备案, 2022-08 on) and the
deep-synthesis provisions (深度合成服务算法备案, 2023-06 on). A structured copy of those lists
(one row per filing: algorithm, class, role, company, product, purpose, filing number 网信算备…号,
remark, province, source announcement) is read here from its CSV (``.csv`` or ``.csv.gz``).

Search finds filings by filing number, company (registered Chinese name, a former name recorded
in the lists' remarks, an English or brand name from the curated alias table ``aliases.yaml``,
the pinyin of the name) or by algorithm and product name, and says for each row why it matched.

The index is an embedded SQLite database built from the CSV on first use and kept in the user's
cache folder, keyed by the data's and the alias table's digests (so a changed file is re-read);
where the cache cannot be written it is built in memory. Nothing is downloaded.

``provider_filings`` and ``check_inventory`` answer, for an inventory, whether each system's
provider appears in the lists and whether a declared filing number is listed, and under whom.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from policyatlas.errors import Problem, UserError

if TYPE_CHECKING:
    from policyatlas.facts.inventory import AISystem, Inventory

ENV_DATA = "POLICYATLAS_CN_FILINGS"
#: Where the full data set sits in the shared data folder beside a checkout.
SHARED = Path("shared") / "data" / "ai_rules_texts" / "cn_cac" / "filings"
INDEX_VERSION = 1
CHECK_CONTRACT = "policyatlas.cn-filings-check/v1"
MAX_QUERY = 200

FilingType = Literal["algorithm", "deep_synthesis"]
FILING_TYPES: dict[str, FilingType] = {"互联网信息服务算法备案": "algorithm",
                                       "深度合成服务算法备案": "deep_synthesis"}
TYPE_LABELS: dict[str, str] = {
    "algorithm": "algorithm recommendation (互联网信息服务算法备案)",
    "deep_synthesis": "deep synthesis (深度合成服务算法备案)",
}
COLUMNS = ("filingType", "batch", "announcementDate", "algorithmName", "algorithmClass", "role",
           "entityName", "product", "purpose", "recordNumber", "remark", "province",
           "domainTags", "sourceUrl")

# How strongly each kind of match ties a filing to the query (results are ranked by it).
SCORES = {"filing_number": 100, "company": 95, "former_name": 90, "alias": 85,
          "alias_partial": 75, "group": 70, "company_contains": 65, "pinyin": 55,
          "algorithm": 50, "product": 40}
#: Kinds that identify the company (used for an inventory's provider); the others are text hits.
COMPANY_KINDS = ("company", "former_name", "alias", "alias_partial", "group", "company_contains")


# --- normalisation -------------------------------------------------------------------------

_NON_WORD = re.compile(r"[\W_]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NUMBER = re.compile(r"^(?:网信算备)?(\d{10,30})号?$")
_FORMER = re.compile(r"原主体(?:名称)?“([^”]+)”变更为“([^”]+)”")
_BATCH = re.compile(r"(\d{4})年(\d{1,2})月")
_LEGAL_FORM = re.compile(r"(?:集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司"
                         r"|股份公司|集团|公司)$")
# Province-level names and the larger cities, which open most registered names.
_PLACE_NAMES = (
    "北京 上海 天津 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 "
    "湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 "
    "深圳 广州 杭州 成都 南京 武汉 西安 苏州 厦门 合肥 长沙 郑州 济南 青岛 宁波 福州 无锡 "
    "东莞 佛山 珠海 大连 沈阳 哈尔滨 长春 昆明 贵阳 南宁 南昌 太原 石家庄 兰州 海口 三亚 "
    "乌鲁木齐 呼和浩特 银川 西宁 拉萨 温州 绍兴 嘉兴 金华 常州 南通 徐州 烟台 泉州 中山 "
    "惠州 台州 湖州 扬州 镇江 潍坊 临沂 洛阳 芜湖 绵阳 宜昌 襄阳 株洲 赣州")
_PLACES = _PLACE_NAMES.split()
_PLACE = "|".join(sorted(_PLACES, key=len, reverse=True))
_LEADING_PLACE = re.compile(
    rf"^(?:(?:{_PLACE})(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)?){{1,2}}")
_BRACKETED_PLACE = re.compile(rf"[(\uff08](?:{_PLACE})(?:省|市)?[)\uff09]")


def is_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def zh_key(text: str) -> str:
    """A name as compared: NFKC (full-width brackets and letters become half-width), case
    folded, spaces and punctuation removed: a name written with full-width brackets equals
    the same name with half-width ones."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def latin_key(text: str) -> str:
    """English words as compared: the same normalisation as the MOFCOM list screening (lower
    case, letters and digits, Co./Ltd./Inc. and the like dropped)."""
    from policyatlas.names import english_name_key

    return english_name_key(unicodedata.normalize("NFKC", text))


def number_key(text: str) -> str | None:
    """The digits of a filing number (网信算备110108…号 -> 110108…), or None if it is not one."""
    m = _NUMBER.match(_NON_WORD.sub("", unicodedata.normalize("NFKC", text)))
    return m.group(1) if m else None


def core_name(name: str) -> str:
    """A registered name without its place (北京, 深圳市, 杭州 in brackets) and legal form
    (有限公司):
    北京百度网讯科技有限公司 -> 百度网讯科技. Used for pinyin matching."""
    s = unicodedata.normalize("NFKC", name).strip()
    s = _BRACKETED_PLACE.sub("", s)
    for _ in range(2):
        s = _LEGAL_FORM.sub("", s)
    stripped = _LEADING_PLACE.sub("", s)
    return zh_key(stripped if len(stripped) >= 2 else s)


def batch_month(batch: str) -> str | None:
    m = _BATCH.search(batch)
    return f"{m.group(1)}-{int(m.group(2)):02d}" if m else None


# --- the data ------------------------------------------------------------------------------

class FilingRow(BaseModel):
    """One row of the CSV as published (column names as in the file)."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    filingType: str
    batch: str = Field(min_length=1)
    announcementDate: str = ""
    algorithmName: str = Field(min_length=1)
    algorithmClass: str = ""
    role: str = ""
    entityName: str = Field(min_length=1)
    product: str = ""
    purpose: str = ""
    recordNumber: str = Field(min_length=1)
    remark: str = ""
    province: str = ""
    domainTags: str = ""
    sourceUrl: str = ""

    @field_validator("filingType")
    @classmethod
    def _type(cls, v: str) -> str:
        if v not in FILING_TYPES:
            raise ValueError(f"unknown filing type {v!r}; expected one of "
                             f"{', '.join(FILING_TYPES)}")
        return v

    @field_validator("recordNumber")
    @classmethod
    def _number(cls, v: str) -> str:
        if number_key(v) is None:
            raise ValueError(f"{v!r} is not a filing number (网信算备 + digits + 号)")
        return v


class Filing(BaseModel):
    """One filing, normalised: what every view shows."""

    model_config = ConfigDict(frozen=True)

    filing_type: FilingType
    filing_type_zh: str
    batch: str = Field(description="The batch as published, e.g. 2024年4月.")
    batch_month: str | None = Field(description="The batch as YYYY-MM.")
    announced: str = Field(description="Announcement date (YYYY-MM or YYYY-MM-DD).")
    algorithm: str
    algorithm_class: str
    role: str = Field(description="Deep synthesis: 服务提供者 (provider) or 服务技术支持者 "
                      "(technical supporter); empty for algorithm-recommendation filings.")
    company: str = Field(description="The filer (主体名称), its registered Chinese name.")
    product: str
    purpose: str
    record_number: str = Field(description="The filing number (备案编号), 网信算备…号.")
    remark: str
    cancelled: bool = Field(description="The remark says 已注销 (cancelled).")
    former_names: list[str] = Field(description="Earlier company names from the remark.")
    province: str
    domain_tags: list[str] = Field(description="Keyword tags of the data set's compiler "
                                   "(derived, not official).")
    source_url: str
    line: int = Field(description="Line of the row in the source file.")

    @classmethod
    def from_row(cls, row: FilingRow, line: int) -> Filing:
        former = [old for old, new in _FORMER.findall(row.remark)
                  if zh_key(old) != zh_key(row.entityName)]
        return cls(filing_type=FILING_TYPES[row.filingType], filing_type_zh=row.filingType,
                   batch=row.batch, batch_month=batch_month(row.batch),
                   announced=row.announcementDate, algorithm=row.algorithmName,
                   algorithm_class=row.algorithmClass, role=row.role, company=row.entityName,
                   product=row.product, purpose=row.purpose, record_number=row.recordNumber,
                   remark=row.remark, cancelled="已注销" in row.remark, former_names=former,
                   province=row.province,
                   domain_tags=[t for t in re.split(r"[、,\uff0c]", row.domainTags) if t.strip()],
                   source_url=row.sourceUrl, line=line)


def default_path() -> Path:
    """$POLICYATLAS_CN_FILINGS, else ``shared/data/ai_rules_texts/cn_cac/filings`` beside the
    checkout (next to the current folder, or to the source tree); else a clear error."""
    env = os.environ.get(ENV_DATA)
    if env:
        path = Path(env)
        if not path.exists():
            raise UserError(f"{ENV_DATA}={env} does not exist", [Problem(
                "it should name the filings folder or its CSV file", field=ENV_DATA,
                fix="point it at shared/data/ai_rules_texts/cn_cac/filings, or unset it")])
        return path
    here = Path(__file__).resolve()
    for base in (Path.cwd().resolve().parent, here.parents[3].parent):
        if (base / SHARED).exists():
            return base / SHARED
    raise UserError("the CAC filing lists were not found", [Problem(
        f"looked for ${ENV_DATA} and ../{SHARED.as_posix()} beside the checkout",
        fix=f"pass --data PATH (the filings folder, or its .csv / .csv.gz file), or set "
        f"{ENV_DATA}=PATH")])


def data_file(path: Path | None = None) -> Path:
    """The CSV to read: ``path`` itself, or the one filing list in a folder."""
    path = default_path() if path is None else Path(path)
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.name.endswith((".csv", ".csv.gz")))
        if len(found) != 1:
            raise UserError(f"{path} holds {len(found)} CSV files", [Problem(
                "a filings folder must hold exactly one .csv or .csv.gz", file=str(path),
                fix="pass the CSV file itself with --data")])
        return found[0]
    if not path.exists():
        raise UserError(f"{path} does not exist", [Problem(
            "no such file or folder", file=str(path),
            fix="pass --data with the filings folder or its .csv / .csv.gz file")])
    return path


# The full CAC list is about 4 MiB of CSV; a file or decompressed content over this is refused.
MAX_FILINGS_BYTES = 256 * 2**20


def _text(path: Path) -> str:
    from policyatlas.sourcefile import read_bounded

    raw = read_bounded(path, MAX_FILINGS_BYTES, "filing lists",
                       "pass the filing list's .csv or .csv.gz file")
    try:
        return raw.decode("utf-8-sig")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}", [Problem(
            f"not a UTF-8 CSV (or gzipped CSV): {exc}", file=str(path),
            fix="pass the filing list's .csv or .csv.gz file")]) from None


def read_filings(path: Path | None = None) -> list[Filing]:
    """Every filing in the file, validated; a bad row is reported by file and line."""
    file = data_file(path)
    reader = csv.DictReader(io.StringIO(_text(file), newline=""))
    missing = [c for c in ("filingType", "batch", "algorithmName", "entityName", "recordNumber")
               if c not in (reader.fieldnames or [])]
    if missing:
        raise UserError(f"{file} is not a CAC filing list", [Problem(
            f"missing column(s) {', '.join(missing)}", file=str(file), line=1,
            fix=f"the header must name the columns {', '.join(COLUMNS)}")])
    out: list[Filing] = []
    problems: list[Problem] = []
    for row in reader:
        line = reader.line_num
        try:
            out.append(Filing.from_row(FilingRow.model_validate(row), line))
        except ValidationError as exc:
            for e in exc.errors():
                problems.append(Problem(e["msg"].removeprefix("Value error, "), file=str(file),
                                        line=line, field=".".join(map(str, e["loc"])),
                                        fix="correct or remove the row"))
        if len(problems) >= 20:
            break
    if problems:
        raise UserError(f"{file}: {len(problems)} bad row(s)", problems)
    return out


# --- the alias table -----------------------------------------------------------------------

class Alias(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    names: list[str] = Field(min_length=1)
    companies: list[str] = Field(min_length=1)
    group: str | None = None
    basis: str
    url: str | None = None
    confidence: Literal["high", "medium"]

    def source(self) -> dict[str, Any]:
        return {"table": "policyatlas/cn/aliases.yaml", "entry": self.en, "basis": self.basis,
                "url": self.url, "confidence": self.confidence}


def _alias_text() -> str:
    return resources.files("policyatlas.cn").joinpath("aliases.yaml").read_text("utf-8")


@cache
def aliases() -> tuple[Alias, ...]:
    import yaml

    return tuple(Alias.model_validate(a) for a in yaml.safe_load(_alias_text()))


@dataclass(frozen=True, slots=True)
class AliasHit:
    alias: Alias
    name: str  # the alias name that matched
    kind: str  # alias | alias_partial | group
    companies: tuple[str, ...]


# Words that say nothing about which company is meant: a shared run of only these is no match.
_GENERIC_WORDS = (
    "beijing shanghai shenzhen hangzhou guangzhou zhejiang tianjin chongqing china chinese "
    "hong kong technology technologies tech science information network networks computer "
    "computing system systems cloud intelligent intelligence artificial ai service services "
    "group holding holdings international digital software internet media and of")
_GENERIC = frozenset(_GENERIC_WORDS.split())


def _run_in(short: list[str], long: list[str]) -> bool:
    n = len(short)
    return any(long[i:i + n] == short for i in range(len(long) - n + 1))


def match_aliases(query: str) -> list[AliasHit]:
    """Alias entries the query names: exactly, or as a run of whole words (``Tencent
    Holdings`` names Tencent; ``Alibaba`` names Alibaba Cloud), and through an entry's group."""
    table = aliases()
    hits: list[AliasHit] = []
    cjk = is_cjk(query)
    qz, qw = zh_key(query), latin_key(query).split()
    for a in table:
        best: tuple[str, str] | None = None
        for name in a.names:
            if is_cjk(name):
                nz = zh_key(name)
                if not cjk or not nz:
                    continue
                if nz == qz:
                    best = ("alias", name)
                    break
                if len(nz) >= 2 and nz in qz and best is None:
                    best = ("alias_partial", name)
            elif not cjk:
                nw = latin_key(name).split()
                if not nw or not qw:
                    continue
                if nw == qw:
                    best = ("alias", name)
                    break
                short, long = (nw, qw) if len(nw) <= len(qw) else (qw, nw)
                if (best is None and len("".join(short)) >= 4 and set(short) - _GENERIC
                        and _run_in(short, long)):
                    best = ("alias_partial", name)
        if best:
            hits.append(AliasHit(a, best[1], best[0], tuple(a.companies)))
    for hit in list(hits):  # the head of a group (its en is the group's name) names the group
        g = hit.alias.group
        if g and hit.alias.en == g and hit.kind == "alias":
            named = {h.alias.en for h in hits}
            hits += [AliasHit(a, hit.name, "group", tuple(a.companies)) for a in table
                     if a.group == g and a.en not in named]
    return hits


# --- the index -----------------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE filings (
    id INTEGER PRIMARY KEY, doc TEXT NOT NULL, filing_type TEXT NOT NULL, batch_month TEXT,
    announced TEXT NOT NULL, province TEXT NOT NULL, algorithm_class TEXT NOT NULL,
    role TEXT NOT NULL, cancelled INTEGER NOT NULL, company_key TEXT NOT NULL,
    algorithm_key TEXT NOT NULL, product_key TEXT NOT NULL, number_key TEXT NOT NULL);
CREATE INDEX filings_company ON filings (company_key);
CREATE INDEX filings_number ON filings (number_key);
-- names a company is found by: its own, former names (remarks), pinyin prefixes of its core
CREATE TABLE names (key TEXT NOT NULL, company_key TEXT NOT NULL, kind TEXT NOT NULL,
                    shown TEXT NOT NULL, detail TEXT NOT NULL);
CREATE INDEX names_key ON names (key);
"""


def _pinyin_prefixes(core: str) -> list[tuple[str, str, str]]:
    """(joined pinyin, its characters, spaced pinyin) for each prefix of 2 to 6 syllables."""
    from pypinyin import lazy_pinyin

    if not is_cjk(core):
        return []
    syllables = lazy_pinyin(core, errors=lambda s: [s.lower()])
    chars: list[str] = []
    pos = 0
    for s in syllables:  # the characters each syllable stands for
        if is_cjk(core[pos:pos + 1]):
            chars.append(core[pos])
            pos += 1
        else:
            chars.append(core[pos:pos + len(s)])
            pos += len(s)
    out = []
    for n in range(2, min(6, len(syllables)) + 1):
        joined = "".join(syllables[:n])
        if len(joined) >= 4:
            out.append((joined, "".join(chars[:n]), " ".join(syllables[:n])))
    return out


def _fingerprint(file: Path) -> str:
    from importlib.metadata import version

    h = hashlib.sha256(file.read_bytes())
    h.update(_alias_text().encode())
    h.update(f"{INDEX_VERSION}/{version('pypinyin')}".encode())
    return h.hexdigest()


def _build(db: sqlite3.Connection, filings: list[Filing], file: Path, digest: str) -> None:
    db.executescript(_SCHEMA)
    db.executemany("INSERT INTO filings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        (i, f.model_dump_json(), f.filing_type, f.batch_month, f.announced, f.province,
         f.algorithm_class, f.role, int(f.cancelled), zh_key(f.company), zh_key(f.algorithm),
         zh_key(f.product), number_key(f.record_number) or "")
        for i, f in enumerate(filings, 1)])
    names: dict[tuple[str, str, str], tuple[str, str]] = {}
    for f in filings:
        ck = zh_key(f.company)
        names.setdefault((ck, ck, "company"), (f.company, ""))
        for old in f.former_names:
            names.setdefault((zh_key(old), ck, "former_name"), (old, f.remark))
    for company in {f.company for f in filings}:
        for joined, chars, spaced in _pinyin_prefixes(core_name(company)):
            names.setdefault((joined, zh_key(company), "pinyin"), (chars, spaced))
    db.executemany("INSERT INTO names VALUES (?,?,?,?,?)",
                   [(k, c, kind, s, d) for (k, c, kind), (s, d) in names.items()])
    db.executemany("INSERT INTO meta VALUES (?,?)", [
        ("digest", digest), ("source", str(file)), ("rows", str(len(filings))),
        ("index_version", str(INDEX_VERSION))])


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policyatlas"


def _connect(file: Path) -> sqlite3.Connection:
    """The index for ``file``: from the cache when it holds one for these bytes, else built
    (into the cache if it can be written, else in memory)."""
    digest = _fingerprint(file)
    cached = _cache_dir() / f"cn-filings-{digest[:24]}.sqlite"
    if cached.exists():
        try:
            db = sqlite3.connect(f"file:{cached}?mode=ro", uri=True, check_same_thread=False)
            row = db.execute("SELECT value FROM meta WHERE key = 'digest'").fetchone()
            if row and row[0] == digest:
                return db
            db.close()
        except sqlite3.DatabaseError:
            pass
    filings = read_filings(file)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".cn-filings-", suffix=".tmp", dir=cached.parent)
        os.close(fd)
        db = sqlite3.connect(tmp)
        with db:
            _build(db, filings, file, digest)
        db.close()
        os.replace(tmp, cached)
        return sqlite3.connect(f"file:{cached}?mode=ro", uri=True, check_same_thread=False)
    except OSError:
        db = sqlite3.connect(":memory:", check_same_thread=False)
        with db:
            _build(db, filings, file, digest)
        return db


@dataclass(slots=True)
class Reason:
    kind: str
    field: str
    matched: str
    why: str
    source: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind, "field": self.field, "matched": self.matched,
                             "why": self.why}
        if self.source:
            d["source"] = self.source
        return d


@dataclass(slots=True)
class FilingMatch:
    """A filing and every reason it matched; ``score`` is that of its strongest reason."""

    filing: Filing
    reasons: list[Reason]

    @property
    def score(self) -> int:
        return max(SCORES[r.kind] for r in self.reasons)

    def as_dict(self) -> dict[str, Any]:
        return {**self.filing.model_dump(), "match": {
            "score": self.score, "reasons": [r.as_dict() for r in self.reasons]}}


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    total: int
    matches: list[FilingMatch]

    def as_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "shown": len(self.matches),
                "filings": [m.as_dict() for m in self.matches]}


def check_query(q: str) -> str:
    q = q.strip()
    if not q or len(q) > MAX_QUERY or any(unicodedata.category(c) in ("Cc", "Cs") for c in q):
        raise UserError("the search must be 1 to 200 printable characters", [Problem(
            f"got {len(q)} characters", field="query",
            fix="give a company, an algorithm name or a filing number")])
    return q


class FilingIndex:
    """The filing lists as an embedded SQLite index (thread-safe: one lock per index)."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._db = _connect(file)
        self._lock = threading.Lock()

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, tuple(params)).fetchall()

    def meta(self) -> dict[str, str]:
        return dict(self._rows("SELECT key, value FROM meta"))

    def __len__(self) -> int:
        return self._rows("SELECT count(*) FROM filings")[0][0]

    def filings(self) -> list[Filing]:
        return [Filing.model_validate_json(d)
                for (d,) in self._rows("SELECT doc FROM filings ORDER BY id")]

    def search(self, query: str, limit: int | None = 20, *,
               company_only: bool = False) -> SearchResult:
        """Filings the query names, strongest match first (then newest). ``company_only``
        keeps the matches that identify the company (no algorithm, product or pinyin hits)."""
        q = check_query(query)
        found: dict[int, list[Reason]] = {}

        def add(ids: Iterable[int], reason: Reason | Any) -> None:
            for i in ids:
                reasons = found.setdefault(i, [])
                if not any(r.kind == reason.kind and r.matched == reason.matched
                           for r in reasons):
                    reasons.append(reason)

        def by_company(key: str) -> list[int]:
            return [i for (i,) in self._rows("SELECT id FROM filings WHERE company_key = ?",
                                             (key,))]

        qz = zh_key(q)
        nk = number_key(q)
        if nk and not company_only:
            for i, doc in self._rows("SELECT id, doc FROM filings WHERE number_key = ?", (nk,)):
                rec = json.loads(doc)["record_number"]
                add([i], Reason("filing_number", "record_number", rec,
                                f"filing number {rec} is the number searched for"))
        for _key, ck, kind, shown, detail in self._rows(
                "SELECT key, company_key, kind, shown, detail FROM names WHERE key = ? "
                "AND kind IN ('company', 'former_name')", (qz,)):
            if kind == "company":
                add(by_company(ck), Reason("company", "company", shown,
                                           f"the company is {shown}"))
            else:
                for i in by_company(ck):
                    now = json.loads(self._rows("SELECT doc FROM filings WHERE id = ?",
                                                (i,))[0][0])["company"]
                    add([i], Reason("former_name", "company", shown,
                                    f"{shown} is a former name of {now} (remark: {detail})"))
        for hit in match_aliases(q):
            for company in hit.companies:
                a = hit.alias
                if hit.kind == "group":
                    why = (f"'{hit.name}' names the {a.group} group, which includes {a.en}: "
                           f"{company} (alias table)")
                elif hit.kind == "alias":
                    why = f"'{hit.name}' is {a.en}: {company} (alias table)"
                else:
                    why = (f"'{q}' and the alias '{hit.name}' of {a.en} share whole words: "
                           f"{company} (alias table)")
                add(by_company(zh_key(company)),
                    Reason(hit.kind, "company", hit.name, why, a.source()))
        if len(qz) >= 2 and (not company_only or (is_cjk(q) and len(qz) >= 4)):
            for i, doc in self._rows("SELECT id, doc FROM filings WHERE instr(company_key, ?) "
                                     "AND company_key != ?", (qz, qz)):
                company = json.loads(doc)["company"]
                add([i], Reason("company_contains", "company", q,
                                f"the company name {company} contains '{q}'"))
        if not company_only:
            letters = latin_key(q).replace(" ", "") if not is_cjk(q) else ""
            if len(letters) >= 4:
                for _k, ck, _kind, chars, spaced in self._rows(
                        "SELECT key, company_key, kind, shown, detail FROM names "
                        "WHERE key = ? AND kind = 'pinyin'", (letters,)):
                    for i in by_company(ck):
                        company = json.loads(self._rows(
                            "SELECT doc FROM filings WHERE id = ?", (i,))[0][0])["company"]
                        add([i], Reason("pinyin", "company", chars,
                                        f"'{q}' is the pinyin '{spaced}' of {chars}, which "
                                        f"begins the name {company} after its place and "
                                        f"legal form (a transliteration, not an official "
                                        f"English name)"))
            if qz:
                for field, column in (("algorithm", "algorithm_key"), ("product", "product_key")):
                    for i, doc in self._rows(f"SELECT id, doc FROM filings WHERE "
                                             f"instr({column}, ?)", (qz,)):
                        value = json.loads(doc)[field]
                        add([i], Reason(field, field, value,
                                        f"the {field} name {value} contains '{q}'"))
        if not found:
            return SearchResult(q, 0, [])
        ids = list(found)
        docs: dict[int, Filing] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for i, doc in self._rows(f"SELECT id, doc FROM filings WHERE id IN ({marks})",
                                     chunk):
                docs[i] = Filing.model_validate_json(doc)
        matches = [FilingMatch(docs[i], sorted(found[i], key=lambda r: -SCORES[r.kind]))
                   for i in ids]
        matches.sort(key=lambda m: m.filing.record_number)
        matches.sort(key=lambda m: m.filing.announced, reverse=True)
        matches.sort(key=lambda m: m.score, reverse=True)
        return SearchResult(q, len(matches), matches[:limit] if limit else matches)

    def by_number(self, number: str) -> list[Filing]:
        nk = number_key(number)
        if nk is None:
            return []
        return [Filing.model_validate_json(d) for (d,) in
                self._rows("SELECT doc FROM filings WHERE number_key = ? ORDER BY id", (nk,))]

    def stats(self) -> dict[str, Any]:
        """Counts by filing type, batch, province, algorithm class and role."""

        def counts(column: str, where: str = "1") -> dict[str, int]:
            return {str(k or "—"): n for k, n in self._rows(
                f"SELECT {column}, count(*) FROM filings WHERE {where} GROUP BY {column} "
                f"ORDER BY count(*) DESC, {column}")}

        months = Counter[tuple[str, str]]()
        for month, ftype, n in self._rows("SELECT batch_month, filing_type, count(*) FROM "
                                          "filings GROUP BY batch_month, filing_type"):
            months[(month or "—", ftype)] = n
        (total, companies, cancelled, first, last), = self._rows(
            "SELECT count(*), count(DISTINCT company_key), sum(cancelled), min(batch_month), "
            "max(batch_month) FROM filings")
        renamed = self._rows("SELECT count(DISTINCT company_key) FROM names "
                             "WHERE kind = 'former_name'")[0][0]
        numbers = self._rows("SELECT count(*) FROM (SELECT number_key FROM filings GROUP BY "
                             "number_key HAVING count(*) > 1)")[0][0]
        meta = self.meta()
        return {
            "source": meta.get("source"), "filings": total, "companies": companies,
            "cancelled": cancelled or 0, "companies_renamed": renamed,
            "numbers_listed_twice": numbers, "first_batch": first, "last_batch": last,
            "by_type": {t: {"label": TYPE_LABELS[t], "filings": n}
                        for t, n in counts("filing_type").items()},
            "by_batch": [{"batch": m, "algorithm": months.get((m, "algorithm"), 0),
                          "deep_synthesis": months.get((m, "deep_synthesis"), 0),
                          "total": months.get((m, "algorithm"), 0)
                          + months.get((m, "deep_synthesis"), 0)}
                         for m in sorted({m for m, _ in months})],
            "by_province": counts("province"),
            "by_class": counts("algorithm_class"),
            "by_role": counts("role", "filing_type = 'deep_synthesis'"),
        }


_OPEN: dict[tuple[str, int, int], FilingIndex] = {}
_OPEN_LOCK = threading.Lock()


def open_index(path: Path | None = None) -> FilingIndex:
    """The index for the data at ``path`` (default: ``default_path()``), opened once per
    process for each version of the file."""
    file = data_file(path).resolve()
    stat = file.stat()
    key = (str(file), stat.st_mtime_ns, stat.st_size)
    with _OPEN_LOCK:
        if key not in _OPEN:
            _OPEN[key] = FilingIndex(file)
        return _OPEN[key]


# --- providers of an inventory's systems ---------------------------------------------------

def provider_of(org_name: str, system: AISystem) -> tuple[str, str]:
    """The system's provider and where the name came from (``vendor`` or ``organization``)."""
    if system.vendor and system.vendor.strip():
        return system.vendor.strip(), "vendor"
    return org_name.strip(), "organization"


def provider_filings(org_name: str, system: AISystem,
                     index: FilingIndex | None = None) -> list[FilingMatch]:
    """Filings whose company is the system's provider (``systems[].vendor``, else the
    organisation), matched by name, former name, alias or — for Chinese names of four or more
    characters — part of the name. Pinyin, algorithm and product hits are left out."""
    name, _ = provider_of(org_name, system)
    if not name:
        return []
    index = index or open_index()
    return index.search(name[:MAX_QUERY], limit=None, company_only=True).matches


def _brief(f: Filing) -> dict[str, Any]:
    return {"record_number": f.record_number, "company": f.company, "algorithm": f.algorithm,
            "filing_type": f.filing_type, "batch": f.batch_month or f.batch,
            "role": f.role, "product": f.product, "cancelled": f.cancelled}


def check_system(org_name: str, system: AISystem, index: FilingIndex) -> dict[str, Any]:
    """One system: the provider's filings, and the declared filing number against the lists."""
    provider, source = provider_of(org_name, system)
    matches = provider_filings(org_name, system, index)
    companies = {m.filing.company for m in matches}
    status = str(system.cn_filing_status) if system.cn_filing_status else None
    number = system.cn_filing_number
    notes: list[str] = []
    listed: dict[str, Any] | None = None
    if number:
        hits = index.by_number(number)
        if number_key(number) is None:
            outcome = "number_out_of_scope"
            notes.append(f"'{number}' is not an algorithm filing number (网信算备…号); the lists "
                         "cover algorithm-recommendation and deep-synthesis filings, not the "
                         "generative-AI service filings and registrations")
        elif not hits:
            outcome = "number_not_listed"
            notes.append(f"{number} is not in the lists (batches to {index.stats()['last_batch']})"
                         "; a filing announced later, or a mistyped number, would explain it")
        else:
            f = next((h for h in hits if h.company in companies), hits[0])
            listed = _brief(f)
            if f.company in companies:
                outcome = "number_cancelled" if f.cancelled else "number_confirmed"
                notes.append(f"{f.record_number} is listed under {f.company} "
                             f"({f.algorithm}, {f.batch})")
            else:
                outcome = "number_other_company"
                notes.append(f"{f.record_number} is listed under {f.company}, which was not "
                             f"matched to the provider {provider!r}")
            if f.cancelled:
                notes.append(f"the filing is marked cancelled (已注销): {f.remark}")
        if status and status != "filed":
            notes.append(f"cn_filing_status is {status} but a filing number is given")
    else:
        outcome = "provider_listed" if matches else "provider_not_listed"
        if matches:
            notes.append(f"the provider {provider!r} appears in the lists with {len(matches)} "
                         f"filing(s) under {', '.join(sorted(companies))}")
            if status == "filed":
                notes.append("add cn_filing_number to confirm which filing covers this system")
            elif status in ("not_filed", "pending"):
                notes.append(f"cn_filing_status is {status}: check whether one of the "
                             "provider's filings covers this system")
        else:
            notes.append(f"the provider {provider!r} was not found in the lists (searched by "
                         "Chinese name, former names and the alias table)")
            if status == "filed":
                notes.append("cn_filing_status is filed: add the filing number to check it")
    return {"id": system.id, "name": system.name, "provider": provider,
            "provider_from": source, "cn_filing_status": status, "cn_filing_number": number,
            "outcome": outcome, "listed_filing": listed, "notes": notes,
            "filings": [{**_brief(m.filing),
                         "why": [r.why for r in m.reasons]} for m in matches]}


def check_inventory(inv: Inventory, index: FilingIndex | None = None) -> dict[str, Any]:
    index = index or open_index()
    meta = index.meta()
    return {"contract": CHECK_CONTRACT, "organization": inv.organization.name,
            "data": {"source": meta.get("source"), "filings": int(meta.get("rows", 0))},
            "systems": [check_system(inv.organization.name, s, index) for s in inv.systems]}

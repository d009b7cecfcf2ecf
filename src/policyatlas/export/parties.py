"""Restricted-party screening of a shipment's parties, and what each hit means for the answer.

Every party of the shipment — exporter, consignee, intermediate consignees, end user — is
screened by ``policyatlas.screening.screen.screen`` on the shipment date. A hit keeps the list,
the entry, its listing date, its Federal Register citation or announcement and its URL, and the
entry's status on the date (listed, suspended, removed, not yet listed). Only a *listed* entry
has an effect; a suspended or removed one is shown, with its dates, and changes nothing.

Effects (``effect.kind``), by list:

* ``us-entity-list`` — a licence for every item subject to the EAR to that party, with the
  entry's licence requirement and review policy (15 CFR 744.11); no licence exceptions;
* ``us-meu`` — a licence for items in Supplement No. 2 to part 744 to that party (744.21);
* ``us-dpl`` — no export: a denial order bars the transaction (part 764, Supp. No. 1);
* ``us-sdn`` — blocked: OFAC's prohibition on dealings; no EAR licence exception helps;
* ``cn-export-control-list`` — dual-use items may not be exported from China to the party;
* ``cn-watch-list`` — no general licence or registration; risk assessment and undertakings;
* ``cn-unreliable-entity-list`` / ``cn-countermeasures`` — the measures as announced, with their
  dates: a ban on China-related import and export (or on transactions with Chinese parties)
  prohibits China-related trade with the party; a ban on dual-use exports reaches dual-use items
  exported from China; investment and entry bans are shown.

Hits on any other list are shown as flags without an effect on the licence answer.

The declared owners of each recipient (``owners:``) are screened in the same call; their hits
have no effect of their own and are kept, as a tree under ``ownership``, for the affiliates
rule (``export/affiliates.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from policyatlas.export.shipment import Owner, Party, Shipment

RECIPIENT_ROLES = ("consignee", "intermediate_consignee", "end_user")

US_EFFECTS = {
    "us-entity-list": "licence_required",
    "us-meu": "licence_required_if_supp2",
    "us-dpl": "prohibited",
    "us-sdn": "blocked",
    "us-uvl": "no_licence_exception",
}
CN_EFFECTS = {
    "cn-export-control-list": "prohibited",
    "cn-watch-list": "enhanced_review",
    "cn-unreliable-entity-list": "measures",
    "cn-countermeasures": "measures",
}
# The pack's own list ids for the Chinese lists (packs/cn/mofcom/lists.yaml).
CN_PACK_LIST = {"cn-export-control-list": "control_list", "cn-watch-list": "watch_list",
                "cn-unreliable-entity-list": "unreliable_entity_list",
                "cn-countermeasures": "countermeasure_list"}
LIST_NAMES = {
    "us-entity-list": "BIS Entity List (Supp. No. 4 to 15 CFR part 744)",
    "us-meu": "BIS Military End-User List (Supp. No. 7 to part 744)",
    "us-dpl": "BIS Denied Persons List",
    "us-sdn": "OFAC Specially Designated Nationals and Blocked Persons List",
    "us-uvl": "BIS Unverified List",
    "cn-export-control-list": "MOFCOM export-control control list (出口管制管控名单)",
    "cn-watch-list": "MOFCOM export-control watch list (出口管制关注名单)",
    "cn-unreliable-entity-list": "Unreliable Entity List (不可靠实体清单)",
    "cn-countermeasures": "MFA countermeasure list (反制裁清单)",
}


@dataclass(frozen=True, slots=True)
class PartyName:
    role: str
    name: str
    party: Party | None


def shipment_parties(s: Shipment) -> list[PartyName]:
    """Every named party of the shipment, with its role, each name and alias once."""
    out: list[PartyName] = []

    def add(role: str, party: Party | None, name: str | None) -> None:
        if name and not any(p.role == role and p.name == name for p in out):
            out.append(PartyName(role, name, party))

    add("exporter", None, s.exporter.name)
    if s.consignee is not None:
        for n in (s.consignee.name, *s.consignee.aliases):
            add("consignee", s.consignee, n)
    for p in s.intermediate_consignees:
        for n in (p.name, *p.aliases):
            add("intermediate_consignee", p, n)
    for n in (s.end_user.name, *s.end_user.aliases):
        add("end_user", s.end_user, n)
    return out


# --- calling the screener -------------------------------------------------------------------

ScreenFn = Callable[..., Any]


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for n in names:
        if isinstance(obj, dict) and n in obj:
            return obj[n]
        if hasattr(obj, n):
            return getattr(obj, n)
    return default


Raw = tuple[Any, float, str, list[str], str | None]


def _raw_hits(names: Sequence[str], day: dt.date, store: Any, threshold: float,
              screen_fn: ScreenFn | None, lists: Sequence[str] | None = None,
              ) -> dict[str, list[Raw]]:
    """Per name: (entry, score, matched spelling, reasons, list name) from the screener, whose
    result lists the parties in the order given (``screening.screen.ScreeningResult``)."""
    if screen_fn is None:
        from policyatlas.screening.screen import screen as screen_fn
    kwargs: dict[str, Any] = {"threshold": threshold, "store": store}
    if lists is not None:
        kwargs["lists"] = list(lists)
    result = screen_fn(list(names), day, **kwargs)
    out: dict[str, list[Raw]] = {n: [] for n in names}
    for name, party in zip(names, _get(result, "parties", default=result), strict=False):
        for h in _get(party, "hits", default=[]) or []:
            m = _get(h, "match", default=h)
            entry = _get(m, "entry")
            if entry is None:
                continue
            out[name].append((entry, float(_get(m, "score", default=0.0)),
                              str(_get(m, "matched_name", default=entry.name)),
                              list(_get(m, "reasons", default=[]) or []),
                              _get(h, "list_name", default=None)))
    return out


_POLICY = [("presumption of denial", "presumption_of_denial"),
           ("case-by-case", "case_by_case"), ("case by case", "case_by_case"),
           ("presumption of approval", "presumption_of_approval")]


def review_policy(entry: Any) -> dict[str, Any]:
    """The Entity List review policy of an entry: its own column, else a policy stated in its
    notes, else 'see the entry' with its Federal Register citation."""
    text = entry.review_policy
    basis = "the entry's License Review Policy"
    if not text and entry.notes:
        m = re.search(r"(?:review\s+)?policy[:\s]+([^.;]+)", entry.notes, re.I)
        if m:
            text, basis = m.group(1).strip(), "the entry's notes"
        elif any(k in entry.notes.casefold() for k, _ in _POLICY):
            text, basis = entry.notes, "the entry's notes"
    if not text:
        cite = entry.citation or "its Federal Register notice"
        return {"policy": "not_stated", "text": f"see the entry ({cite})",
                "basis": "the list data carries no review policy", "citation": entry.citation}
    kind = next((k for w, k in _POLICY if w in text.casefold()), "not_stated")
    return {"policy": kind, "text": text, "basis": basis, "citation": entry.citation}


_DUAL_USE = re.compile(r"两用物项|dual[- ]use", re.I)
_TRADE_BAN = re.compile(r"进出口|交易|import|export|transaction", re.I)
_INVEST_BAN = re.compile(r"投资|invest", re.I)


def _us_effect(list_id: str, role: str, entry: Any) -> dict[str, Any] | None:
    kind = US_EFFECTS.get(list_id)
    if kind is None:
        return None
    recipient = role in RECIPIENT_ROLES
    if kind in ("licence_required", "licence_required_if_supp2") and not recipient:
        return None  # the Entity List and MEU restrict exports *to* the party
    if kind == "licence_required":
        return {"regime": "us/ear", "kind": kind,
                "text": "A licence is required for all items subject to the EAR to this party "
                        "(15 CFR 744.11); licence exceptions are not available unless the "
                        "entry says so.",
                "licence_requirement": entry.licence_requirement or entry.notes,
                "review_policy": review_policy(entry),
                "citation": "15 CFR 744.11; Supp. No. 4 to part 744"}
    if kind == "licence_required_if_supp2":
        return {"regime": "us/ear", "kind": kind,
                "text": "A licence is required for items listed in Supplement No. 2 to part 744 "
                        "to this military end user (15 CFR 744.21(a)).",
                "citation": "15 CFR 744.21; Supp. No. 7 to part 744"}
    if kind == "prohibited":
        return {"regime": "us/ear", "kind": kind,
                "text": "Denied person: no export, reexport or transfer subject to the EAR may "
                        "involve this party (denial order; 15 CFR part 764, Supp. No. 1).",
                "citation": "15 CFR 764.2(k); denial order"}
    if kind == "blocked":
        return {"regime": "us/ear", "kind": kind,
                "text": "Blocked person (OFAC SDN): US persons may not deal with the party or "
                        "its property; no EAR licence or licence exception authorises it — only "
                        "an OFAC licence (31 CFR chapter V).",
                "citation": "31 CFR chapter V (OFAC); E.O. / program cited by the entry"}
    return {"regime": "us/ear", "kind": kind,
            "text": "Unverified List: no licence exceptions; a UVL statement from the party is "
                    "required before export (15 CFR 744.15).",
            "citation": "15 CFR 744.15"}


def _cn_effect(list_id: str, role: str, entry: Any, s: Shipment) -> dict[str, Any] | None:
    kind = CN_EFFECTS.get(list_id)
    if kind is None:
        return None
    china_trade = s.ship_from == "CN" or s.destination == "CN" or s.item.origin == "CN"
    measures = list(entry.measures)
    if kind == "prohibited":
        if role not in RECIPIENT_ROLES:
            return None
        return {"regime": "cn/mofcom", "kind": kind,
                "text": "On China's export-control control list: dual-use items may not be "
                        "exported from China to this party, and PRC-origin dual-use items may "
                        "not be transferred to it (Export Control Law Art. 18; Dual-Use Items "
                        "Regulations Arts. 28-29).", "measures": measures,
                "citation": "Export Control Law Art. 18"}
    if kind == "enhanced_review":
        if role not in RECIPIENT_ROLES:
            return None
        return {"regime": "cn/mofcom", "kind": kind,
                "text": "On China's watch list: no general licence or registration; a risk "
                        "assessment and undertakings are required (Dual-Use Items Regulations "
                        "Art. 26).", "measures": measures,
                "citation": "Dual-Use Items Regulations Art. 26"}
    dual_use_ban = any(_DUAL_USE.search(m) for m in measures)
    trade_ban = any(_TRADE_BAN.search(m) and not _DUAL_USE.search(m) for m in measures)
    invest_ban = any(_INVEST_BAN.search(m) for m in measures)
    text = ("Measures as announced: " + "; ".join(measures)) if measures else (
        "Measures as announced (see the announcement).")
    if trade_ban and not china_trade:
        text += " — the import/export ban concerns China-related trade, which this is not."
    kind = ("prohibited" if trade_ban and china_trade
            else "prohibited_dual_use" if dual_use_ban else "measures")
    return {"regime": "cn/mofcom", "kind": kind,
            "text": text, "measures": measures, "trade_ban": trade_ban,
            "dual_use_ban": dual_use_ban, "investment_ban": invest_ban,
            "citation": ("Provisions on the Unreliable Entity List Art. 10"
                         if list_id == "cn-unreliable-entity-list"
                         else "Anti-Foreign Sanctions Law Arts. 4-6")}


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def screen_shipment(s: Shipment, *, store: Any = None, threshold: float = 0.88,
                    lists: Sequence[str] | None = None,
                    screen_fn: ScreenFn | None = None) -> dict[str, Any]:
    """Screen every party of ``s`` on its date against ``lists`` (default: every list
    available): the parties, and each hit with its effect."""
    parties = shipment_parties(s)
    holders = recipients(s)
    owner_names = [n for _, _, party in holders for n in _owner_names(party.owners)]
    if not parties and not owner_names:
        return {"as_of": s.date.isoformat(), "threshold": threshold, "parties": [], "hits": [],
                "ownership": [], "screened": False,
                "note": "no party is named: nothing was screened"}
    names = list(dict.fromkeys([*(p.name for p in parties), *owner_names]))
    raw = _raw_hits(names, s.date, store, threshold, screen_fn, lists)
    hits: list[dict[str, Any]] = []
    for p in parties:
        seen: set[tuple[str, str]] = set()
        for entry, score, matched, reasons, list_name in sorted(raw.get(p.name, []),
                                                                key=lambda h: -h[1]):
            key = (entry.list_id, entry.entry_id)
            if key in seen:
                continue
            seen.add(key)
            status = entry.in_effect(s.date)
            susp = entry.suspension_on(s.date) if status == "suspended" else None
            effect = (_us_effect(entry.list_id, p.role, entry)
                      or _cn_effect(entry.list_id, p.role, entry, s))
            hits.append({
                "role": p.role, "party": p.name, "list": entry.list_id,
                "list_name": LIST_NAMES.get(entry.list_id, list_name or entry.list_id),
                "entry_id": entry.entry_id, "entry": entry.name, "matched_name": matched,
                "score": round(score, 3), "reasons": reasons, "country": entry.country,
                "status": status, "listed_on": _iso(entry.listed_on),
                "removed_on": _iso(entry.removed_on),
                "suspension": ({"from": _iso(susp[0]), "to": _iso(susp[1])} if susp else None),
                "citation": entry.citation, "announcement": entry.announcement,
                "url": entry.url, "measures": list(entry.measures),
                "licence_requirement": entry.licence_requirement,
                "effect": effect,
                "applies": status == "listed" and effect is not None,
                "why_not": (None if status == "listed" else {
                    "removed": f"removed from the list on {_iso(entry.removed_on)}",
                    "suspended": "its measures are suspended on the shipment date"
                                 + (f" ({_iso(susp[0])} to {_iso(susp[1]) or 'further notice'})"
                                    if susp else ""),
                    "not_yet": f"listed only from {_iso(entry.listed_on)}",
                }[status]),
            })
    _closest_decides(hits)
    ownership = [{"role": role, "party": name, "declared": party.owners is not None,
                  "owners": _owner_tree(party.owners, raw, s.date)}
                 for role, name, party in holders]
    return {"as_of": s.date.isoformat(), "threshold": threshold, "screened": True,
            "parties": [{"role": p.role, "name": p.name} for p in parties], "hits": hits,
            "ownership": ownership}


def recipients(s: Shipment) -> list[tuple[str, str | None, Party]]:
    """The parties the Entity List and MEU restrict exports to: (role, name, party)."""
    out: list[tuple[str, str | None, Party]] = []
    if s.consignee is not None:
        out.append(("consignee", s.consignee.name, s.consignee))
    out += [("intermediate_consignee", p.name, p) for p in s.intermediate_consignees]
    out.append(("end_user", s.end_user.name, s.end_user))
    return out


def _owner_names(owners: list[Owner] | None) -> list[str]:
    return [n for o in owners or [] for n in (o.name, *o.aliases, *_owner_names(o.owners))]


def _owner_tree(owners: list[Owner] | None, raw: dict[str, list[Raw]],
                day: dt.date) -> list[dict[str, Any]] | None:
    """Each declared owner with its list hits (no effect of their own), and its owners."""
    if owners is None:
        return None
    out = []
    for o in owners:
        best: dict[tuple[str, str], dict[str, Any]] = {}
        for n in (o.name, *o.aliases):
            for entry, score, matched, reasons, list_name in raw.get(n, []):
                key = (entry.list_id, entry.entry_id)
                if key in best and best[key]["score"] >= score:
                    continue
                status = entry.in_effect(day)
                best[key] = {
                    "list": entry.list_id, "entry_id": entry.entry_id, "entry": entry.name,
                    "list_name": LIST_NAMES.get(entry.list_id, list_name or entry.list_id),
                    "matched_name": matched, "score": round(score, 3), "reasons": reasons,
                    "country": entry.country, "status": status,
                    "listed_on": _iso(entry.listed_on), "removed_on": _iso(entry.removed_on),
                    "citation": entry.citation, "announcement": entry.announcement,
                    "url": entry.url, "licence_requirement": entry.licence_requirement,
                    "review_policy": (review_policy(entry)
                                      if entry.list_id == "us-entity-list" else None)}
        hits = sorted(best.values(), key=lambda h: -h["score"])
        out.append({"name": o.name, "country": o.country, "share": o.share, "hits": hits,
                    "owners": _owner_tree(o.owners, raw, day)})
    return out


def _closest_decides(hits: list[dict[str, Any]]) -> None:
    """Per party and list, the closest listed entry decides; weaker candidates on the same list
    are shown, marked so (a name close to two entries is a review task, not two licences)."""
    best: dict[tuple[str, str, str], dict[str, Any]] = {}
    for h in hits:  # sorted by score within each party
        if not h["applies"]:
            continue
        key = (h["role"], h["party"], h["list"])
        top = best.get(key)
        if top is None:
            best[key] = h
        elif h["score"] < top["score"]:
            h["applies"] = False
            h["why_not"] = (f"a closer match on the same list decides: '{top['entry']}' "
                            f"(score {top['score']:.2f} against {h['score']:.2f})")


def hit_label(h: dict[str, Any]) -> str:
    """One line naming the hit: party, list, entry, listing date and citation."""
    bits = [f"{h['role'].replace('_', ' ')} '{h['party']}' matches {h['list_name']} entry "
            f"'{h['entry']}' (score {h['score']:.2f})"]
    if h["listed_on"]:
        bits.append(f"listed {h['listed_on']}")
    cite = h["citation"] or h["announcement"]
    if cite:
        bits.append(cite)
    return "; ".join(bits)

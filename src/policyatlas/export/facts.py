"""The facts export-control conditions may test, read from a shipment and its classification.

A catalogue like ``facts/catalogue.py`` (same ``Fact`` type, so the condition parser and the
engine are shared), built per regime because named item lists are pack data.
"""

from __future__ import annotations

from policyatlas.export.countries import all_codes
from policyatlas.facts.catalogue import Fact

END_USES = ("civil", "datacenter", "supercomputer", "advanced_node_ic_production",
            "semiconductor_equipment", "military", "wmd", "terrorism", "ai_military",
            "advanced_chips_rd")  # fmt: skip
END_USER_KINDS = ("commercial", "government", "military", "research", "individual")
EXPORTER_ROLES = ("designer", "front_end_fabricator", "osat", "distributor", "manufacturer",
                  "other")  # fmt: skip
TRANSACTIONS = ("export", "reexport", "transfer")
FORMS = ("ic", "board", "computer", "hbm", "material", "other")
TIERS = ("a", "b", "c", "none")


def _none(*_: object) -> None:  # export facts are computed by export/shipment.py, not read
    return None


def export_facts(groups: tuple[str, ...], named_lists: tuple[str, ...]) -> dict[str, Fact]:
    countries = all_codes()
    facts = [
        Fact("item.form", "enum", "ic, board, computer, hbm, material or other.", _none, FORMS),
        Fact("item.tpp", "number", "Total processing performance (dense, highest format).",
             _none),
        Fact("item.performance_density", "number", "TPP / applicable die area (mm^2).", _none),
        Fact("item.datacenter", "bool", "Designed or marketed for use in datacenters.", _none),
        Fact("item.io_bandwidth_gbps", "number",
             "Aggregate bidirectional I/O to non-volatile-memory ICs (GB/s).", _none),
        Fact("item.memory_bandwidth_gbps", "number", "Total DRAM bandwidth (GB/s).", _none),
        Fact("item.hbm_bandwidth_density", "number",
             "HBM memory bandwidth density (GB/s per mm^2).", _none),
        Fact("item.tier", "enum", "3A090/4A090 paragraph reached: a, b, c or none.", _none,
             TIERS),
        Fact("item.named_in", "set", "Named item lists (is-informed letters) the item is on.",
             _none, named_lists),
        Fact("item.subject_to_ear", "bool", "The item is subject to the EAR.", _none),
        Fact("item.commercially_available_us", "bool",
             "Commercially available in the United States.", _none),
        Fact("destination.country", "enum", "Destination country (ISO 3166-1 alpha-2).", _none,
             countries),
        Fact("destination.groups", "set", "EAR country groups of the destination on the date.",
             _none, groups),
        Fact("end_user.hq_countries", "set",
             "Countries of the end user's headquarters and of its ultimate parent's.", _none,
             countries),
        Fact("end_user.hq_groups", "set",
             "EAR country groups of those headquarters countries on the date.", _none, groups),
        Fact("end_user.kind", "enum", "commercial, government, military, research or "
             "individual.", _none, END_USER_KINDS),
        Fact("end_use", "set", "Declared end uses.", _none, END_USES),
        Fact("exporter.role", "enum", "The exporter's role for the item.", _none,
             EXPORTER_ROLES),
        Fact("transaction.kind", "enum", "export, reexport or transfer (in-country).", _none,
             TRANSACTIONS),
        Fact("transaction.ship_from", "enum", "Country the item ships from.", _none, countries),
        Fact("transaction.certifications_2026", "bool",
             "The exporter makes the certifications of the January 2026 review policy.", _none),
    ]
    return {f.name: f for f in facts}

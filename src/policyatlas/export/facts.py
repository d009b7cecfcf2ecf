"""The facts export-control conditions may test, read from a shipment and its classification.

A catalogue like ``facts/catalogue.py`` (same ``Fact`` type, so the condition parser and the
engine are shared), built per regime because named item lists are pack data.
"""

from __future__ import annotations

from policyatlas.export.countries import all_codes
from policyatlas.facts.catalogue import Fact

END_USES = ("civil", "datacenter", "supercomputer", "advanced_node_ic_production",
            "ic_production", "ic_back_end",
            "semiconductor_equipment", "military", "wmd", "terrorism", "ai_military",
            "advanced_chips_rd")  # fmt: skip
ITEM_KINDS = ("chip", "material", "equipment", "software", "technology")
FUNCTIONS = ("lithography", "deposition", "epitaxy", "etch", "ion_implant", "anneal", "clean",
             "inspection", "other")  # fmt: skip
EPI_MATERIALS = ("si", "sige", "other")
ETCH_MODES = ("isotropic_dry", "anisotropic_dry", "wet", "other")
IC_PRODUCTS = ("logic", "nand", "dram", "other")
FOOTNOTES = ("fn1", "fn4", "fn5")
ACTIVITY_KINDS = ("shipping", "transmitting", "transferring", "facilitating", "servicing",
                  "authorising", "purchasing", "using")  # fmt: skip
END_USER_KINDS = ("commercial", "government", "military", "research", "individual")
EXPORTER_ROLES = ("designer", "front_end_fabricator", "osat", "distributor", "manufacturer",
                  "other")  # fmt: skip
TRANSACTIONS = ("export", "reexport", "transfer")
FORMS = ("ic", "board", "computer", "hbm", "material", "other")
TIERS = ("a", "b", "c", "none")


def _none(*_: object) -> None:  # export facts are computed by export/shipment.py, not read
    return None


def export_facts(groups: tuple[str, ...], named_lists: tuple[str, ...],
                 eccns: tuple[str, ...] = (), guidance: tuple[str, ...] = ()
                 ) -> dict[str, Fact]:
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
    facts.append(Fact("item.guidance", "set", "Guidance documents (guidance.yaml) naming the item.",
                      _none, guidance))
    return {f.name: f for f in facts + _equipment_facts(countries, groups, eccns)}


def _equipment_facts(countries: tuple[str, ...], groups: tuple[str, ...],
                     eccns: tuple[str, ...]) -> list[Fact]:
    """Facts of equipment shipments, the end-user facility, FDP inputs and US-person activities
    (packs/us/ear/equipment.yaml, end-uses.yaml, us-person.yaml, fdp.yaml)."""
    return [
        Fact("item.kind", "enum", "chip, material, equipment, software or technology.", _none,
             ITEM_KINDS),
        Fact("item.eccns", "set", "ECCN paragraphs the item is in on the date (named by the "
             "shipment or reached by its parameters).", _none, eccns),
        Fact("item.category3_bcde", "bool", "The item's ECCN is in Product Group B, C, D or E of "
             "CCL Category 3 (equipment, materials, software, technology).", _none),
        Fact("item.on_ccl", "bool", "The item is specified in an ECCN on the CCL (not EAR99).",
             _none),
        Fact("item.foreign_equivalent_available", "bool", "A foreign-made item not subject to "
             "the EAR that performs the same function is available (§744.23(d)).", _none),
        Fact("item.us_content_pct", "number", "US-origin controlled content as a percentage of "
             "the foreign-made item's value (de minimis, §734.4).", _none),
        Fact("item.us_direct_product", "bool", "The foreign-made item is a direct product of "
             "US-origin software or technology in the ECCNs an FDP rule names (§734.9).", _none),
        Fact("item.us_plant_product", "bool", "The foreign-made item is produced by a plant, or a "
             "major component of a plant, that is itself a direct product of such US software "
             "or technology (§734.9).", _none),
        Fact("equipment.function", "enum", "What the tool does: lithography, deposition, "
             "epitaxy, etch, ion_implant, anneal, clean, inspection or other.", _none, FUNCTIONS),
        Fact("equipment.euv", "bool", "Lithography with an extreme-ultraviolet light source "
             "(13.5 nm).", _none),
        Fact("equipment.light_source_nm", "number", "Lithography light-source wavelength (nm).",
             _none),
        Fact("equipment.epi_material", "enum", "Epitaxial layer grown: si, sige or other.", _none,
             EPI_MATERIALS),
        Fact("equipment.preclean_chamber", "bool", "Has at least one preclean chamber designed "
             "to clean the wafer surface (3B001.a.4.a).", _none),
        Fact("equipment.epi_temperature_c", "number", "Lowest temperature the epitaxial "
             "deposition chamber is designed to operate at (degrees C).", _none),
        Fact("equipment.etch_mode", "enum", "isotropic_dry, anisotropic_dry, wet or other.", _none,
             ETCH_MODES),
        Fact("equipment.sige_si_selectivity", "number", "Largest SiGe:Si etch selectivity (the "
             "N of N:1).", _none),
        Fact("equipment.aspect_ratio", "number", "Aspect ratio of the high-aspect-ratio "
             "features the etch tool enables (the N of N:1).", _none),
        Fact("equipment.top_lateral_nm", "number", "Lateral dimension on the top surface of "
             "those features (nm).", _none),
        Fact("facility.country", "enum", "Country of the end user's IC fabrication facility.",
             _none, countries),
        Fact("facility.groups", "set", "EAR country groups of that country on the date.", _none,
             groups),
        Fact("facility.products", "set", "What the facility fabricates: logic, nand, dram, other.",
             _none, IC_PRODUCTS),
        Fact("facility.non_planar", "bool", "Its logic ICs use a non-planar transistor "
             "architecture (FinFET, GAAFET).", _none),
        Fact("facility.logic_node_nm", "number", "Its most advanced logic 'production' "
             "technology node (nm; 16 for '16/14 nm').", _none),
        Fact("facility.nand_layers", "number", "Layers of its most advanced NAND ICs.", _none),
        Fact("facility.dram_half_pitch_nm", "number", "Half-pitch of its most advanced DRAM "
             "'production' technology node (nm).", _none),
        Fact("facility.dram_cell_area_um2", "number", "Memory cell area of its most advanced "
             "DRAM (square micrometres).", _none),
        Fact("facility.dram_density_gb_mm2", "number", "Memory density of its most advanced "
             "DRAM (Gb per mm^2).", _none),
        Fact("facility.dram_tsv_per_die", "number", "Through-silicon vias per DRAM die.", _none),
        Fact("facility.node_known", "bool", "The exporter knows whether 'production' of "
             "'advanced-node ICs' occurs at the facility.", _none),
        Fact("end_user.majority_owned_d5_macau", "bool", "The end user is majority-owned by an "
             "entity headquartered in Macau or Country Group D:5.", _none),
        Fact("end_user.entity_list_footnotes", "set", "Entity List footnotes of the end user's "
             "(or another party's) entry: fn1, fn4, fn5.", _none, FOOTNOTES),
        Fact("activity.kind", "enum", "What the person does: " + ", ".join(ACTIVITY_KINDS) + ".",
             _none, ACTIVITY_KINDS),
        Fact("activity.us_person", "bool", "The person acting is a 'U.S. person' (§772.1).",
             _none),
        Fact("activity.us_government_duty", "bool", "A US Government employee (or contractor "
             "support personnel) acting in official duties (§744.6(d)(2)).", _none),
        Fact("knowledge.violation", "bool", "The person knows a violation of the EAR has "
             "occurred, or is about to occur, in connection with the item (GP10).", _none),
    ]

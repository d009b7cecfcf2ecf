"""Comparing organisation names written in English: the key two spellings of one company share
("Huawei Technologies Co., Ltd." and "HUAWEI TECHNOLOGIES" -> "huawei technologies")."""

from __future__ import annotations

import re

# Legal-form and filler words dropped from a name's key.
LEGAL_FORMS = frozenset({"inc", "corp", "corporation", "co", "ltd", "llc", "lp", "company", "the",
                         "plc", "sa", "ag", "gmbh", "s", "a", "l", "p"})


def english_name_key(name: str) -> str:
    """Lower-case words and digits of ``name``, without legal forms and punctuation."""
    words = re.findall(r"[a-z0-9]+", name.casefold())
    return " ".join(w for w in words if w not in LEGAL_FORMS)

"""The validated-pack cache never serves stale law: one changed byte in a pack or in a family
template gives a new key; an unchanged pack set is read back without being parsed again."""

from __future__ import annotations

import pytest

from policyatlas.rules import cache, loader
from policyatlas.rules.loader import load_packs

BODY = """\
rules:
  - id: r
    title: R
    citation: Test Code §2
    applies_when: {fact: system.interacts_with_consumers, eq: true}
    obligations:
      - {id: duty, category: ai_interaction_disclosure, title: Disclose, text: Disclose.,
         citation: "Test Code §3", timing: {frequency: continuous, text: always}}
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYATLAS_CACHE_DIR", str(folder))
    monkeypatch.delenv("POLICYATLAS_CACHE", raising=False)
    return folder


def _count_checks(monkeypatch) -> list[int]:
    calls = [0]
    real = loader._check_files

    def counting(files, root):
        calls[0] += 1
        return real(files, root)

    monkeypatch.setattr(loader, "_check_files", counting)
    return calls


def test_unchanged_packs_come_from_the_cache(make_pack, cache_dir, monkeypatch):
    packs = make_pack(BODY)
    calls = _count_checks(monkeypatch)
    first = load_packs([packs])
    assert calls == [1] and list(cache_dir.glob("packs-*.pickle"))
    again = load_packs([packs])
    assert calls == [1]  # not parsed or validated again
    assert again.get("us-ca/test-law").meta.title == first.get("us-ca/test-law").meta.title


def test_one_changed_byte_is_never_served_stale(make_pack, cache_dir, monkeypatch):
    packs = make_pack(BODY)
    calls = _count_checks(monkeypatch)
    assert load_packs([packs]).get("us-ca/test-law").meta.title == "Test law"
    law = packs / "us-ca" / "test-law" / "law.yaml"
    text = law.read_text(encoding="utf-8")
    law.write_text(text.replace("title: Test law", "title: Test lax", 1), encoding="utf-8")
    assert load_packs([packs]).get("us-ca/test-law").meta.title == "Test lax"
    assert calls == [2]


def test_a_changed_family_template_is_a_new_key(make_pack, cache_dir):
    packs = make_pack(BODY)
    files = loader.discover([packs])
    families = packs / "_families"
    families.mkdir()
    (families / "t.yaml").write_text("family: t\n", encoding="utf-8")
    before = cache.digest(files, loader.BUILTIN_PACKS)
    (families / "t.yaml").write_text("family: u\n", encoding="utf-8")
    assert cache.digest(files, loader.BUILTIN_PACKS) != before


def test_packs_with_problems_are_not_cached(make_pack, cache_dir):
    from policyatlas.errors import UserError

    packs = make_pack(BODY.replace("ai_interaction_disclosure", "no_such_category"))
    with pytest.raises(UserError):
        load_packs([packs])
    assert not list(cache_dir.glob("packs-*.pickle"))


def test_the_cache_can_be_turned_off(make_pack, cache_dir, monkeypatch):
    monkeypatch.setenv("POLICYATLAS_CACHE", "off")
    load_packs([make_pack(BODY)])
    assert not cache_dir.exists()


def test_an_unreadable_cache_file_is_rebuilt(make_pack, cache_dir, monkeypatch):
    packs = make_pack(BODY)
    load_packs([packs])
    (entry,) = cache_dir.glob("packs-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert load_packs([packs]).get("us-ca/test-law").meta.title == "Test law"

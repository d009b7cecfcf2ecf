"""``policyatlas init`` through the real command: a new process answering its prompts on stdin.

Three companies answer the questions as their compliance engineers would: an HR-tech vendor
(a résumé screener it runs for employers, a support chatbot), a frontier developer (a model in
training, above 10^26 operations, and a released one) and a companion-app operator (a teen
wellness companion). The questions come in the order the laws need them, so the driver answers
by the inventory field each prompt names; a question the company has no answer for fails the
test. Each written inventory must be valid, commented, and assess with nothing undetermined.
"""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
import yaml

AS_OF = "2026-12-01"
FIELD = re.compile(r"\((organization|systems\[(\d+)\])\.([a-z_]+)(?:\.([a-z-]+))?\)")
ANOTHER = "Add another AI system?"


class Session:
    """A running ``policyatlas init`` whose prompts are read as they appear."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "PYTHONUNBUFFERED": "1",
               "TERM": "dumb"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "policyatlas", "init", *args], cwd=cwd, env=env,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            bufsize=0)
        self.chunks: queue.Queue[str | None] = queue.Queue()
        self.transcript = ""
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        while True:
            c = self.proc.stdout.read(1)
            if not c:
                self.chunks.put(None)
                return
            self.chunks.put(c)

    def prompt(self) -> str | None:
        """The next prompt (text up to ': ' that waits for input), or None at the end."""
        start = len(self.transcript)
        while True:
            tail = self.transcript[start:]
            waiting = tail.endswith(": ")
            try:  # a prompt is text ending in ': ' after which nothing more comes
                c = self.chunks.get(timeout=0.5 if waiting else 60)
            except queue.Empty:
                if waiting:
                    return tail.rsplit("\n", 1)[-1]
                raise AssertionError("init waited 60 s without asking anything:\n"
                                     + self.transcript[-2000:]) from None
            if c is None:
                return None
            self.transcript += c

    def answer(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.transcript += text + "\n"
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def finish(self) -> tuple[int, str]:
        assert self.proc.stdin is not None and self.proc.stderr is not None
        self.proc.stdin.close()
        rc = self.proc.wait(timeout=120)
        return rc, self.proc.stderr.read()


def interview(tmp_path: Path, org: dict[str, str], systems: list[dict[str, str]],
              blank_rest: bool = False) -> tuple[dict[str, Any], str, list[str]]:
    """Answer every prompt from ``org`` / ``systems`` (by field; per-jurisdiction fields as
    'name.key'; with ``blank_rest``, anything else is left unknown); return the written
    inventory, its text and the fields asked."""
    out = tmp_path / "inventory.yaml"
    s = Session(str(out), "--as-of", AS_OF, cwd=tmp_path)
    asked: list[str] = []
    added = 1
    while (p := s.prompt()) is not None:
        if ANOTHER in p:
            more = added < len(systems)
            added += more
            s.answer("y" if more else "n")
            continue
        m = FIELD.search(p)
        assert m, f"a prompt without its field: {p!r}"
        name = m.group(3) + (f".{m.group(4)}" if m.group(4) else "")
        book = org if m.group(1) == "organization" else systems[int(m.group(2))]
        where = f"{m.group(1)}.{name}"
        asked.append(where)
        if blank_rest and name not in book:
            s.answer("")
            continue
        assert name in book, (f"the company was asked {where}, which it did not expect; "
                              f"prompt: {p!r}\n--- transcript ---\n{s.transcript[-3000:]}")
        s.answer(book[name])
    rc, err = s.finish()
    assert rc == 0, f"init failed ({rc}): {err}\n{s.transcript[-3000:]}"
    text = out.read_text(encoding="utf-8")
    return yaml.safe_load(text), text, asked


def assess_json(cli, path: Path) -> dict[str, Any]:
    import json

    r = cli("assess", str(path), "--as-of", AS_OF, "-f", "json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


HR_TECH_ORG = {
    "name": "Hirewise Inc.",
    "does_business_in": "CA, NY, NYC, IL, CO, TX",
    "consumers_in": "",
    "employees_in": "CA, NY",
    "annual_gross_revenue_usd": "42000000",
    "entity_types": "none",
    "personal_data_subjects_by_jurisdiction.us-ca": "250000",
    "personal_data_sold_or_shared_by_jurisdiction.us-ca": "0",
    "sensitive_data_subjects_by_jurisdiction.us-ca": "0",
    "revenue_share_from_personal_data_pct": "0",
    "employee_count": "180",
    "sectors": "none",
}
HR_TECH_SYSTEMS = [
    {  # the résumé screener, run for employer clients
        "name": "TalentSift résumé screener",
        "roles": "developer, service_provider, employer_agent",
        "kinds": "",
        "deployment": "deployed",
        "decision_domains": "employment",
        "content_modalities": "none",
        "jurisdictions": "CA, NYC, IL, CO, TX",
        "job_locations": "CA, NYC, IL, CO, TX",
        "candidates_reside_in": "CA, NY, NYC, IL, CO, TX, NJ",
        "data_categories": "personal_data",
        "uses": "none",
        "interacts_with_consumers": "no",
        "decision_influence": "supporting",
        "human_review": "partial",
        "interacts_with_minors": "no",
        "mental_health": "none",
        "companion_features": "none",
        "hosts_user_content": "no",
        "in_use_since": "2024-03-01",
        "depicts_people": "none",
        "directed_to_minors": "no",
        "political_advertising": "no",
        "federal_procurement": "no",
        "fda_regulated_device": "no",
        "training_compute_ops": "1e21",
        "training_status": "completed",
        "first_released": "2024-03-01",
        "developed_in": "CA",
    },
    {  # the support chatbot on its own website
        "name": "Support assistant",
        "roles": "deployer",
        "kinds": "chatbot",
        "deployment": "deployed",
        "decision_domains": "none",
        "content_modalities": "text",
        "jurisdictions": "",
        "data_categories": "personal_data",
        "uses": "customer_service",
        "interacts_with_consumers": "no",
        "decision_influence": "none",
        "human_review": "none",
        "interacts_with_minors": "no",
        "mental_health": "none",
        "companion_features": "none",
        "hosts_user_content": "no",
        "depicts_people": "none",
        "directed_to_minors": "no",
        "political_advertising": "no",
        "federal_procurement": "no",
        "fda_regulated_device": "no",
        "in_use_since": "2025-06-01",
        "training_compute_ops": "0",
        "training_status": "completed",
        "first_released": "2025-06-01",
        "developed_in": "CA",
    },
]

FRONTIER_ORG = {
    "name": "Meridian Labs",
    "does_business_in": "US",
    "consumers_in": "US",
    "employees_in": "CA, NY",
    "annual_gross_revenue_usd": "1200000000",
    "entity_types": "none",
    "personal_data_subjects_by_jurisdiction.us-ca": "3000000",
    "personal_data_sold_or_shared_by_jurisdiction.us-ca": "0",
    "sensitive_data_subjects_by_jurisdiction.us-ca": "0",
    "revenue_share_from_personal_data_pct": "0",
    "employee_count": "900",
    "sectors": "none",
    "litigant_in": "none",
}
_FRONTIER_COMMON = {
    "deployment": "deployed",
    "decision_domains": "none",
    "jurisdictions": "",
    "data_categories": "personal_data",
    "uses": "productivity_internal",
    "interacts_with_consumers": "yes",
    "interacts_with_minors": "no",
    "directed_to_minors": "no",
    "mental_health": "none",
    "companion_features": "none",
    "hosts_user_content": "no",
    "depicts_people": "none",
    "political_advertising": "no",
    "federal_procurement": "no",
    "fda_regulated_device": "no",
    "decision_influence": "none",
    "human_review": "none",
    "developed_in": "CA",
    "monthly_active_users": "2000000",
}
FRONTIER_SYSTEMS = [
    {**_FRONTIER_COMMON, "name": "Meridian-4 (released)", "roles": "developer",
     "kinds": "foundation_model, chatbot", "content_modalities": "text, image",
     "training_compute_ops": "3e26", "training_status": "completed",
     "first_released": "2026-03-01", "in_use_since": "2026-03-01"},
    {**_FRONTIER_COMMON, "name": "Meridian-5 (in training)", "roles": "developer",
     "kinds": "foundation_model", "content_modalities": "text", "deployment": "in_development",
     "training_compute_ops": "4e25", "training_status": "in_progress",
     "planned_training_compute_ops": "2e26", "interacts_with_consumers": "no",
     "monthly_active_users": "0", "uses": "none", "data_categories": "personal_data"},
]

COMPANION_ORG = {
    "name": "Kindred Apps LLC",
    "does_business_in": "CA, NY, WA, OR, UT, IL, NV",
    "consumers_in": "CA, NY, WA, OR, UT, IL, NV",
    "employees_in": "CA",
    "annual_gross_revenue_usd": "8000000",
    "entity_types": "none",
    "personal_data_subjects_by_jurisdiction.us-ca": "120000",
    "personal_data_sold_or_shared_by_jurisdiction.us-ca": "0",
    "sensitive_data_subjects_by_jurisdiction.us-ca": "120000",
    "revenue_share_from_personal_data_pct": "0",
    "employee_count": "25",
    "sectors": "none",
}
COMPANION_SYSTEMS = [
    {
        "name": "Sunny teen wellness companion",
        "roles": "operator, developer",
        "kinds": "companion_chatbot",
        "deployment": "deployed",
        "decision_domains": "none",
        "content_modalities": "text",
        "jurisdictions": "",
        "companion_features": "humanlike_persona, remembers_user, unprompted_emotional_questions,"
                              " sustains_relationship",
        "interacts_with_minors": "yes",
        "knows_users_are_minors": "yes",
        "directed_to_minors": "yes",
        "mental_health": "general_wellness",
        "represented_as_professional_care": "no",
        "interacts_with_consumers": "yes",
        "data_categories": "personal_data, sensitive_personal_data",
        "uses": "none",
        "hosts_user_content": "no",
        "depicts_people": "none",
        "political_advertising": "no",
        "federal_procurement": "no",
        "fda_regulated_device": "no",
        "decision_influence": "none",
        "human_review": "none",
        "monthly_active_users": "400000",
        "training_compute_ops": "1e22",
        "training_status": "completed",
        "first_released": "2025-09-01",
        "in_use_since": "2025-09-01",
        "developed_in": "CA",
    },
]


COMPANIES = {
    "hr-tech vendor": (HR_TECH_ORG, HR_TECH_SYSTEMS),
    "frontier developer": (FRONTIER_ORG, FRONTIER_SYSTEMS),
    "companion operator": (COMPANION_ORG, COMPANION_SYSTEMS),
}


@pytest.mark.parametrize("company", list(COMPANIES))
def test_answers_alone_give_an_inventory_with_nothing_undetermined(company, tmp_path, cli):
    org, systems = COMPANIES[company]
    data, text, asked = interview(tmp_path, org, systems)
    assert len(data["systems"]) == len(systems)
    assert "# " in text and "policyatlas init" in text  # commented, and says what wrote it
    a = assess_json(cli, tmp_path / "inventory.yaml")
    left = [(s["id"], u["law_id"], u["rule_id"], u["missing_facts"])
            for s in a["systems"] for u in s.get("undetermined", [])]
    assert left == [], f"undetermined after init ({len(asked)} questions asked): {left}"
    assert a.get("to_decide", []) == []
    assert a["counts"]["overall"]["in_force"] + a["counts"]["overall"]["upcoming"] > 0
    # only questions some law turns on: far fewer than the inventory's fields
    per_system = (len(asked) - len(org)) / len(systems)
    assert per_system < 30, asked


BASE = ["name", "roles", "kinds", "deployment", "decision_domains", "content_modalities",
        "jurisdictions"]


def test_questions_come_most_decisive_first_and_unanswered_ones_are_noted(tmp_path, cli):
    """With only the fixed questions answered, the first follow-up is the fact at the top of
    "to decide" for those answers; every unanswered follow-up is noted in the file."""
    org = {k: HR_TECH_ORG[k] for k in ("name", "does_business_in", "consumers_in",
                                       "employees_in")}
    system = {k: HR_TECH_SYSTEMS[0][k] for k in BASE}
    _, text, asked = interview(tmp_path, org, [system], blank_rest=True)
    follow_ups = asked[len(org) + len(BASE):]
    assert follow_ups, asked
    a = assess_json(cli, tmp_path / "inventory.yaml")
    top = a["to_decide"][0]["field"]
    assert top.split(".", 1)[-1] == follow_ups[0].split(".", 1)[-1], (top, follow_ups)
    assert a["to_decide"][0]["decides"] == max(t["decides"] for t in a["to_decide"])
    assert text.count("# not stated:") >= 1


def test_hr_vendor_obligations_follow_the_new_facts(tmp_path, cli):
    interview(tmp_path, HR_TECH_ORG, HR_TECH_SYSTEMS[:1])
    a = assess_json(cli, tmp_path / "inventory.yaml")
    keys = {o["key"] for s in a["systems"] for o in s["obligations"]}
    keys |= {o["key"] for o in a["organization_obligations"]}
    # an employer's agent is itself an employer under the Civil Rights Council's ADS rules
    assert any(k.startswith("us-ca/crd-ads-regs#") for k in keys)
    # a vendor is neither the employer nor an employment agency using the tool (LL144), nor
    # the business that uses ADMT for its own significant decisions (CPPA)
    assert not any(k.startswith("us-ny-nyc/ll144-2021#") for k in keys)
    assert not any(k.startswith("us-ca/cppa-admt-regs#admt-") for k in keys)
    assert any(k.startswith("us-ca/cppa-admt-regs#risk-assessment") for k in keys)


def test_a_bad_answer_is_asked_again_and_a_stopped_interview_writes_nothing(tmp_path):
    out = tmp_path / "inventory.yaml"
    s = Session(str(out), "--as-of", AS_OF, cwd=tmp_path)
    assert "organization.name" in (s.prompt() or "")
    s.answer("Acme")
    assert "organization.does_business_in" in (s.prompt() or "")
    s.answer("Atlantis")
    p = s.prompt() or ""
    assert "organization.does_business_in" in p  # asked again
    assert "Atlantis" in s.transcript or "jurisdiction" in s.transcript.lower()
    rc, err = s.finish()  # stdin closed mid-interview
    assert rc == 2 and "nothing was written" in err and "Traceback" not in err
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_template_is_valid_and_commented(tmp_path, cli):
    r = cli("init", str(tmp_path / "t.yaml"), "--template", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "t.yaml").read_text(encoding="utf-8")
    assert "lists_complete" in text and "# " in text
    r = cli("assess", str(tmp_path / "t.yaml"), "--as-of", AS_OF)
    assert r.returncode == 0, r.stderr
    again = cli("init", str(tmp_path / "t.yaml"), "--template", cwd=tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr

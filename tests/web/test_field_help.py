"""The inventory editor's field help: with the caret on a field (or one of its values), the box
under the editor says what the field means and, for a value, what the value means, in the UI's
language; the definitions are fetched once per language."""

from __future__ import annotations

from playwright.sync_api import expect

INVENTORY = """schema_version: 1
organization:
  name: Example Co.
  offices_in: [NYC]
  entity_types:
    - hipaa_covered_entity
systems:
  - id: screener
    name: Résumé screener
    roles: [deployer, employer_agent]
    training_status: in_progress
"""


def caret_on(page, needle: str, offset: int = 1) -> None:
    """Put the caret inside the first occurrence of ``needle``, as a click would."""
    page.evaluate("""([needle, offset]) => {
        const area = document.querySelector('#inventory');
        area.focus();
        const at = area.value.indexOf(needle) + offset;
        area.setSelectionRange(at, at);
        area.dispatchEvent(new MouseEvent('click', {bubbles: true}));
    }""", [needle, offset])


def test_field_and_value_under_the_caret(page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "/api/v1/facts" in r.url else None)
    page.fill("#inventory", INVENTORY)
    help_box = page.locator("#field-help")
    caret_on(page, "roles:")
    expect(help_box).to_be_visible()
    expect(page.locator("#field-help-label")).to_have_text("Roles")
    expect(page.locator("#field-help-field")).to_have_text("systems[].roles")
    expect(page.locator("#field-help-value")).to_be_hidden()

    caret_on(page, "employer_agent", 3)
    expect(page.locator("#field-help-value")).to_be_visible()
    expect(page.locator("#field-help-value")).to_contain_text("Employer's agent")
    expect(page.locator("#field-help-value")).to_contain_text("acts for an employer".capitalize())

    caret_on(page, "hipaa_covered_entity", 2)  # a "- value" item under its key
    expect(page.locator("#field-help-field")).to_have_text("organization.entity_types")
    expect(page.locator("#field-help-value")).to_contain_text("HIPAA covered entity")

    caret_on(page, "training_status: in_progress", 20)
    expect(page.locator("#field-help-label")).to_have_text("Training status")
    expect(page.locator("#field-help-value")).to_contain_text("In progress")

    caret_on(page, "NYC")
    expect(page.locator("#field-help-field")).to_have_text("organization.offices_in")
    expect(page.locator("#field-help-value")).to_contain_text("us-ny-nyc")

    caret_on(page, "name: Résumé")
    expect(page.locator("#field-help-field")).to_have_text("systems[].name")
    assert len(requests) == 1, requests  # fetched once, then cached


def test_field_help_follows_the_language(page):
    page.fill("#inventory", INVENTORY)
    page.select_option("#lang", "zh-Hant")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hant")
    caret_on(page, "employer_agent", 3)
    expect(page.locator("#field-help-label")).to_have_text("角色")
    expect(page.locator("#field-help-value")).to_contain_text("雇主代理人")
    page.select_option("#lang", "en")


def test_no_help_off_a_field(page):
    page.fill("#inventory", "# just a comment\n")
    caret_on(page, "just")
    expect(page.locator("#field-help")).to_be_hidden()

// policyatlas browser UI: plain JavaScript over the /api/v1 endpoints. No framework, no CDN.
"use strict";

const API = "/api/v1";
const state = { lang: "en", i18n: null, assessment: null, lastMap: null };

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== null && v !== undefined) node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  return node;
};

function t(key, values = {}) {
  const ui = state.i18n ? state.i18n.ui : {};
  let s = ui[key] || key;
  for (const [k, v] of Object.entries(values)) s = s.replaceAll(`{${k}}`, v);
  return s;
}
const lawTitle = (id, english) => (state.i18n?.laws?.[id]?.short_title) || english;
const lawLong = (id, english) => (state.i18n?.laws?.[id]?.title) || english;
const obTitle = (lawId, obId, english) => state.i18n?.obligations?.[`${lawId}#${obId}`] || english;
const category = (id) => state.i18n?.categories?.[id] || id.replaceAll("_", " ");

function say(message) { $("#status").textContent = message; }

async function call(path, { method = "GET", body = null, type = "application/yaml" } = {}) {
  const res = await fetch(API + path, { method, body, headers: body ? { "Content-Type": type } : {} });
  const isJson = (res.headers.get("content-type") || "").includes("json");
  const data = isJson ? await res.json() : await res.blob();
  if (!res.ok) throw data;
  return data;
}

function showProblem(problem) {
  const box = $("#problems");
  box.replaceChildren(el("strong", {}, problem.title || t("common.error")));
  const list = el("ul");
  for (const e of problem.errors || []) {
    const where = [e.file, e.line].filter(Boolean).join(":");
    list.append(el("li", {}, `${where ? where + " " : ""}${e.field ? e.field + ": " : ""}${e.message}${e.fix ? " — " + e.fix : ""}`));
  }
  if (problem.detail) list.append(el("li", {}, problem.detail));
  box.append(list);
  box.hidden = false;
  say(problem.title || t("common.error"));
}

// --- language ------------------------------------------------------------------------------

async function setLanguage(lang) {
  state.lang = lang;
  state.i18n = await call(`/i18n/${lang}`);
  document.documentElement.lang = lang;
  localStorage.setItem("policyatlas.lang", lang);
  $("#lang").value = lang;
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const option of document.querySelectorAll("#law-status option[value]")) {
    if (option.value) option.textContent = t("lawstatus." + option.value);
  }
  document.title = t("app.title");
  if (state.assessment) await runAssessment(false);
}

// --- views ---------------------------------------------------------------------------------

const loaders = { laws: loadLaws, calendar: loadCalendar, program: loadProgram, scenarios: loadScenarios };

function route() {
  say("");
  const view = (location.hash || "#assess").slice(1).split("/")[0];
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  if (loaders[view]) loaders[view]().catch(showProblem);
}

function inventoryText() { return $("#inventory").value; }

// --- assess --------------------------------------------------------------------------------

async function runAssessment(announce = true) {
  $("#problems").hidden = true;
  const asOf = $("#as-of").value;
  const q = `?as_of=${asOf}&lang=${state.lang}`;
  say(t("common.loading"));
  try {
    const [map, assessment] = await Promise.all([
      call(`/map${q}`, { method: "POST", body: inventoryText() }),
      call(`/assess?as_of=${asOf}`, { method: "POST", body: inventoryText() }),
    ]);
    state.assessment = assessment;
    state.lastMap = map;
    const box = $("#map");
    box.innerHTML = map.svg;  // server-rendered SVG (escaped server-side)
    for (const tile of box.querySelectorAll(".tile")) {
      tile.addEventListener("click", () => showState(tile.dataset.state));
      tile.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showState(tile.dataset.state); }
      });
    }
    $("#federal").textContent = t("map.federal", { n: map.federal ? map.federal.known : 0 });
    showToDecide(assessment);
    fillExplain(assessment);
    $("#assess-result").hidden = false;
    $("#trace-panel").hidden = true;
    if (announce) say(`${assessment.organization}: ${assessment.systems.length} · ${t("map.title")}`);
  } catch (problem) { showProblem(problem); }
}

function stateOf(jurisdiction) {
  const parts = jurisdiction.split("-");
  return parts.length >= 2 && parts[0] === "us" ? parts[1].toUpperCase() : null;
}

// The engine's resolved obligations (contract assessment/v2): each system lists its instances
// (key, status, recurrence); what an obligation is, and its law, are written once in the
// document (`obligations`, `laws`). The map's figures are the engine's counts of the same
// obligations (undetermined ones listed apart).
function resolved(doc, inst) {
  const o = doc.obligations[inst.key];
  const law = doc.laws[o.law_id];
  return { ...o, ...inst, law_title: law.title, jurisdiction: law.jurisdiction,
           source_url: o.source_url || law.source_url, trace: `${o.law_id}#${o.rule_id}` };
}

function duties(doc) {
  const out = [];
  const systems = Object.fromEntries(doc.systems.map((s) => [s.id, s]));
  for (const s of doc.systems) for (const i of s.obligations) out.push({ system: s, kind: i.status, o: resolved(doc, i) });
  for (const i of doc.organization_obligations || []) {
    out.push({ system: { ...systems[i.systems[0]], name: doc.organization }, kind: i.status, o: resolved(doc, i) });
  }
  return out;
}

// A trace node's children: its own, or a shared definition body (`subtrees`).
const kidsOf = (node) => (node.body ? state.assessment.subtrees[node.body] : node.children) || [];

function showState(code) {
  const name = state.i18n.states[code] || code;
  const items = duties(state.assessment).filter((d) => stateOf(d.o.jurisdiction) === code && d.kind !== "undetermined");
  $("#state-title").textContent = t("state.title", { state: name });
  const list = $("#state-duties");
  list.replaceChildren();
  if (!items.length) list.append(el("li", {}, t("state.none")));
  for (const d of items) {
    list.append(el("li", {}, el("button", { type: "button", onclick: () => showTrace(d) },
      `${obTitle(d.o.law_id, d.o.obligation_id, d.o.title)} — ${lawTitle(d.o.law_id, d.o.law_title)} · ${d.system.name} · ${t("status." + d.kind)}`)));
  }
  $("#state-panel").hidden = false;
  $("#state-title").focus();
}

function traceNode(node) {
  const value = node.result === true ? t("trace.true") : node.result === false ? t("trace.false") : t("trace.unknown");
  const cls = node.result === true ? "v-true" : node.result === false ? "v-false" : "v-null";
  const kids = kidsOf(node);
  let label = node.label || node.name || node.kind;
  if (node.kind === "leaf") label = `${node.fact}${node.key ? "[" + node.key + "]" : ""} ${node.operator} ${JSON.stringify(node.expected)} (${JSON.stringify(node.actual)})${node.stated ? " — " + t("trace.stated." + node.stated) : ""}`;
  const item = el("li", {}, el("span", { class: cls }, value), " ", label, node.cite ? el("span", { class: "official" }, ` — ${node.cite}`) : "");
  if (kids.length) item.append(el("ul", {}, kids.map(traceNode)));
  return item;
}

function showTrace(d) {
  const o = d.o;
  $("#trace-title").textContent = obTitle(o.law_id, o.obligation_id, o.title);
  const meta = $("#trace-meta");
  meta.replaceChildren();
  const rows = [
    [t("obligation.law"), `${lawLong(o.law_id, o.law_title)}${state.lang !== "en" ? " (" + o.law_title + ")" : ""}`],
    [t("obligation.system"), d.system.name], [t("obligation.category"), category(o.category)],
    [t("obligation.status"), t("status." + d.kind)], [t("obligation.from"), o.effective_from],
    [t("obligation.citation"), o.citation], [t("obligation.source"), o.source_url],
  ];
  for (const [k, v] of rows) meta.append(el("dt", {}, k), el("dd", {}, v));
  meta.append(el("dt", {}, ""), el("dd", {}, el("button", { type: "button", id: "open-law",
    onclick: () => openLaw(o.law_id) }, t("nav.laws") + ": " + lawTitle(o.law_id, o.law_id))));
  meta.append(el("dt", {}, ""), el("dd", {}, el("button", { type: "button", id: "explain-law-button",
    onclick: () => {
      $("#explain-system").value = d.system.id; $("#explain-law").value = o.law_id;
      runExplain(); $("#explain-h").scrollIntoView();
    } }, t("explain.this_law"))));
  $("#trace").replaceChildren(el("div", { class: "trace" }, el("ul", {}, traceNode(d.system.traces[o.trace].condition))));
  $("#trace-panel").hidden = false;
  $("#trace-title").focus();
}

// --- to decide, and why (not) ----------------------------------------------------------------

function showToDecide(doc) {
  const items = doc.to_decide || [];
  $("#decide-panel").hidden = !items.length;
  $("#decide-list").replaceChildren(...items.map((d) => el("li", {}, t("decide.item", {
    field: d.field || d.fact, decides: d.decides, rules: d.rules,
    laws: d.laws.map((id) => lawTitle(id, id)).join(", ") }))));
}

function fillExplain(doc) {
  const systems = $("#explain-system");
  const keep = systems.value;
  systems.replaceChildren(...doc.systems.map((s) => el("option", { value: s.id }, `${s.name} (${s.id})`)));
  if (doc.systems.some((s) => s.id === keep)) systems.value = keep;
  const laws = $("#explain-law");
  const chosen = laws.value;
  const titles = doc.laws || {};
  laws.replaceChildren(...doc.laws_evaluated.map((l) => el("option", { value: l.law_id },
    `${lawTitle(l.law_id, titles[l.law_id]?.short_title || l.law_id)} (${l.law_id})`)));
  if (chosen) laws.value = chosen;
  $("#explain-result").replaceChildren();
}

const shown = (v) => v === null || v === undefined ? t("explain.not_stated")
  : Array.isArray(v) ? (v.length ? v.join(", ") : "[]") : String(v);

async function runExplain(ev) {
  ev?.preventDefault();
  $("#problems").hidden = true;
  const q = new URLSearchParams({ system: $("#explain-system").value, law: $("#explain-law").value, as_of: $("#as-of").value });
  try {
    const e = await call(`/explain?${q}`, { method: "POST", body: inventoryText() });
    const box = $("#explain-result");
    const head = el("p", {}, el("strong", {}, `${lawTitle(e.law_id, e.law_title)}: ${t("explain.verdict." + e.verdict)}`),
      state.lang === "en" ? "" : el("span", { class: "official", lang: "en" }, ` — ${e.summary}`));
    const rules = el("ul", { class: "explain" });
    for (const r of e.rules) {
      const result = r.result === true ? "true" : r.result === false ? "false" : "null";
      const cls = r.result === true ? "v-true" : r.result === false ? "v-false" : "v-null";
      const reasons = el("ul", {}, r.reasons.map((x) => el("li", {},
        el("span", { class: x.result === true ? "v-true" : x.result === false ? "v-false" : "v-null" },
          x.result === true ? t("explain.met") : x.result === false ? t("explain.not_met") : t("explain.unknown")),
        ` ${x.label ? x.label + ": " : ""}${x.requirement} — ${t("explain.value")}: ${x.field || x.fact} = ${shown(x.actual)}`,
        x.cite ? el("span", { class: "official" }, ` — ${x.cite}`) : "")));
      const item = el("li", {}, el("span", { class: cls }, t("explain.rule." + result)), ` ${r.title} (${r.citation})`, reasons);
      for (const [key, changes] of [["explain.apply_if", r.would_apply_if], ["explain.not_if", r.would_not_apply_if]]) {
        if (changes && changes.length) item.append(el("p", { class: "meta" }, `${t(key)}: ${changes.map((c) => c.text).join("; ")}`));
      }
      if (r.note) item.append(el("p", { class: "meta" }, r.note));
      rules.append(item);
    }
    box.replaceChildren(head, rules);
    say(`${e.system_name}: ${lawTitle(e.law_id, e.law_title)} — ${t("explain.verdict." + e.verdict)}`);
  } catch (problem) { showProblem(problem); }
}

async function saveAssessment() {
  $("#problems").hidden = true;
  try {
    const res = await fetch(`${API}/assessments?as_of=${$("#as-of").value}&name=${encodeURIComponent(state.assessment?.organization || "assessment")}`,
      { method: "POST", body: inventoryText(), headers: { "Content-Type": "application/yaml", "X-API-Key": $("#api-key").value } });
    const data = await res.json();
    if (!res.ok) throw data;
    state.savedId = data.id;
    $("#saved").textContent = t("saved.done", { id: data.id, date: data.created_at.slice(0, 10) });
    $("#compare-assessment").hidden = false;
  } catch (problem) { showProblem(problem); }
}

async function compareAssessment() {
  $("#problems").hidden = true;
  try {
    const c = await call(`/assessments/${state.savedId}/compare?as_of=${$("#as-of").value}`, { method: "POST", body: inventoryText() });
    const why = c.changed_because.map((w) => t(`saved.why.${w}`)).join(", ");
    $("#saved").textContent = c.changed_because.length
      ? `${t("saved.changed", { why })} · ${t("saved.duties", { a: c.duties.added.length, r: c.duties.removed.length, s: c.duties.status_changed.length })}`
      : t("saved.nothing");
  } catch (problem) { showProblem(problem); }
}

async function downloadReport() {
  $("#problems").hidden = true;
  const fmt = $("#report-format").value;
  try {
    const blob = await call(`/report?format=${fmt}&lang=${state.lang}&as_of=${$("#as-of").value}`,
      { method: "POST", body: inventoryText() });
    const a = el("a", { href: URL.createObjectURL(blob), download: `policyatlas-report-${state.lang}.${fmt}` });
    document.body.append(a); a.click(); a.remove();
  } catch (problem) { showProblem(problem); }
}

// --- laws ----------------------------------------------------------------------------------

let lawsRequest = 0;  // answers to older searches are dropped

async function loadLaws() {
  const mine = ++lawsRequest;
  const params = new URLSearchParams();
  for (const [name, id] of [["q", "#law-q"], ["jurisdiction", "#law-jurisdiction"], ["status", "#law-status"], ["category", "#law-category"]]) {
    if ($(id).value) params.set(name, $(id).value);
  }
  // Known laws that bind only individuals or government (no duties for organisations).
  if ($("#law-binds") && $("#law-binds").value) params.set("binds", $("#law-binds").value);
  const data = await call(`/laws?${params}`);
  if (mine !== lawsRequest) return;
  $("#laws-count").textContent = t("laws.count", { n: data.laws.length });
  const list = $("#laws-list");
  list.replaceChildren();
  if (!data.laws.length) list.append(el("li", {}, t("laws.none")));
  for (const law of data.laws) {
    list.append(el("li", {}, el("button", { type: "button", onclick: () => showLaw(law.law_id) },
      `${lawTitle(law.law_id, law.short_title)} — ${law.jurisdiction_name} · ${t("lawstatus." + law.status_on_as_of)}`)));
    if (law.binds && law.binds !== "organizations") {
      list.lastElementChild.append(" ", el("span", { class: "badge known-law", title: law.why_no_duty || "" },
        `${t("law.known_label")} (${t("laws.binds." + law.binds)})`));
    }
  }
  $("#law-detail").hidden = true;
  $("#laws-list").hidden = false;
  if (state.pendingLaw) {
    const id = state.pendingLaw;
    state.pendingLaw = null;
    await showLaw(id);
  }
}

function openLaw(id) {
  // The laws view loads its list on arrival; show the law once that is done.
  state.pendingLaw = id;
  if (location.hash === "#laws") route(); else location.hash = "#laws";
}

async function showLaw(id) {
  const detail = await call(`/laws/${id}`);
  const m = detail.law;
  $("#law-title").textContent = lawLong(id, m.title);
  $("#law-official").textContent = state.lang === "en" ? "" : `${t("law.official_name")}: ${m.title}`;
  const meta = $("#law-meta");
  meta.replaceChildren();
  for (const [k, v] of [[t("obligation.citation"), m.citation], [t("law.signed"), m.dates.signed || ""],
    [t("law.effective"), m.dates.effective], [t("law.verified"), m.verified_as_of], [t("law.confidence"), m.confidence]]) {
    meta.append(el("dt", {}, k), el("dd", {}, v));
  }
  meta.append(el("dt", {}, t("law.sources")), el("dd", {}, m.sources.map((s) => el("div", {}, el("a", { href: s.url }, s.title)))));
  const obs = $("#law-obligations");
  obs.replaceChildren();
  for (const rule of detail.rules) {
    for (const o of rule.obligations) obs.append(el("li", {}, `${obTitle(id, o.id, o.title)} — ${category(o.category)} (${o.citation})`));
  }
  const known = $("#law-known");
  if (known) {
    known.hidden = !detail.known;
    known.replaceChildren();
    if (detail.known) {
      known.append(el("strong", {}, t("law.known_label")), " — ",
        `${t("law.known_why")}: ${detail.known.why_no_duty}`);
      obs.append(el("li", {}, t("law.known_none")));
    }
  }
  $("#laws-list").hidden = true;
  $("#law-detail").hidden = false;
  $("#law-title").focus();
}

// --- calendar, programme, scenarios, chips --------------------------------------------------

async function loadCalendar() {
  const cal = await call(`/calendar?from=${$("#as-of").value}`, { method: "POST", body: inventoryText() });
  $("#calendar-rows").replaceChildren(...cal.events.map((e) => el("tr", {},
    el("td", {}, e.date), el("td", {}, e.obligation_id ? obTitle(e.law_id, e.obligation_id, e.title) : e.title),
    el("td", {}, lawTitle(e.law_id, e.law_id)), el("td", {}, e.systems.join(", ")))));
}

async function loadProgram() {
  const prog = await call(`/program?as_of=${$("#as-of").value}`, { method: "POST", body: inventoryText() });
  $("#program-rows").replaceChildren(...prog.categories.map((c) => el("tr", {},
    el("td", {}, category(c.category)), el("td", {}, c.requirement), el("td", {}, c.systems.join(", ")), el("td", {}, c.starts))));
}

async function loadScenarios() {
  const select = $("#scenario");
  if (select.options.length) return;
  const list = await call("/scenarios");
  for (const s of list) select.append(el("option", { value: s.id }, s.title));
}

async function runScenario() {
  const result = await call(`/scenarios/${$("#scenario").value}/diff?as_of=${$("#as-of").value}`,
    { method: "POST", body: inventoryText() });
  const contested = result.kept.filter((o) => o.contested).length + result.removed.filter((o) => o.contested).length;
  $("#scenario-summary").textContent =
    `${t("scenario.removed")}: ${result.removed.length} · ${t("scenario.kept")}: ${result.kept.length} · ${t("scenario.added")}: ${result.added.length} · ${t("scenario.contested")}: ${contested}`;
  const rows = $("#burden-rows");
  rows.replaceChildren();
  for (const [k, before] of Object.entries(result.baseline)) {
    if (Array.isArray(before)) continue;
    const label = state.i18n.ui[`burden.${k}`] || k.replaceAll("_", " ");
    const fmt = (v) => (v === null || v === undefined ? "-" : Number(v).toLocaleString(state.lang));
    rows.append(el("tr", {}, el("th", { scope: "row" }, label), el("td", {}, fmt(before)), el("td", {}, fmt(result.after[k]))));
  }
  $("#scenario-removed").replaceChildren(...result.removed.slice(0, 200).map((o) =>
    el("li", {}, `${obTitle(o.law_id, o.obligation_id, o.title)} — ${lawTitle(o.law_id, o.law_title)} (${o.decided_by})`)));
  $("#scenario-result").hidden = false;
  say(result.scenario.title);
}

async function classifyChip() {
  const dense = {};
  for (const f of ["fp8", "fp16", "int8"]) { const v = $(`#chip-${f}`).value; if (v) dense[f] = Number(v); }
  const chip = { name: $("#chip-name").value, datacenter: $("#chip-dc").checked, dense };
  if ($("#chip-die").value) chip.die_area_mm2 = Number($("#chip-die").value);
  const body = JSON.stringify({ chips: [chip] });
  const data = await call(`/export/classify?as_of=${$("#chip-date").value}`, { method: "POST", body, type: "application/json" });
  const r = data.chips[0];
  const box = $("#chip-result");
  box.replaceChildren();
  for (const [k, v] of [[t("chip.eccn"), r.eccn || r.status], ["", r.why], [t("chip.tpp"), Math.round(r.tpp)],
    [t("chip.density"), r.performance_density ? r.performance_density.toFixed(2) : "-"], [t("obligation.citation"), r.rule_version.citation]]) {
    box.append(el("dt", {}, k), el("dd", {}, v));
  }
  box.hidden = false;
  say(`${r.name}: ${r.eccn || r.status}`);
}

// --- field help: what the inventory field (and value) under the caret means ------------------

const fieldHelp = { docs: {} };  // language -> the promise of GET /facts?lang=

function factDefinitions(lang) {
  if (!fieldHelp.docs[lang]) {
    fieldHelp.docs[lang] = call(`/facts?lang=${encodeURIComponent(lang)}`).catch((problem) => {
      delete fieldHelp.docs[lang];  // try again on the next caret move
      throw problem;
    });
  }
  return fieldHelp.docs[lang];
}

// One line of YAML: its indent, the key it writes (if any), the list item it is (if any).
function yamlLine(line) {
  const m = /^(\s*)(-\s+)?(.*)$/.exec(line);
  const body = m[3].replace(/\s+#.*$/, "");
  if (!body.trim() || body.startsWith("#")) return m[2] ? { indent: m[1].length, dash: true, item: "" } : null;
  const k = /^([A-Za-z_][\w-]*|"[^"]*"|'[^']*')\s*:(?:\s+(.*))?$/.exec(body);
  const keyIndent = m[1].length + (m[2] ? m[2].length : 0);
  if (k) return { indent: keyIndent, dashIndent: m[2] ? m[1].length : null, key: k[1].replace(/^["']|["']$/g, ""), value: (k[2] || "").trim() };
  if (m[2]) return { indent: m[1].length, dash: true, item: body.trim() };
  return { indent: m[1].length, text: body.trim() };
}

// The keys that lead to line `index` (outermost first), e.g. ["systems", "roles"].
function yamlKeys(lines, index) {
  const here = yamlLine(lines[index]);
  const keys = here && here.key ? [here.key] : [];
  let limit = here ? (here.dashIndent ?? here.indent) : 0;
  for (let i = index - 1; i >= 0 && limit > 0; i--) {
    const p = yamlLine(lines[i]);
    if (!p) continue;
    if (p.key && p.indent < limit) { keys.unshift(p.key); limit = p.dashIndent ?? p.indent; }
    else if (p.dashIndent !== null && p.dashIndent !== undefined && p.dashIndent < limit) limit = p.dashIndent;
    else if (p.dash && p.indent < limit) limit = p.indent;
  }
  return keys;
}

// The inventory field and the value under the caret: {field, value} or null.
function fieldAtCaret(text, pos) {
  const lines = text.split("\n");
  const index = text.slice(0, pos).split("\n").length - 1;
  const col = pos - text.lastIndexOf("\n", pos - 1) - 1;
  const line = lines[index] || "";
  const here = yamlLine(line);
  if (!here) return null;
  let keyLine = index;
  if (!here.key) {  // a "- value" item, or a continuation: the key above it owns it
    const own = here.indent;
    keyLine = -1;
    for (let i = index - 1; i >= 0; i--) {
      const p = yamlLine(lines[i]);
      if (p && p.key && p.indent <= own && !p.value) { keyLine = i; break; }
      if (p && p.key && p.indent < own) break;
    }
    if (keyLine < 0) return null;
  }
  const keys = yamlKeys(lines, keyLine);
  let field;
  if (keys.length === 1) field = keys[0];
  else if (keys[0] === "organization") field = `organization.${keys[1]}`;
  else if (keys[0] === "systems") field = `systems[].${keys[1]}`;
  else return null;
  const word = /[\w.-]*$/.exec(line.slice(0, col))[0] + /^[\w.-]*/.exec(line.slice(col))[0];
  let value = word && !(here.key && col <= line.indexOf(here.key) + here.key.length) ? word : null;
  if (!value && here.key && /^[\w.-]+$/.test(here.value)) value = here.value;
  if (keys.length > 2) value = keys[2];  // a key of a per-jurisdiction map
  return { field, value };
}

async function showFieldHelp() {
  const box = $("#field-help");
  const area = $("#inventory");
  const at = fieldAtCaret(area.value, area.selectionStart);
  if (!at) { box.hidden = true; return; }
  const doc = await factDefinitions(state.lang);
  const fact = Object.values(doc.facts).find((f) => f.field === at.field);
  const found = fact || doc.fields[at.field];
  if (!found) { box.hidden = true; return; }
  $("#field-help-label").textContent = found.label;
  $("#field-help-field").textContent = at.field;
  $("#field-help-definition").textContent = found.definition;
  const valueBox = $("#field-help-value");
  const v = fact && fact.values && at.value ? fact.values[at.value] : null;
  if (v) {
    valueBox.replaceChildren(el("code", {}, at.value), " ", el("strong", {}, v.label), ": ", v.definition);
    valueBox.hidden = false;
  } else if (fact && fact.jurisdiction_codes && at.value && doc.notes.jurisdiction_codes) {
    valueBox.replaceChildren(el("code", {}, at.value), " ", doc.notes.jurisdiction_codes);
    valueBox.hidden = false;
  } else {
    valueBox.hidden = true;
  }
  box.hidden = false;
}

function installFieldHelp() {
  const update = () => showFieldHelp().catch(() => { $("#field-help").hidden = true; });
  for (const ev of ["click", "keyup", "input", "focus"]) $("#inventory").addEventListener(ev, update);
  $("#lang").addEventListener("change", () => {
    if (document.activeElement === $("#inventory") || !$("#field-help").hidden) setTimeout(update, 0);
  });
}

// --- start ---------------------------------------------------------------------------------

async function loadExample() {
  const res = await fetch("/static/example-inventory.yaml");
  $("#inventory").value = await res.text();
  say(t("assess.example"));
}

window.addEventListener("DOMContentLoaded", async () => {
  const today = new Date().toISOString().slice(0, 10);
  $("#as-of").value = today;
  $("#chip-date").value = today;
  $("#lang").addEventListener("change", (ev) => setLanguage(ev.target.value).catch(showProblem));
  $("#assess-form").addEventListener("submit", (ev) => { ev.preventDefault(); runAssessment(); });
  $("#explain-form").addEventListener("submit", runExplain);
  $("#load-example").addEventListener("click", loadExample);
  $("#download-report").addEventListener("click", downloadReport);
  $("#save-assessment").addEventListener("click", saveAssessment);
  $("#compare-assessment").addEventListener("click", compareAssessment);
  $("#inventory-file").addEventListener("change", async (ev) => {
    const file = ev.target.files[0];
    if (file) { $("#inventory").value = await file.text(); say(file.name); }
  });
  $("#laws-form").addEventListener("input", () => loadLaws().catch(showProblem));
  $("#laws-form").addEventListener("submit", (ev) => { ev.preventDefault(); loadLaws().catch(showProblem); });
  $("#law-back").addEventListener("click", () => { $("#law-detail").hidden = true; $("#laws-list").hidden = false; });
  $("#scenario-form").addEventListener("submit", (ev) => { ev.preventDefault(); runScenario().catch(showProblem); });
  $("#chip-form").addEventListener("submit", (ev) => { ev.preventDefault(); classifyChip().catch(showProblem); });
  installFieldHelp();
  window.addEventListener("hashchange", route);
  await setLanguage(localStorage.getItem("policyatlas.lang") || "en");
  const cats = await call("/laws");
  const seen = new Set(cats.laws.flatMap((l) => l.categories));
  for (const c of [...seen].sort()) $("#law-category").append(el("option", { value: c }, category(c)));
  route();
});

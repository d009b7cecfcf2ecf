// policyatlas browser UI: plain JavaScript over the /api/v1 endpoints. No framework, no CDN.
"use strict";

const API = "/api/v1";
const state = { lang: "en", i18n: null, assessment: null, lastMap: null, summary: null,
                ui: { state: null, duty: null, system: null }, chip: null, shipment: null };

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
// A successful action: the problem boxes of earlier failures go, and the status says what was done.
function done(message = "") {
  for (const id of ["#problems", "#screen-problems", "#shipment-problems"]) $(id).hidden = true;
  say(message);
}

// --- shareable URLs: "#view?key=value&..." holds the view's state -------------------------------

const currentView = () => (location.hash || "#assess").slice(1).split(/[/?]/)[0] || "assess";
const hashParams = () => new URLSearchParams((location.hash.split("?")[1]) || "");

function setHash(view, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, v);
  const text = q.toString();
  history.replaceState(null, "", `#${view}${text ? "?" + text : ""}`);
}

function assessHash() {
  setHash("assess", { as_of: $("#as-of").value, inv: state.exampleInventory === inventoryText() ? "example" : null,
                      state: state.ui.state, duty: state.ui.duty, system: state.ui.duty ? state.ui.system : null });
}

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
  if (state.comparison) renderCompare();
  renderScreen();
  if (state.chip) renderChip();
  if (state.shipment) renderShipment();
  const view = currentView();
  if (view === "laws" && !$("#law-detail").hidden && state.lawShown) await showLaw(state.lawShown);
  else if (view !== "assess" && view !== "laws" && loaders[view]) await loaders[view]().catch(showProblem);
  if ($("#status").textContent === t("common.loading") || !state.assessment) say("");
}

// --- views ---------------------------------------------------------------------------------

const loaders = { laws: loadLaws, calendar: loadCalendar, program: loadProgram, scenarios: loadScenarios, screening: loadScreenLists };

function route() {
  done("");
  const view = currentView();
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
    const [map, assessment, summary] = await Promise.all([
      call(`/map${q}`, { method: "POST", body: inventoryText() }),
      call(`/assess?as_of=${asOf}`, { method: "POST", body: inventoryText() }),
      call(`/summary${q}`, { method: "POST", body: inventoryText() }),
    ]);
    state.assessment = assessment;
    state.lastMap = map;
    state.summary = summary;
    localStorage.setItem("policyatlas.inventory", inventoryText());
    renderSummary(summary);
    const box = $("#map");
    box.innerHTML = map.svg;  // server-rendered SVG (escaped server-side)
    for (const tile of box.querySelectorAll(".tile")) {
      tile.addEventListener("click", () => showState(tile.dataset.state));
      tile.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); showState(tile.dataset.state); }
      });
    }
    $("#federal").textContent = t("map.federal", { n: map.federal ? map.federal.known : 0 });
    $("#abroad").replaceChildren(...Object.entries(map.outside_us || {}).map(([code, c]) =>
      el("p", { class: "meta" }, t("map.abroad", { name: state.i18n?.states?.[code] || code, n: c.known }))));
    showToDecide(assessment);
    fillExplain(assessment);
    $("#assess-result").hidden = false;
    $("#trace-panel").hidden = true;
    $("#state-panel").hidden = true;
    if (announce) state.ui = { state: null, duty: null, system: null };
    const keep = state.ui;
    if (keep.state) showState(keep.state, false);
    if (keep.duty) {
      const d = duties(assessment).find((x) => x.o.key === keep.duty && x.system.id === keep.system);
      if (d) await showTrace(d, false);
    }
    if (currentView() === "assess") assessHash();
    done(announce ? `${assessment.organization}: ${assessment.systems.length} · ${t("map.title")}` : "");
  } catch (problem) { showProblem(problem); }
}

// --- the executive summary: every figure from POST /summary (build_executive) ------------------

function summaryTable(name, header, rows) {
  return el("table", { class: "summary-table", "data-table": name },
    el("thead", {}, el("tr", {}, ...header.map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c, i) => i === 0 ? el("th", { scope: "row" }, c) : el("td", {}, c))))));
}

function renderSummary(x) {
  const s = x.text;
  const out = [el("ul", { id: "summary-lines" }, ...s.lines.map((l) => el("li", {}, l)))];
  out.push(el("h4", {}, t("report.exec.grid")), el("div", { class: "compare-scroll" }, summaryTable("summary-grid", s.grid_header, s.grid)));
  out.push(el("h4", {}, t("report.exec.due", { days: x.horizon_days })));
  out.push(s.due.length ? summaryTable("summary-due", [t("calendar.date"), t("calendar.event"), t("obligation.law"), t("obligation.system")],
    s.due.map((e) => [e.date, e.what, e.law, e.systems])) : el("p", {}, t("report.exec.due_none", { days: x.horizon_days })));
  out.push(el("h4", {}, t("report.exec.penalties")));
  if (s.exposures.length) {
    out.push(summaryTable("summary-penalties", [t("obligation.law"), t("obligation.penalty"), t("summary.per"), t("summary.duties"), t("program.systems"), t("obligation.citation")],
      s.exposures.map((e) => [e.law, e.amount, e.per, String(e.duties), e.systems, e.citation])));
    out.push(el("p", { class: "meta" }, t("report.exec.penalty_note")));
  } else out.push(el("p", {}, t("report.exec.penalties_none")));
  out.push(el("h4", {}, t("report.exec.caveats")), el("ul", { id: "summary-caveats" }, ...s.caveats.map((c) => el("li", {}, c))));
  $("#summary").replaceChildren(...out);
  for (const table of $("#summary").querySelectorAll("table")) enhanceTable(table);
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

function showState(code, focus = true) {
  state.ui = { state: code, duty: null, system: null };
  const name = state.i18n.states[code] || code;
  const items = duties(state.assessment).filter((d) => stateOf(d.o.jurisdiction) === code && d.kind !== "undetermined");
  $("#state-title").textContent = t("state.title", { state: name });
  const list = $("#state-duties");
  const pick = $("#state-status");
  const kinds = [...new Set(items.map((d) => d.kind))];
  const chosen = kinds.includes(pick.value) ? pick.value : "";
  pick.replaceChildren(el("option", { value: "" }, t("state.all")),
    ...kinds.map((k) => el("option", { value: k }, t("status." + k))));
  pick.value = chosen;
  pick.onchange = () => showState(code, false);
  list.replaceChildren();
  const shown = items.filter((d) => !chosen || d.kind === chosen);
  if (!shown.length) list.append(el("p", {}, t("state.none")));
  // Grouped by law, each duty with its status badge and system (the resolved status).
  const byLaw = new Map();
  for (const d of shown) {
    if (!byLaw.has(d.o.law_id)) byLaw.set(d.o.law_id, []);
    byLaw.get(d.o.law_id).push(d);
  }
  for (const [lawId, group] of byLaw) {
    list.append(el("h4", { class: "law-group" }, lawTitle(lawId, group[0].o.law_title)),
      el("ul", {}, ...group.map((d) => el("li", {}, el("button", { type: "button", onclick: () => showTrace(d) },
        el("span", { class: `badge status-${d.kind}` }, t("status." + d.kind)), " ",
        `${obTitle(d.o.law_id, d.o.obligation_id, d.o.title)} · ${d.system.name}`)))));
  }
  $("#state-panel").hidden = false;
  $("#trace-panel").hidden = true;
  if (focus) { $("#state-title").focus(); assessHash(); }
}

// A fact's value in words: the catalogue's label for it, a state's name for a jurisdiction code.
function valueLabel(fact, v) {
  if (v === true) return t("common.yes");
  if (v === false) return t("common.no");
  if (v === null || v === undefined) return t("explain.not_stated");
  const known = fact?.values?.[v];
  if (known) return known.label;
  const m = /^us-([a-z]{2})$/.exec(String(v));
  if (m && state.i18n?.states?.[m[1].toUpperCase()]) return state.i18n.states[m[1].toUpperCase()];
  if (v === "us") return t("compare.federal");
  return String(v);
}
const valuesLabel = (fact, v) => Array.isArray(v) ? (v.length ? v.map((x) => valueLabel(fact, x)).join(", ") : "[]") : valueLabel(fact, v);

function leafText(node, facts) {
  const fact = facts?.[node.fact];
  const name = fact ? fact.label : node.fact;
  const key = node.key ? ` [${valueLabel(null, node.key)}]` : "";
  const op = t(`trace.op.${node.operator}`);
  const expected = node.operator === "known" ? "" : " " + valuesLabel(fact, node.expected);
  const actual = "actual" in node ? ` (${t("trace.actual")}: ${valuesLabel(fact, node.actual)})` : ` (${t("trace.unknown")})`;
  return `${name}${key} ${op}${expected}${actual}${node.stated ? " — " + t("trace.stated." + node.stated) : ""}`;
}

function traceNode(node, facts) {
  const value = node.result === true ? t("trace.true") : node.result === false ? t("trace.false") : t("trace.unknown");
  const cls = node.result === true ? "v-true" : node.result === false ? "v-false" : "v-null";
  const kids = kidsOf(node);
  let label = node.label || node.name || node.kind;
  if (node.kind === "all" || node.kind === "any" || node.kind === "not") label = node.label || t(`trace.kind.${node.kind}`);
  const item = el("li", {}, el("span", { class: cls }, value), " ");
  if (node.kind === "leaf") {
    const raw = `${node.fact}${node.key ? "[" + node.key + "]" : ""} ${node.operator} ${JSON.stringify(node.expected)}`;
    item.append(el("span", { class: "leaf", title: raw }, leafText(node, facts)));
    if (node.label && state.lang === "en") item.append(el("span", { class: "official" }, ` — ${node.label}`));
  } else item.append(el("span", state.lang === "en" || !node.label ? {} : { lang: "en" }, label));
  if (node.cite) item.append(el("span", { class: "official" }, ` — ${node.cite}`));
  if (kids.length) item.append(el("ul", {}, kids.map((k) => traceNode(k, facts))));
  return item;
}

function penaltyOf(o) {
  const p = o.penalty ? state.assessment.laws[o.law_id]?.penalties?.[o.penalty] : null;
  if (!p) return t("obligation.no_penalty");
  const amount = p.max_usd === null || p.max_usd === undefined ? t("report.penalty.no_amount")
    : t("report.penalty.up_to", { usd: Number(p.max_usd).toLocaleString("en-US") }) +
      (p.subsequent_max_usd && p.subsequent_max_usd !== p.max_usd ? "; " + t("report.penalty.subsequent", { usd: Number(p.subsequent_max_usd).toLocaleString("en-US") }) : "");
  return el("div", { id: "trace-penalty" }, el("strong", {}, amount), p.per ? ` (${t("report.penalty.per", { per: p.per })})` : "",
    el("div", { lang: "en" }, p.text), el("div", { class: "official" }, p.citation), p.enforcer ? el("div", { class: "meta", lang: "en" }, p.enforcer) : "");
}

function timingOf(d) {
  const o = d.o;
  const parts = [state.lang === "en" ? o.timing.text : t(`freq.${o.timing.frequency}`)];
  if (o.deadline) {
    const amount = t(`unit.${o.deadline.unit}`, { n: o.deadline.value });
    parts.push(state.lang === "en" ? t("compare.deadline", { deadline: o.deadline.text })
      : t("compare.deadline", { deadline: t(`compare.${o.deadline.direction || "within"}`, { amount }) }));
  }
  if (o.recurrence?.next_due) parts.push(t("compare.next_due", { date: o.recurrence.next_due }));
  if (o.effective_until) parts.push(t("compare.until", { date: o.effective_until }));
  return parts.join(" · ");
}

function questionsOf(o) {
  const law = state.assessment.laws[o.law_id];
  const own = o.uncertain || [];
  const box = el("div", { id: "trace-questions" });
  box.append(own.length ? el("ul", {}, ...own.map((q) => el("li", { lang: "en" }, q))) : el("p", {}, t("common.none")));
  if (law?.uncertainties?.length) {
    box.append(el("details", {}, el("summary", {}, t("obligation.law_questions", { n: law.uncertainties.length })),
      el("ul", {}, ...law.uncertainties.map((q) => el("li", { lang: "en" }, q)))));
  }
  return box;
}

async function showTrace(d, focus = true) {
  const o = d.o;
  state.ui = { state: state.ui.state, duty: o.key, system: d.system.id };
  const facts = (await factDefinitions(state.lang).catch(() => ({ facts: {} }))).facts;
  $("#trace-title").textContent = obTitle(o.law_id, o.obligation_id, o.title);
  const meta = $("#trace-meta");
  meta.replaceChildren();
  const rows = [
    [t("obligation.law"), `${lawLong(o.law_id, o.law_title)}${state.lang !== "en" ? " (" + o.law_title + ")" : ""}`],
    [t("obligation.system"), d.system.name], [t("obligation.category"), category(o.category)],
    [t("obligation.status"), t("status." + d.kind)], [t("obligation.from"), o.effective_from],
    [t("obligation.text"), el("span", { lang: "en" }, o.text)], [t("obligation.timing"), timingOf(d)],
    [t("obligation.penalty"), penaltyOf(o)],
    [t("obligation.citation"), o.citation],
    [t("obligation.source"), el("a", { href: o.source_url, rel: "noopener", id: "trace-source" }, o.source_url)],
    [t("obligation.questions"), questionsOf(o)],
  ];
  for (const [k, v] of rows) meta.append(el("dt", {}, k), el("dd", {}, v));
  meta.append(el("dt", {}, ""), el("dd", {}, el("button", { type: "button", id: "open-law",
    onclick: () => openLaw(o.law_id) }, t("nav.laws") + ": " + lawTitle(o.law_id, o.law_id))));
  meta.append(el("dt", {}, ""), el("dd", {}, el("button", { type: "button", id: "explain-law-button",
    onclick: () => {
      $("#explain-system").value = d.system.id; $("#explain-law").value = o.law_id;
      runExplain(); $("#explain-h").scrollIntoView();
    } }, t("explain.this_law"))));
  $("#trace").replaceChildren(el("div", { class: "trace" }, el("ul", {}, traceNode(d.system.traces[o.trace].condition, facts))));
  $("#trace-panel").hidden = false;
  if (focus) { $("#trace-title").focus(); assessHash(); }
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
  state.lawShown = null;
  lawsHash();
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

function lawsHash() {
  setHash("laws", { q: $("#law-q").value, jurisdiction: $("#law-jurisdiction").value, status: $("#law-status").value,
                    category: $("#law-category").value, binds: $("#law-binds").value === "organizations" ? "" : $("#law-binds").value,
                    law: state.lawShown });
}

async function showLaw(id) {
  const detail = await call(`/laws/${id}`);
  state.lawShown = id;
  if (currentView() === "laws") lawsHash();
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
  const cases = m.litigation || [];
  $("#law-litigation").hidden = !cases.length;
  $("#law-cases").replaceChildren(...cases.map((c) => el("li", { class: "case" },
    el("strong", { lang: "en" }, c.case), " ",
    el("span", { class: "badge" }, c.blocks_enforcement ? t("law.blocks") : t("law.not_blocking")),
    el("div", { class: "meta" }, t("law.court_status", { court: c.court, status: c.status.replaceAll("_", " "), date: c.effect_from || c.filed || "—" })),
    c.note ? el("div", { lang: "en" }, c.note) : "",
    c.uncertain ? el("div", { class: "meta", lang: "en" }, `${t("common.uncertain")}: ${c.uncertain}`) : "",
    c.source ? el("a", { href: c.source, rel: "noopener" }, t("screen.source")) : "")));
  const section = (id, rows) => {
    $(`#${id}-section`).hidden = !rows.length;
    $(`#${id}`).replaceChildren(...rows);
  };
  section("law-history", (m.history || []).map((h) => el("li", {},
    el("strong", {}, h.date), " ", el("span", { lang: "en" }, h.event), h.citation ? ` (${h.citation})` : "")));
  section("law-parameters", Object.entries(detail.parameters || {}).map(([name, p]) => el("li", {},
    el("span", { lang: "en" }, p.description || name), el("ul", {}, ...(p.values || []).map((v) => el("li", {},
      `${t("law.value_from", { date: v.from })}: ${v.value}${p.unit ? " " : ""}`, p.unit ? el("span", { lang: "en" }, p.unit) : "",
      v.reference?.citation ? ` (${v.reference.citation})` : ""))))));
  section("law-questions", (m.uncertainties || []).map((q) => el("li", { lang: "en" },
    q.about ? el("strong", {}, `${q.about}: `) : "", q.note || "", q.source ? " " : "",
    q.source ? el("a", { href: q.source, rel: "noopener" }, t("screen.source")) : "")));
  section("law-bills", (m.related_bills || []).map((b) => el("li", {}, b)));
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
  enhanceTable($("#calendar-table"));
  done("");
}

async function loadProgram() {
  const prog = await call(`/program?as_of=${$("#as-of").value}`, { method: "POST", body: inventoryText() });
  $("#program-rows").replaceChildren(...prog.categories.map((c) => el("tr", {},
    el("td", {}, category(c.category)), el("td", {}, c.requirement), el("td", {}, c.systems.join(", ")), el("td", {}, c.starts))));
  enhanceTable($("#program-table"));
  done("");
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
  state.chip = data.chips[0];
  renderChip();
  done(`${state.chip.name}: ${chipStatus(state.chip)}`);
}

// The classification in the export check's words: an ECCN, or "not controlled by 3A090/4A090"
// (a licence may still be required by the end use, the end user or the destination).
const chipStatus = (r) => r.eccn ? t("chip.status.controlled", { eccn: r.eccn }) : t(`chip.status.${r.status}`);

function renderChip() {
  const r = state.chip;
  const box = $("#chip-result");
  box.replaceChildren();
  for (const [k, v] of [[t("chip.classification"), el("strong", { id: "chip-status" }, chipStatus(r))], ["", el("span", { lang: "en" }, r.why)],
    [t("chip.licence"), el("span", { id: "chip-licence-note" }, t("chip.licence_note"), " ", el("a", { href: "#shipment" }, t("nav.shipment")))],
    [t("chip.tpp"), String(Math.round(r.tpp))],
    [t("chip.density"), r.performance_density ? r.performance_density.toFixed(2) : "-"], [t("obligation.citation"), r.rule_version?.citation || ""]]) {
    box.append(el("dt", {}, k), el("dd", {}, v));
  }
  box.hidden = false;
}

// --- shipment check: POST /export/check ----------------------------------------------------------

const outcomeText = (o) => state.i18n?.ui?.[`outcome.${o}`] ? t(`outcome.${o}`) : String(o).replaceAll("_", " ");
const regimeName = (r) => t(`regime.${r.replace("/", "_")}`);

async function runShipment() {
  $("#shipment-problems").hidden = true;
  say(t("common.loading"));
  try {
    state.shipment = await call("/export/check", { method: "POST", body: $("#shipment-yaml").value });
  } catch (problem) {
    const box = $("#shipment-problems");
    box.replaceChildren(compareProblem(problem));
    box.hidden = false;
    say(problem.title || t("common.error"));
    return;
  }
  renderShipment();
  done(state.shipment.summary.map((x) => `${regimeName(x.regime)}: ${outcomeText(x.outcome)}`).join(" · "));
}

function renderShipment() {
  const c = state.shipment;
  const out = [el("table", { id: "shipment-outcomes", "data-table": "shipment-outcomes" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, t("ship.regime")), el("th", { scope: "col" }, t("ship.outcome")),
      el("th", { scope: "col" }, t("chip.classification")))),
    el("tbody", {}, ...c.regimes.map((g) => el("tr", { class: `o-${g.outcome}` }, el("th", { scope: "row" }, regimeName(g.regime)),
      el("td", {}, el("strong", {}, outcomeText(g.outcome)), g.applies === false ? el("div", { class: "meta" }, t("ship.not_applicable")) : ""),
      el("td", {}, g.classification ? chipStatus(g.classification) : "—")))))];
  for (const g of c.regimes) {
    const reqs = (g.requirements || []).filter((r) => r.result !== false);
    const section = el("section", { class: "panel" }, el("h3", {}, `${regimeName(g.regime)}: ${outcomeText(g.outcome)}`));
    if (g.classification) section.append(el("p", {}, `${t("chip.classification")}: ${chipStatus(g.classification)}`,
      g.classification.status === "not_controlled" && g.outcome !== "no_licence_required" ? el("span", { class: "meta" }, " — " + t("ship.from_end_use")) : ""));
    if (reqs.length) {
      section.append(el("h4", {}, t("ship.requirements")), el("ul", { class: "ship-reqs" }, ...reqs.map((r) => el("li", {},
        el("strong", { lang: "en" }, r.title), r.reason ? el("div", { lang: "en" }, r.reason) : "",
        el("div", { class: "official" }, r.url ? el("a", { href: r.url, rel: "noopener" }, r.citation) : r.citation),
        r.uncertain ? el("div", { class: "meta", lang: "en" }, `${t("common.uncertain")}: ${r.uncertain}`) : ""))));
    }
    if (g.catch_all) section.append(el("p", { class: "meta" }, `${t("ship.catch_all")} (${g.catch_all.citation}): `,
      el("span", { lang: state.lang === "en" ? "en" : "zh-Hans" }, state.lang === "en" ? g.catch_all.en : g.catch_all.zh)));
    for (const n of g.notes || []) section.append(el("p", { class: "meta", lang: "en" }, typeof n === "string" ? n : JSON.stringify(n)));
    out.push(section);
  }
  const sc = c.screening;
  const hits = sc?.hits || [];
  const scr = el("section", { class: "panel", id: "shipment-screening" }, el("h3", {}, t("ship.screening")));
  if (!hits.length) scr.append(el("p", {}, t("ship.no_hits", { n: (sc?.parties || []).length })));
  else scr.append(el("ul", {}, ...hits.map((h) => el("li", {}, `${h.party || h.name || ""} — ${h.list_id || ""} ${h.entry_name || ""} `,
    h.status ? el("strong", {}, t(`screen.status.${h.status}`)) : "", h.url ? el("a", { href: h.url, rel: "noopener" }, " " + t("screen.source")) : ""))));
  out.push(scr);
  $("#shipment-result").replaceChildren(...out);
}

// --- restricted-party screening -------------------------------------------------------------

const screenState = { lists: null, result: null };

// --- bills: what pending bills mean for the inventory's systems -----------------------------

async function runWatch() {
  $("#problems").hidden = true;
  const since = $("#watch-since").value;
  say(t("common.loading"));
  const data = await call(`/bills/watch${since ? "?since=" + since : ""}`, { method: "POST", body: inventoryText() });
  const box = $("#watch-result");
  if (!data.bills.length) { box.replaceChildren(el("p", {}, t("bills.watch.none"))); say(t("bills.watch.none")); return; }
  const rows = data.bills.map((b) => el("tr", {},
    el("td", {}, String(b.score)),
    el("th", { scope: "row" }, b.bill, el("br"), el("span", { class: "meta", lang: "en" }, b.title)),
    el("td", {}, state.i18n?.bill_statuses?.[b.status] || b.status_label,
      b.relevance === "adjacent" ? el("span", { class: "meta" }, " · " + t("bills.watch.adjacent")) : ""),
    el("td", {}, el("ul", {}, ...b.reasons.map((r) => el("li", { lang: "en" }, r.why))))));
  box.replaceChildren(
    el("p", { class: "summary" }, t("bills.watch.count", { total: data.total, shown: data.shown })),
    el("table", {}, el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "#"),
      el("th", { scope: "col" }, t("nav.bills")), el("th", { scope: "col" }, t("screen.status")),
      el("th", { scope: "col" }, t("bills.watch.why")))), el("tbody", {}, ...rows)));
  say(t("bills.watch.count", { total: data.total, shown: data.shown }));
}

async function loadScreenLists() {
  if (!screenState.lists) screenState.lists = (await call("/screen/lists")).lists;
  const select = $("#screen-lists");
  if (!select.options.length) {
    for (const l of screenState.lists) select.append(el("option", { value: l.list_id }, `${l.list_id} (${l.list_date})`));
  }
  $("#screen-list-rows").replaceChildren(...screenState.lists.map((l) => el("tr", {},
    el("td", {}, el("strong", {}, l.list_id), el("div", { class: "meta" }, l.name, " — ", l.authority)),
    el("td", {}, l.list_date), el("td", {}, String(l.rows)),
    el("td", { class: "meta" }, l.provenance, " ", el("a", { href: l.source_url, rel: "noopener" }, t("screen.source"))))));
}

function screenParties() {
  return $("#screen-names").value.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
    const [name, country] = line.split("|").map((x) => x.trim());
    return country ? { name, country } : { name };
  });
}

function screenProblem(problem) {
  const box = $("#screen-problems");
  box.replaceChildren(el("strong", {}, problem.title || t("common.error")),
    el("ul", {}, ...(problem.errors || []).map((e) => el("li", {},
      `${e.field ? e.field + ": " : ""}${e.message}${e.fix ? " — " + e.fix : ""}`))));
  box.hidden = false;
  say(problem.title || t("common.error"));
}

async function runScreen() {
  $("#screen-problems").hidden = true;
  const lists = [...$("#screen-lists").selectedOptions].map((o) => o.value);
  const body = { parties: screenParties(), threshold: Number($("#screen-threshold").value || 0.88) };
  if ($("#screen-as-of").value) body.as_of = $("#screen-as-of").value;
  if (lists.length) body.lists = lists;
  screenState.result = await call("/screen", { method: "POST", body: JSON.stringify(body), type: "application/json" });
  renderScreen();
}

function screenDates(h) {
  const out = [];
  if (h.listed_on) out.push(t("screen.listed_on", { date: h.listed_on }));
  for (const [from, to] of h.suspended) out.push(t("screen.suspended_span", { from, to: to || t("screen.open_end") }));
  if (h.removed_on) out.push(t("screen.removed_on", { date: h.removed_on }));
  return out.map((x) => el("div", {}, x));
}

function renderScreen() {
  const r = screenState.result;
  if (!r) return;
  const s = r.summary;
  $("#screen-summary").textContent = t("screen.summary", { with: s.parties_with_hits, parties: s.parties,
    hits: s.hits, suspended: s.suspended, removed: s.removed, as_of: r.as_of });
  const rows = [];
  for (const p of r.parties) {
    const party = el("th", { scope: "row" }, p.name, p.country ? el("div", { class: "meta" }, p.country) : "");
    if (!p.hits.length) { rows.push(el("tr", { class: "s-clear" }, party, el("td", { colspan: "6" }, t("screen.clear")))); continue; }
    p.hits.forEach((h, i) => {
      const cite = [h.announcement || h.citation].filter(Boolean).map((c) => el("div", {}, c));
      if (h.licence_requirement) cite.push(el("div", { class: "meta" }, t("screen.licence"), ": ", h.licence_requirement));
      if (h.review_policy) cite.push(el("div", { class: "meta" }, t("screen.review_policy"), ": ", h.review_policy));
      if (h.url) cite.push(el("a", { href: h.url, rel: "noopener" }, t("screen.source")));
      rows.push(el("tr", { class: `s-${h.status}` }, i === 0 ? party : el("td", {}),
        el("td", {}, el("strong", {}, t(`screen.status.${h.status}`)), el("div", { class: "meta" }, `${Math.round(h.score * 100)} %`)),
        el("td", {}, h.list_id, el("div", { class: "meta" }, h.list_name)),
        el("td", {}, h.entry_name, h.names_zh.length ? el("div", { class: "meta" }, h.names_zh.join("、")) : ""),
        el("td", {}, ...screenDates(h)), el("td", {}, ...cite),
        el("td", {}, el("ul", { class: "reasons" }, ...h.reasons.map((x) => el("li", {}, x))))));
    });
  }
  $("#screen-rows").replaceChildren(...rows);
  $("#screen-result").hidden = false;
  say($("#screen-summary").textContent);
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

// --- compare: duties side by side --------------------------------------------------------

function compareCodes() {
  const codes = [...document.querySelectorAll('input[name="compare-j"]:checked')].map((x) => x.value);
  for (const c of $("#compare-more").value.split(",")) if (c.trim()) codes.push(c.trim());
  return [...new Set(codes)].join(",");
}

async function runCompare() {
  $("#problems").hidden = true;
  say(t("common.loading"));
  const q = new URLSearchParams({ jurisdictions: compareCodes(), as_of: $("#as-of").value, lang: state.lang });
  if ($("#compare-system").value) q.set("system", $("#compare-system").value);
  try {
    state.comparison = await call(`/compare?${q}`, { method: "POST", body: inventoryText() });
  } catch (problem) {
    $("#compare-result").replaceChildren(compareProblem(problem));
    say(problem.title || t("common.error"));
    return;
  }
  const select = $("#compare-system");
  if (select.options.length === 1) {
    for (const b of state.comparison.systems) select.append(el("option", { value: b.id }, b.name));
  }
  renderCompare();
  say(compareHeading(state.comparison));
}

function compareProblem(problem) {
  const box = el("div", { class: "problems", role: "alert" }, el("strong", {}, problem.title || t("common.error")));
  const list = el("ul");
  for (const e of problem.errors || []) list.append(el("li", {}, `${e.field ? e.field + ": " : ""}${e.message}${e.fix ? " — " + e.fix : ""}`));
  box.append(list);
  return box;
}

function compareColumnName(col) {
  if (col.code === "cn") return t("compare.cn");
  if (col.code === "us") return t("compare.federal");
  const parts = col.code.split("-");
  if (parts.length === 2 && parts[0] === "us") return state.i18n?.states?.[parts[1].toUpperCase()] || col.name;
  return col.name;
}

const compareCounts = (n) => t("compare.counts", { i: n.in_force, u: n.upcoming, b: n.blocked, o: n.optional, d: n.undetermined });
const compareHeading = (c) => t("compare.heading", { org: c.organization, date: c.as_of, jurisdictions: c.jurisdictions.map(compareColumnName).join(", ") });

function compareLaw(d) {
  if (d.law_original_title) return state.lang === "en" ? `${d.law_short_title} (${d.law_original_title})` : d.law_original_title;
  return lawTitle(d.law_id, d.law_short_title);
}

function comparePenalty(text) {
  const first = text.split(". ")[0].replace(/\.$/, "");
  return first.length <= 110 ? first : first.slice(0, 109).trimEnd() + "…";
}

function compareDuty(d) {
  const when = [];
  if (d.status === "upcoming") when.push(t("compare.from", { date: d.effective_from }));
  if (d.effective_until) when.push(t("compare.until", { date: d.effective_until }));
  when.push(state.lang === "en" ? d.timing : t(`freq.${d.frequency}`));
  if (d.deadline && !(state.lang === "en" && d.timing.includes(d.deadline))) {
    const amount = state.lang === "en" ? d.deadline : t(`unit.${d.deadline_unit}`, { n: d.deadline_value });
    when.push(t("compare.deadline", { deadline: state.lang === "en" ? amount : t(`compare.${d.deadline_direction || "within"}`, { amount }) }));
  }
  if (d.next_due && (d.status === "in_force" || d.status === "upcoming")) when.push(t("compare.next_due", { date: d.next_due }));
  const li = el("li", { class: `duty s-${d.status}` },
    el("strong", {}, obTitle(d.law_id, d.obligation_id, d.title)), " ",
    el("span", { class: "badge" }, t(`status.${d.status}`)),
    el("div", { class: "meta" }, when.join(" · ")));
  if (d.penalty) li.append(el("div", { class: "meta" }, t("compare.penalty", { penalty: comparePenalty(d.penalty) })));
  if (d.missing_facts.length) li.append(el("div", { class: "meta" }, t("compare.missing", { facts: d.missing_facts.join(", ") })));
  const cite = d.citation + (d.original_citation ? ` (${d.original_citation})` : "");
  li.append(el("div", { class: "official" }, `${compareLaw(d)} — `, el("a", { href: d.source_url, rel: "noopener" }, cite)));
  return li;
}

function compareSide(key, title) {
  const [law, ob] = key.split("#");
  return ob ? obTitle(law, ob, title) : lawLong(law, law);
}

function compareNote(c, e) {
  const names = Object.fromEntries(c.jurisdictions.map((col) => [col.code, compareColumnName(col)]));
  const a = `${compareSide(e.a, e.a_title)} (${names[e.a_jurisdiction]})`;
  const b = `${compareSide(e.b, e.b_title)} (${names[e.b_jurisdiction]})`;
  const item = el("li", { class: e.uncertain ? "equiv uncertain" : "equiv" },
    el("div", {}, t("compare.satisfies", { a, b, level: t(`compare.level.${e.a_satisfies_b}`) })),
    el("div", {}, t("compare.satisfies", { a: b, b: a, level: t(`compare.level.${e.b_satisfies_a}`) })),
    el("p", {}, e.note_translations[state.lang] || e.note));
  if (e.uncertain) item.append(el("p", { class: "meta" }, t("compare.uncertain", { note: e.uncertain })));
  const src = el("p", { class: "official" }, t("compare.sources", { sources: "" }));
  e.sources.forEach((s, i) => { if (i) src.append("; "); src.append(el("a", { href: s.url, rel: "noopener" }, s.title)); });
  item.append(src);
  return item;
}

function renderCompare() {
  const c = state.comparison;
  if (!c) return;
  const out = [el("h3", {}, compareHeading(c))];
  const cols = el("ul", { class: "meta" });
  for (const col of c.jurisdictions) {
    const inc = col.includes.length > 1 ? ` — ${t("compare.includes", { name: compareColumnName(col), cities: col.include_names.slice(1).join(", ") })}` : "";
    cols.append(el("li", {}, `${compareColumnName(col)} (${col.code}): ${compareCounts(col.counts)}${inc}`));
  }
  out.push(cols);
  for (const b of [...c.systems, ...(c.organization_wide ? [c.organization_wide] : [])]) {
    const section = el("section", { class: "panel compare-block" },
      el("h4", {}, b.scope === "organization" ? t("compare.organization_wide") : `${b.name} (${b.id})`));
    if (!b.categories.length) { section.append(el("p", {}, t("compare.nothing"))); out.push(section); continue; }
    const head = el("tr", {}, el("th", { scope: "col" }, t("program.category")),
      ...c.jurisdictions.map((col) => el("th", { scope: "col" }, compareColumnName(col), el("div", { class: "meta" }, compareCounts(b.counts[col.code])))));
    const body = el("tbody");
    const notes = el("ul", { class: "equivs" });
    for (const row of b.categories) {
      body.append(el("tr", {}, el("th", { scope: "row" }, category(row.category)),
        ...c.jurisdictions.map((col) => {
          const duties = row.cells[col.code];
          return el("td", {}, duties.length ? el("ul", { class: "duties compare-duties" }, ...duties.map(compareDuty)) : t("compare.none"));
        })));
      for (const e of row.equivalences) notes.append(el("li", {}, el("strong", {}, category(row.category)), el("ul", {}, compareNote(c, e))));
    }
    section.append(el("div", { class: "compare-scroll" }, el("table", { class: "compare" }, el("thead", {}, head), body)));
    if (notes.children.length) section.append(el("h5", {}, t("compare.equivalence")), notes);
    out.push(section);
  }
  if (c.to_decide.length) out.push(el("p", { class: "meta" }, t("compare.to_decide", { facts: c.to_decide.join(", ") })));
  $("#compare-result").replaceChildren(...out);
}

// --- start ---------------------------------------------------------------------------------

async function exampleText() {
  if (state.exampleInventory === undefined) state.exampleInventory = await (await fetch("/static/example-inventory.yaml")).text();
  return state.exampleInventory;
}

async function loadExample() {
  $("#inventory").value = await exampleText();
  say(t("assess.example"));
}

// --- sortable, filterable tables, downloadable as shown (CSV, JSON) ------------------------------

function tableRows(table) {
  const head = [...table.tHead.rows[0].cells].map((c) => c.textContent.trim());
  const rows = [...table.tBodies[0].rows].filter((r) => !r.hidden).map((r) => [...r.cells].map((c) => c.textContent.trim()));
  return { head, rows };
}

function download(name, text, type) {
  const a = el("a", { href: URL.createObjectURL(new Blob([text], { type })), download: name });
  document.body.append(a); a.click(); a.remove();
}

const csvCell = (v) => /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;

function enhanceTable(table) {
  if (!table) return;
  const name = table.dataset.table || table.id || "table";
  if (!table.dataset.enhanced) {
    table.dataset.enhanced = "1";
    const filterId = `${name}-filter`;
    const bar = el("div", { class: "row table-tools" },
      el("label", { for: filterId }, t("table.filter")), el("input", { id: filterId, type: "search", class: "table-filter" }),
      el("button", { type: "button", class: "table-csv" }, t("table.csv")),
      el("button", { type: "button", class: "table-json" }, t("table.json")));
    table.before(bar);
    bar.querySelector("input").addEventListener("input", () => applyFilter(table, bar));
    bar.querySelector(".table-csv").addEventListener("click", () => {
      const { head, rows } = tableRows(table);
      download(`policyatlas-${name}.csv`, "\ufeff" + [head, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n", "text/csv");
    });
    bar.querySelector(".table-json").addEventListener("click", () => {
      const { head, rows } = tableRows(table);
      download(`policyatlas-${name}.json`, JSON.stringify(rows.map((r) => Object.fromEntries(head.map((h, i) => [h || String(i), r[i]]))), null, 2), "application/json");
    });
  }
  const bar = table.previousElementSibling;
  bar.querySelector("label").textContent = t("table.filter");
  bar.querySelector(".table-csv").textContent = t("table.csv");
  bar.querySelector(".table-json").textContent = t("table.json");
  [...table.tHead.rows[0].cells].forEach((th, i) => {
    th.setAttribute("aria-sort", th.getAttribute("aria-sort") || "none");
    if (th.querySelector("button.sort")) { th.querySelector("button.sort").setAttribute("aria-label", t("table.sort", { column: th.textContent.trim() })); return; }
    const label = th.textContent.trim();
    if (!label) return;
    th.replaceChildren(el("button", { type: "button", class: "sort", "aria-label": t("table.sort", { column: label }),
      onclick: () => sortTable(table, i) }, label));
  });
  applyFilter(table, bar);
}

function applyFilter(table, bar) {
  const needle = bar.querySelector("input").value.trim().toLowerCase();
  for (const r of table.tBodies[0].rows) r.hidden = !!needle && !r.textContent.toLowerCase().includes(needle);
}

function sortTable(table, index) {
  const th = table.tHead.rows[0].cells[index];
  const up = th.getAttribute("aria-sort") !== "ascending";
  for (const c of table.tHead.rows[0].cells) c.setAttribute("aria-sort", "none");
  th.setAttribute("aria-sort", up ? "ascending" : "descending");
  const body = table.tBodies[0];
  const key = (r) => (r.cells[index]?.textContent || "").trim();
  const rows = [...body.rows].sort((a, b) => {
    const x = key(a), y = key(b);
    const nx = Number(x.replaceAll(",", "")), ny = Number(y.replaceAll(",", ""));
    const c = x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, state.lang);
    return up ? c : -c;
  });
  body.append(...rows);
}

// --- restoring a view from its URL ------------------------------------------------------------

async function restore() {
  const view = currentView();
  const p = hashParams();
  if (view === "assess" && (p.get("state") || p.get("duty") || p.get("inv"))) {
    const text = p.get("inv") === "example" ? await exampleText() : localStorage.getItem("policyatlas.inventory");
    if (!text) return;
    $("#inventory").value = text;
    if (p.get("as_of")) $("#as-of").value = p.get("as_of");
    state.assessment = null;
    state.ui = { state: p.get("state"), duty: p.get("duty"), system: p.get("system") };
    await runAssessment(false);
  } else if (view === "laws") {
    for (const [name, id] of [["q", "#law-q"], ["jurisdiction", "#law-jurisdiction"], ["status", "#law-status"], ["category", "#law-category"], ["binds", "#law-binds"]]) {
      if (p.get(name)) $(id).value = p.get(name);
    }
    if (p.get("law")) state.pendingLaw = p.get("law");
  }
}

window.addEventListener("DOMContentLoaded", async () => {
  const today = new Date().toISOString().slice(0, 10);
  $("#as-of").value = today;
  $("#chip-date").value = today;
  $("#screen-as-of").value = today;
  $("#screen-form").addEventListener("submit", (ev) => { ev.preventDefault(); runScreen().catch(screenProblem); });
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
  $("#law-back").addEventListener("click", () => { $("#law-detail").hidden = true; $("#laws-list").hidden = false; state.lawShown = null; lawsHash(); });
  $("#scenario-form").addEventListener("submit", (ev) => { ev.preventDefault(); runScenario().catch(showProblem); });
  $("#chip-form").addEventListener("submit", (ev) => { ev.preventDefault(); classifyChip().catch(showProblem); });
  $("#compare-form").addEventListener("submit", (ev) => { ev.preventDefault(); runCompare().catch(showProblem); });
  $("#watch-form").addEventListener("submit", (ev) => { ev.preventDefault(); runWatch().catch(showProblem); });
  $("#shipment-form").addEventListener("submit", (ev) => { ev.preventDefault(); runShipment(); });
  installFieldHelp();
  window.addEventListener("hashchange", () => restore().catch(showProblem).then(route));
  await setLanguage(localStorage.getItem("policyatlas.lang") || "en");
  const cats = await call("/laws");
  const seen = new Set(cats.laws.flatMap((l) => l.categories));
  for (const c of [...seen].sort()) $("#law-category").append(el("option", { value: c }, category(c)));
  await exampleText().catch(() => null);
  await restore().catch(showProblem);
  route();
});

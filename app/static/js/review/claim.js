/** The review page of one claim: proposed passages by keyboard, evidence, the verdict draft and its workflow. */
import { ApiError, request } from "../annotator/api.js";

const LIMIT = 75;
const data = JSON.parse(document.getElementById("page-data").textContent);
const root = document.querySelector("[data-testid=review-page]");
const form = document.querySelector("[data-testid=verdict-form]");
const message = document.querySelector("[data-testid=message]");
const list = document.querySelector("[data-testid=evidence-list]");
const editable = form.dataset.editable === "true";
const matches = [...document.querySelectorAll("[data-testid=source-match]")]
  .sort((a, b) => Number(a.dataset.rank) - Number(b.dataset.rank));
let verdict = data.verdict;
let evidence = verdict ? verdict.evidence.map(asInput) : [];
let current = 0;

function asInput(item) {
  if (item.kind === "source_passage") {
    return { kind: item.kind, source_id: item.source_id, start: item.start, end: item.end, score: item.score,
             quoted_passage: item.quoted_passage || "" };
  }
  return { kind: "external", url: item.url, publisher: item.publisher || "", title: item.title || "",
           quoted_passage: item.quoted_passage || "", accessed_at: item.accessed_at || null };
}

function show(text, kind = "info") {
  message.textContent = text;
  message.dataset.kind = kind;
  message.hidden = !text;
}

function verdictUrl(suffix = "") {
  return data.urls.verdict.replace("{id}", verdict.id) + suffix;
}

function value(name) {
  const field = form.elements.namedItem(name);
  return field ? field.value.trim() : "";
}

function fields() {
  return {
    check_type: value("check_type"), rating: value("rating") || null, claim_reviewed: value("claim_reviewed"),
    claimant: value("claimant"), claim_date: value("claim_date") || null,
    claim_appearance: value("claim_appearance") || null, explanation: value("explanation"),
    language: value("language") || "en",
  };
}

function passageText(item) {
  const mark = matches.find((m) => Number(m.dataset.start) === item.start && Number(m.dataset.end) === item.end
    && Number(m.dataset.sourceId) === item.source_id);
  return item.quoted_passage || (mark ? mark.firstChild.textContent : `${item.start}–${item.end}`);
}

function renderEvidence() {
  list.replaceChildren(...evidence.map((item, index) => {
    const li = document.createElement("li");
    li.dataset.testid = "evidence-item";
    li.dataset.kind = item.kind;
    const quote = document.createElement("q");
    if (item.kind === "source_passage") {
      li.dataset.start = item.start;
      li.dataset.end = item.end;
      quote.textContent = passageText(item);
      li.append(quote, ` source passage ${item.start}–${item.end}` + (item.score != null ? `, score ${item.score}` : ""));
    } else {
      quote.textContent = item.quoted_passage;
      const link = document.createElement("a");
      link.href = item.url;
      link.rel = "noopener noreferrer";
      link.textContent = item.title || item.url;
      li.append(quote, " ", link, item.publisher ? ` · ${item.publisher}` : "",
                item.accessed_at ? ` · accessed ${item.accessed_at}` : "");
    }
    if (editable) {
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "link";
      remove.textContent = "remove";
      remove.addEventListener("click", () => { evidence.splice(index, 1); save(); });
      li.append(" ", remove);
    }
    return li;
  }));
  for (const mark of matches) {
    const taken = evidence.some((e) => e.kind === "source_passage" && e.source_id === Number(mark.dataset.sourceId)
      && e.start === Number(mark.dataset.start) && e.end === Number(mark.dataset.end));
    mark.classList.toggle("accepted", taken);
  }
}

function highlight(index) {
  if (!matches.length) return;
  current = (index + matches.length) % matches.length;
  matches.forEach((mark, i) => {
    mark.classList.toggle("current", i === current);
    if (i === current) mark.setAttribute("aria-current", "true"); else mark.removeAttribute("aria-current");
  });
  matches[current].scrollIntoView({ block: "nearest" });
}

function showRatings() {
  const checkType = value("check_type");
  const select = form.elements.namedItem("rating");
  for (const group of select.querySelectorAll("optgroup")) group.hidden = group.dataset.checkType !== checkType;
  const chosen = select.selectedOptions[0];
  if (chosen && chosen.dataset.checkType && chosen.dataset.checkType !== checkType) select.value = "";
}

function warnLength() {
  const warning = document.querySelector("[data-testid=claim-reviewed-warning]");
  const length = value("claim_reviewed").length;
  warning.hidden = length <= LIMIT;
  warning.textContent = `${length} characters: Google shows at most ${LIMIT}.`;
}

function failed(err) {
  if (!(err instanceof ApiError)) throw err;
  const details = Object.entries(err.errors || {}).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join("; ");
  show(err.reason === "stale_version" ? `${err.message}` : `${err.message}${details ? ` (${details})` : ""}`, "error");
  return null;
}

async function save() {
  const body = { ...fields(), evidence: evidence.map(asInput) };
  try {
    verdict = verdict ? await request("PUT", verdictUrl(), { ...body, version: verdict.version })
      : await request("POST", data.urls.create, body);
  } catch (err) { return failed(err); }
  evidence = verdict.evidence.map(asInput);
  renderEvidence();
  root.dataset.verdictId = verdict.id;
  show(verdict.warnings && verdict.warnings.length ? `Saved. ${verdict.warnings.join(" ")}` : "Saved.");
  return verdict;
}

async function step(action, body = {}) {
  try {
    await request("POST", verdictUrl(`/${action}`), { version: verdict.version, ...body });
  } catch (err) { return failed(err); }
  window.location.reload();
  return verdict;
}

function accept() {
  const mark = matches[current];
  if (!editable || !mark) return;
  const item = { kind: "source_passage", source_id: Number(mark.dataset.sourceId), start: Number(mark.dataset.start),
                 end: Number(mark.dataset.end), score: Number(mark.dataset.score) };
  if (!evidence.some((e) => e.source_id === item.source_id && e.start === item.start && e.end === item.end)) {
    evidence.push(item);
  }
  save();
}

function notInSource() {
  const checkType = value("check_type");
  const rating = data.not_found[checkType];
  if (!editable || !rating) return;
  form.elements.namedItem("rating").value = rating;
  save();
}

function addExternal() {
  const item = { kind: "external", url: value("ev_url"), publisher: value("ev_publisher"), title: value("ev_title"),
                 quoted_passage: value("ev_quote"), accessed_at: value("ev_accessed") || null };
  if (!item.url) { show("External evidence needs the page's URL.", "error"); return; }
  evidence.push(item);
  for (const name of ["ev_url", "ev_publisher", "ev_title", "ev_quote", "ev_accessed"]) form.elements.namedItem(name).value = "";
  save();
}

async function act(action) {
  if (action === "save") return save();
  if (action === "comment") {
    const body = document.querySelector("[data-testid=comment-body]").value.trim();
    if (!body) return null;
    try { await request("POST", data.urls.comments, { body }); } catch (err) { return failed(err); }
    return window.location.reload();
  }
  if (action === "assign") {
    const assignee = document.querySelector("[data-testid=assignee-input]").value.trim() || null;
    try { await request("PATCH", data.urls.claim, { assignee }); } catch (err) { return failed(err); }
    return window.location.reload();
  }
  if (action === "correct") {
    const note = document.querySelector("[data-testid=correction-note-input]").value.trim();
    try { await request("POST", data.urls.correction, { note }); } catch (err) { return failed(err); }
    return window.location.reload();
  }
  if (editable && !(await save())) return null;
  return step(action);
}

document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey || target.closest("input, textarea, select, [contenteditable]")) return;
  const actions = { j: () => highlight(current + 1), k: () => highlight(current - 1), a: accept, n: notInSource,
                    s: () => editable && save() };
  const run = actions[event.key];
  if (run) { event.preventDefault(); run(); }
});
for (const button of document.querySelectorAll("[data-action]")) {
  button.addEventListener("click", () => act(button.dataset.action));
}
for (const [index, mark] of matches.entries()) mark.addEventListener("click", () => { highlight(index); accept(); });
const external = document.querySelector("[data-testid=add-external-evidence]");
if (external) external.addEventListener("click", addExternal);
form.elements.namedItem("check_type").addEventListener("change", showRatings);
form.elements.namedItem("claim_reviewed").addEventListener("input", warnLength);
form.addEventListener("submit", (event) => event.preventDefault());
showRatings();
warnLength();
renderEvidence();
highlight(0);
root.dataset.ready = "true";

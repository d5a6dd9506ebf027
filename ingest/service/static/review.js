// The review page: confirm / adjust / reject in place, then show the new decision, the score it
// counts, the category subtotals, the total and the grade, all from the API's answer.
"use strict";

const num = (value) => {
  const text = Number(value).toFixed(2).replace(/\.?0+$/, "");
  return text === "-0" ? "0" : text;
};

function showScore(score) {
  document.getElementById("unreviewed").hidden = score.started;
  document.getElementById("reviewed-score").hidden = !score.started;
  document.getElementById("total").textContent = num(score.total);
  document.getElementById("grade").textContent = score.grade || "—";
  document.getElementById("reviewed").textContent = score.reviewed;
  document.getElementById("grade-note").textContent =
    score.pending ? `（尚有${score.pending}项待审核，等次仅供参考）` : "";
  for (const category of score.categories) {
    const cell = document.querySelector(`[data-category="${category.id}"]`);
    if (cell) cell.textContent = num(category.score);
  }
  document.getElementById("notes").replaceChildren(...score.notes.map((note) => {
    const item = document.createElement("li");
    item.textContent = note;
    return item;
  }));
  for (const line of score.indicators) {
    const counted = document.querySelector(`article.proposal[data-indicator="${line.id}"] .counted`);
    if (counted) counted.textContent = num(line.score);
  }
}

const cards = [...document.querySelectorAll("article.proposal")];
const opened = (card) => [...card.querySelectorAll("form")].some((form) => !form.hidden);

// The decision shown on a card. `adopt`: also take its version, i.e. the next decision is made
// on it; a card whose form is open keeps the version the reviewer started typing on (a later
// save then meets the 409 and the reviewer sees what changed before deciding again).
function showProposal(card, proposal, adopt = true) {
  if (adopt) card.dataset.version = proposal.version;
  card.dataset.shown = proposal.version;
  card.classList.remove("pending", "confirmed", "adjusted", "rejected");
  card.classList.add(proposal.decision);
  card.querySelector(".decision").textContent = proposal.decision_label;
  card.querySelector(".reason").textContent = proposal.reason ? `理由：${proposal.reason}` : "";
  card.querySelector(".by").textContent = proposal.reviewed_by_name || "";
  refreshTools();
}

async function latest(card) {
  const response = await fetch(`/api/proposals/${card.dataset.id}`, {credentials: "same-origin"});
  if (response.ok) showProposal(card, await response.json());
}

async function decide(card, action, body) {
  const error = card.querySelector(".card-error");
  error.textContent = "";
  for (const button of card.querySelectorAll("button")) button.disabled = true;
  const result = await kaohe.post(`/api/proposals/${card.dataset.id}/${action}`, {version: Number(card.dataset.version), ...body});
  for (const button of card.querySelectorAll("button")) button.disabled = false;
  if (!result.ok) {
    let message = kaohe.detail(result.data);
    if (result.status === 409) {
      // Show the other reviewer's decision in place; what this reviewer typed stays in the form.
      await latest(card);
      message += " 上面已显示最新结论，您填写的内容仍保留，核对后可再次提交。";
    }
    error.textContent = message;
    return;
  }
  for (const form of card.querySelectorAll("form")) form.hidden = true;
  showProposal(card, result.data.proposal);
  showScore(result.data.score);
}

// Filters: 全部 / 待审核 / 需核实 (kaohe flags it) / 自评差异 (the 自评核查 found a difference).
const tests = {
  all: () => true,
  pending: (card) => card.classList.contains("pending"),
  check: (card) => card.dataset.check === "1",
  audit: (card) => card.dataset.audit === "1",
};
// A card with a form open is being decided on by hand: the bulk confirm leaves it alone.
const sure = (card) => card.classList.contains("pending") && card.dataset.check !== "1" && !opened(card);
// The page opens with the filter its address names (?filter=…), so a reload or the next submission keeps it.
let filter = document.getElementById("review").dataset.chosenFilter || "all";

// The chosen filter goes into the address and into the links to the neighbouring submissions.
function withFilter(href) {
  const url = new URL(href);
  if (filter === "all") url.searchParams.delete("filter"); else url.searchParams.set("filter", filter);
  return url.href;
}
function keepFilter() {
  window.history.replaceState(null, "", withFilter(window.location.href));
  for (const link of document.querySelectorAll(".neighbours a")) link.href = withFilter(link.href);
}

function refreshTools() {
  for (const button of document.querySelectorAll("[data-filter]")) {
    button.setAttribute("aria-pressed", String(button.dataset.filter === filter));
    button.querySelector(".count").textContent = `(${cards.filter(tests[button.dataset.filter]).length})`;
  }
  for (const card of cards) card.hidden = !tests[filter](card) && !opened(card);
  for (const section of document.querySelectorAll(".proposals .category")) {
    section.hidden = !section.querySelector("article.proposal:not([hidden])");
  }
  const bulk = document.getElementById("confirm-sure");
  if (bulk) {
    const count = cards.filter(sure).length;
    bulk.querySelector(".count").textContent = count;
    bulk.disabled = count === 0;
  }
}

for (const button of document.querySelectorAll("[data-filter]")) {
  button.addEventListener("click", () => { filter = button.dataset.filter; keepFilter(); refreshTools(); });
}

// One request for all of them; if another reviewer changed one meanwhile, nothing is saved.
document.getElementById("confirm-sure")?.addEventListener("click", async (event) => {
  const chosen = cards.filter(sure);
  const error = document.getElementById("bulk-error");
  error.textContent = "";
  event.currentTarget.disabled = true;
  const submission = document.getElementById("review").dataset.submission;
  const result = await kaohe.post(`/api/submissions/${submission}/confirm`,
    {proposals: chosen.map((card) => ({id: Number(card.dataset.id), version: Number(card.dataset.version)}))});
  if (!result.ok) {
    error.textContent = kaohe.detail(result.data);
    if (result.status === 409) await poll();
    refreshTools();
    return;
  }
  for (const proposal of result.data.proposals) showProposal(document.getElementById(`p-${proposal.id}`), proposal);
  showScore(result.data.score);
});

// Keyboard: move between the cards shown, and decide on the current one.
let current = null;
function select(card) {
  current?.classList.remove("current");
  current = card;
  current.classList.add("current");
}
// From no card (or a hidden one), start at the first card still pending.
function move(step) {
  const shown = cards.filter((card) => !card.hidden);
  if (!shown.length) return;
  const at = shown.indexOf(current);
  const start = shown.find((card) => card.classList.contains("pending")) || shown[0];
  select(at === -1 ? start : shown[Math.min(Math.max(at + step, 0), shown.length - 1)]);
  current.focus({preventScroll: true});
  current.scrollIntoView({block: "center"});
}
// The card last worked on with the mouse is where the keys carry on from.
for (const card of cards) card.addEventListener("click", () => select(card));
function openForm(card, kind) {
  card.querySelector(`[data-open="${kind}"]`)?.click();
  card.querySelector(`form.${kind} textarea`)?.focus();
}
const keys = {
  j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
  c: () => current?.querySelector('[data-action="confirm"]')?.click(),
  a: () => current && openForm(current, "adjust"),
  r: () => current && openForm(current, "reject"),
};
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") {
    for (const form of (event.target.closest?.("article.proposal") || current)?.querySelectorAll("form") || []) form.hidden = true;
    current?.focus({preventScroll: true});
    refreshTools();
    return;
  }
  if (event.target.closest("input, textarea, select") || event.ctrlKey || event.metaKey || event.altKey) return;
  const action = keys[event.key];
  if (action) {
    event.preventDefault();
    action();
  }
});

// Other reviewers' decisions appear within a few seconds, without touching an open form.
async function poll() {
  const submission = document.getElementById("review").dataset.submission;
  const [proposals, score] = await Promise.all(
    ["proposals", "score"].map((part) => fetch(`/api/submissions/${submission}/${part}`, {credentials: "same-origin"})
      .then((response) => (response.ok ? response.json() : null))));
  if (!proposals || !score) return;
  let changed = 0;
  for (const proposal of proposals) {
    const card = document.getElementById(`p-${proposal.id}`);
    if (card && Number(card.dataset.shown || card.dataset.version) !== proposal.version) {
      changed += 1;
      showProposal(card, proposal, !opened(card));
    }
  }
  showScore(score);
  if (changed) document.getElementById("live").textContent = `其他评审刚更新了 ${changed} 项（已显示在页面上）`;
}
setInterval(poll, 5000);
refreshTools();

for (const card of document.querySelectorAll("article.proposal")) {
  card.querySelector('[data-action="confirm"]')?.addEventListener("click", () => decide(card, "confirm", {}));
  for (const opener of card.querySelectorAll("[data-open]")) {
    opener.addEventListener("click", () => {
      for (const form of card.querySelectorAll("form")) form.hidden = !form.classList.contains(opener.dataset.open);
      refreshTools();
    });
  }
  for (const closer of card.querySelectorAll("[data-close]")) {
    closer.addEventListener("click", () => { closer.closest("form").hidden = true; refreshTools(); });
  }
  card.querySelector("form.adjust")?.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const body = {reason: form.reason.value};
    if (form.value.value !== "") body.value = Number(form.value.value);
    if (form.outcome && form.outcome.value) body.outcome = form.outcome.value;
    decide(card, "adjust", body);
  });
  card.querySelector("form.reject")?.addEventListener("submit", (event) => {
    event.preventDefault();
    decide(card, "reject", {reason: event.target.reason.value});
  });
}

// Releasing the reviewed result to the society (refused while indicators are pending).
document.getElementById("release")?.addEventListener("click", async (event) => {
  const result = await kaohe.post(`/api/submissions/${event.target.dataset.submission}/release`);
  if (result.ok) {
    window.location.reload();
  } else {
    document.getElementById("release-error").textContent = kaohe.detail(result.data);
  }
});

// Evidence: a highlighted span leads to its proposal card; a card's evidence link flashes the span.
for (const mark of document.querySelectorAll("mark.ev")) {
  mark.addEventListener("click", () => {
    const card = document.getElementById(`p-${mark.dataset.proposals.split(" ")[0]}`);
    card?.scrollIntoView({behavior: "smooth", block: "center"});
    card?.classList.add("flash");
    setTimeout(() => card?.classList.remove("flash"), 1200);
  });
}
for (const link of document.querySelectorAll("a.jump")) {
  link.addEventListener("click", () => {
    const anchor = document.getElementById(link.getAttribute("href").slice(1));
    const mark = anchor?.nextElementSibling;
    mark?.classList.add("flash");
    setTimeout(() => mark?.classList.remove("flash"), 1200);
  });
}

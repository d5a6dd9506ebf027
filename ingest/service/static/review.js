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

function showProposal(card, proposal) {
  card.dataset.version = proposal.version;
  card.classList.remove("pending", "confirmed", "adjusted", "rejected");
  card.classList.add(proposal.decision);
  card.querySelector(".decision").textContent = proposal.decision_label;
  card.querySelector(".reason").textContent = proposal.reason ? `理由：${proposal.reason}` : "";
  card.querySelector(".by").textContent = proposal.reviewed_by ? `${proposal.reviewed_by} 刚刚` : "";
  for (const form of card.querySelectorAll("form")) form.hidden = true;
}

async function decide(card, action, body) {
  const error = card.querySelector(".card-error");
  error.textContent = "";
  for (const button of card.querySelectorAll("button")) button.disabled = true;
  const result = await kaohe.post(`/api/proposals/${card.dataset.id}/${action}`, {version: Number(card.dataset.version), ...body});
  for (const button of card.querySelectorAll("button")) button.disabled = false;
  if (!result.ok) {
    error.textContent = kaohe.detail(result.data);
    return;
  }
  showProposal(card, result.data.proposal);
  showScore(result.data.score);
}

for (const card of document.querySelectorAll("article.proposal")) {
  card.querySelector('[data-action="confirm"]')?.addEventListener("click", () => decide(card, "confirm", {}));
  for (const opener of card.querySelectorAll("[data-open]")) {
    opener.addEventListener("click", () => {
      for (const form of card.querySelectorAll("form")) form.hidden = !form.classList.contains(opener.dataset.open);
    });
  }
  for (const closer of card.querySelectorAll("[data-close]")) {
    closer.addEventListener("click", () => { closer.closest("form").hidden = true; });
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

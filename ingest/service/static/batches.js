// Batch pre-screening: start one (upload with progress), follow its progress in place, open a society for review.
"use strict";

const batchForm = document.getElementById("batch-upload");
if (batchForm) {
  const progress = document.getElementById("progress");
  const status = document.getElementById("upload-status");
  batchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(batchForm);
    if (data.get("year") === "") data.delete("year");
    kaohe.upload(batchForm, "/api/batches", data, {
      progress, status, accepted: (body) => { window.location.href = `/batches/${body.id}`; },
    });
  });
}

const holder = document.getElementById("batch-progress");
if (holder) {
  const id = holder.dataset.id;
  const current = () => holder.querySelector("#batch-state").dataset.status;
  // Only the progress part is fetched and swapped: the rest of the page, and where the reviewer is, stay.
  const poll = async () => {
    const response = await fetch(`/batches/${id}/progress`, {credentials: "same-origin"});
    if (response.ok) holder.innerHTML = await response.text();
    if (["queued", "running"].includes(current())) setTimeout(poll, 2000);
  };
  if (["queued", "running"].includes(current())) setTimeout(poll, 2000);

  holder.addEventListener("click", async (event) => {
    const error = holder.querySelector("#batch-error");
    const button = event.target.closest("button");
    if (!button) return;
    button.disabled = true;
    if (button.id === "batch-resume") {
      const result = await kaohe.post(`/api/batches/${id}/resume`);
      if (result.ok) { await poll(); } else { error.textContent = kaohe.detail(result.data); button.disabled = false; }
    } else if (button.id === "open-all") {
      button.textContent = "正在打开…";
      const result = await kaohe.post(`/api/batches/${id}/submissions/all`);
      if (!result.ok) { error.textContent = kaohe.detail(result.data); button.disabled = false; return; }
      await poll();
      holder.querySelector("#batch-opened").textContent =
        `已打开 ${result.data.submissions.length} 个学会，正依次处理`;
      holder.querySelector("#batch-error").textContent = result.data.skipped.join("；");
    } else if (button.classList.contains("open-society")) {
      const result = await kaohe.post(`/api/batches/${id}/submissions`, {folder: button.dataset.folder});
      if (result.ok) {
        window.location.href = `/submissions/${result.data.id}`;
      } else {
        error.textContent = kaohe.detail(result.data);
        button.disabled = false;
      }
    }
  });
}

// Upload with a progress bar (`kaohe.upload`), then go to the submission's page, which waits for processing to finish.
"use strict";

const form = document.getElementById("upload");
const progress = document.getElementById("progress");
const status = document.getElementById("upload-status");
const problems = document.getElementById("upload-problems");

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const data = new FormData(form);
  for (const [key, value] of [...data]) {
    // An empty optional file field still sends a nameless, empty file.
    if (value === "" || (value instanceof File && value.name === "" && value.size === 0)) data.delete(key);
  }
  problems.replaceChildren();
  kaohe.upload(form, "/api/submissions", data, {
    progress, status,
    accepted: (body) => {
      status.textContent = "上传完成，正在识别材料…";
      window.location.href = `/submissions/${body.id}`;
    },
    refused: (body) => problems.replaceChildren(...(body.problems || []).map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    })),
  });
});

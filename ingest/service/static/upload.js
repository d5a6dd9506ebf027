// Upload with a progress bar (XMLHttpRequest reports upload progress; fetch does not), then
// go to the submission's page, which waits for processing to finish.
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
  const request = new XMLHttpRequest();
  request.open("POST", "/api/submissions");
  request.setRequestHeader("X-CSRF-Token", kaohe.csrf);
  request.upload.addEventListener("progress", (e) => {
    if (e.lengthComputable) {
      progress.value = Math.round((e.loaded / e.total) * 100);
      status.textContent = `正在上传…${progress.value}%`;
    }
  });
  request.addEventListener("load", () => {
    let body = {};
    try { body = JSON.parse(request.responseText); } catch (error) { body = {}; }
    if (request.status === 202) {
      status.textContent = "上传完成，正在识别材料…";
      window.location.href = `/submissions/${body.id}`;
      return;
    }
    form.querySelector("button[type=submit]").disabled = false;
    progress.hidden = true;
    status.textContent = kaohe.detail(body);
    problems.replaceChildren(...(body.problems || []).map((text) => {
      const item = document.createElement("li");
      item.textContent = text;
      return item;
    }));
  });
  request.addEventListener("error", () => {
    form.querySelector("button[type=submit]").disabled = false;
    status.textContent = "网络错误，上传未完成，请重试";
  });
  form.querySelector("button[type=submit]").disabled = true;
  problems.replaceChildren();
  progress.hidden = false;
  progress.value = 0;
  request.send(data);
});

// 材料自查: send the draft files, show the checklist the server renders.
"use strict";

const form = document.getElementById("check");
const status = document.getElementById("check-status");
const checklist = document.getElementById("checklist");

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  if (data.get("year") === "") data.delete("year");
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  status.textContent = "正在读取材料，请稍候…";
  checklist.replaceChildren();
  try {
    const response = await fetch("/check", {
      method: "POST", body: data, credentials: "same-origin", headers: {"X-CSRF-Token": kaohe.csrf},
    });
    if (response.ok) {
      status.textContent = "";
      // Rendered by the server with autoescaping: file names and row wordings come from the uploads.
      checklist.innerHTML = await response.text();
    } else {
      // Errors on a page's address come back as the error page: show its message.
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const message = page.querySelector("[role=alert]");
      status.textContent = message ? message.textContent : `自查未完成（HTTP ${response.status}），请刷新页面后重试`;
    }
  } catch (error) {
    status.textContent = "网络错误，自查未完成，请重试";
  } finally {
    button.disabled = false;
  }
});

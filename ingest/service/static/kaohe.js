// Shared by every page: JSON calls to the API with the page's CSRF token, logout, simple API forms.
"use strict";

const kaohe = {
  csrf: document.querySelector('meta[name="csrf-token"]').content,

  // POST (or `method`) JSON to the API; resolves to {ok, status, data}. The API answers errors as {detail, problems}.
  async post(url, body, method = "POST") {
    const response = await fetch(url, {
      method,
      headers: {"Content-Type": "application/json", "X-CSRF-Token": kaohe.csrf},
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    let data = null;
    if (response.status !== 204) {
      try { data = await response.json(); } catch (error) { data = {detail: `服务器返回了无法识别的内容（HTTP ${response.status}）`}; }
    }
    return {ok: response.ok, status: response.status, data};
  },

  detail(data) {
    return (data && data.detail) || "操作失败，请稍后重试";
  },

  // Send a form's files with a progress bar (XMLHttpRequest reports upload progress; fetch does not).
  // `accepted(body)` runs when the API takes them (202); otherwise its message is shown and `refused(body)` runs.
  upload(form, url, data, {progress, status, accepted, refused = () => {}}) {
    const button = form.querySelector("button[type=submit]");
    const request = new XMLHttpRequest();
    request.open("POST", url);
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
        accepted(body);
        return;
      }
      button.disabled = false;
      progress.hidden = true;
      status.textContent = kaohe.detail(body);
      refused(body);
    });
    request.addEventListener("error", () => {
      button.disabled = false;
      status.textContent = "网络错误，上传未完成，请重试";
    });
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    request.send(data);
  },
};

document.getElementById("logout")?.addEventListener("click", async () => {
  await kaohe.post("/api/auth/logout");
  window.location.href = "/login";
});

// A success message that outlives the reload it causes (shown once, on the next page).
const flash = document.getElementById("flash");
if (flash && sessionStorage.getItem("kaohe-flash")) {
  flash.textContent = sessionStorage.getItem("kaohe-flash");
  flash.hidden = false;
  sessionStorage.removeItem("kaohe-flash");
}

// <form class="api-form" data-api="/api/..." [data-method="PATCH"] [data-success="…"]> : the fields
// as JSON; on success reload, showing data-success ({field} replaced by that field's value).
for (const form of document.querySelectorAll("form.api-form")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = form.querySelector(".form-error");
    const repeat = form.querySelector("[data-repeats]");
    if (repeat && repeat.value !== form.elements[repeat.dataset.repeats].value) {
      error.textContent = "两次输入的新密码不一致";
      return;
    }
    const body = Object.fromEntries([...new FormData(form)].filter(([name, value]) => value !== "" && name !== repeat?.name));
    const result = await kaohe.post(form.dataset.api, body, form.dataset.method);
    if (result.ok) {
      if (form.dataset.success) {
        sessionStorage.setItem("kaohe-flash", form.dataset.success.replace(/\{(\w+)\}/g, (_, name) => body[name] ?? ""));
      }
      window.location.reload();
    } else {
      error.textContent = kaohe.detail(result.data);
    }
  });
}

// Shared by every page: JSON calls to the API with the page's CSRF token, logout, simple API forms.
"use strict";

const kaohe = {
  csrf: document.querySelector('meta[name="csrf-token"]').content,

  // POST JSON to the API; resolves to {ok, status, data}. The API answers errors as {detail, problems}.
  async post(url, body) {
    const response = await fetch(url, {
      method: "POST",
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
};

document.getElementById("logout")?.addEventListener("click", async () => {
  await kaohe.post("/api/auth/logout");
  window.location.href = "/login";
});

// <form class="api-form" data-api="/api/..."> : the fields as JSON; reload on success.
for (const form of document.querySelectorAll("form.api-form")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = Object.fromEntries([...new FormData(form)].filter(([, value]) => value !== ""));
    const result = await kaohe.post(form.dataset.api, body);
    if (result.ok) {
      window.location.reload();
    } else {
      form.querySelector(".form-error").textContent = kaohe.detail(result.data);
    }
  });
}

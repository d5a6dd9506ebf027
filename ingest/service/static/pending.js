// A submission still being processed: poll its status and show the review page when it is done.
"use strict";

const pending = document.getElementById("pending");
if (pending && ["queued", "processing"].includes(pending.dataset.status)) {
  const poll = async () => {
    const response = await fetch(`/api/submissions/${pending.dataset.id}`, {credentials: "same-origin"});
    const submission = await response.json();
    if (submission.status === "done" || submission.status === "failed") {
      window.location.reload();
    } else {
      setTimeout(poll, 1000);
    }
  };
  setTimeout(poll, 1000);
}

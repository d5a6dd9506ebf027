// The submission list keeps its rows current while anything is still being processed: the rows
// are fetched again and swapped in, so the filters being typed and the scroll position stay.
"use strict";

async function refreshRows() {
  const response = await fetch(window.location.href, {credentials: "same-origin"});
  if (!response.ok) return;
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("submissions");
  const table = document.getElementById("submissions");
  if (!fresh || !table) return;
  table.tBodies[0].replaceWith(fresh.tBodies[0]);
  if (fresh.dataset.active) {
    setTimeout(refreshRows, 2000);
  } else {
    delete table.dataset.active;
  }
}

if (document.getElementById("submissions")?.dataset.active) setTimeout(refreshRows, 2000);

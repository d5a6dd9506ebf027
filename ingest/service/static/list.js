// The submission list refreshes itself while anything is still being processed.
"use strict";

if (document.getElementById("submissions")?.dataset.active) {
  setTimeout(() => window.location.reload(), 2000);
}

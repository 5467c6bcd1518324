// The colour scheme the reader chose with the header's toggle, applied before the page is
// painted (this file loads without `defer`), so that a dark page never flashes light.
"use strict";
try {
  const chosen = localStorage.getItem("errbook-theme");
  if (chosen === "light" || chosen === "dark") document.documentElement.dataset.theme = chosen;
} catch (e) {
  // Storage refused (a private window, a file:// page in some browsers): the system decides.
}

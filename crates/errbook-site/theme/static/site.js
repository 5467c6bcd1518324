// Progressive enhancement only: every page reads fully without this file.
// Copy buttons copy the text of their code block, without a shell prompt ("$ ").
"use strict";

function withoutPrompts(text) {
  return text.split("\n").map((line) => line.replace(/^\$ /, "")).join("\n");
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // file:// pages in some browsers have no clipboard API.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "copy-buffer";
  document.body.appendChild(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.copy")) {
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener("click", async () => {
      const code = button.parentElement.querySelector("code");
      await copyText(withoutPrompts(code.textContent));
      button.textContent = button.dataset.copied || label;
      setTimeout(() => { button.textContent = label; }, 1500);
    });
  }
});

// The sidebar of an entry page is open beside the text on a wide screen and folded above it
// on a phone.
document.addEventListener("DOMContentLoaded", () => {
  const wide = window.matchMedia("(min-width: 64rem)");
  const fit = () => {
    for (const details of document.querySelectorAll("details[data-open-wide]")) details.open = wide.matches;
  };
  fit();
  wide.addEventListener("change", fit);
});

// The colour scheme toggle: auto (the system's), light, dark, remembered for every page.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector(".theme-toggle");
  if (!button) return;
  const modes = ["auto", "light", "dark"];
  const labels = button.dataset.modes.split("|");
  const current = () => document.documentElement.dataset.theme || "auto";
  const show = () => {
    const label = labels[modes.indexOf(current())];
    button.textContent = label;
    button.setAttribute("aria-label", `${button.dataset.label}: ${label}`);
  };
  button.hidden = false;
  show();
  button.addEventListener("click", () => {
    const next = modes[(modes.indexOf(current()) + 1) % modes.length];
    if (next === "auto") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = next;
    try {
      if (next === "auto") localStorage.removeItem("errbook-theme");
      else localStorage.setItem("errbook-theme", next);
    } catch (e) {
      // Not remembered where storage is refused; the page still switches.
    }
    show();
  });
});

// A home page reached from the language switch of an untranslated page says so and links
// back. The way back must be a path inside the site: nothing with a scheme, a host or "..".
document.addEventListener("DOMContentLoaded", () => {
  const note = document.getElementById("untranslated");
  const from = new URLSearchParams(location.search).get("untranslated");
  if (!note || !from || /[:\\]|^\/|(^|\/)\.\.(\/|$)/.test(from)) return;
  const root = document.querySelector("form.search")?.dataset.root || "../";
  note.querySelector("a").href = root + from;
  note.hidden = false;
});

// An entry page's sidebar lists its document's entries and the book's documents from files
// every such page shares (entries.js, documents.js) rather than repeating them; without them,
// it links to the document and home.
function fillList(box, items, current, marked, root, bundle) {
  if (!box || !Array.isArray(items)) return false;
  const list = box.querySelector("ol");
  for (const item of items) {
    const li = document.createElement("li");
    const link = document.createElement("a");
    link.href = root + item.path + (bundle ? "index.html" : "");
    link.textContent = item.title;
    if (item.path === current) link.setAttribute("aria-current", marked);
    li.appendChild(link);
    if (item.file) {
      const file = document.createElement("span");
      file.className = "file";
      file.textContent = ` ${item.file}`;
      li.appendChild(file);
    }
    list.appendChild(li);
  }
  box.hidden = false;
  return true;
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.search");
  if (!form) return;
  const [root, bundle] = [form.dataset.root, form.dataset.bundle === "true"];
  const entries = document.querySelector(".sidebar-entries");
  fillList(entries, window.errbookEntries, entries?.dataset.current, "page", root, bundle);
  const documents = document.querySelector(".sidebar-documents");
  if (fillList(documents, window.errbookDocuments, documents?.dataset.current, "true", root, bundle)) {
    documents.previousElementSibling.hidden = true;
  }
});

// Code blocks a fence names, side by side in the text (one command for npm, pnpm, yarn …),
// become tabs; without this script each shows under its name.
document.addEventListener("DOMContentLoaded", () => {
  const seen = new Set();
  for (const first of document.querySelectorAll(".code-tab")) {
    if (seen.has(first)) continue;
    const run = [first];
    while (run[run.length - 1].nextElementSibling?.classList.contains("code-tab")) {
      run.push(run[run.length - 1].nextElementSibling);
    }
    run.forEach((panel) => seen.add(panel));
    if (run.length < 2) continue;
    const group = document.createElement("div");
    group.className = "code-tabs";
    const tabs = document.createElement("div");
    tabs.setAttribute("role", "tablist");
    first.before(group);
    group.append(tabs, ...run);
    const select = (chosen) => {
      run.forEach((panel, i) => {
        panel.hidden = i !== chosen;
        tabs.children[i].setAttribute("aria-selected", String(i === chosen));
        tabs.children[i].tabIndex = i === chosen ? 0 : -1;
      });
    };
    run.forEach((panel, i) => {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.textContent = panel.dataset.label;
      tab.addEventListener("click", () => select(i));
      tab.addEventListener("keydown", (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        const next = (i + step + run.length) % run.length;
        select(next);
        tabs.children[next].focus();
      });
      panel.setAttribute("role", "tabpanel");
      tabs.appendChild(tab);
    });
    select(0);
  }
});

// A diagram or table wider than the text scrolls sideways (a shadow says so); a button beside
// it shows it across the whole window instead.
document.addEventListener("DOMContentLoaded", () => {
  const main = document.getElementById("main");
  const label = main?.dataset.fullWidth;
  if (!label) return;
  for (const wide of main.querySelectorAll(".diagram, table")) {
    if (wide.closest("details:not([open])") || wide.scrollWidth <= wide.clientWidth + 2) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "full-width-toggle";
    button.textContent = label;
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      const on = wide.classList.toggle("full-width");
      button.setAttribute("aria-pressed", String(on));
    });
    wide.before(button);
  }
});

// The root page goes on to the home page in the reader's language when the book has it; the
// list of languages stays for everyone else (and without this script).
document.addEventListener("DOMContentLoaded", () => {
  const choice = document.querySelector("[data-pick-browser-language]");
  if (!choice) return;
  const homes = new Map([...choice.querySelectorAll("a[hreflang]")].map((a) => [a.hreflang.toLowerCase(), a.href]));
  for (const wanted of navigator.languages || [navigator.language]) {
    const code = (wanted || "").toLowerCase();
    const home = homes.get(code) || homes.get(code.split("-")[0]);
    if (home) {
      location.replace(home);
      return;
    }
  }
});

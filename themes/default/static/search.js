// errbook search in the page: the index and the WebAssembly engine are loaded by <script>
// tags (never fetch), so search works from a server and from file:// alike. Results are built
// with DOM methods and textContent only: no record string ever becomes HTML.
"use strict";

(() => {
  const form = document.querySelector("form.search");
  if (!form) return;
  const input = form.querySelector("textarea, input[type=search]");
  const results = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const root = form.dataset.root;
  const bundle = form.dataset.bundle === "true";
  const pageLang = document.documentElement.lang;
  let searcher = null;
  let loading = null;
  let timer = 0;

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error("cannot load " + src));
      document.head.appendChild(script);
    });
  }

  function decode(base64) {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  // Loads engine and index once, on first use.
  function engine() {
    if (!loading) {
      const started = performance.now();
      loading = Promise.all([loadScript(form.dataset.engine), loadScript(form.dataset.index)]).then(() => {
        wasm_bindgen.initSync({ module: decode(self.ERRBOOK_ENGINE) });
        searcher = new wasm_bindgen.Searcher(decode(self.ERRBOOK_INDEX));
        self.ERRBOOK_ENGINE = self.ERRBOOK_INDEX = null;
        form.dataset.loadMs = String(Math.round(performance.now() - started));
        return searcher;
      });
    }
    return loading;
  }

  function entryHref(url) {
    const encoded = url.split("/").map(encodeURIComponent).join("/");
    return root + encoded + (bundle ? "index.html" : "");
  }

  // Words too common to point at anything: never marked, though the paste shares them.
  const COMMON = new Set(("a an and are as at be by can cannot could did do does for from has have in " +
    "into is it its no not of on or that the this to was were will with error errors failed fail " +
    "failure unable").split(" "));
  const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

  // The matched line, with what the paste shares with it in <mark>: whole words, and in
  // Japanese the characters covered by shared bigrams (never part of a Latin word).
  function matchedLine(hit) {
    const p = document.createElement("p");
    p.className = "matched";
    const terms = new Set(hit.matched_terms);
    const line = hit.matched.split("\n")[0];
    const append = (text, marked) => {
      if (!text) return;
      if (!marked) { p.appendChild(document.createTextNode(text)); return; }
      const mark = document.createElement("mark");
      mark.textContent = text;
      p.appendChild(mark);
    };
    for (const part of line.split(/([\p{L}\p{N}_]+)/u)) {
      const word = part.toLowerCase();
      if (terms.has(word) && !COMMON.has(word)) { append(part, true); continue; }
      if (!CJK.test(part)) { append(part, false); continue; }
      const chars = [...part];
      const covered = chars.map(() => false);
      for (let i = 0; i < chars.length; i++) {
        if (terms.has(chars[i] + (chars[i + 1] || ""))) { covered[i] = true; if (i + 1 < chars.length) covered[i + 1] = true; }
      }
      let run = "";
      let state = false;
      chars.forEach((c, i) => {
        if (covered[i] !== state) { append(run, state); run = ""; state = covered[i]; }
        run += c;
      });
      append(run, state);
    }
    return p;
  }

  function show(hits, text) {
    results.replaceChildren();
    if (!text.trim()) {
      results.hidden = true;
      status.textContent = "";
      return;
    }
    results.hidden = false;
    if (hits.length === 0) {
      status.textContent = form.dataset.noResults;
      return;
    }
    status.textContent = "";
    const list = document.createElement("ol");
    for (const hit of hits) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = entryHref(hit.url);
      link.textContent = hit.title;
      link.lang = hit.lang;
      link.className = "result-title";
      const lang = document.createElement("span");
      lang.className = "lang-tag";
      lang.textContent = hit.lang;
      item.append(link, " ", lang, matchedLine(hit));
      list.appendChild(item);
    }
    results.appendChild(list);
  }

  async function run() {
    const text = input.value;
    const s = await engine();
    const started = performance.now();
    const hits = text.trim() ? JSON.parse(s.search(text, pageLang, 8)) : [];
    form.dataset.queryMs = String(performance.now() - started);
    show(hits, text);
    form.dataset.searches = String(Number(form.dataset.searches || 0) + 1);
  }

  input.addEventListener("focus", () => { engine().catch(() => {}); }, { once: true });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run().catch((e) => { status.textContent = String(e); }), 120);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run().catch((e) => { status.textContent = String(e); });
  });
  // Enter searches (Shift+Enter starts a new line of a typed log); arrow keys move between
  // results; Escape clears. The results sit inside the form, so their keys reach this handler
  // by bubbling, once.
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target === input && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
      return;
    }
    const links = [...results.querySelectorAll("a.result-title")];
    const at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && (at >= 0 || (event.target === input && event.ctrlKey === false && input.selectionStart === input.value.length))) {
      if (links.length === 0) return;
      event.preventDefault();
      links[Math.min(at + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) input.focus(); else links[at - 1].focus();
    } else if (event.key === "Escape") {
      input.value = "";
      show([], "");
      input.focus();
    }
  });

  const q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    run().catch((e) => { status.textContent = String(e); });
  }
})();

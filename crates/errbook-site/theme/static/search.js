// errbook search in the page. The index is split into parts (see errbook_search::web): the
// engine asks for the parts a query needs, the page loads them and asks again. On a server
// parts are fetched, and the engine's module (engine.bin, gzipped) is compiled as it arrives;
// in the offline bundle everything is a script loaded by a <script> tag, because pages opened
// from file:// cannot fetch. Results are
// built with DOM methods and textContent only: no record string ever becomes HTML.
"use strict";

(() => {
  const form = document.querySelector("form.search");
  if (!form) return;
  const input = form.querySelector("textarea, input[type=search]");
  const results = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  const root = form.dataset.root;
  const folder = root + "search/";
  const bundle = form.dataset.bundle === "true";
  const version = form.dataset.engine.split("?")[1] || "";
  const pageLang = document.documentElement.lang;
  let searcher = null;
  let loading = null;
  let timer = 0;
  let latest = 0;

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

  // Parts are stored gzipped, whatever the host does.
  async function inflate(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  async function fetchBytes(url, options) {
    const response = await fetch(url, options);
    if (!response.ok) throw new Error("cannot load " + url + ": " + response.status);
    return new Uint8Array(await response.arrayBuffer());
  }

  // A part as a script: it calls errbookPart(name, base64) as it runs.
  const waiting = new Map();
  self.errbookPart = (name, data) => {
    const resolve = waiting.get(name);
    waiting.delete(name);
    if (resolve) resolve(decode(data));
  };
  function scriptPart(name) {
    return new Promise((resolve, reject) => {
      waiting.set(name, resolve);
      loadScript(folder + name).then(() => {
        if (waiting.delete(name)) reject(new Error("damaged search part " + name));
      }, reject);
    });
  }

  // Loads the engine and the index's manifest once, on first use.
  function engine() {
    if (!loading) {
      const started = performance.now();
      const opened = bundle
        ? Promise.all([loadScript(form.dataset.engine), scriptPart("manifest.js").then(inflate)]).then(async ([, manifest]) => {
          wasm_bindgen.initSync({ module: await inflate(decode(self.ERRBOOK_ENGINE)) });
          self.ERRBOOK_ENGINE = null;
          return manifest;
        })
        : Promise.all([
          loadScript(form.dataset.engine).then(() => fetch(folder + "engine.bin?" + version)).then((response) => {
            if (!response.ok) throw new Error("cannot load the search engine: " + response.status);
            // Compiled as it arrives, inflated on the way.
            const body = response.body.pipeThrough(new DecompressionStream("gzip"));
            return wasm_bindgen({ module_or_path: new Response(body, { headers: { "Content-Type": "application/wasm" } }) });
          }),
          fetchBytes(folder + "manifest.bin", { cache: "no-cache" }).then(inflate),
        ]).then(([, manifest]) => manifest);
      loading = opened.then((manifest) => {
        searcher = new wasm_bindgen.Searcher(manifest);
        form.dataset.loadMs = String(Math.round(performance.now() - started));
        return searcher;
      }, (error) => {
        loading = null;
        throw location.protocol === "file:" && !bundle ? new Error(form.dataset.needsServer) : error;
      });
    }
    return loading;
  }

  // Each part once; a part that failed to load is asked for again by the next search.
  const parts = new Map();
  function addPart(s, name) {
    if (!parts.has(name)) {
      const bytes = bundle ? scriptPart(name) : fetchBytes(folder + name + "?v=" + s.key);
      parts.set(name, bytes.then(inflate).then((b) => s.add(name, b)).catch((error) => {
        parts.delete(name);
        throw error;
      }));
    }
    return parts.get(name);
  }

  // Asks, loads what the answer needs, asks again: shards, then entries. Records the engine's
  // own time (parts in memory) for the benchmark.
  async function find(s, text) {
    let engineMs = 0;
    for (let round = 0; round < 4; round++) {
      const started = performance.now();
      const answer = JSON.parse(s.search(text, pageLang, 8));
      engineMs += performance.now() - started;
      if (answer.hits) {
        form.dataset.engineMs = String(engineMs);
        return answer.hits;
      }
      await Promise.all(answer.needs.map((name) => addPart(s, name)));
    }
    throw new Error("the search index is incomplete; rebuild the site");
  }

  // An entry's page, or its section of its document's page (`en/docs/d/#id`).
  function entryHref(url) {
    const [path, fragment] = url.split("#");
    const encoded = path.split("/").map(encodeURIComponent).join("/");
    return root + encoded + (bundle ? "index.html" : "") + (fragment ? "#" + encodeURIComponent(fragment) : "");
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
    const ticket = ++latest;
    const s = await engine();
    const started = performance.now();
    const hits = text.trim() ? await find(s, text) : [];
    // A later search has started meanwhile: its results are the ones to show.
    if (ticket !== latest) return;
    form.dataset.queryMs = String(performance.now() - started);
    show(hits, text);
    remember(text);
    form.dataset.searches = String(Number(form.dataset.searches || 0) + 1);
  }

  // The query is kept in the address (replaced, not pushed, as it changes), so that a search
  // can be shared and Back returns to it.
  function remember(text) {
    const url = new URL(location.href);
    if (text.trim()) url.searchParams.set("q", text); else url.searchParams.delete("q");
    if (url.href !== location.href) history.replaceState(history.state, "", url);
  }

  // A paste of several lines, collapsed to one line, says how many it holds.
  const badge = document.createElement("span");
  badge.className = "paste-lines";
  badge.hidden = true;
  input.after(badge);
  function count() {
    const lines = input.value.split("\n").filter((l) => l.trim()).length;
    badge.hidden = lines < 2;
    badge.textContent = lines + " " + form.dataset.pasteLines;
  }

  function close() {
    results.hidden = true;
  }

  input.addEventListener("focus", () => { engine().catch(() => {}); }, { once: true });
  input.addEventListener("input", () => {
    count();
    clearTimeout(timer);
    timer = setTimeout(() => run().catch((e) => { status.textContent = String(e); }), 120);
  });
  // A click elsewhere closes the results; the paste stays.
  document.addEventListener("pointerdown", (event) => {
    if (!form.contains(event.target)) close();
  });
  // Clicking back into the box opens the results again.
  input.addEventListener("click", () => {
    if (results.childElementCount > 0 && input.value.trim()) results.hidden = false;
  });
  // `/` (outside a text field) and Ctrl+K or ⌘K go to the box.
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLElement && (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName));
    const slash = event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
    const k = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
    if (slash || k) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run().catch((e) => { status.textContent = String(e); });
  });
  // Enter searches (Shift+Enter starts a new line of a typed log); arrow keys move between
  // results; Escape closes them. The results sit inside the form, so their keys reach this handler
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
      // Closes the results; the paste is kept (select it and type to replace it).
      close();
      input.focus();
    }
  });

  // A query in the address (a shared link, or Back to a search) runs again.
  function restore() {
    const q = new URLSearchParams(location.search).get("q");
    if (!q || q === input.value && !results.hidden) return;
    input.value = q;
    count();
    run().catch((e) => { status.textContent = String(e); });
  }
  restore();
  window.addEventListener("pageshow", (event) => { if (event.persisted) restore(); });
})();

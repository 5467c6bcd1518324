// <errbook-search>: errbook's pasted-error search inside a docs site that another tool publishes
// (written by `errbook build --embed`). The engine and the index's parts are scripts beside this
// one, loaded by <script> tags, so that it works on any host and from file:// alike, with no
// request to anywhere else. Results lead to the documents' own pages (whole addresses, made at
// build time). The element draws itself in a shadow root styled through CSS custom properties,
// and otherwise inherits the host page's font and colours, light or dark. Results are built
// with DOM methods and textContent only: no record string ever becomes HTML.
"use strict";

(() => {
  if (customElements.get("errbook-search")) return;
  // Where this script was loaded from: the rest is beside it.
  const here = document.currentScript ? document.currentScript.src : "";
  const folder = new URL("search/", here).href;

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

  async function inflate(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // Each part is a script that calls errbookPart(name, base64) as it runs.
  const waiting = new Map();
  self.errbookPart = (name, data) => {
    const resolve = waiting.get(name);
    waiting.delete(name);
    if (resolve) resolve(decode(data));
  };
  function part(name) {
    return new Promise((resolve, reject) => {
      waiting.set(name, resolve);
      loadScript(folder + name).then(() => {
        if (waiting.delete(name)) reject(new Error("damaged search part " + name));
      }, reject);
    }).then(inflate);
  }

  // One engine for every element of the page, loaded on first use.
  let loading = null;
  function engine() {
    if (!loading) {
      loading = Promise.all([loadScript(folder + "engine.js"), part("manifest.js")]).then(async ([, manifest]) => {
        wasm_bindgen.initSync({ module: await inflate(decode(self.ERRBOOK_ENGINE)) });
        self.ERRBOOK_ENGINE = null;
        return new wasm_bindgen.Searcher(manifest);
      });
      loading.catch(() => { loading = null; });
    }
    return loading;
  }

  const parts = new Map();
  function addPart(s, name) {
    if (!parts.has(name)) {
      parts.set(name, part(name).then((bytes) => s.add(name, bytes)).catch((error) => {
        parts.delete(name);
        throw error;
      }));
    }
    return parts.get(name);
  }

  async function find(s, text, lang, limit) {
    for (let round = 0; round < 4; round++) {
      const answer = JSON.parse(s.search(text, lang, limit));
      if (answer.hits) return answer.hits;
      await Promise.all(answer.needs.map((name) => addPart(s, name)));
    }
    throw new Error("the search index is incomplete; build it again with errbook build --embed");
  }

  // The book's search strings per language, written in by `errbook build --embed`.
  const STRINGS = {};

  // The strings of the element's language (its own lang, else the page's), else the book's first.
  function strings(element) {
    const lang = (element.closest("[lang]")?.getAttribute("lang") || "").split("-")[0];
    return STRINGS[lang] || Object.values(STRINGS)[0] || {};
  }

  const STYLE = `
    :host { display: block; font: inherit; color: inherit; }
    textarea {
      box-sizing: border-box; width: 100%; min-height: 4.5em; resize: vertical;
      font: var(--errbook-code-font, 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
      color: inherit; background: var(--errbook-background, transparent);
      border: 1px solid var(--errbook-border, color-mix(in srgb, currentColor 35%, transparent));
      border-radius: var(--errbook-radius, 6px); padding: 0.5em 0.6em;
    }
    textarea:focus-visible { outline: 2px solid var(--errbook-accent, currentColor); outline-offset: 1px; }
    ol { list-style: none; margin: 0.5em 0 0; padding: 0; }
    li { padding: 0.45em 0; border-bottom: 1px solid var(--errbook-border, color-mix(in srgb, currentColor 18%, transparent)); }
    a { color: var(--errbook-accent, LinkText); font-weight: 600; text-decoration: none; }
    a:hover, a:focus-visible { text-decoration: underline; }
    .matched {
      margin: 0.2em 0 0; overflow-wrap: anywhere;
      font: var(--errbook-code-font, 0.85em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace);
      color: var(--errbook-muted, color-mix(in srgb, currentColor 75%, transparent));
    }
    .status { margin: 0.4em 0 0; color: var(--errbook-muted, color-mix(in srgb, currentColor 75%, transparent)); }
    .status:empty { display: none; }
  `;

  class ErrbookSearch extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      const style = document.createElement("style");
      style.textContent = STYLE;
      const texts = strings(this);
      const label = this.getAttribute("label") || texts.label || "Paste an error message or a log";
      this.input = document.createElement("textarea");
      this.input.setAttribute("aria-label", label);
      this.input.placeholder = this.getAttribute("placeholder") || texts.placeholder || label;
      this.input.spellcheck = false;
      this.status = document.createElement("p");
      this.status.className = "status";
      this.status.setAttribute("role", "status");
      this.list = document.createElement("ol");
      this.list.setAttribute("aria-label", texts.results || "Search results");
      root.append(style, this.input, this.status, this.list);
      this.latest = 0;
      let timer = 0;
      this.input.addEventListener("focus", () => { engine().catch(() => {}); }, { once: true });
      this.input.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(() => this.run().catch((e) => { this.status.textContent = String(e); }), 120);
      });
      // Down from the end of the paste goes to the results, Down and Up move through them
      // (Enter opens one, as any link), Escape goes back to the paste.
      root.addEventListener("keydown", (event) => {
        const links = [...this.list.querySelectorAll("a")];
        const at = links.indexOf(root.activeElement);
        const atEnd = event.target === this.input && this.input.selectionStart === this.input.value.length;
        if (event.key === "ArrowDown" && (at >= 0 || atEnd) && links.length > 0) {
          links[Math.min(at + 1, links.length - 1)].focus();
          event.preventDefault();
        } else if (event.key === "ArrowUp" && at >= 0) {
          (at === 0 ? this.input : links[at - 1]).focus();
          event.preventDefault();
        } else if (event.key === "Escape" && at >= 0) {
          this.input.focus();
        }
      });
    }

    async run() {
      const text = this.input.value;
      const ticket = ++this.latest;
      const s = await engine();
      // The results of the element's language first (its own lang, else the page's).
      const lang = (this.closest("[lang]")?.getAttribute("lang") || "").split("-")[0];
      const limit = Number(this.getAttribute("limit")) || 8;
      const hits = text.trim() ? await find(s, text, lang, limit) : [];
      if (ticket !== this.latest) return;
      this.show(hits, text);
    }

    show(hits, text) {
      this.list.replaceChildren();
      this.status.textContent = text.trim() && hits.length === 0
        ? this.getAttribute("no-results") || strings(this).noResults || "No entry matches this text."
        : "";
      for (const hit of hits) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = hit.url;
        link.textContent = hit.title;
        link.lang = hit.lang;
        const matched = document.createElement("p");
        matched.className = "matched";
        matched.textContent = hit.matched.split("\n")[0];
        item.append(link, matched);
        this.list.appendChild(item);
      }
      this.dataset.results = String(hits.length);
    }
  }

  customElements.define("errbook-search", ErrbookSearch);
})();

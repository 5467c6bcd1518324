//! The site as readers see it, in headless Chromium, light and dark, on a desktop (1280 px) and
//! a phone (390 px): diagram text readable against its own background and never shrunk below
//! 11 px, highlighted code readable on its block, document pages keeping their nested lists,
//! the search box one line until focused.

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::Emulation;

use crate::browser::{eval, launch, open, screenshot, tab};
use crate::built_sample;

/// Pages with a document's mermaid diagram, generated flowcharts and highlighted code.
const PAGES: [&str; 3] = [
    "ja/docs/ecspresso-troubleshooting/index.html",
    "ja/errors/タスクが起動しない/index.html",
    "en/errors/essential-container-in-task-exited/index.html",
];

fn emulate(tab: &Tab, scheme: &str, width: u32) {
    tab.call_method(Emulation::SetEmulatedMedia {
        media: None,
        features: Some(vec![Emulation::MediaFeature { name: "prefers-color-scheme".into(), value: scheme.into() }]),
    })
    .unwrap();
    crate::browser::viewport(tab, width);
}

/// WCAG contrast and colour parsing, in the page.
const CONTRAST_JS: &str = r#"
const rgb = (s) => (s.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
const lum = (c) => { const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
"#;

/// For every diagram text: its contrast against the shape drawn under it (or the page), and
/// its size on screen. Returns the worst of each and a description of the worst text.
const DIAGRAM_JS: &str = r#"
  const pageBg = rgb(getComputedStyle(document.body).backgroundColor);
  let worstRatio = 99, smallest = 99, worst = "";
  for (const svg of document.querySelectorAll(".diagram svg")) {
    const box = svg.viewBox.baseVal;
    const scale = box && box.width ? svg.getBoundingClientRect().width / box.width : 1;
    for (const text of svg.querySelectorAll("text")) {
      if (!text.textContent.trim()) continue;
      text.scrollIntoView({ block: "center", inline: "center" });
      const r = text.getBoundingClientRect();
      const under = document.elementsFromPoint(r.left + r.width / 2, r.top + r.height / 2)
        .find((e) => e !== text && !text.contains(e) && svg.contains(e) && e !== svg &&
          ["rect", "polygon", "path", "circle", "ellipse"].includes(e.tagName) &&
          getComputedStyle(e).fill !== "none");
      const bg = under ? rgb(getComputedStyle(under).fill) : pageBg;
      const fg = rgb(getComputedStyle(text).fill);
      const c = ratio(fg, bg);
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (c < worstRatio) { worstRatio = c; worst = text.textContent + " " + fg + " on " + bg; }
      smallest = Math.min(smallest, size);
    }
  }
  return JSON.stringify({ worstRatio, smallest, worst });
"#;

/// For every highlighted token: its contrast against its code block.
const CODE_JS: &str = r#"
  let worstRatio = 99, worst = "";
  for (const pre of document.querySelectorAll(".code-block pre")) {
    const bg = rgb(getComputedStyle(pre).backgroundColor);
    for (const span of pre.querySelectorAll("span[class^=hl-]")) {
      if (!span.textContent.trim()) continue;
      const c = ratio(rgb(getComputedStyle(span).color), bg);
      if (c < worstRatio) { worstRatio = c; worst = span.className + " '" + span.textContent + "'"; }
    }
  }
  return JSON.stringify({ worstRatio, worst });
"#;

#[test]
fn diagrams_and_code_are_readable_in_both_schemes_and_on_phones() {
    let browser = launch();
    let (tab, errors) = tab(&browser);
    let base = format!("file://{}/", built_sample().canonicalize().unwrap().display());
    for scheme in ["light", "dark"] {
        for width in [1280, 390] {
            emulate(&tab, scheme, width);
            for page in PAGES {
                open(&tab, &format!("{base}{page}"));
                // An entry's flowchart is folded in its record card.
                eval(&tab, "document.querySelectorAll('details:has(.diagram)').forEach((d) => { d.open = true; })");
                tab.wait_for_element(".diagram svg").unwrap();
                let at = format!("{page} ({scheme}, {width} px)");
                let diagrams: serde_json::Value = serde_json::from_str(
                    eval(&tab, &format!("(() => {{ {CONTRAST_JS}{DIAGRAM_JS} }})()")).as_str().unwrap(),
                )
                .unwrap();
                let ratio = diagrams["worstRatio"].as_f64().unwrap();
                assert!(ratio >= 4.5, "{at}: diagram text contrast {ratio:.2}: {}", diagrams["worst"]);
                let smallest = diagrams["smallest"].as_f64().unwrap();
                assert!(smallest >= 11.0, "{at}: diagram text of {smallest:.1} px");
                let code: serde_json::Value = serde_json::from_str(
                    eval(&tab, &format!("(() => {{ {CONTRAST_JS}{CODE_JS} }})()")).as_str().unwrap(),
                )
                .unwrap();
                let ratio = code["worstRatio"].as_f64().unwrap();
                assert!(ratio >= 4.5, "{at}: code contrast {ratio:.2}: {}", code["worst"]);
            }
            screenshot(&tab, &format!("reading-{scheme}-{width}"));
        }
    }
    let errors = errors.lock().unwrap();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// The header's toggle cycles auto, light and dark by real clicks; the choice holds on the next
/// page from its first paint (the script that applies it runs before the body), and auto
/// follows the system again.
#[test]
fn the_colour_scheme_toggle_is_remembered_without_a_flash() {
    let base = crate::serve::serve(built_sample());
    let browser = launch();
    let (tab, errors) = tab(&browser);
    emulate(&tab, "light", 1280);
    open(&tab, &format!("{base}en/errors/essential-container-in-task-exited/"));
    let background = "getComputedStyle(document.body).backgroundColor";
    assert_eq!(eval(&tab, background), "rgb(255, 255, 255)");
    let toggle = tab.wait_for_element(".theme-toggle").unwrap();
    assert_eq!(toggle.get_inner_text().unwrap(), "Auto");
    toggle.click().unwrap();
    toggle.click().unwrap();
    assert_eq!(toggle.get_inner_text().unwrap(), "Dark");
    assert_eq!(eval(&tab, background), "rgb(13, 17, 23)", "dark on a light system");
    let code: serde_json::Value =
        serde_json::from_str(eval(&tab, &format!("(() => {{ {CONTRAST_JS}{CODE_JS} }})()")).as_str().unwrap()).unwrap();
    assert!(code["worstRatio"].as_f64().unwrap() >= 4.5, "code in the chosen scheme: {code}");
    // The next page is dark before its body exists: the choice is applied by a script in the
    // head that is neither deferred nor async.
    open(&tab, &format!("{base}ja/"));
    let early = eval(
        &tab,
        "(() => { const s = document.querySelector('head script[src$=\"theme.js\"]'); return !!s && !s.defer && !s.async && document.documentElement.dataset.theme; })()",
    );
    assert_eq!(early, "dark");
    assert_eq!(eval(&tab, background), "rgb(13, 17, 23)");
    assert_eq!(tab.wait_for_element(".theme-toggle").unwrap().get_inner_text().unwrap(), "ダーク");
    tab.wait_for_element(".theme-toggle").unwrap().click().unwrap();
    assert_eq!(eval(&tab, background), "rgb(255, 255, 255)", "auto follows the light system again");
    emulate(&tab, "dark", 1280);
    assert_eq!(eval(&tab, background), "rgb(13, 17, 23)", "auto follows the dark system");
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

#[test]
fn document_pages_keep_nested_lists_and_the_search_box_stays_one_line() {
    let browser = launch();
    let (tab, _) = tab(&browser);
    emulate(&tab, "light", 390);
    let base = format!("file://{}/", built_sample().canonicalize().unwrap().display());
    open(&tab, &format!("{base}ja/docs/ecspresso-troubleshooting/index.html"));
    // "AWS ECSの一般的な問題": four numbered problems with bold labels, each with its own list.
    let nested = eval(
        &tab,
        r#"(() => {
            const h = [...document.querySelectorAll("h2")].find((e) => e.firstChild.textContent === "AWS ECSの一般的な問題");
            let ol = h.nextElementSibling;
            while (ol && ol.tagName !== "OL") ol = ol.nextElementSibling;
            return [ol.children.length, ol.querySelectorAll(":scope > li > ul").length,
                    ol.querySelectorAll(":scope > li strong").length].join(",");
        })()"#,
    );
    assert_eq!(nested, "4,4,4", "nested list flattened");
    // The document's flow is wider than a phone: it says it scrolls, and opens full width.
    let flow = "document.querySelector('#text .diagram')";
    assert_eq!(
        eval(&tab, &format!("{flow}.scrollWidth > {flow}.clientWidth")),
        true,
        "the flow is wider than the phone"
    );
    let width = format!("{flow}.getBoundingClientRect().width");
    let before = eval(&tab, &width).as_f64().unwrap();
    tab.wait_for_element("#text .full-width-toggle").unwrap().click().unwrap();
    let after = eval(&tab, &width).as_f64().unwrap();
    assert!(after > before && after >= eval(&tab, "innerWidth - 32").as_f64().unwrap(), "{before} → {after}");
    let box_lines = |tab: &Tab| {
        eval(
            tab,
            r#"(() => { const t = document.getElementById("search-input");
                return Math.round(t.clientHeight / parseFloat(getComputedStyle(t).lineHeight)); })()"#,
        )
    };
    assert_eq!(box_lines(&tab), 1, "the search box shows one line");
    tab.wait_for_element("#search-input").unwrap().click().unwrap();
    assert!(box_lines(&tab).as_i64().unwrap() >= 3, "a focused box has room for a pasted log");
}

/// Every heading and every cause of an entry's text has a permalink, the record card's causes
/// lead to them, and following one lands on it; Japanese headings break between phrases (a
/// heading once broke as トラブルシューティ/ング).
#[test]
fn headings_and_causes_have_permalinks_and_japanese_headings_keep_words_whole() {
    let base = crate::serve::serve(built_sample());
    let browser = launch();
    let (tab, errors) = tab(&browser);
    open(&tab, &format!("{base}en/errors/essential-container-in-task-exited/"));
    let unlinked = eval(
        &tab,
        "[...document.querySelectorAll('#text :is(h2, h3, h4, h5, h6)')].filter(h => h.querySelector('.permalink')?.getAttribute('href') !== '#' + h.id).length",
    );
    assert_eq!(unlinked, 0, "a heading without its permalink");
    let targets = eval(
        &tab,
        "[...document.querySelectorAll('.record-causes a')].map(a => document.querySelector(a.getAttribute('href') + ' > .permalink') ? 1 : 0).join('')",
    );
    assert_eq!(targets, "11111", "each cause of the card leads to a place in the text with its permalink");
    // A real click on the card's second cause.
    tab.wait_for_element(".record-causes li:nth-child(2) a").unwrap().click().unwrap();
    for _ in 0..200 {
        if tab.get_url().ends_with("#cause-2") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(tab.get_url().ends_with("#cause-2"), "{}", tab.get_url());
    let shown = "(() => { const r = document.getElementById('cause-2').getBoundingClientRect(); return r.top >= -1 && r.top < innerHeight / 2; })()";
    assert_eq!(eval(&tab, shown), true, "the cause is scrolled into view");
    assert!(
        eval(&tab, "document.getElementById('cause-2').textContent")
            .as_str()
            .unwrap()
            .contains("Missing environment variable"),
        "the cause the card names"
    );
    open(&tab, &format!("{base}ja/"));
    assert_eq!(eval(&tab, "getComputedStyle(document.querySelector('h1')).wordBreak"), "auto-phrase");
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

//! The search box as people use it, in headless Chromium with real mouse and key events: a
//! click on a result opens it on a desktop and on a phone, the query lives in the address and
//! comes back after Back, Escape closes the results and keeps the paste, `/` and Ctrl+K go to
//! the box, and a collapsed box says it still holds a paste.

use headless_chrome::Tab;

use crate::browser::{eval, launch, open, screenshot, tab, viewport, wait_for};
use crate::built_sample;
use crate::serve::serve;

/// A paste of a few log lines around one error, as an engineer copies it.
const PASTE: &str =
    "2024-05-02T10:11:12Z task stopped\nCannotPullContainerError: pull access denied for repo\nexit status 1";

/// Pastes into the box as a user does: a click, then the text arriving as one input event.
fn paste(tab: &Tab, text: &str) {
    tab.wait_for_element("#search-input").unwrap().click().unwrap();
    let js = format!(
        "(() => {{ const i = document.getElementById('search-input'); i.value = {}; i.dispatchEvent(new Event('input')); }})()",
        serde_json::to_string(text).unwrap()
    );
    tab.evaluate(&js, false).unwrap();
    wait_for(
        tab,
        "document.querySelectorAll('#search-results a.result-title').length > 0 && !document.getElementById('search-results').hidden",
    );
}

/// A mouse press and release on each of the first four results opens that result, at 1280 and
/// 390 px. The box once shrank when the press took its focus, the list moved about 74 px, and the
/// release landed elsewhere: the first click did nothing.
#[test]
fn a_click_on_a_result_opens_it_on_desktop_and_phone() {
    let base = serve(built_sample());
    let browser = launch();
    let (tab, errors) = tab(&browser);
    for width in [1280, 390] {
        viewport(&tab, width);
        for n in 0..4 {
            open(&tab, &format!("{base}en/"));
            paste(&tab, "pull access denied");
            let results = "[...document.querySelectorAll('#search-results a.result-title')]";
            let count = eval(&tab, &format!("{results}.length")).as_u64().unwrap();
            assert!(count > n, "{count} results: the first four are each clicked");
            let href = eval(&tab, &format!("{results}[{n}].href")).as_str().unwrap().to_string();
            tab.wait_for_elements("#search-results a.result-title").unwrap()[n as usize].click().unwrap();
            wait_for(&tab, &format!("location.href === {}", serde_json::to_string(&href).unwrap()));
            if n == 0 {
                screenshot(&tab, &format!("search-click-{width}"));
            }
        }
    }
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

/// The query is written to the address as it changes, a link with `?q=` runs it, and Back from
/// a result shows the search again.
#[test]
fn the_query_lives_in_the_address() {
    let base = serve(built_sample());
    let browser = launch();
    let (tab, errors) = tab(&browser);
    open(&tab, &format!("{base}ja/"));
    paste(&tab, "ロールバックに失敗する");
    wait_for(&tab, "new URLSearchParams(location.search).get('q') === 'ロールバックに失敗する'");
    tab.wait_for_element("#search-results a.result-title").unwrap().click().unwrap();
    wait_for(&tab, "!new URLSearchParams(location.search).has('q') && location.pathname.includes('/errors/')");
    tab.evaluate("history.back()", false).unwrap();
    wait_for(&tab, "document.getElementById('search-input').value === 'ロールバックに失敗する'");
    wait_for(
        &tab,
        "document.querySelectorAll('#search-results a.result-title').length > 0 && !document.getElementById('search-results').hidden",
    );
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

/// Escape closes the results without erasing the paste; `/` and Ctrl+K bring the focus back to
/// the box; out of focus, a pasted log shows how many lines it holds.
#[test]
fn escape_keeps_the_paste_and_shortcuts_find_the_box() {
    let base = serve(built_sample());
    let browser = launch();
    let (tab, errors) = tab(&browser);
    open(&tab, &format!("{base}en/"));
    paste(&tab, PASTE);
    tab.press_key("Escape").unwrap();
    wait_for(&tab, "document.getElementById('search-results').hidden");
    assert_eq!(eval(&tab, "document.getElementById('search-input').value").as_str().unwrap(), PASTE);

    // Focus elsewhere: the box is one line again and says it holds three lines.
    tab.wait_for_element("h1").unwrap().click().unwrap();
    wait_for(&tab, "document.activeElement !== document.getElementById('search-input')");
    let badge = eval(
        &tab,
        "(() => { const b = document.querySelector('.paste-lines'); return b && getComputedStyle(b).display !== 'none' && !b.hidden ? b.textContent : ''; })()",
    );
    assert_eq!(badge.as_str().unwrap(), "3 lines");
    screenshot(&tab, "search-collapsed-paste");

    tab.press_key("/").unwrap();
    wait_for(&tab, "document.activeElement === document.getElementById('search-input')");
    assert_eq!(
        eval(&tab, "document.getElementById('search-input').value").as_str().unwrap(),
        PASTE,
        "`/` is not typed"
    );
    tab.wait_for_element("h1").unwrap().click().unwrap();
    tab.press_key_with_modifiers("k", Some(&[headless_chrome::browser::tab::ModifierKey::Ctrl])).unwrap();
    wait_for(&tab, "document.activeElement === document.getElementById('search-input')");
    assert!(errors.lock().unwrap().is_empty(), "{:?}", errors.lock().unwrap());
}

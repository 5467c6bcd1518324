//! The diagram path on arbitrary text: a mermaid block rendered to inline SVG, as a page shows
//! it. Nothing may panic, and no drawing may hold anything that runs script.
#![no_main]

use errbook_site::diagram;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    if diagram::check(source).is_err() {
        return;
    }
    if let Ok(html) = diagram::figure(source, "diagram", "source") {
        // The source is shown escaped inside <details>; only the drawing is checked.
        let svg = html[..html.find("<details>").unwrap_or(html.len())].to_ascii_lowercase();
        for bad in ["<script", "javascript:", "vbscript:", "data:", "<style", "style="] {
            assert!(!svg.contains(bad), "{bad} in {svg}");
        }
        assert!(!has_handler(&svg), "event handler in {svg}");
    }
});

/// Whether an attribute such as ` onclick=` appears.
fn has_handler(svg: &str) -> bool {
    svg.match_indices(" on").any(|(at, _)| {
        let name: String = svg[at + 3..].chars().take_while(char::is_ascii_alphabetic).collect();
        !name.is_empty() && svg[at + 3 + name.len()..].starts_with('=')
    })
}

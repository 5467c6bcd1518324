//! The Content-Security-Policy every page errbook writes carries in a `<meta>`, so that a site
//! on any static host and the offline bundle from `file://` are held to what errbook itself
//! does: its own scripts and styles from its own folder, the search engine's WebAssembly, no
//! inline script or style, no `data:` or `blob:` script, no plugin, no `<base>`.

/// The policy. `'wasm-unsafe-eval'` lets the search engine compile its module (compiling only,
/// no `eval`); everything else is `'self'`, which a page from `file://` also has for the files
/// beside it.
pub const POLICY: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'; form-action 'self'";

/// `html` with the policy's `<meta>` first in its `<head>` (before any script or link it
/// governs), or first in the page when a theme's template has no `<head>`.
pub(crate) fn with_meta(html: &str) -> String {
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">");
    let lower = html.get(..html.len().min(4096)).unwrap_or(html).to_ascii_lowercase();
    let at = lower
        .match_indices("<head")
        .find(|(i, _)| matches!(lower.as_bytes().get(i + 5), Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')))
        .and_then(|(i, _)| lower[i..].find('>').map(|end| i + end + 1))
        .or_else(|| lower.trim_start().starts_with("<!doctype").then(|| lower.find('>').map(|end| end + 1)).flatten())
        .unwrap_or(0);
    let mut out = String::with_capacity(html.len() + meta.len() + 1);
    out.push_str(&html[..at]);
    out.push_str(&meta);
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meta_comes_first_in_the_head() {
        assert_eq!(
            with_meta("<!doctype html>\n<html><head>\n<script src=a.js></script></head></html>"),
            format!(
                "<!doctype html>\n<html><head><meta http-equiv=\"Content-Security-Policy\" content=\"{POLICY}\">\n<script src=a.js></script></head></html>"
            )
        );
        assert!(with_meta("<!DOCTYPE html><p>x").starts_with("<!DOCTYPE html><meta http-equiv"));
        assert!(with_meta("<header>x</header>").starts_with("<meta http-equiv"));
    }
}

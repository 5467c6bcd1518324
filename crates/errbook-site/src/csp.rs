//! The Content-Security-Policy every page errbook writes carries in a `<meta>`, so that a site
//! on any static host and the offline bundle from `file://` are held to what errbook itself
//! does: its own scripts and styles from its own folder, the search engine's WebAssembly, no
//! inline script or style, no `data:` or `blob:` script, no plugin, no `<base>`.

/// The policy. `'wasm-unsafe-eval'` lets the search engine compile its module (compiling only,
/// no `eval`); the one hash allows [`FIND_ROOT`], errbook's only inline script; everything else
/// is `'self'`, which a page from `file://` also has for the files beside it.
pub const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-4o2PB+EhwHk/ls1qRu4gOZFPmtQ9zsrqkoy90jMfDnM='; object-src 'none'; base-uri 'none'; form-action 'self'";

/// The 404 page's script, for a site whose address the book does not give: the same file
/// answers a missing address at any depth, so it looks up the path for the nearest folder that
/// holds errbook's stylesheet (the site's root) and leads the page's styles and links from
/// there. Inline, because no file of the site can be named before the root is known; allowed
/// by its hash alone. It holds no `<` or `>`, so that the page reads the same to any parser.
pub const FIND_ROOT: &str = r#"(async function(){const p=location.pathname.split("/");for(let n=p.length-1;n!==1;n--){const r=p.slice(0,n).join("/")+"/";try{if(!(await fetch(r+"assets/style.css",{method:"HEAD"})).ok)continue}catch(e){return}for(const e of document.querySelectorAll("[href^='/'],[src^='/']"))for(const a of["href","src"]){const v=e.getAttribute(a);if(v&&v[0]==="/"&&v[1]!=="/")e.setAttribute(a,r+v.slice(1))}return}})();"#;

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

    /// The policy allows the inline script by the hash of its bytes, as browsers compute it.
    #[test]
    fn the_policy_allows_the_find_root_script_by_its_hash() {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(FIND_ROOT.as_bytes());
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut b64 = String::new();
        for chunk in digest.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                b64.push(if i <= chunk.len() { ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
            }
        }
        assert!(POLICY.contains(&format!("'sha256-{b64}'")), "{b64}");
    }

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

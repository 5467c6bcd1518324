//! The theme: tera templates and static files. The default theme is built into the binary; a
//! book's `themes/<name>/` replaces any of its files, one by one.

use std::path::Path;

use crate::diagnostics::{Diagnostics, Location};

/// Templates of the default theme, by name.
pub const TEMPLATES: [(&str, &str); 6] = [
    ("base.html", include_str!("../../themes/default/base.html")),
    ("root.html", include_str!("../../themes/default/root.html")),
    ("home.html", include_str!("../../themes/default/home.html")),
    ("entry.html", include_str!("../../themes/default/entry.html")),
    ("document.html", include_str!("../../themes/default/document.html")),
    ("404.html", include_str!("../../themes/default/404.html")),
];

/// Static files of the default theme, copied to `assets/`.
pub const STATIC: [(&str, &str); 4] = [
    ("favicon.svg", include_str!("../../themes/default/static/favicon.svg")),
    ("style.css", include_str!("../../themes/default/static/style.css")),
    ("site.js", include_str!("../../themes/default/static/site.js")),
    ("search.js", include_str!("../../themes/default/static/search.js")),
];

pub struct Theme {
    pub templates: Vec<(String, String)>,
    pub assets: Vec<(String, Vec<u8>)>,
}

impl Theme {
    /// The default theme with the book's overrides from `themes/<name>/`.
    pub fn load(root: &Path, name: &str, diags: &mut Diagnostics) -> Theme {
        let dir = root.join("themes").join(name);
        if name != "default" && !dir.is_dir() {
            diags.error(
                Some(Location::new(crate::config::CONFIG_FILE, 1, 1)),
                format!("theme `{name}` not found: there is no folder themes/{name}"),
                "create the folder with the files to override, or remove `theme` from [site]",
            );
        }
        let read = |rel: &str| std::fs::read(dir.join(rel)).ok();
        let templates = TEMPLATES
            .iter()
            .map(|(file, text)| {
                let text =
                    read(file).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_else(|| text.to_string());
                (file.to_string(), text)
            })
            .collect();
        let assets = STATIC
            .iter()
            .map(|(file, text)| {
                (file.to_string(), read(&format!("static/{file}")).unwrap_or_else(|| text.as_bytes().to_vec()))
            })
            .collect();
        Theme { templates, assets }
    }
}

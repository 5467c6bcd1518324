//! Time to draw each mermaid diagram of a markdown file as errbook does (parse, layout, SVG, CSP
//! clean-up), and with mermaid-rs-renderer's own layout.
//!
//! `cargo run --release --example diagram-bench -- content/ja/ecspresso-troubleshooting.md`

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: diagram-bench FILE.md");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    for (i, block) in text.split("```mermaid\n").skip(1).enumerate() {
        let source = block.split("```").next().unwrap_or_default();
        let nodes = source.lines().count().saturating_sub(1);
        let runs = 200;
        let started = Instant::now();
        for run in 0..runs {
            // A different source each time (a mermaid comment), so that errbook's memo does not answer.
            let distinct = format!("{source}%% {run}\n");
            std::hint::black_box(
                errbook::site::diagram::figure(&distinct, "diagram", "source").expect("diagram draws"),
            );
        }
        let ours = started.elapsed().as_secs_f64() * 1e3 / runs as f64;
        let runs = 10;
        let started = Instant::now();
        for _ in 0..runs {
            let options = mermaid_rs_renderer::RenderOptions::default();
            std::hint::black_box(mermaid_rs_renderer::render_strict(source, options).expect("diagram draws"));
        }
        let theirs = started.elapsed().as_secs_f64() * 1e3 / runs as f64;
        println!(
            "diagram {} ({nodes} lines): errbook {ours:.2} ms, mermaid-rs-renderer's layout {theirs:.1} ms",
            i + 1
        );
    }
}

//! Time to draw one mermaid diagram as errbook does (parse, layout, SVG, CSP clean-up) and with
//! mermaid-rs-renderer's own layout.
//!
//! `cargo run --release --example diagram-bench -- DIAGRAM.mmd`

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: diagram-bench DIAGRAM.mmd");
        std::process::exit(2);
    };
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let runs = 500;
    let started = Instant::now();
    for i in 0..runs {
        // A different source each time (a mermaid comment), so that errbook's memo does not answer.
        let distinct = format!("{source}%% {i}\n");
        std::hint::black_box(errbook::site::diagram::figure(&distinct, "diagram", "source").expect("diagram draws"));
    }
    println!("errbook:                     {:.2} ms per diagram", started.elapsed().as_secs_f64() * 1e3 / runs as f64);
    let runs = 20;
    let started = Instant::now();
    for _ in 0..runs {
        let options = mermaid_rs_renderer::RenderOptions::default();
        std::hint::black_box(mermaid_rs_renderer::render_strict(&source, options).expect("diagram draws"));
    }
    println!("mermaid-rs-renderer layout: {:.2} ms per diagram", started.elapsed().as_secs_f64() * 1e3 / runs as f64);
}

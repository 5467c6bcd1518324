//! The deploy examples stay true: the GitHub Pages workflow's own commands (all but the install)
//! run on a fresh book with the errbook under test, and build a site that holds no bundle; the
//! Netlify file publishes the folder the build writes.

use std::path::Path;
use std::process::Command;

use crate::BookTest;

fn examples() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/deploy"))
}

#[test]
fn the_github_pages_workflow_builds_the_book() {
    let text = std::fs::read_to_string(examples().join("github-pages.yml")).unwrap();
    let workflow: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
    let steps = workflow["jobs"]["build"]["steps"].as_sequence().expect("the build job's steps");
    let commands: Vec<&str> = steps
        .iter()
        .filter(|s| s["name"].as_str() != Some("Install errbook"))
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(commands.len() >= 3, "{commands:?}");
    let uploaded = steps.iter().find_map(|s| s["with"]["path"].as_str()).expect("the Pages artifact's folder");

    let book = BookTest::empty("deploy-workflow");
    std::fs::remove_file(book.root.join("book.toml")).unwrap();
    assert_eq!(book.run(&["init"]).code, 0);
    let bin = Path::new(env!("CARGO_BIN_EXE_errbook")).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    for command in &commands {
        let out =
            Command::new("sh").arg("-c").arg(command).current_dir(&book.root).env("PATH", &path).output().unwrap();
        assert!(out.status.success(), "`{command}` failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
    let site = book.root.join(uploaded);
    assert!(
        site.join("index.html").is_file()
            && site.join("404.html").is_file()
            && site.join("search/manifest.bin").is_file()
    );
    let shipped: Vec<_> = walkdir::WalkDir::new(&site)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .collect();
    assert!(shipped.is_empty(), "the Pages artifact holds no bundle: {shipped:?}");
    assert!(book.root.join("offline/book.zip").is_file(), "the bundle is built beside it");
}

#[test]
fn the_netlify_example_publishes_what_its_command_builds() {
    let text = std::fs::read_to_string(examples().join("netlify.toml")).unwrap();
    let netlify: toml::Table = toml::from_str(&text).unwrap();
    let build = netlify["build"].as_table().unwrap();
    let (command, publish) = (build["command"].as_str().unwrap(), build["publish"].as_str().unwrap());
    assert!(command.ends_with(&format!("--out {publish}")), "{command} / {publish}");
    let csp = errbook::site::csp::POLICY;
    assert!(text.contains(csp), "the example sends the pages' own policy ({csp})");
    for file in ["nginx.conf", "Caddyfile"] {
        let text = std::fs::read_to_string(examples().join(file)).unwrap();
        assert!(text.contains(csp) && text.contains("404.html"), "{file}");
    }
}

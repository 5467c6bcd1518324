use proptest::prelude::*;

use super::placement::monotone_fit;
use super::*;

fn graph(source: &str) -> Graph {
    mermaid_rs_renderer::parse_mermaid_strict(source).expect("valid diagram").graph
}

fn laid_out(source: &str) -> Layout {
    let graph = graph(source);
    assert!(is_plain(&graph), "{source}");
    layout(&graph, &RenderOptions::default()).expect("every node measured")
}

fn center(layout: &Layout, id: &str) -> (f32, f32) {
    let n = &layout.nodes[id];
    (n.x + n.width / 2.0, n.y + n.height / 2.0)
}

fn on_boundary(n: &NodeLayout, (x, y): (f32, f32)) -> bool {
    let near = |a: f32, b: f32| (a - b).abs() < 0.5;
    let within = |v: f32, lo: f32, len: f32| v > lo - 0.5 && v < lo + len + 0.5;
    ((near(y, n.y) || near(y, n.y + n.height)) && within(x, n.x, n.width))
        || ((near(x, n.x) || near(x, n.x + n.width)) && within(y, n.y, n.height))
}

fn overlap(a: (f32, f32, f32, f32), b: (f32, f32, f32, f32)) -> bool {
    a.0 < b.0 + b.2 - 0.5 && b.0 < a.0 + a.2 - 0.5 && a.1 < b.1 + b.3 - 0.5 && b.1 < a.1 + a.3 - 0.5
}

fn rect(n: &NodeLayout) -> (f32, f32, f32, f32) {
    (n.x, n.y, n.width, n.height)
}

/// What a reader needs of any layout: shapes and labels apart, edges from their source's
/// outline to their target's, made of straight runs, everything inside the picture.
fn assert_readable(layout: &Layout, source: &str) {
    let nodes: Vec<&NodeLayout> = layout.nodes.values().collect();
    for (i, a) in nodes.iter().enumerate() {
        for b in &nodes[i + 1..] {
            assert!(!overlap(rect(a), rect(b)), "{} overlaps {} in\n{source}", a.id, b.id);
        }
    }
    for edge in &layout.edges {
        let (first, last) = (edge.points[0], *edge.points.last().unwrap());
        assert!(
            on_boundary(&layout.nodes[&edge.from], first),
            "{}->{} starts off its node in\n{source}",
            edge.from,
            edge.to
        );
        assert!(
            on_boundary(&layout.nodes[&edge.to], last),
            "{}->{} ends off its node in\n{source}",
            edge.from,
            edge.to
        );
        for pair in edge.points.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            assert!((a.0 - b.0).abs() < 0.01 || (a.1 - b.1).abs() < 0.01, "diagonal segment in\n{source}");
        }
        for &(x, y) in &edge.points {
            assert!(
                (0.0..=layout.width).contains(&x) && (0.0..=layout.height).contains(&y),
                "point outside in\n{source}"
            );
        }
        if let (Some(label), Some((x, y))) = (&edge.label, edge.label_anchor) {
            let label = (x - label.width / 2.0, y - label.height / 2.0, label.width, label.height);
            for n in &nodes {
                assert!(!overlap(label, rect(n)), "label of {}->{} covers {} in\n{source}", edge.from, edge.to, n.id);
            }
        }
    }
}

#[test]
fn chain_goes_straight_down() {
    let layout = laid_out("graph TD\n  A[Start] --> B[Check logs] --> C[Fix]\n");
    let (a, b, c) = (center(&layout, "A"), center(&layout, "B"), center(&layout, "C"));
    assert!(a.1 < b.1 && b.1 < c.1);
    assert!((a.0 - b.0).abs() < 0.5 && (b.0 - c.0).abs() < 0.5);
    assert!(layout.edges.iter().all(|e| e.points.len() == 2), "{:?}", layout.edges);
    assert_readable(&layout, "chain");
}

#[test]
fn branches_sit_side_by_side_under_their_decision_and_rejoin_below() {
    let source = "graph TD\n  A[Deploy] --> B{Task starts?}\n  B -->|yes| C[Check health]\n  B -->|no| D[Read events]\n  C --> E[Done]\n  D --> E\n";
    let layout = laid_out(source);
    let (b, c, d, e) = (center(&layout, "B"), center(&layout, "C"), center(&layout, "D"), center(&layout, "E"));
    assert!((c.1 - d.1).abs() < 0.5, "branches on one rank");
    assert!(c.0.min(d.0) < b.0 && b.0 < c.0.max(d.0), "decision between its branches");
    assert!((b.0 - (c.0 + d.0) / 2.0).abs() < 1.0 && (e.0 - b.0).abs() < 1.0, "symmetric: {b:?} {c:?} {d:?} {e:?}");
    for edge in layout.edges.iter().filter(|e| e.label.is_some()) {
        let (_, y) = edge.label_anchor.unwrap();
        assert!(b.1 < y && y < c.1, "label between the decision and its branch");
    }
    assert_readable(&layout, source);
}

#[test]
fn edges_between_boxes_that_overlap_across_the_flow_run_straight() {
    // A branch that skips a rank and one that does not, rejoining: nothing needs a turn but
    // the decision's own edges.
    let source = "graph TD\n    A[IAM権限確認] --> B[詳細エラー確認]\n    B --> C{ログに出力あり?}\n    C -->|はい| D[設定修正]\n    C -->|いいえ| E[差分確認]\n    E --> F[ログ確認]\n    F --> G[修正適用]\n    D --> G\n";
    let layout = laid_out(source);
    for edge in layout.edges.iter().filter(|e| e.from != "C") {
        assert_eq!(edge.points.len(), 2, "{} -> {} turns: {:?}", edge.from, edge.to, edge.points);
    }
    assert_readable(&layout, source);
}

#[test]
fn left_right_flows_along_x_and_bottom_top_upwards() {
    let layout = laid_out("graph LR\n  A[入力] --> B[検証] --> C[出力]\n");
    let (a, b, c) = (center(&layout, "A"), center(&layout, "B"), center(&layout, "C"));
    assert!(a.0 < b.0 && b.0 < c.0 && (a.1 - c.1).abs() < 0.5);
    let layout = laid_out("graph BT\n  A --> B\n");
    assert!(center(&layout, "A").1 > center(&layout, "B").1);
}

#[test]
fn cycles_keep_their_direction() {
    let source = "graph TD\n  A[Deploy] --> B[Fail] --> C[Fix] --> A\n";
    let layout = laid_out(source);
    let back = layout.edges.iter().find(|e| e.from == "C").unwrap();
    assert!(on_boundary(&layout.nodes["A"], *back.points.last().unwrap()));
    assert!(back.points.len() > 2, "goes around, not through B: {:?}", back.points);
    assert_readable(&layout, source);
}

#[test]
fn the_japanese_sample_diagram_is_laid_out_with_every_label() {
    let source = "graph TD\n    A[問題発生] --> B[ecspresso status]\n    B --> C[ログ確認]\n    C --> D{問題特定}\n    D -->|設定問題| E[設定修正]\n    D -->|権限問題| F[IAM権限確認]\n    D -->|リソース問題| G[リソース調整]\n    D -->|不明| H[--debug で再実行]\n    E --> I[ecspresso diff]\n    F --> I\n    G --> I\n    H --> J[詳細エラー確認]\n    I --> K[修正適用]\n    J --> K\n    K --> L[再デプロイ]\n";
    assert_readable(&laid_out(source), source);
    let svg = render(&graph(source), &RenderOptions::default()).unwrap();
    for label in
        ["問題発生", "ecspresso status", "問題特定", "設定問題", "リソース問題", "--debug で再実行", "再デプロイ"]
    {
        assert!(svg.contains(label), "{label} missing");
    }
}

#[test]
fn other_diagrams_keep_the_renderers_layout() {
    for source in [
        "graph TD\n  subgraph one\n    A --> B\n  end\n",
        "graph TD\n  A --> A\n",
        "graph TD\n  A --> B\n  A --> B\n",
        "graph TD\n  A --> B\n  linkStyle 0 stroke:red\n",
        "sequenceDiagram\n  Alice->>Bob: hi\n",
    ] {
        assert!(render(&graph(source), &RenderOptions::default()).is_none(), "{source}");
    }
}

#[test]
fn monotone_fit_keeps_order_and_stays_close() {
    assert_eq!(monotone_fit(&[1.0, 2.0, 3.0], &[1.0; 3]), [1.0, 2.0, 3.0]);
    assert_eq!(monotone_fit(&[3.0, 1.0], &[1.0; 2]), [2.0, 2.0]);
    assert_eq!(monotone_fit(&[3.0, 0.0], &[3.0, 1.0]), [2.25, 2.25]);
}

fn diagram() -> impl Strategy<Value = String> {
    let labels = ["Start", "ログ確認", "Check the task definition", "再デプロイ", "x", "IAM権限が足りない場合"];
    (2usize..12, prop::sample::select(vec!["TD", "LR", "BT", "RL"]))
        .prop_flat_map(move |(n, dir)| {
            let edge = (0..n, 0..n, prop::option::of(prop::sample::select(labels.to_vec())));
            (Just(n), Just(dir), prop::collection::vec(edge, 1..n * 2), prop::collection::vec(0usize..3, n))
        })
        .prop_map(move |(n, dir, edges, shapes)| {
            let mut source = format!("graph {dir}\n");
            for (i, shape) in shapes.iter().enumerate().take(n) {
                let label = labels[i % labels.len()];
                let node = match shape {
                    0 => format!("N{i}[{label}]"),
                    1 => format!("N{i}{{{label}}}"),
                    _ => format!("N{i}([{label}])"),
                };
                source.push_str(&format!("  {node}\n"));
            }
            let mut seen = HashSet::new();
            for (from, to, label) in edges {
                if from == to || !seen.insert((from.min(to), from.max(to))) {
                    continue;
                }
                match label {
                    Some(l) => source.push_str(&format!("  N{from} -->|{l}| N{to}\n")),
                    None => source.push_str(&format!("  N{from} --> N{to}\n")),
                }
            }
            source
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_plain_flowchart_is_readable(source in diagram()) {
        assert_readable(&laid_out(&source), &source);
    }
}

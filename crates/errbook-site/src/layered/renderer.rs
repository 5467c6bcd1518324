//! Everything the layered layout builds of mermaid-rs-renderer's own types, in one place. Its
//! types derive no `Default`, so each field is named here: a release of the renderer that adds
//! a field can break this file only, and the layout around it reads the renderer's types but
//! never constructs them.

use std::collections::BTreeMap;

use mermaid_rs_renderer::layout::{DiagramData, TextBlock};
use mermaid_rs_renderer::{DiagramKind, Edge, EdgeLayout, Layout, Node, NodeLayout, NodeShape};

/// `edge` drawn through `points`, its label (if any) centred on `label_anchor`.
pub(super) fn edge_layout(
    edge: &Edge,
    points: Vec<(f32, f32)>,
    label_anchor: Option<(f32, f32)>,
    label: Option<TextBlock>,
) -> EdgeLayout {
    EdgeLayout {
        from: edge.from.clone(),
        to: edge.to.clone(),
        label_anchor,
        label,
        start_label: None,
        end_label: None,
        start_label_anchor: None,
        end_label_anchor: None,
        points,
        directed: edge.directed,
        arrow_start: edge.arrow_start,
        arrow_end: edge.arrow_end,
        arrow_start_kind: edge.arrow_start_kind,
        arrow_end_kind: edge.arrow_end_kind,
        start_decoration: edge.start_decoration,
        end_decoration: edge.end_decoration,
        style: edge.style,
        override_style: Default::default(),
    }
}

/// A flowchart's layout: its placed node boxes and edges, in a picture of `width` × `height`.
pub(super) fn flowchart(
    nodes: BTreeMap<String, NodeLayout>,
    edges: Vec<EdgeLayout>,
    width: f32,
    height: f32,
) -> Layout {
    Layout {
        kind: DiagramKind::Flowchart,
        nodes,
        edges,
        subgraphs: Vec::new(),
        width,
        height,
        diagram: DiagramData::Graph { state_notes: Vec::new() },
    }
}

/// A text node, so that the renderer measures `label` as it measures node labels.
pub(super) fn text_node(id: String, label: String) -> Node {
    Node { id, label, shape: NodeShape::Text, value: None, icon: None }
}

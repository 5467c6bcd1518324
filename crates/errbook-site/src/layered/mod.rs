//! A layered layout for plain mermaid flowcharts (nodes and edges, no subgraphs): ranks by
//! longest path, order within ranks by barycenter sweeps, positions by averaging neighbours,
//! edges drawn orthogonally, edges that close a cycle in lanes beside the picture.
//! mermaid-rs-renderer's own flowchart layout weighs many candidate routes and label places and
//! costs 70–300 ms even for a seven-node diagram; a book with a thousand diagrams spent most of
//! its build there. This one, SVG included, costs about a millisecond or less. The renderer
//! still measures the labels, sizes the shapes and writes the SVG, so diagrams look the same
//! apart from where things sit; anything this layout does not handle (subgraphs, self-loops,
//! link styles, big graphs, other diagram kinds) keeps the renderer's layout.

mod placement;
mod renderer;
mod routes;

use std::collections::{BTreeMap, HashSet};

use mermaid_rs_renderer::layout::TextBlock;
use mermaid_rs_renderer::{DiagramKind, Direction, Graph, Layout, NodeLayout, NodeShape, RenderOptions};

/// Beyond this many nodes the renderer's layout, which can wrap and route around obstacles,
/// is worth its time.
const MAX_NODES: usize = 60;
/// How far from a corner an edge may meet a straight side.
const PORT_INSET: f32 = 8.0;
/// Space between the outermost shapes and the edge of the picture.
const MARGIN: f32 = 8.0;
/// Minimum space beside an edge's bend points in a rank (a node keeps `node_spacing`).
const EDGE_SPACING: f32 = 20.0;

/// The diagram's SVG, or `None` when the graph is not a plain flowchart.
pub(super) fn render(graph: &Graph, options: &RenderOptions) -> Option<String> {
    if !is_plain(graph) {
        return None;
    }
    let layout = layout(graph, options)?;
    Some(mermaid_rs_renderer::render_svg(&layout, &options.theme, &options.layout))
}

fn is_plain(graph: &Graph) -> bool {
    let mut pairs = HashSet::new();
    graph.kind == DiagramKind::Flowchart
        && graph.subgraphs.is_empty()
        && graph.edge_styles.is_empty()
        && graph.edge_style_default.is_none()
        && (1..=MAX_NODES).contains(&graph.nodes.len())
        && graph.edges.iter().all(|e| {
            e.from != e.to
                && graph.nodes.contains_key(&e.from)
                && graph.nodes.contains_key(&e.to)
                && e.start_label.is_none()
                && e.end_label.is_none()
                // Two edges between the same nodes would be drawn on top of each other.
                && pairs.insert(if e.from < e.to { (&e.from, &e.to) } else { (&e.to, &e.from) })
        })
}

/// A node, or a point an edge passes through in a rank between its ends ("dummy"), in
/// coordinates where ranks go down the main axis and each rank spreads along the cross axis.
#[derive(Debug, Clone)]
struct Vertex {
    /// A node of the graph, not a point of an edge.
    is_node: bool,
    rank: usize,
    /// Extent along the cross axis and along the main axis.
    cross: f32,
    main: f32,
    /// Center on the cross axis.
    pos: f32,
    /// Its sides across the main axis are straight, so an edge can meet them anywhere.
    flat: bool,
}

impl Vertex {
    /// How far from its center along the cross axis an edge may meet it: anywhere on a straight
    /// side but the corners, which the renderer rounds; only at the tip of other shapes.
    fn reach(&self) -> f32 {
        if self.flat { (self.cross / 2.0 - PORT_INSET).max(0.0) } else { 0.0 }
    }
}

/// An edge as the vertices it passes, from its upper end to its lower end, and the one that
/// holds its label.
struct Chain {
    vertices: Vec<usize>,
    label: Option<usize>,
}

/// An edge's points and the center of its label, if it has one.
type Route = (Vec<(f32, f32)>, Option<(f32, f32)>);

/// A rank's extent on the main axis.
struct Band {
    center: f32,
    half: f32,
}

/// `None` when the renderer did not measure every node and label.
fn layout(graph: &Graph, options: &RenderOptions) -> Option<Layout> {
    let (mut boxes, labels) = measure(graph, options)?;
    let horizontal = matches!(graph.direction, Direction::LeftRight | Direction::RightLeft);
    let mut ids: Vec<&String> = graph.nodes.keys().collect();
    ids.sort_by_key(|id| (graph.node_order.get(*id).copied().unwrap_or(usize::MAX), *id));
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let edges: Vec<(usize, usize)> =
        graph.edges.iter().map(|e| (index[e.from.as_str()], index[e.to.as_str()])).collect();
    let extent = |w: f32, h: f32| if horizontal { (h, w) } else { (w, h) };

    let (ranks, reversed) = placement::ranks(ids.len(), &edges);
    let mut vertices: Vec<Vertex> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let b = &boxes[id.as_str()];
            let (cross, main) = extent(b.width, b.height);
            let flat = match b.shape {
                NodeShape::Rectangle | NodeShape::RoundRect | NodeShape::Subroutine => true,
                NodeShape::Stadium => !horizontal,
                _ => false,
            };
            Vertex { is_node: true, rank: 2 * ranks[i], cross, main, pos: 0.0, flat }
        })
        .collect();
    // Ranks are doubled so that every edge has a point in an odd rank where its label sits. An
    // edge that closes a cycle takes no part: it goes around the picture (see `around`).
    let chains: Vec<Option<Chain>> = edges
        .iter()
        .zip(&reversed)
        .zip(&labels)
        .map(|((&(upper, lower), &reversed), label)| {
            if reversed {
                return None;
            }
            let (top, bottom) = (vertices[upper].rank, vertices[lower].rank);
            let middle = top + (bottom - top) / 2;
            let mut chain = vec![upper];
            let mut label_vertex = None;
            for rank in top + 1..bottom {
                let (cross, main) = match label {
                    Some(l) if rank == middle => {
                        label_vertex = Some(vertices.len());
                        extent(l.width, l.height)
                    }
                    _ => (0.0, 0.0),
                };
                chain.push(vertices.len());
                vertices.push(Vertex { is_node: false, rank, cross, main, pos: 0.0, flat: false });
            }
            chain.push(lower);
            Some(Chain { vertices: chain, label: label_vertex })
        })
        .collect();

    let rank_count = vertices.iter().map(|v| v.rank).max().unwrap_or(0) + 1;
    let mut above = vec![Vec::new(); vertices.len()];
    let mut below = vec![Vec::new(); vertices.len()];
    for chain in chains.iter().flatten() {
        for pair in chain.vertices.windows(2) {
            below[pair[0]].push(pair[1]);
            above[pair[1]].push(pair[0]);
        }
    }
    let mut layers = vec![Vec::new(); rank_count];
    for (v, vertex) in vertices.iter().enumerate() {
        layers[vertex.rank].push(v);
    }
    placement::order(&mut layers, &above, &below);
    placement::position(&mut vertices, &layers, &above, &below, options.layout.node_spacing);
    let bent = chains.iter().flatten().map(|c| c.vertices.as_slice());
    placement::straighten(&mut vertices, &layers, bent, options.layout.node_spacing);

    // Main axis: each rank as tall as its tallest vertex, half the rank spacing between ranks.
    let gap = options.layout.rank_spacing / 2.0;
    let mut bands = Vec::with_capacity(rank_count);
    let mut top = 0.0;
    for layer in &layers {
        let size = layer.iter().map(|&v| vertices[v].main).fold(0.0, f32::max);
        bands.push(Band { center: top + size / 2.0, half: size / 2.0 });
        top += size + gap;
    }

    // Every edge's points and label center, still in (cross, main) coordinates.
    let mut lane = vertices.iter().map(|v| v.pos + v.cross / 2.0).fold(f32::MIN, f32::max);
    let routes: Vec<Route> = edges
        .iter()
        .zip(&chains)
        .zip(&labels)
        .map(|((&(from, to), chain), label)| match chain {
            Some(chain) => {
                let label = chain.label.map(|v| (vertices[v].pos, bands[vertices[v].rank].center));
                (routes::route(chain, &vertices, &bands), label)
            }
            None => {
                let half_label = label.as_ref().map_or(0.0, |l| extent(l.width, l.height).0 / 2.0);
                lane += EDGE_SPACING + half_label;
                let points = routes::around(from, to, lane, &vertices, &layers, &bands, gap);
                let middle = (points[1].1 + points[points.len() - 2].1) / 2.0;
                let center = (lane, middle);
                lane += half_label;
                (points, label.as_ref().map(|_| center))
            }
        })
        .collect();

    // The picture is everything's bounding box and a margin; then back to x and y, flipped
    // for bottom-to-top and right-to-left.
    let mut low = (f32::MAX, f32::MAX);
    let mut high = (f32::MIN, f32::MIN);
    let mut include = |(c, m): (f32, f32), (half_c, half_m): (f32, f32)| {
        low = (low.0.min(c - half_c), low.1.min(m - half_m));
        high = (high.0.max(c + half_c), high.1.max(m + half_m));
    };
    for v in &vertices[..ids.len()] {
        include((v.pos, bands[v.rank].center), (v.cross / 2.0, v.main / 2.0));
    }
    for ((points, center), label) in routes.iter().zip(&labels) {
        points.iter().for_each(|&p| include(p, (0.0, 0.0)));
        if let (Some(center), Some(l)) = (center, label) {
            let (cross, main) = extent(l.width, l.height);
            include(*center, (cross / 2.0, main / 2.0));
        }
    }
    let flip = matches!(graph.direction, Direction::BottomTop | Direction::RightLeft);
    let point = |(cross, main): (f32, f32)| {
        let cross = cross - low.0 + MARGIN;
        let main = if flip { high.1 - main } else { main - low.1 } + MARGIN;
        if horizontal { (main, cross) } else { (cross, main) }
    };
    let (cross_total, main_total) = (high.0 - low.0 + 2.0 * MARGIN, high.1 - low.1 + 2.0 * MARGIN);

    for (i, id) in ids.iter().enumerate() {
        let v = &vertices[i];
        let b = boxes.get_mut(id.as_str()).expect("every node was measured");
        let (x, y) = point((v.pos, bands[v.rank].center));
        b.x = x - b.width / 2.0;
        b.y = y - b.height / 2.0;
    }
    let edge_layouts = graph
        .edges
        .iter()
        .zip(routes)
        .zip(labels)
        .map(|((edge, (points, center)), label)| {
            renderer::edge_layout(edge, points.into_iter().map(point).collect(), center.map(point), label)
        })
        .collect();
    let (width, height) = if horizontal { (main_total, cross_total) } else { (cross_total, main_total) };
    Some(renderer::flowchart(boxes, edge_layouts, width, height))
}

/// Each node's box by id, and each edge's label.
type Measured = (BTreeMap<String, NodeLayout>, Vec<Option<TextBlock>>);

/// Node boxes and edge label sizes as the renderer measures them. Its layout of the graph
/// without edges only measures and stacks the nodes, which takes microseconds; edge labels
/// are measured as text nodes of that graph.
fn measure(graph: &Graph, options: &RenderOptions) -> Option<Measured> {
    let mut bare = graph.clone();
    bare.edges.clear();
    let label_id = |i: usize| format!("\u{1}edge-label-{i}");
    for (i, edge) in graph.edges.iter().enumerate() {
        if let Some(text) = &edge.label {
            let id = label_id(i);
            bare.node_order.insert(id.clone(), bare.node_order.len());
            bare.nodes.insert(id.clone(), renderer::text_node(id, text.clone()));
        }
    }
    let mut nodes = mermaid_rs_renderer::compute_layout(&bare, &options.theme, &options.layout).nodes;
    let labels: Vec<Option<TextBlock>> =
        (0..graph.edges.len()).map(|i| nodes.remove(&label_id(i)).map(|n| n.label)).collect();
    let measured = graph.nodes.keys().all(|id| nodes.contains_key(id))
        && graph.edges.iter().zip(&labels).all(|(e, l)| e.label.is_some() == l.is_some());
    measured.then_some((nodes, labels))
}

#[cfg(test)]
mod tests;

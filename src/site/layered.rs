//! A layered layout for plain mermaid flowcharts (nodes and edges, no subgraphs): ranks by
//! longest path, order within ranks by barycenter sweeps, positions by averaging neighbours,
//! edges drawn orthogonally. mermaid-rs-renderer's own flowchart layout weighs many candidate
//! routes and label places and costs tens of milliseconds even for a six-node diagram; a book
//! with a thousand diagrams spent most of its build there. This one costs well under a
//! millisecond. The renderer still measures the labels, sizes the shapes and writes the SVG, so
//! diagrams look the same apart from where things sit; anything this layout does not handle
//! (subgraphs, self-loops, link styles, big graphs, other diagram kinds) keeps the renderer's
//! layout.

use std::collections::{BTreeMap, HashSet};

use mermaid_rs_renderer::layout::{DiagramData, TextBlock};
use mermaid_rs_renderer::{
    DiagramKind, Direction, EdgeLayout, Graph, Layout, Node, NodeLayout, NodeShape, RenderOptions,
};

/// Beyond this many nodes the renderer's layout, which can wrap and route around obstacles,
/// is worth its time.
const MAX_NODES: usize = 60;
/// Space between the outermost shapes and the edge of the picture.
const MARGIN: f32 = 8.0;
/// Minimum space beside an edge's bend points in a rank (a node keeps `node_spacing`).
const EDGE_SPACING: f32 = 20.0;
/// How far from a corner an edge may meet a straight side: the renderer rounds corners.
const PORT_INSET: f32 = 8.0;
/// Rounds of position averaging; small diagrams settle after a few.
const POSITION_PASSES: usize = 8;
/// Rounds of barycenter ordering.
const ORDER_PASSES: usize = 8;

/// The diagram's SVG, or `None` when the graph is not a plain flowchart.
pub(super) fn render(graph: &Graph, options: &RenderOptions) -> Option<String> {
    if !is_plain(graph) {
        return None;
    }
    let layout = layout(graph, options);
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
    node: Option<usize>,
    rank: usize,
    /// Extent along the cross axis and along the main axis.
    cross: f32,
    main: f32,
    /// Center on the cross axis.
    pos: f32,
    /// Its sides across the main axis are straight, so an edge can meet them anywhere.
    flat: bool,
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

fn layout(graph: &Graph, options: &RenderOptions) -> Layout {
    let (mut boxes, labels) = measure(graph, options);
    let horizontal = matches!(graph.direction, Direction::LeftRight | Direction::RightLeft);
    let mut ids: Vec<&String> = graph.nodes.keys().collect();
    ids.sort_by_key(|id| (graph.node_order.get(*id).copied().unwrap_or(usize::MAX), *id));
    let index: BTreeMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let edges: Vec<(usize, usize)> =
        graph.edges.iter().map(|e| (index[e.from.as_str()], index[e.to.as_str()])).collect();
    let extent = |w: f32, h: f32| if horizontal { (h, w) } else { (w, h) };

    let (ranks, reversed) = ranks(ids.len(), &edges);
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
            Vertex { node: Some(i), rank: 2 * ranks[i], cross, main, pos: 0.0, flat }
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
                vertices.push(Vertex { node: None, rank, cross, main, pos: 0.0, flat: false });
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
    order(&mut layers, &above, &below);
    position(&mut vertices, &layers, &above, &below, options.layout.node_spacing);

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
                (route(chain, &vertices, &bands), label)
            }
            None => {
                let half_label = label.as_ref().map_or(0.0, |l| extent(l.width, l.height).0 / 2.0);
                lane += EDGE_SPACING + half_label;
                let points = around(from, to, lane, &vertices, &layers, &bands, gap);
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
        .map(|((edge, (points, center)), label)| EdgeLayout {
            from: edge.from.clone(),
            to: edge.to.clone(),
            label_anchor: center.map(point),
            label,
            start_label: None,
            end_label: None,
            start_label_anchor: None,
            end_label_anchor: None,
            points: points.into_iter().map(point).collect(),
            directed: edge.directed,
            arrow_start: edge.arrow_start,
            arrow_end: edge.arrow_end,
            arrow_start_kind: edge.arrow_start_kind,
            arrow_end_kind: edge.arrow_end_kind,
            start_decoration: edge.start_decoration,
            end_decoration: edge.end_decoration,
            style: edge.style,
            override_style: Default::default(),
        })
        .collect();
    let (width, height) = if horizontal { (main_total, cross_total) } else { (cross_total, main_total) };
    Layout {
        kind: DiagramKind::Flowchart,
        nodes: boxes,
        edges: edge_layouts,
        subgraphs: Vec::new(),
        width,
        height,
        diagram: DiagramData::Graph { state_notes: Vec::new() },
    }
}

/// Node boxes and edge label sizes as the renderer measures them. Its layout of the graph
/// without edges only measures and stacks the nodes, which takes microseconds; edge labels
/// are measured as text nodes of that graph.
fn measure(graph: &Graph, options: &RenderOptions) -> (BTreeMap<String, NodeLayout>, Vec<Option<TextBlock>>) {
    let mut bare = graph.clone();
    bare.edges.clear();
    let label_id = |i: usize| format!("\u{1}edge-label-{i}");
    for (i, edge) in graph.edges.iter().enumerate() {
        if let Some(text) = &edge.label {
            let id = label_id(i);
            bare.node_order.insert(id.clone(), bare.node_order.len());
            bare.nodes
                .insert(id.clone(), Node { id, label: text.clone(), shape: NodeShape::Text, value: None, icon: None });
        }
    }
    let mut nodes = mermaid_rs_renderer::compute_layout(&bare, &options.theme, &options.layout).nodes;
    let labels = (0..graph.edges.len()).map(|i| nodes.remove(&label_id(i)).map(|n| n.label)).collect();
    (nodes, labels)
}

/// Each node's rank (longest path from a source) and which edges are turned around to break
/// cycles (the edges that close a cycle in a depth-first walk in the order nodes were written).
fn ranks(n: usize, edges: &[(usize, usize)]) -> (Vec<usize>, Vec<bool>) {
    let mut out = vec![Vec::new(); n];
    for (i, &(from, to)) in edges.iter().enumerate() {
        out[from].push((to, i));
    }
    let mut reversed = vec![false; edges.len()];
    let mut state = vec![0u8; n]; // 0 unseen, 1 on the walk's path, 2 done
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        // An explicit stack: (node, next outgoing edge to look at).
        let mut stack = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&(to, edge)) = out[node].get(*next) {
                *next += 1;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => reversed[edge] = true,
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
    let dag: Vec<(usize, usize)> =
        edges.iter().zip(&reversed).map(|(&(f, t), &r)| if r { (t, f) } else { (f, t) }).collect();
    let mut incoming = vec![0usize; n];
    for &(_, to) in &dag {
        incoming[to] += 1;
    }
    let mut rank = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&v| incoming[v] == 0).rev().collect();
    while let Some(v) = ready.pop() {
        for &(from, to) in dag.iter().filter(|(from, _)| *from == v) {
            rank[to] = rank[to].max(rank[from] + 1);
            incoming[to] -= 1;
            if incoming[to] == 0 {
                ready.push(to);
            }
        }
    }
    // A source feeding only low ranks moves down next to what it feeds.
    for v in 0..n {
        if dag.iter().all(|&(_, to)| to != v)
            && let Some(closest) = dag.iter().filter(|&&(from, _)| from == v).map(|&(_, to)| rank[to]).min()
        {
            rank[v] = closest.saturating_sub(1);
        }
    }
    (rank, reversed)
}

/// Orders each rank to reduce crossings: barycenter sweeps down and up, keeping the best order.
fn order(layers: &mut [Vec<usize>], above: &[Vec<usize>], below: &[Vec<usize>]) {
    let mut slot = vec![0.0f32; above.len()];
    for layer in layers.iter() {
        renumber(layer, &mut slot);
    }
    let mut best = layers.to_vec();
    let mut best_crossings = crossings(layers, below, &slot);
    for pass in 0..ORDER_PASSES {
        let downward = pass % 2 == 0;
        let ranks: Vec<usize> =
            if downward { (1..layers.len()).collect() } else { (0..layers.len().saturating_sub(1)).rev().collect() };
        for r in ranks {
            let neighbours = if downward { above } else { below };
            let key: Vec<(usize, f32)> = layers[r]
                .iter()
                .map(|&v| {
                    let n = &neighbours[v];
                    let center =
                        if n.is_empty() { slot[v] } else { n.iter().map(|&u| slot[u]).sum::<f32>() / n.len() as f32 };
                    (v, center)
                })
                .collect();
            let mut sorted = key;
            sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
            layers[r] = sorted.into_iter().map(|(v, _)| v).collect();
            renumber(&layers[r], &mut slot);
        }
        let now = crossings(layers, below, &slot);
        if now < best_crossings {
            best_crossings = now;
            best = layers.to_vec();
        }
    }
    layers.clone_from_slice(&best);
}

/// Records each vertex's place in its rank.
fn renumber(layer: &[usize], slot: &mut [f32]) {
    for (i, &v) in layer.iter().enumerate() {
        slot[v] = i as f32;
    }
}

fn crossings(layers: &[Vec<usize>], below: &[Vec<usize>], slot: &[f32]) -> usize {
    let mut count = 0;
    for layer in layers {
        let segments: Vec<(f32, f32)> =
            layer.iter().flat_map(|&v| below[v].iter().map(move |&w| (slot[v], slot[w]))).collect();
        for (i, a) in segments.iter().enumerate() {
            count += segments[i + 1..].iter().filter(|b| (a.0 - b.0) * (a.1 - b.1) < 0.0).count();
        }
    }
    count
}

/// Cross-axis positions: each vertex moves towards the mean of its neighbours in the rank above,
/// then below, keeping its rank's order and spacing. The last pass looks below, so that a
/// bend point sits right above what its edge reaches and a branching node above its branches.
fn position(vertices: &mut [Vertex], layers: &[Vec<usize>], above: &[Vec<usize>], below: &[Vec<usize>], spacing: f32) {
    let gap = |a: &Vertex, b: &Vertex| {
        (a.cross + b.cross) / 2.0 + if a.node.is_some() && b.node.is_some() { spacing } else { EDGE_SPACING }
    };
    for layer in layers {
        let mut at = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                at += gap(&vertices[layer[i - 1]], &vertices[v]);
            }
            vertices[v].pos = at;
        }
        let middle = at / 2.0;
        for &v in layer {
            vertices[v].pos -= middle;
        }
    }
    for pass in 0..POSITION_PASSES {
        let downward = pass % 2 == 0;
        let ranks: Vec<usize> =
            if downward { (1..layers.len()).collect() } else { (0..layers.len().saturating_sub(1)).rev().collect() };
        for r in ranks {
            let layer = &layers[r];
            let neighbours = if downward { above } else { below };
            let mut offsets = Vec::with_capacity(layer.len());
            let mut targets = Vec::with_capacity(layer.len());
            let mut weights = Vec::with_capacity(layer.len());
            let mut offset = 0.0;
            for (i, &v) in layer.iter().enumerate() {
                if i > 0 {
                    offset += gap(&vertices[layer[i - 1]], &vertices[v]);
                }
                let n = &neighbours[v];
                let (target, weight) = if n.is_empty() {
                    (vertices[v].pos, 0.1)
                } else {
                    // Bend points weigh more, so that long edges stay straight.
                    let mean = n.iter().map(|&u| vertices[u].pos).sum::<f32>() / n.len() as f32;
                    (mean, if vertices[v].node.is_some() { 1.0 } else { 2.0 })
                };
                offsets.push(offset);
                targets.push(target - offset);
                weights.push(weight);
            }
            for ((&v, y), offset) in layer.iter().zip(monotone_fit(&targets, &weights)).zip(offsets) {
                vertices[v].pos = y + offset;
            }
        }
    }
    // Whole pixels: two points are either in line or visibly apart, never a hair off.
    for v in vertices {
        v.pos = v.pos.round();
    }
}

/// The non-decreasing sequence closest to `targets` in weighted least squares (pool adjacent
/// violators). With each target shifted by its minimum distance from the rank's start, this
/// places a rank's vertices as close to where they want to be as order and spacing allow.
fn monotone_fit(targets: &[f32], weights: &[f32]) -> Vec<f32> {
    // Blocks of (total weight, weighted sum, length).
    let mut blocks: Vec<(f32, f32, usize)> = Vec::with_capacity(targets.len());
    for (&t, &w) in targets.iter().zip(weights) {
        blocks.push((w, w * t, 1));
        while blocks.len() > 1 {
            let (w2, s2, n2) = blocks[blocks.len() - 1];
            let (w1, s1, n1) = blocks[blocks.len() - 2];
            if s1 / w1 <= s2 / w2 {
                break;
            }
            blocks.pop();
            *blocks.last_mut().expect("two blocks") = (w1 + w2, s1 + s2, n1 + n2);
        }
    }
    blocks.into_iter().flat_map(|(w, s, n)| std::iter::repeat_n(s / w, n)).collect()
}

/// The edge's points in (cross, main) coordinates, from its upper end to its lower end: out of
/// the bottom of the upper node, through each bend point's rank, into the top of the lower
/// node, turning at right angles halfway between ranks. A straight side is met at the point
/// nearest the neighbouring bend point, which saves a turn and keeps edges into one node apart;
/// other shapes are met at their tip.
fn route(chain: &Chain, vertices: &[Vertex], bands: &[Band]) -> Vec<(f32, f32)> {
    let port = |end: &Vertex, toward: &Vertex| {
        let reach = (end.cross / 2.0 - PORT_INSET).max(0.0);
        if end.flat { toward.pos.clamp(end.pos - reach, end.pos + reach) } else { end.pos }
    };
    let ids = &chain.vertices;
    let (first, last) = (&vertices[ids[0]], &vertices[ids[ids.len() - 1]]);
    let mut waypoints = vec![(port(first, &vertices[ids[1]]), bands[first.rank].center + first.main / 2.0)];
    for &v in &ids[1..ids.len() - 1] {
        let v = &vertices[v];
        waypoints.push((v.pos, bands[v.rank].center - v.main / 2.0));
        waypoints.push((v.pos, bands[v.rank].center + v.main / 2.0));
    }
    waypoints.push((port(last, &vertices[ids[ids.len() - 2]]), bands[last.rank].center - last.main / 2.0));

    let mut points: Vec<(f32, f32)> = vec![waypoints[0]];
    for pair in waypoints.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if (a.0 - b.0).abs() > 0.01 {
            let turn = (a.1 + b.1) / 2.0;
            points.push((a.0, turn));
            points.push((b.0, turn));
        }
        points.push(b);
    }
    simplify(points)
}

/// The points of an edge that closes a cycle, from its lower end up to its upper end along
/// `lane`, beyond the far side of everything else. An end is met on its far side when no node
/// stands beyond it in its rank, otherwise from below (lower end) or above (upper end), with the
/// turn towards the lane a quarter into the gap between ranks, clear of the other edges' turns.
fn around(
    from: usize,
    to: usize,
    lane: f32,
    vertices: &[Vertex],
    layers: &[Vec<usize>],
    bands: &[Band],
    gap: f32,
) -> Vec<(f32, f32)> {
    let outermost = |v: usize| {
        let me = &vertices[v];
        layers[me.rank].iter().all(|&u| u == v || vertices[u].node.is_none() || vertices[u].pos < me.pos)
    };
    // Off the middle of a straight side, where edges of the graph's own flow meet it.
    let port = |v: &Vertex| if v.flat { v.pos + v.cross / 4.0 } else { v.pos };
    let (lower, upper) = (&vertices[from], &vertices[to]);
    let (lower_band, upper_band) = (&bands[lower.rank], &bands[upper.rank]);
    let mut points = Vec::with_capacity(6);
    if outermost(from) {
        points.push((lower.pos + lower.cross / 2.0, lower_band.center));
        points.push((lane, lower_band.center));
    } else {
        let turn = lower_band.center + lower_band.half + gap / 4.0;
        points.push((port(lower), lower_band.center + lower.main / 2.0));
        points.push((port(lower), turn));
        points.push((lane, turn));
    }
    if outermost(to) {
        points.push((lane, upper_band.center));
        points.push((upper.pos + upper.cross / 2.0, upper_band.center));
    } else {
        let turn = upper_band.center - upper_band.half - gap / 4.0;
        points.push((lane, turn));
        points.push((port(upper), turn));
        points.push((port(upper), upper_band.center - upper.main / 2.0));
    }
    points
}

/// Drops repeated points and points in the middle of a straight run.
fn simplify(mut points: Vec<(f32, f32)>) -> Vec<(f32, f32)> {
    points.dedup_by(|b, a| (a.0 - b.0).abs() < 0.01 && (a.1 - b.1).abs() < 0.01);
    let mut simple: Vec<(f32, f32)> = Vec::with_capacity(points.len());
    for p in points {
        if simple.len() >= 2 {
            let (a, b) = (simple[simple.len() - 2], simple[simple.len() - 1]);
            let straight = ((a.0 - b.0).abs() < 0.01 && (b.0 - p.0).abs() < 0.01)
                || ((a.1 - b.1).abs() < 0.01 && (b.1 - p.1).abs() < 0.01);
            if straight {
                simple.pop();
            }
        }
        simple.push(p);
    }
    simple
}

#[cfg(test)]
mod tests;

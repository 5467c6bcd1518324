//! Where each vertex of a layered flowchart goes: its rank, its place in the rank, its position
//! across the flow.

use super::{EDGE_SPACING, Vertex};

/// Rounds of position averaging; small diagrams settle after a few.
const POSITION_PASSES: usize = 8;
/// Rounds of barycenter ordering.
const ORDER_PASSES: usize = 8;

/// Each node's rank (longest path from a source) and which edges are turned around to break
/// cycles (the edges that close a cycle in a depth-first walk in the order nodes were written).
pub(super) fn ranks(n: usize, edges: &[(usize, usize)]) -> (Vec<usize>, Vec<bool>) {
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
pub(super) fn order(layers: &mut [Vec<usize>], above: &[Vec<usize>], below: &[Vec<usize>]) {
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
pub(super) fn position(
    vertices: &mut [Vertex],
    layers: &[Vec<usize>],
    above: &[Vec<usize>],
    below: &[Vec<usize>],
    spacing: f32,
) {
    let gap = |a: &Vertex, b: &Vertex| min_gap(a, b, spacing);
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
                    (mean, if vertices[v].is_node { 1.0 } else { 2.0 })
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

/// The least distance between the centers of neighbours in a rank: nodes keep the graph's
/// spacing, points of edges less.
fn min_gap(a: &Vertex, b: &Vertex, spacing: f32) -> f32 {
    (a.cross + b.cross) / 2.0 + if a.is_node && b.is_node { spacing } else { EDGE_SPACING }
}

/// Puts the bend points of each edge in one line where their ranks have room for it: a line
/// that also meets both ends' straight sides when there is one (the edge then runs without a
/// turn), otherwise the line nearest where the points are.
pub(super) fn straighten<'c>(
    vertices: &mut [Vertex],
    layers: &[Vec<usize>],
    chains: impl Iterator<Item = &'c [usize]>,
    spacing: f32,
) {
    let mut slot = vec![0; vertices.len()];
    for layer in layers {
        for (i, &v) in layer.iter().enumerate() {
            slot[v] = i;
        }
    }
    for chain in chains {
        let (first, last) = (&vertices[chain[0]], &vertices[chain[chain.len() - 1]]);
        let bends = &chain[1..chain.len() - 1];
        let mean = (bends.iter().map(|&v| vertices[v].pos).sum::<f32>() / bends.len() as f32).round();
        // Whole pixels, like every position.
        let low = (first.pos - first.reach()).max(last.pos - last.reach()).ceil();
        let high = (first.pos + first.reach()).min(last.pos + last.reach()).floor();
        let mut candidates = Vec::with_capacity(bends.len() + 1);
        if low <= high {
            candidates.push(mean.clamp(low, high));
        }
        let mut nearby: Vec<f32> = bends.iter().map(|&v| vertices[v].pos).collect();
        nearby.sort_by(|a, b| (a - mean).abs().total_cmp(&(b - mean).abs()));
        candidates.extend(nearby);
        let fits = |x: f32, vertices: &[Vertex]| {
            bends.iter().all(|&v| {
                let layer = &layers[vertices[v].rank];
                let i = slot[v];
                let me = Vertex { pos: x, ..vertices[v].clone() };
                let left = i.checked_sub(1).map(|j| &vertices[layer[j]]);
                let right = layer.get(i + 1).map(|&j| &vertices[j]);
                left.is_none_or(|u| x - u.pos >= min_gap(u, &me, spacing))
                    && right.is_none_or(|w| w.pos - x >= min_gap(&me, w, spacing))
            })
        };
        if let Some(x) = candidates.into_iter().find(|&x| fits(x, vertices)) {
            for &v in bends {
                vertices[v].pos = x;
            }
        }
    }
}

/// The non-decreasing sequence closest to `targets` in weighted least squares (pool adjacent
/// violators). With each target shifted by its minimum distance from the rank's start, this
/// places a rank's vertices as close to where they want to be as order and spacing allow.
pub(super) fn monotone_fit(targets: &[f32], weights: &[f32]) -> Vec<f32> {
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

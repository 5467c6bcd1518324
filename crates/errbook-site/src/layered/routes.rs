//! The points of each edge of a layered flowchart, once its vertices are placed.

use super::{Band, Chain, Vertex};

/// The edge's points in (cross, main) coordinates, from its upper end to its lower end: out of
/// the bottom of the upper node, through each bend point's rank, into the top of the lower
/// node, turning at right angles halfway between ranks. A straight side is met at the point
/// nearest the neighbouring bend point, which saves a turn and keeps edges into one node apart;
/// other shapes are met at their tip.
pub(super) fn route(chain: &Chain, vertices: &[Vertex], bands: &[Band]) -> Vec<(f32, f32)> {
    let port = |end: &Vertex, toward: &Vertex| toward.pos.clamp(end.pos - end.reach(), end.pos + end.reach());
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
pub(super) fn around(
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
        layers[me.rank].iter().all(|&u| u == v || !vertices[u].is_node || vertices[u].pos < me.pos)
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

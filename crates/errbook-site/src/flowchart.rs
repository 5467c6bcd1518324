//! Each entry's diagnostic flowchart (its error, then each cause, then that cause's fix), drawn
//! as inline SVG at build time with a fixed layout: the shape is always the same tree, so a
//! general graph layout is not needed, and this one costs microseconds, not milliseconds, per
//! page (tens of thousands of pages). Its text for screen readers is the record card's list of
//! causes beside it, so no source is repeated under it.

use super::linebreak;
use super::text::escape;
use errbook_core::records::plain::plain;
use errbook_core::records::{Cause, Record};

const WIDTH: u32 = 720;
const BOX_W: u32 = 300;
const ROW_H: u32 = 64;
const BOX_H: u32 = 48;
const FONT_SIZE: f32 = 13.0;
/// Space between a box's edge and its text.
const PADDING: u32 = 10;

/// The flowchart of `record` as `<figure>` HTML, or `None` unless the record is sure of its
/// shape: two causes or more, each with its fix.
pub(super) fn figure(record: &Record, label: &str) -> Option<String> {
    let steps = Steps::of(record)?;
    let start = steps.start.replace('`', "");
    let mut svg = String::new();
    let height = 20 + BOX_H + 24 + ROW_H * record.causes.len() as u32;
    svg.push_str(&format!(
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"{FONT_SIZE}\">",
        escape(label)
    ));
    node(&mut svg, "kind-error", 10, 10, WIDTH - 20, BOX_H, &start);
    let trunk_x = 30;
    let trunk_top = 10 + BOX_H;
    let last_row_mid = 10 + BOX_H + 24 + ROW_H * (steps.causes.len() as u32 - 1) + BOX_H / 2;
    svg.push_str(&format!("<path class=\"flow-edge\" d=\"M{trunk_x} {trunk_top} V{last_row_mid}\"/>"));
    for (i, (cause, fix)) in steps.causes.iter().enumerate() {
        let y = 10 + BOX_H + 24 + ROW_H * i as u32;
        let mid = y + BOX_H / 2;
        let cause_x = 60;
        svg.push_str(&format!("<path class=\"flow-edge\" d=\"M{trunk_x} {mid} H{}\"/>", cause_x - 6));
        arrow(&mut svg, cause_x, mid);
        node(&mut svg, "kind-cause", cause_x, y, BOX_W, BOX_H, &format!("{}. {}", i + 1, cause));
        if let Some(fix) = fix {
            let fix_x = cause_x + BOX_W + 40;
            svg.push_str(&format!("<path class=\"flow-edge\" d=\"M{} {mid} H{}\"/>", cause_x + BOX_W, fix_x - 6));
            arrow(&mut svg, fix_x, mid);
            node(&mut svg, "kind-fix", fix_x, y, WIDTH - 10 - fix_x, BOX_H, &fix.replace('`', ""));
        }
    }
    svg.push_str("</svg>");
    Some(format!("<figure class=\"diagram\">{svg}</figure>\n"))
}

/// What an entry's flowchart says: the
/// error (its message's first line, else its symptom, else its title), then each cause with
/// the first line of its fix.
struct Steps {
    start: String,
    causes: Vec<(String, Option<String>)>,
}

impl Steps {
    /// `None` for an entry with fewer than two causes or a cause without a fix.
    fn of(record: &Record) -> Option<Steps> {
        let fixed = |c: &Cause| !c.solution.text.trim().is_empty() || !c.solution.commands.is_empty();
        if record.causes.len() < 2 || !record.causes.iter().all(fixed) {
            return None;
        }
        let start = record
            .error_messages
            .first()
            .and_then(|m| m.text.lines().find(|l| !l.trim().is_empty()).map(str::to_string))
            .or_else(|| (!record.symptom.is_empty()).then(|| plain(&record.symptom)))
            .unwrap_or_else(|| record.title.clone());
        let causes = record
            .causes
            .iter()
            .map(|cause| {
                let fix = plain(&cause.solution.text);
                let fix = fix.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim_start_matches(['-', '*', ' ']);
                (cause.title.clone(), (!fix.is_empty()).then(|| fix.to_string()))
            })
            .collect();
        Some(Steps { start, causes })
    }
}

fn arrow(svg: &mut String, x: u32, y: u32) {
    svg.push_str(&format!("<path class=\"flow-arrow\" d=\"M{x} {y} l-7 -4 v8 z\"/>"));
}

fn node(svg: &mut String, kind: &str, x: u32, y: u32, w: u32, h: u32, text: &str) {
    let lines = linebreak::wrap(text, (w - 2 * PADDING) as f32, FONT_SIZE, 2);
    svg.push_str(&format!(
        "<g class=\"flow-node {kind}\"><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" rx=\"6\"/>"
    ));
    let first_baseline = y + h / 2 + 5 - 8 * (lines.len() as u32 - 1);
    for (i, line) in lines.iter().enumerate() {
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\">{}</text>",
            x + PADDING,
            first_baseline + 16 * i as u32,
            escape(line)
        ));
    }
    svg.push_str("</g>");
}

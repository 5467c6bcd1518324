//! Finds the troubleshooting entries in an [`Outline`] and fills their records.
//!
//! Which sections are entries is decided from the shape of the document, never from its name:
//! - an entry is the deepest section that owns role parts: sub-headings such as "Common Causes"
//!   or bold labels such as **症状**;
//! - in a document with no role parts at all (a page of notes, text from a web page), every
//!   section one level below the title is an entry.
//!
//! Everything outside the entries is the document's general guidance.

use crate::frontmatter::FrontMatter;
use crate::parse::{Block, Code, Item, List, Outline, Section, Text};
use crate::vocabulary::{Role, Vocabulary, split_label};

use super::messages::{self, add_message};
use super::plain::plain;
use super::slug::slugify;
use super::{Cause, Command, Content, Diagram, Document, Guidance, Record, Source, Step, append_paragraph};

/// One parsed document, ready for extraction.
pub struct Input<'a> {
    pub path: &'a str,
    pub lang: &'a str,
    pub id: String,
    pub front: &'a FrontMatter,
    pub outline: &'a Outline,
}

pub fn extract(input: &Input<'_>, vocab: &Vocabulary) -> (Document, Vec<Record>) {
    let sections = &input.outline.sections;
    let roles: Vec<Option<Role>> =
        sections.iter().map(|s| if s.level == 0 { None } else { vocab.role(&s.heading) }).collect();
    let entries = find_entries(sections, &roles, vocab);

    let title = input
        .front
        .title
        .clone()
        .or_else(|| sections.iter().find(|s| s.level == 1).map(|s| s.heading.clone()))
        .unwrap_or_else(|| input.id.clone());
    let mut document = Document {
        id: input.id.clone(),
        lang: input.lang.to_string(),
        title,
        source: Source { path: input.path.to_string(), line: 1 },
        translation_of: input.front.translation_of.clone(),
        description: input.front.description.clone().unwrap_or_default(),
        tags: input.front.tags.to_vec(),
        aliases: input.front.routes(),
        links: sections.iter().flat_map(|s| &s.blocks).flat_map(|b| b.links()).cloned().collect(),
        front_matter: input.front.extra.clone(),
        ..Document::default()
    };

    let mut records = Vec::new();
    let mut i = 0;
    while i < sections.len() {
        let end = section_end(sections, i);
        if entries.contains(&i) {
            let record = build_entry(input, vocab, &sections[i..end], &roles[i..end]);
            document.records.push(record.id.clone());
            records.push(record);
            i = end;
        } else {
            if let Some(g) = guidance(&sections[i]) {
                document.guidance.push(g);
            }
            i += 1;
        }
    }
    (document, records)
}

/// Index just past section `i` and everything nested below it.
fn section_end(sections: &[Section], i: usize) -> usize {
    let level = sections[i].level;
    if level == 0 {
        return i + 1;
    }
    sections[i + 1..].iter().position(|s| s.level <= level).map_or(sections.len(), |p| i + 1 + p)
}

fn parent_of(sections: &[Section], i: usize) -> Option<usize> {
    let level = sections[i].level;
    (0..i).rev().find(|&j| sections[j].level > 0 && sections[j].level < level)
}

fn find_entries(sections: &[Section], roles: &[Option<Role>], vocab: &Vocabulary) -> Vec<usize> {
    let mut owners: Vec<usize> = Vec::new();
    for i in 0..sections.len() {
        let owner = if roles[i].is_some() {
            let mut p = parent_of(sections, i);
            while let Some(j) = p.filter(|&j| roles[j].is_some()) {
                p = parent_of(sections, j);
            }
            p
        } else if sections[i].level > 0 && sections[i].blocks.iter().any(|b| block_label_role(b, vocab).is_some()) {
            Some(i)
        } else {
            None
        };
        if let Some(o) = owner.filter(|o| !owners.contains(o)) {
            owners.push(o);
        }
    }
    // The deepest owners are the entries; a section holding entries is a chapter.
    let is_ancestor = |a: usize, b: usize| a < b && b < section_end(sections, a);
    let mut entries: Vec<usize> =
        owners.iter().copied().filter(|&a| !owners.iter().any(|&b| is_ancestor(a, b))).collect();
    if entries.is_empty() {
        entries = entries_by_level(sections, roles);
    }
    entries.sort_unstable();
    entries
}

/// Entries of a document without role parts: the sections one level below its title.
fn entries_by_level(sections: &[Section], roles: &[Option<Role>]) -> Vec<usize> {
    let first = sections.iter().find(|s| s.level > 0).map_or(0, |s| s.level);
    let title_level = if sections.iter().filter(|s| s.level == first).count() == 1 { first } else { 0 };
    let candidates = || (0..sections.len()).filter(|&i| sections[i].level > title_level && roles[i].is_none());
    let Some(level) = candidates().map(|i| sections[i].level).min() else { return Vec::new() };
    candidates().filter(|&i| sections[i].level == level).collect()
}

fn block_label_role(block: &Block, vocab: &Vocabulary) -> Option<Role> {
    match block {
        Block::Paragraph(Text { label: Some(label), .. }) => label_role(label, vocab).map(|(role, _)| role),
        _ => None,
    }
}

/// The role a label names, with a title it carries: "Cause 2: Port mismatch" → (Cause, "Port mismatch").
fn label_role<'l>(label: &'l str, vocab: &Vocabulary) -> Option<(Role, &'l str)> {
    if let Some(role) = vocab.role(label) {
        return Some((role, ""));
    }
    let (key, inner) = split_label(label)?;
    vocab.role(key).map(|role| (role, inner))
}

/// "Error 3: OutOfMemoryError" → "OutOfMemoryError": numbering words are not part of a title.
fn clean_title(heading: &str, vocab: &Vocabulary) -> String {
    let trimmed = heading.trim();
    if let Some((key, rest)) = split_label(trimmed) {
        let words: Vec<&str> = key.split_whitespace().collect();
        let numbered = matches!(words.as_slice(), [word, n] if n.chars().all(|c| c.is_ascii_digit())
            && vocab.title_prefixes.contains(&word.to_lowercase()));
        if numbered && !rest.is_empty() {
            return rest.to_string();
        }
    }
    trimmed.to_string()
}

fn build_entry(input: &Input<'_>, vocab: &Vocabulary, sections: &[Section], roles: &[Option<Role>]) -> Record {
    let head = &sections[0];
    let title = clean_title(&head.heading, vocab);
    let record = Record {
        id: head.anchor.clone().unwrap_or_else(|| slugify(&title)),
        explicit_id: head.anchor.is_some(),
        lang: input.lang.to_string(),
        title,
        document: input.id.clone(),
        source: Source { path: input.path.to_string(), line: head.line },
        ..Record::default()
    };
    let mut entry =
        Entry { vocab, record, role: None, cause: None, cause_from_list: false, in_solution: false, spans: Vec::new() };
    entry.blocks(&head.blocks);
    for (section, role) in sections.iter().zip(roles).skip(1) {
        match role {
            Some(_) => {
                entry.label(&section.heading, "", "", section.line);
            }
            None => entry.text(&section.heading),
        }
        entry.blocks(&section.blocks);
    }
    entry.finish(&head.heading)
}

/// The state of a walk through one entry's blocks.
struct Entry<'v> {
    vocab: &'v Vocabulary,
    record: Record,
    /// The part being read; `None` before any label: the entry's opening prose.
    role: Option<Role>,
    cause: Option<usize>,
    /// The current cause came from a list item, so a following list holds more causes.
    cause_from_list: bool,
    in_solution: bool,
    spans: Vec<String>,
}

impl Entry<'_> {
    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        self.record.links.extend(block.links().into_iter().cloned());
        match block {
            Block::Paragraph(t) => {
                self.spans.extend(t.code_spans.iter().cloned());
                let labelled = match &t.label {
                    Some(label) => self.label(label, &t.rest, &t.rest_md, t.line),
                    None => split_label(&t.text).filter(|(key, _)| key.chars().count() <= 40).is_some_and(|(key, rest)| {
                        let rest_md = split_label(&t.md).map_or(rest, |(_, r)| r);
                        self.label(key, rest, rest_md, t.line)
                    }),
                };
                if !labelled {
                    self.text(&t.md);
                }
            }
            Block::Quote(t) => self.quote(t),
            Block::Callout(_) | Block::Table(_) => self.text(&block.to_markdown()),
            Block::Code(c) => self.code(c),
            Block::List(l) => self.list(l),
        }
    }

    /// Switches to the part a label names; false when it names none. `rest` is the text after
    /// the label, `rest_md` the same as markdown.
    fn label(&mut self, label: &str, rest: &str, rest_md: &str, line: usize) -> bool {
        let Some((role, inner)) = label_role(label, self.vocab) else { return false };
        match role {
            Role::Cause => {
                self.role = Some(Role::Causes);
                self.new_cause(if inner.is_empty() { rest } else { inner }, line, false);
                if !inner.is_empty() && !rest_md.is_empty() {
                    self.text(rest_md);
                }
                return true;
            }
            Role::Solution if self.cause.is_some() && self.role == Some(Role::Causes) => self.in_solution = true,
            Role::Solution => {
                self.role = Some(Role::Solution);
                self.record.solutions.push(Content::default());
            }
            other => {
                self.role = Some(other);
                self.cause = None;
                self.in_solution = false;
            }
        }
        let rest = if inner.is_empty() { rest_md } else { inner };
        if !rest.is_empty() {
            self.text(rest);
        }
        true
    }

    fn new_cause(&mut self, title: &str, line: usize, from_list: bool) {
        self.record.causes.push(Cause { title: title.trim().to_string(), line, ..Cause::default() });
        self.cause = Some(self.record.causes.len() - 1);
        self.cause_from_list = from_list;
        self.in_solution = false;
    }

    fn current_cause(&mut self) -> Option<&mut Cause> {
        self.cause.and_then(|i| self.record.causes.get_mut(i))
    }

    fn solution(&mut self) -> &mut Content {
        if self.record.solutions.is_empty() {
            self.record.solutions.push(Content::default());
        }
        self.record.solutions.last_mut().expect("just ensured")
    }

    fn text(&mut self, text: &str) {
        let in_solution = self.in_solution;
        match self.role {
            None | Some(Role::Meaning | Role::ErrorMessage) => append_paragraph(&mut self.record.summary, text),
            Some(Role::Symptom) => append_paragraph(&mut self.record.symptom, text),
            Some(Role::Causes | Role::Cause) => match self.current_cause() {
                Some(cause) if in_solution => append_paragraph(&mut cause.solution.text, text),
                Some(cause) => append_paragraph(&mut cause.explanation, text),
                None => self.new_cause(text, 0, false),
            },
            Some(Role::Solution) => append_paragraph(&mut self.solution().text, text),
            Some(Role::Debugging) => {
                self.record.debugging_steps.push(Step { text: text.to_string(), ..Step::default() })
            }
        }
    }

    fn quote(&mut self, quote: &Text) {
        if self.role == Some(Role::Causes)
            && !self.in_solution
            && let Some(cause) = self.current_cause()
        {
            cause.error_messages.push(quote.text.clone());
            return;
        }
        add_message(&mut self.record.error_messages, &quote.text, quote.line);
    }

    fn code(&mut self, c: &Code) {
        if c.lang == "mermaid" {
            self.record.diagrams.push(Diagram { kind: c.lang.clone(), source: c.code.clone(), line: c.line });
            return;
        }
        let command = command(c);
        let in_solution = self.in_solution;
        let vocab = self.vocab;
        match self.role {
            Some(Role::ErrorMessage) => add_message(&mut self.record.error_messages, &c.code, c.line),
            Some(Role::Causes | Role::Cause) if self.cause.is_some() => {
                let cause = self.current_cause().expect("checked");
                if in_solution {
                    cause.solution.commands.push(command);
                } else {
                    cause.error_messages.extend(messages::error_lines(vocab, &c.lang, &c.code).map(str::to_string));
                    cause.commands.push(command);
                }
            }
            Some(Role::Solution) => self.solution().commands.push(command),
            Some(Role::Debugging) => {
                if self.record.debugging_steps.is_empty() {
                    self.record.debugging_steps.push(Step { line: c.line, ..Step::default() });
                }
                self.record.debugging_steps.last_mut().expect("just ensured").commands.push(command);
            }
            _ => self.record.commands.push(command),
        }
    }

    fn list(&mut self, list: &List) {
        match self.role {
            Some(Role::Causes | Role::Cause) if self.cause.is_none() || self.cause_from_list => {
                for item in &list.items {
                    self.cause_item(item);
                }
            }
            Some(Role::Debugging) => self.debugging_list(list),
            _ => self.text(&Block::List(list.clone()).to_markdown()),
        }
    }

    /// `1. **タスク定義の問題**` with sub-items: the cause, its explanation and `解決策: …`.
    fn cause_item(&mut self, item: &Item) {
        let (title, rest) = match &item.text.label {
            Some(label) => (label.as_str(), item.text.rest_md.as_str()),
            None => (item.text.text.as_str(), ""),
        };
        self.new_cause(title, item.line, true);
        if !rest.is_empty() {
            self.text(rest);
        }
        for child in &item.children {
            match child {
                Block::List(sub) => {
                    for sub_item in &sub.items {
                        let labelled = split_label(&sub_item.text.md)
                            .and_then(|(key, rest)| label_role(key, self.vocab).map(|(role, _)| (role, rest)));
                        match labelled {
                            Some((Role::Solution, rest)) => {
                                self.in_solution = true;
                                self.text(rest);
                            }
                            _ => {
                                self.in_solution = false;
                                self.text(&format!("- {}", sub_item.text.md));
                            }
                        }
                        self.blocks(&sub_item.children);
                    }
                    self.in_solution = false;
                }
                other => self.block(other),
            }
        }
        // Explanation items were joined as paragraphs; a list reads better.
        if let Some(cause) = self.current_cause() {
            cause.explanation = cause.explanation.replace("\n\n- ", "\n- ");
        }
    }

    fn debugging_list(&mut self, list: &List) {
        let last_wants_details =
            self.record.debugging_steps.last().is_some_and(|s| s.text.ends_with([':', '：']) && !s.text.contains('\n'));
        if !list.ordered && last_wants_details {
            let details = Block::List(list.clone()).to_markdown();
            let step = self.record.debugging_steps.last_mut().expect("checked");
            step.text = format!("{}\n{details}", step.text);
            return;
        }
        for item in &list.items {
            let mut step = Step { text: item.text.md.clone(), line: item.line, ..Step::default() };
            for child in &item.children {
                match child {
                    Block::Code(c) if c.lang != "mermaid" => step.commands.push(command(c)),
                    other => step.text = format!("{}\n\n{}", step.text, other.to_markdown()),
                }
            }
            self.record.debugging_steps.push(step);
        }
    }

    fn finish(mut self, heading: &str) -> Record {
        let vocab = self.vocab;
        let r = &mut self.record;
        let line = r.source.line;
        for m in messages::from_title(heading).iter().chain(&messages::from_title(&r.title.clone())) {
            add_message(&mut r.error_messages, m, line);
        }
        let prose: Vec<String> = std::iter::once(&r.summary)
            .chain(std::iter::once(&r.symptom))
            .chain(r.causes.iter().map(|c| &c.explanation))
            .map(|md| plain(md))
            .collect();
        for text in &prose {
            for m in messages::from_prose(vocab, text) {
                add_message(&mut r.error_messages, m, line);
            }
        }
        for span in messages::from_code_spans(&self.spans) {
            add_message(&mut r.error_messages, span, line);
        }
        if r.error_messages.is_empty() && messages::prose_names_heading(vocab, &prose[0]) {
            add_message(&mut r.error_messages, &r.title.clone(), line);
        }
        let mut haystack = format!("{}\n{}", r.title, prose.join("\n"));
        for m in &r.error_messages {
            haystack.push_str(&m.text);
            haystack.push('\n');
        }
        for c in &r.causes {
            haystack.push_str(&format!("{}\n{}\n{}\n", c.title, c.explanation, c.solution.text));
        }
        for c in r.all_commands() {
            haystack.push_str(&c.code);
        }
        for s in &r.debugging_steps {
            haystack.push_str(&s.text);
        }
        r.services = vocab.services_in(&haystack);
        self.record
    }
}

fn command(c: &Code) -> Command {
    let lang = if c.lang.is_empty() { "text".to_string() } else { c.lang.clone() };
    Command { lang, code: c.code.clone(), line: c.line }
}

fn guidance(section: &Section) -> Option<Guidance> {
    let mut g = Guidance {
        heading: section.heading.clone(),
        level: section.level,
        line: section.line.max(1),
        ..Guidance::default()
    };
    for block in &section.blocks {
        match block {
            Block::Code(c) if c.lang == "mermaid" => {
                g.diagrams.push(Diagram { kind: c.lang.clone(), source: c.code.clone(), line: c.line });
            }
            Block::Code(c) => g.commands.push(command(c)),
            other => append_paragraph(&mut g.text, &other.to_markdown()),
        }
    }
    let empty = g.heading.is_empty() && g.text.is_empty() && g.commands.is_empty() && g.diagrams.is_empty();
    (!empty).then_some(g)
}

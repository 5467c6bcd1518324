//! One entry's walk: its blocks in order, each filed into the part it belongs to (message,
//! meaning, symptom, a cause and its fix, solutions, debugging steps), by the writer's labels
//! or, where there are none, by prose cues; then its messages gathered from title and prose.

mod lists;

use std::sync::LazyLock;

use regex::Regex;

use crate::parse::{Block, Code, Section, Text, escape_markdown};
use crate::vocabulary::{Role, Vocabulary, split_label};

use super::entries::label_role;
use super::input::{Input, command};
use super::messages::{self, add_message};
use super::output;
use super::plain::plain;
use super::slug::slugify;
use super::{Cause, Content, Diagram, Record, Source, Step, append_paragraph};

/// "Error 3: OutOfMemoryError" → "OutOfMemoryError": numbering words are not part of a title.
fn clean_title(heading: &str, vocab: &Vocabulary) -> String {
    // NUL, zero-width and bidi controls would make a title read other than it is; a title is
    // shown as text everywhere, so code spans lose their backticks.
    let visible: String = heading.chars().filter(|&c| !crate::terminal::is_hidden(c) && c != '`').collect();
    let trimmed = visible.trim();
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

/// The state of a walk through one entry's blocks.
pub(super) struct Entry<'v> {
    vocab: &'v Vocabulary,
    record: Record,
    /// The part being read; `None` before any label: the entry's opening prose.
    role: Option<Role>,
    cause: Option<usize>,
    /// The current cause came from a list item, so a following list holds more causes.
    cause_from_list: bool,
    in_solution: bool,
    spans: Vec<String>,
    /// Whether prose cues ("To fix this", が原因です) start causes and solutions.
    cues: bool,
    /// The last paragraph announced an error: the code block after it is the message.
    announced: bool,
    /// The last paragraph said what normal output to expect ("You should see").
    expected: bool,
    /// The last block was a paragraph that leads in to what follows ("This error may mean:").
    lead_in: bool,
    /// The last block said why and announced a list ("This happens in the following cases:"),
    /// as markdown: the summary's, unless an ordered list follows, which is one scenario told
    /// step by step and the paragraph its title.
    causes_lead: Option<String>,
    /// Blocks read so far.
    seen: usize,
    /// The line of the block being read: where text that opens a cause or a step starts.
    line: usize,
    /// How many of the causes are cases a paragraph opened ("If …, do …").
    cases: usize,
}

impl<'v> Entry<'v> {
    pub(super) fn new(input: &Input<'_>, vocab: &'v Vocabulary, head: &Section, cues: bool) -> Entry<'v> {
        let title = clean_title(&head.heading, vocab);
        let record = Record {
            id: head.anchor.clone().unwrap_or_else(|| slugify(&title)),
            explicit_id: head.anchor.is_some(),
            heading: head.heading.clone(),
            lang: input.lang.to_string(),
            title,
            document: input.id.clone(),
            source: Source { path: input.path.to_string(), line: head.line },
            ..Record::default()
        };
        Entry {
            vocab,
            record,
            role: None,
            cause: None,
            cause_from_list: false,
            in_solution: false,
            spans: Vec::new(),
            cues,
            announced: false,
            lead_in: false,
            causes_lead: None,
            expected: false,
            seen: 0,
            line: head.line,
            cases: 0,
        }
    }

    pub(super) fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        self.line = block.line();
        // Links that are never followed (script, unknown schemes) are not kept, not even as data.
        self.record.links.extend(block.links().into_iter().filter(|l| !crate::paths::is_refused_url(&l.url)).cloned());
        let announced = std::mem::take(&mut self.announced);
        let expected = std::mem::replace(
            &mut self.expected,
            matches!(block, Block::Paragraph(t) if Vocabulary::any_match(&self.vocab.output_cues, &t.text)),
        );
        let lead_in = std::mem::replace(
            &mut self.lead_in,
            matches!(block, Block::Paragraph(t) if t.text.trim_end().ends_with([':', '：'])
                && !Vocabulary::any_match(&self.vocab.solution_cues, &t.text)),
        );
        let causes_lead = self.causes_lead.take();
        if let Some(lead) = &causes_lead
            && !matches!(block, Block::List(l) if l.ordered)
        {
            append_paragraph(&mut self.record.summary, lead);
        }
        match block {
            // "NGINX may display the following error message:" and a line of inline code: the
            // code is the message, as a fenced block would be.
            Block::Paragraph(t) if announced && t.code_spans.len() == 1 && super::entries::is_single_code(&t.text) => {
                add_message(&mut self.record.error_messages, &t.code_spans[0], t.line);
                self.text(&t.md);
            }
            Block::Paragraph(t) => {
                self.spans.extend(t.code_spans.iter().cloned());
                let labelled = match &t.label {
                    Some(label) => self.label(label, &t.rest, &t.rest_md, t.line),
                    None => {
                        split_label(&t.text).filter(|(key, _)| key.chars().count() <= 40).is_some_and(|(key, rest)| {
                            let rest_md = split_label(&t.md).map_or(rest, |(_, r)| r);
                            self.label(key, rest, rest_md, t.line)
                        })
                    }
                };
                if !labelled {
                    self.prose(t);
                }
            }
            Block::Quote(t) => self.quote(t, announced),
            Block::Callout(_) | Block::Table(_) => self.text(&block.to_markdown()),
            Block::Code(c) => self.code(c, announced, expected),
            Block::List(l) => self.list(l, lead_in, causes_lead),
        }
        self.seen += 1;
    }

    /// A paragraph of prose: where cues are read, one that says why starts a cause and one that
    /// says what to do starts a solution.
    fn prose(&mut self, t: &Text) {
        let vocab = self.vocab;
        let announces = messages::announces_message(&t.text, vocab);
        if self.cues && matches!(self.role, Some(Role::Symptom | Role::ErrorMessage)) {
            // `**Issue:** …` labels its own paragraph; what follows explains it.
            self.role = None;
        }
        if self.cues && !announces {
            let fix = Vocabulary::any_match(&vocab.solution_cues, &t.text);
            let why = Vocabulary::any_match(&vocab.cause_cues, &t.text) || vocab.announces_causes(&t.text);
            if fix && self.case(t) {
                self.announced = announces;
                return;
            }
            match self.role {
                Some(Role::Causes) if fix && self.cause.is_some() => self.in_solution = true,
                // "The API cannot be reached. Check the url: setting.": nothing has said why
                // yet, so the sentence before the fix is the cause, and the fix is its own.
                None | Some(Role::Meaning | Role::Symptom | Role::ErrorMessage)
                    if fix && self.record.causes.is_empty() && self.record.summary.is_empty() =>
                {
                    let (first, rest) = first_sentence(&t.md);
                    if !rest.is_empty() && !Vocabulary::any_match(&vocab.solution_cues, &plain(first)) {
                        self.role = Some(Role::Causes);
                        self.new_cause(&plain(first), t.line, false);
                        self.in_solution = true;
                        self.text(rest);
                        self.announced = announces;
                        return;
                    }
                    self.role = Some(Role::Solution);
                    self.cause = None;
                    self.record.solutions.push(Content::default());
                }
                None | Some(Role::Meaning | Role::Symptom | Role::ErrorMessage | Role::Causes) if fix => {
                    self.role = Some(Role::Solution);
                    self.cause = None;
                    self.record.solutions.push(Content::default());
                }
                None | Some(Role::Meaning | Role::Symptom | Role::ErrorMessage) if why => {
                    self.role = Some(Role::Causes);
                    self.cause = None;
                    // "Generally this is because … Reasons include:" announces a list of
                    // causes and is none of them.
                    if t.text.trim_end().ends_with([':', '：']) {
                        self.causes_lead = Some(t.md.clone());
                    } else {
                        let (title, rest) = first_sentence(&t.md);
                        self.new_cause(&plain(title), t.line, false);
                        self.text(rest);
                    }
                    self.announced = announces;
                    return;
                }
                _ => {}
            }
        }
        self.text(&t.md);
        self.announced = announces;
    }

    /// "If kubectl returns an authorization error, make sure …": a case and what to do in it,
    /// one cause with its fix, as many as the paragraphs that say so; false when `t` is none.
    /// Not beside causes found otherwise: there a condition qualifies the cause at hand.
    fn case(&mut self, t: &Text) -> bool {
        let vocab = self.vocab;
        if self.record.causes.len() != self.cases || matches!(self.role, Some(Role::Debugging)) {
            return false;
        }
        let Some((condition, rest)) = vocab.condition(&t.md) else { return false };
        // A case written the same way before it, whose fix the cues missed, is a case too.
        let summary = std::mem::take(&mut self.record.summary);
        match vocab.condition(&summary).filter(|_| self.record.causes.is_empty() && !summary.contains("\n\n")) {
            Some((earlier, fix)) => {
                self.new_cause(&plain(earlier), self.record.source.line, false);
                if let Some(cause) = self.current_cause() {
                    cause.solution.text = fix.to_string();
                }
            }
            None => self.record.summary = summary,
        }
        self.role = Some(Role::Causes);
        self.new_cause(&plain(condition), t.line, false);
        self.cases = self.record.causes.len();
        self.in_solution = true;
        self.text(rest);
        true
    }

    /// A sub-heading inside an entry that names no part: a fix when it says what to do, else a
    /// bold line of the text.
    pub(super) fn sub_heading(&mut self, heading: &str) {
        // "#### Version skew" under a list that named it: the cause, told at length.
        let key = slugify(heading);
        if let Some(i) = self.record.causes.iter().position(|c| slugify(&c.title) == key) {
            self.role = Some(Role::Causes);
            self.cause = Some(i);
            self.cause_from_list = false;
            self.in_solution = false;
            return;
        }
        if self.cues && Vocabulary::any_match(&self.vocab.solution_cues, heading) {
            self.role = Some(Role::Solution);
            self.cause = None;
            self.record.solutions.push(Content::default());
        }
        self.text(&format!("**{}**", escape_markdown(heading.trim())));
    }

    /// A message the entry is known by (a table row's code or message).
    pub(super) fn message(&mut self, text: &str, line: usize) {
        add_message(&mut self.record.error_messages, text, line);
    }

    /// A cell of a table row: its own labelled parts (`**原因:** …<br>**解決策:** …`), or the
    /// part its column names; a column that names none (Meaning, 説明) says why the error
    /// happens, and what the cell says to do is the fix.
    pub(super) fn cell(&mut self, header: &str, md: &str, line: usize) {
        for part in cell_parts(md) {
            // A numbering column ("1.", "#") says nothing.
            if !plain(part).chars().any(char::is_alphabetic) {
                continue;
            }
            if let Some((label, rest)) = lead_label(part)
                && self.label(label, &plain(rest), rest, line)
            {
                continue;
            }
            match self.vocab.role(header) {
                Some(role) if role != Role::Meaning => {
                    self.label(header, &plain(part), part, line);
                }
                _ => {
                    self.role = Some(Role::Causes);
                    let (title, rest) = first_sentence(part);
                    self.new_cause(&plain(title), line, false);
                    if Vocabulary::any_match(&self.vocab.solution_cues, &plain(rest)) {
                        self.in_solution = true;
                    }
                    self.text(rest);
                    self.in_solution = false;
                }
            }
        }
    }

    /// A section of a one-error page that is one of its causes: the heading is the cause, the
    /// text its explanation, what it says to do its solution.
    pub(super) fn heading_cause(&mut self, section: &Section) {
        self.role = Some(Role::Causes);
        self.new_cause(&section.heading, section.line, false);
        self.blocks(&section.blocks);
        if self.current_cause().is_some_and(|c| c.solution.text.is_empty() && c.solution.commands.is_empty()) {
            // A check page's sections are fixes as much as causes: "Make sure you have a key".
            let vocab = self.vocab;
            if let Some(cause) = self.current_cause()
                && Vocabulary::any_match(&vocab.solution_cues, &cause.title)
            {
                cause.solution.text = std::mem::take(&mut cause.explanation);
                cause.solution.commands = std::mem::take(&mut cause.commands);
            }
        }
    }

    /// Switches to the part a label names; false when it names none. `rest` is the text after
    /// the label, `rest_md` the same as markdown.
    pub(super) fn label(&mut self, label: &str, rest: &str, rest_md: &str, line: usize) -> bool {
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
            Role::ErrorMessage if !rest.is_empty() => {
                // `**Error:** *EACCES: permission denied*`: the label leads the message itself.
                self.role = Some(Role::ErrorMessage);
                self.cause = None;
                let message = rest.trim().trim_matches(['*', '_']).trim();
                add_message(&mut self.record.error_messages, message, line);
                return true;
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
                None => self.new_cause(&plain(text), self.line, false),
            },
            Some(Role::Solution) => append_paragraph(&mut self.solution().text, text),
            Some(Role::Debugging) => {
                self.record.debugging_steps.push(Step { text: text.to_string(), line: self.line, ..Step::default() })
            }
        }
    }

    fn quote(&mut self, quote: &Text, announced: bool) {
        // A quoted answer or passage (with code of its own, or long prose that reads as no
        // error) is text, not a message.
        let first = quote.text.lines().next().unwrap_or("");
        if quote.md.contains("```") || (quote.text.chars().count() > 300 && !self.vocab.looks_like_error(first)) {
            self.text(&Block::Quote(quote.clone()).to_markdown());
            return;
        }
        // Quoted under a labelled cause, it is that cause's evidence; announced as the error, or
        // in an entry that labels nothing, it is the entry's message.
        if self.role == Some(Role::Causes)
            && !announced
            && !self.cues
            && !self.in_solution
            && let Some(cause) = self.current_cause()
        {
            cause.error_messages.push(quote.text.clone());
            return;
        }
        add_message(&mut self.record.error_messages, &quote.text, quote.line);
    }

    fn code(&mut self, c: &Code, announced: bool, expected: bool) {
        if c.lang == "mermaid" {
            self.record.diagrams.push(Diagram { kind: c.lang.clone(), source: c.code.clone(), line: c.line });
            return;
        }
        // Read line by line: its output, when it shows an error, is the literal message (under a
        // labelled cause, that cause's evidence); its command lines, if any, are kept as written.
        // Output the prose said to expect ("You should see:") is no error, whatever it says.
        let reading = match expected {
            true => output::Reading { command: Some(c.code.clone()), ..output::Reading::default() },
            false => output::read(self.vocab, &c.lang, &c.code, announced),
        };
        let in_solution = self.in_solution;
        if let Some(message) = reading.message {
            let cause_evidence = self.role == Some(Role::Causes) && !announced && !self.cues && !in_solution;
            match self.current_cause() {
                Some(cause) if cause_evidence => cause.error_messages.extend(reading.error_lines),
                _ => add_message(&mut self.record.error_messages, &message, c.line),
            }
        }
        let Some(code) = reading.command else { return };
        let command = command(&Code { code, ..c.clone() });
        match self.role {
            Some(Role::ErrorMessage) => add_message(&mut self.record.error_messages, &command.code, c.line),
            Some(Role::Causes | Role::Cause) if self.cause.is_some() => {
                let cause = self.current_cause().expect("checked");
                match in_solution {
                    true => cause.solution.commands.push(command),
                    false => cause.commands.push(command),
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

    pub(super) fn finish(mut self, heading: &str) -> Record {
        let vocab = self.vocab;
        let r = &mut self.record;
        if let Some(lead) = self.causes_lead.take() {
            append_paragraph(&mut r.summary, &lead);
        }
        // Unlabelled, the prose that opens an entry explains why it happens: its cause.
        if self.cues && r.causes.is_empty() && !r.summary.is_empty() {
            let summary = std::mem::take(&mut r.summary);
            let (title, rest) = first_sentence(&summary);
            r.causes.push(Cause {
                title: plain(title),
                explanation: rest.to_string(),
                line: r.source.line,
                ..Cause::default()
            });
        }
        let line = r.source.line;
        for m in messages::from_title(heading).iter().chain(&messages::from_title(&r.title.clone())) {
            add_message(&mut r.error_messages, m, line);
        }
        for m in messages::code_span_messages(heading).chain(messages::leading_status(heading)) {
            add_message(&mut r.error_messages, m, line);
        }
        if messages::reads_as_output(heading, vocab) {
            add_message(&mut r.error_messages, heading, line);
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
        self.record
    }
}

static BREAK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<br\s*/?>").expect("valid regex"));

/// A table cell's parts: cells have no paragraphs, so writers separate them with `<br>`.
fn cell_parts(md: &str) -> impl Iterator<Item = &str> {
    BREAK.split(md).map(str::trim).filter(|p| !p.is_empty())
}

/// `**Cause:** text` → ("Cause", "text"): a bold label opening markdown text.
fn lead_label(md: &str) -> Option<(&str, &str)> {
    let inner = md.strip_prefix("**")?;
    let end = inner.find("**")?;
    let label = inner[..end].trim();
    let rest = inner[end + 2..].trim_start().trim_start_matches([':', '：']).trim();
    (!label.is_empty()).then_some((label, rest))
}

/// The first sentence of a paragraph and the rest: "X fails when Y. Do Z." → ("X fails when
/// Y.", "Do Z.").
fn first_sentence(md: &str) -> (&str, &str) {
    // Within the first paragraph only: a sentence never runs on into a list or a callout.
    let paragraph = md.find("\n\n").unwrap_or(md.len());
    // A period after a number ends a sentence only before a capital ("runs on port 8081. If"),
    // not in "version 2. x" or a numbered step.
    let after_number = |i: usize| {
        let digits = md[..i].chars().rev().take_while(char::is_ascii_digit).count();
        digits >= 2 && md[i + 1..].trim_start_matches(' ').starts_with(|c: char| c.is_uppercase())
    };
    let end = md[..paragraph].char_indices().find(|&(i, c)| {
        matches!(c, '。' | '？' | '！')
            // "Maybe you are behind a proxy? Try …": a question is a sentence of its own.
            || (matches!(c, '?' | '!')
                && md[i + 1..].starts_with([' ', '\n'])
                && md[i + 1..].trim_start().starts_with(|c: char| c.is_uppercase()))
            || (c == '.'
                && md[i + 1..].starts_with([' ', '\n'])
                && (!md[..i].ends_with(char::is_numeric) || after_number(i)))
    });
    match end {
        Some((i, c)) => (md[..i + c.len_utf8()].trim(), md[i + c.len_utf8()..].trim()),
        None => (md[..paragraph].trim(), md[paragraph..].trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::{cell_parts, first_sentence};

    #[test]
    fn cells_split_at_line_breaks() {
        let parts: Vec<&str> = cell_parts("**原因:** a<br> **解決策:** b<br/>").collect();
        assert_eq!(parts, ["**原因:** a", "**解決策:** b"]);
    }

    #[test]
    fn a_sentence_may_end_in_a_number() {
        assert_eq!(
            first_sentence("It runs on port 8081. If it is taken, stop it."),
            ("It runs on port 8081.", "If it is taken, stop it.")
        );
        assert_eq!(first_sentence("Use version 2. x is older."), ("Use version 2. x is older.", ""));
        assert_eq!(first_sentence("接続できません。設定を確認します。"), ("接続できません。", "設定を確認します。"));
        assert_eq!(first_sentence("Behind a proxy? Try `--web`."), ("Behind a proxy?", "Try `--web`."));
        assert_eq!(first_sentence("Open /x?Query=1 now. Then"), ("Open /x?Query=1 now.", "Then"));
    }
}

//! An entry's lists: causes a lead-in announces, what a program printed, causes with their
//! own parts nested below, debugging steps.

use crate::parse::{Block, Item, List};
use crate::vocabulary::{Role, Vocabulary, split_label};

use super::super::entries::label_role;
use super::super::input::command;
use super::super::plain::plain;
use super::super::{Content, Step, append_paragraph};
use super::{Entry, first_sentence};

impl Entry<'_> {
    pub(super) fn list(&mut self, list: &List, lead_in: bool, causes_lead: Option<String>) {
        let vocab = self.vocab;
        if let Some(lead) = causes_lead {
            let steps = list.ordered && list.items.iter().all(|i| i.text.label.is_none());
            match steps && self.cause.is_none() {
                true => self.new_cause(&plain(&lead), list.line, false),
                false => append_paragraph(&mut self.record.summary, &lead),
            }
        }
        // "You may see the following issues:" and items that each show what a program printed
        // ("`curl` fails:" and its output): what the reader observes, not why it happens.
        let observations = list.items.iter().filter(|i| shows_output(i)).count();
        if lead_in && observations * 3 >= list.items.len() * 2 {
            if self.cause.is_none() {
                self.role = None;
            }
            for item in &list.items {
                self.text(&format!("- {}", item.text.md));
                // "`curl` fails:", "log entries containing:": the block is what was printed.
                let printed = !Vocabulary::any_match(&vocab.output_cues, &item.text.text);
                for child in &item.children {
                    match child {
                        Block::Code(c) => self.code(c, printed, !printed),
                        other => self.block(other),
                    }
                }
            }
            return;
        }
        // "This error may mean:" and a list, before anything says what to do: the page counts
        // the causes, one an item, each item's fix in its own words after its first sentence.
        let opening = matches!(self.role, None | Some(Role::Meaning | Role::Symptom | Role::ErrorMessage));
        if self.cues && lead_in && opening && !list.ordered && list.items.len() >= 2 && self.record.causes.is_empty() {
            self.role = Some(Role::Causes);
            for item in &list.items {
                let (title, rest) = first_sentence(&item.text.md);
                self.new_cause(&plain(title), item.line, true);
                if !rest.is_empty() {
                    self.in_solution = Vocabulary::any_match(&vocab.solution_cues, &plain(rest));
                    self.text(rest);
                }
                self.in_solution = false;
                self.blocks(&item.children);
            }
            return;
        }
        if self.cues && list.items.iter().any(|i| Vocabulary::any_match(&vocab.solution_cues, &i.text.text)) {
            match self.role {
                Some(Role::Causes) if self.cause.is_some() && !self.cause_from_list => self.in_solution = true,
                None | Some(Role::Meaning | Role::Symptom | Role::ErrorMessage) => {
                    self.role = Some(Role::Solution);
                    self.record.solutions.push(Content::default());
                }
                _ => {}
            }
        }
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
}

/// An item that introduces what a program printed: "`curl` fails:" and a code block.
fn shows_output(item: &Item) -> bool {
    item.text.text.trim_end().ends_with([':', '：']) && item.children.iter().any(|b| matches!(b, Block::Code(_)))
}

//! What a code block shows, read line by line: a command to run, what a program printed, or
//! both. Pages fence an error with `shell`, `console`, `bash` or no tag at all, and put the
//! command and its output in one block; the fence's tag says little, the lines say it:
//! - a line after a prompt (`$ `, `% `, `❯ `, `PS C:\> `, `user@host:~$ `, `/ # `) is a command,
//!   and so are the lines that continue it (`\` at the end of the line before);
//! - without prompts, a line that starts with a program's name and shows no error mark is a
//!   command;
//! - every other line is output, and output that shows an error (an error mark, an exception
//!   name, an error word) is the literal message; of a long log, only its error lines.

use std::sync::LazyLock;

use regex::Regex;

use crate::vocabulary::Vocabulary;

/// Languages of blocks that hold plain text, output or logs: no syntax to colour, nothing to
/// run. One list for reading code blocks, for the services a record's code names, and for
/// highlighting.
const PLAIN_LANGS: [&str; 8] = ["", "text", "txt", "log", "output", "plaintext", "plain", "none"];

/// Languages of shell sessions: commands, their output or both.
const SHELL_LANGS: [&str; 13] = [
    "console",
    "terminal",
    "shell",
    "sh",
    "bash",
    "zsh",
    "shell-session",
    "shellsession",
    "sh-session",
    "powershell",
    "ps1",
    "cmd",
    "bat",
];

/// Whether a block fenced `lang` is plain text or output (`text`, `log`, no tag …).
pub fn is_plain(lang: &str) -> bool {
    PLAIN_LANGS.contains(&lang.to_ascii_lowercase().as_str())
}

/// Whether a block fenced `lang` may hold a terminal session: commands, output or both.
fn is_terminal(lang: &str) -> bool {
    let lang = lang.to_ascii_lowercase();
    PLAIN_LANGS.contains(&lang.as_str()) || SHELL_LANGS.contains(&lang.as_str())
}

/// Programs that open command lines in every kind of project's pages.
const PROGRAMS: &[&str] = &[
    "apt",
    "apt-get",
    "aws",
    "az",
    "brew",
    "bundle",
    "cargo",
    "cat",
    "cd",
    "chmod",
    "chown",
    "cp",
    "curl",
    "dig",
    "docker",
    "docker-compose",
    "dotnet",
    "echo",
    "export",
    "gcloud",
    "git",
    "go",
    "gradle",
    "grep",
    "helm",
    "java",
    "journalctl",
    "kill",
    "kubectl",
    "ln",
    "ls",
    "make",
    "mkdir",
    "mv",
    "mvn",
    "node",
    "npm",
    "npx",
    "nslookup",
    "openssl",
    "pip",
    "pip3",
    "pnpm",
    "ps",
    "python",
    "python3",
    "rm",
    "ruby",
    "scp",
    "set",
    "ssh",
    "sudo",
    "systemctl",
    "tail",
    "terraform",
    "touch",
    "wget",
    "yarn",
    "yum",
];

/// A shell prompt and the command after it.
static PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[$%❯]|PS(?: [^>]*)?>|[A-Za-z]:\\[^>]*>|[\w.-]+@[\w.-]+(?::[^$#\s]*)?\s?[$#]|/ #|\[[^\]]*@[^\]]*\]\s?[$#])\s+\S")
        .expect("valid prompt pattern")
});

/// Marks programs print with an error: `Error:`, `ERR!`, `FATAL`, `error[E0425]`, `×`.
static ERROR_MARK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\b(?:error|err|fatal|exception|panic|failed|failure)\b\s*(?:\[[^\]]*\])?\s*[:!]|^\s*[×✖✘]|\bERR!|\bFATAL\b|\bERROR\b)")
        .expect("valid error mark pattern")
});

/// The most lines a message keeps: a longer block keeps only its error lines.
const SHORT_OUTPUT: usize = 8;

/// A code block read line by line.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Reading {
    /// The lines to run, as written (prompts kept); `None` when the block holds none.
    pub command: Option<String>,
    /// The error the block shows, if its output shows one.
    pub message: Option<String>,
    /// The lines of its output that show an error, each alone.
    pub error_lines: Vec<String>,
}

/// Reads a block; `announced` when the prose before it said it shows an error, which makes its
/// output the message whatever its language.
pub(super) fn read(vocab: &Vocabulary, lang: &str, code: &str, announced: bool) -> Reading {
    let whole = || Some(code.to_string());
    if !is_terminal(lang) {
        // Configuration and source code: `timeout: 5` is a setting, unless the page says the
        // block is an error ("Hugo throws this error:").
        return match announced {
            true => Reading { message: message_of(vocab, &code.lines().collect::<Vec<_>>()), ..Reading::default() },
            false => Reading { command: whole(), ..Reading::default() },
        };
    }
    let mut commands: Vec<&str> = Vec::new();
    let mut output: Vec<&str> = Vec::new();
    let mut continued = false;
    for line in code.lines() {
        let is_command = continued || PROMPT.is_match(line) || starts_with_program(line);
        continued = is_command && line.trim_end().ends_with('\\');
        // A comment goes with the commands it explains, never into a message.
        if is_command || line.trim_start().starts_with('#') {
            commands.push(line);
        } else if !line.trim().is_empty() {
            output.push(line);
        }
    }
    let error_lines: Vec<String> =
        output.iter().filter(|l| is_error_line(vocab, l)).map(|l| l.trim().to_string()).collect();
    if error_lines.is_empty() && !announced {
        return Reading { command: whole(), ..Reading::default() };
    }
    let message = message_of(vocab, &output);
    let runs = commands.iter().any(|l| !l.trim_start().starts_with('#'));
    let command = runs.then(|| commands.iter().map(|l| format!("{l}\n")).collect());
    Reading { command, message, error_lines }
}

/// The message of output lines: all of them when few, else those that show an error.
fn message_of(vocab: &Vocabulary, lines: &[&str]) -> Option<String> {
    let lines: Vec<&str> = lines.iter().map(|l| l.trim_end()).filter(|l| !l.trim().is_empty()).collect();
    let kept: Vec<&str> = if lines.len() <= SHORT_OUTPUT {
        lines
    } else {
        lines.into_iter().filter(|l| is_error_line(vocab, l)).take(SHORT_OUTPUT).collect()
    };
    (!kept.is_empty()).then(|| kept.join("\n"))
}

fn is_error_line(vocab: &Vocabulary, line: &str) -> bool {
    let line = line.trim();
    !line.starts_with("//") && (ERROR_MARK.is_match(line) || vocab.looks_like_error(line))
}

/// `npm install …`, `sudo systemctl restart docker`: a program's name and no error mark
/// (`npm ERR! …` is what npm printed).
/// A path to a program counts as well: `./gradlew build`, `/opt/tool/bin/openssl s_client`.
fn starts_with_program(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    let path = (first.starts_with("./") || first.contains("/bin/")) && !first.ends_with([':', '/']);
    (PROGRAMS.contains(&first) || path) && !ERROR_MARK.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(lang: &str, code: &str) -> (Option<String>, Option<String>) {
        let r = read(&Vocabulary::builtin(), lang, code, false);
        (r.command, r.message)
    }

    #[test]
    fn an_error_fenced_as_shell_is_a_message() {
        let (command, message) = reading("shell", "Cannot reach the daemon at unix:///run/x.sock. Is it running?\n");
        assert_eq!(command, None);
        assert_eq!(message.as_deref(), Some("Cannot reach the daemon at unix:///run/x.sock. Is it running?"));
        assert_eq!(reading("", "tool ERR! code ENOSPC\n").1.as_deref(), Some("tool ERR! code ENOSPC"));
    }

    #[test]
    fn a_prompt_and_its_output_are_split() {
        let code = "$ kubectl get svc web \\\n    -n shop\nError from server (NotFound): services \"web\" not found\n";
        let (command, message) = reading("console", code);
        assert_eq!(command.as_deref(), Some("$ kubectl get svc web \\\n    -n shop\n"));
        assert_eq!(message.as_deref(), Some("Error from server (NotFound): services \"web\" not found"));
    }

    #[test]
    fn commands_without_prompts_stay_commands() {
        let code = "sudo systemctl restart tool\ntool --version\n";
        assert_eq!(reading("bash", code), (Some(code.to_string()), None));
        let code = "./gradlew assemble\n/opt/tool/bin/openssl s_client -connect host:443\n";
        assert_eq!(read(&Vocabulary::builtin(), "", code, true).command.as_deref(), Some(code));
        // Output that shows no error is what the command prints, kept with it.
        let code = "$ tool status\nrunning\n";
        assert_eq!(reading("console", code), (Some(code.to_string()), None));
    }

    #[test]
    fn comments_stay_with_the_commands_and_out_of_messages() {
        let code = "# Try it\ncurl http://localhost/health\n# 404 Not Found\n";
        assert_eq!(reading("bash", code), (Some(code.to_string()), None));
        let r = read(&Vocabulary::builtin(), "text", "# The logs show:\nKeyError: 'URL'\n  at main.py\n", false);
        assert_eq!((r.command, r.message.as_deref()), (None, Some("KeyError: 'URL'\n  at main.py")));
        assert_eq!(r.error_lines, ["KeyError: 'URL'"]);
    }

    #[test]
    fn a_long_log_keeps_its_error_lines() {
        let mut log: String = (1..=30).map(|n| format!("step {n} done\n")).collect();
        log.push_str("error: linking with `cc` failed: exit status: 1\n");
        let (command, message) = reading("text", &log);
        assert_eq!((command, message.as_deref()), (None, Some("error: linking with `cc` failed: exit status: 1")));
    }

    #[test]
    fn configuration_is_a_message_only_when_announced() {
        let v = Vocabulary::builtin();
        assert_eq!(read(&v, "yaml", "error: 5\n", false).message, None);
        assert_eq!(
            read(&v, "go-html-template", "this feature is not available\n", true).message.as_deref(),
            Some("this feature is not available")
        );
    }

    #[test]
    fn japanese_output_is_read_like_english() {
        let (command, message) = reading("", "エラー: ファイルが見つかりません\n");
        assert_eq!(command, None);
        assert_eq!(message.as_deref(), Some("エラー: ファイルが見つかりません"));
    }
}

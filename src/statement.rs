//! A challenge's statement as Markdown: `statement.md`, or a Kattis package's LaTeX statement
//! made readable, with its `{{constants}}` substituted (`show` renders it, `start` quotes it).

use std::path::PathBuf;

use crate::challenge::Challenge;

/// Why a challenge has no statement to show; the message is a note for the learner.
#[derive(Debug, thiserror::Error)]
pub enum NoStatement {
    #[error("the statement is a PDF: open {} to read it", .0.display())]
    Pdf(PathBuf),
    #[error("no statement: {} is missing", .0.display())]
    Missing(PathBuf),
    #[error("no statement: {} cannot be read: {source}", path.display())]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The statement as Markdown: read as bytes (shown lossily: a Latin-1 statement is still worth
/// reading); a Kattis package's `{{constants}}` substituted and a LaTeX statement made
/// readable; `Err` with a note for the learner when there is nothing to show (missing, a PDF).
pub fn markdown(challenge: &Challenge) -> Result<String, NoStatement> {
    let path = &challenge.statement;
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if extension == "pdf" && path.is_file() {
        return Err(NoStatement::Pdf(path.clone()));
    }
    let bytes = std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => NoStatement::Missing(path.clone()),
        _ => NoStatement::Unreadable {
            path: path.clone(),
            source,
        },
    })?;
    let mut text = crate::challenge::open::substitute_constants(
        challenge,
        String::from_utf8_lossy(&bytes).into_owned(),
    );
    if extension == "tex" {
        text = latex_to_markdown(&text);
    }
    Ok(text)
}

/// Just enough LaTeX (problemtools' statement macros) to read a Kattis statement in a terminal:
/// `\problemname`, sections, `\texttt`/`\emph`/`\textbf`, itemize; other commands are kept.
fn latex_to_markdown(tex: &str) -> String {
    let inline = |line: &str| {
        let mut line = line.to_string();
        for (command, open, close) in [
            ("\\texttt{", "`", "`"),
            ("\\emph{", "*", "*"),
            ("\\textit{", "*", "*"),
            ("\\textbf{", "**", "**"),
        ] {
            while let Some(start) = line.find(command) {
                let body = start + command.len();
                let Some(end) = line[body..].find('}') else {
                    break;
                };
                let inner = line[body..body + end].to_string();
                line.replace_range(start..body + end + 1, &format!("{open}{inner}{close}"));
            }
        }
        line.replace("\\%", "%").replace("~", " ")
    };
    let mut out = String::new();
    for line in tex.lines() {
        let trimmed = line.trim();
        let heading = [
            ("\\problemname{", "# "),
            ("\\section*{", "## "),
            ("\\section{", "## "),
            ("\\subsection*{", "### "),
            ("\\subsection{", "### "),
        ]
        .iter()
        .find_map(|(command, hashes)| {
            let rest = trimmed.strip_prefix(command)?;
            let end = rest.rfind('}')?;
            Some(format!(
                "{hashes}{}\n\n{}",
                inline(&rest[..end]),
                inline(&rest[end + 1..])
            ))
        });
        if let Some(heading) = heading {
            out.push_str(heading.trim_end());
        } else if trimmed.starts_with("\\begin{") || trimmed.starts_with("\\end{") {
            out.push('\n');
            continue;
        } else if let Some(item) = trimmed.strip_prefix("\\item") {
            out.push_str(&format!("- {}", inline(item.trim_start())));
        } else {
            out.push_str(&inline(line));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown;

    #[test]
    fn latex_statements_are_readable() {
        let text = latex_to_markdown(
            "\\problemname{Hello, name!}\nRead a name: print \\texttt{Hello, NAME!} and \\emph{nothing} else.\n\\section*{Input}\n\\begin{itemize}\n\\item one \\textbf{line}\n\\end{itemize}\n",
        );
        let page = markdown::render(&text, 80, false);
        assert!(page.starts_with("Hello, name!\n"), "{page}");
        assert!(
            page.contains("print `Hello, NAME!` and nothing else."),
            "{page}"
        );
        assert!(page.contains("Input\n─────"), "{page}");
        assert!(page.contains("• one line"), "{page}");
        assert!(!page.contains('\\'), "{page}");
    }
}

//! The loop of a session that judges again on every save (`watch`, `interview`): file changes
//! (notify, debounced, editor temporaries ignored), keys from the terminal (`q` quits) or lines
//! from a piped stdin (EOF quits), Ctrl-C, ticks.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

use crate::exit::{Exit, Failure};

/// Writes to stdout without ever panicking: a reader that went away (`watch | head`) is ignored
/// and the loop goes on until `q`, EOF or Ctrl-C.
pub fn say_text(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// `println!` through [`say_text`].
macro_rules! say {
    () => {
        $crate::session::say_text("\n")
    };
    ($($arg:tt)*) => {
        $crate::session::say_text(&format!("{}\n", format_args!($($arg)*)))
    };
}
pub(crate) use say;

/// Quiet time after a change before judging, so one save (often several events) runs once.
const DEBOUNCE: Duration = Duration::from_millis(150);
/// The longest a burst of changes may delay a run.
const DEBOUNCE_MAX: Duration = Duration::from_secs(1);

/// What the loop reacts to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoopEvent {
    /// The loop began.
    Start,
    /// A file of the solution changed.
    Changed,
    /// A key (terminal) or a line (piped stdin) other than `q`.
    Input(String),
    /// The tick interval passed without anything else happening.
    Tick,
    /// `q`, EOF on stdin, or Ctrl-C: the handler's last word before the loop ends.
    Quit,
}

/// What the handler wants next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// End the loop, the command ending this way.
    Stop(Exit),
}

enum Signal {
    Changed,
    Key(String),
    Eof,
}

/// Watches the files of a solution and the keyboard (or stdin).
pub struct Session {
    rx: Receiver<Signal>,
    _watcher: notify::RecommendedWatcher,
    _terminal: Option<RawMode>,
    /// stdout is a terminal: clear the screen between runs.
    pub screen: bool,
}

impl Session {
    /// Starts watching `solution` (a file: its folder, for that file only; a folder: all of
    /// it) and reading keys or lines.
    pub fn new(solution: &Path) -> Result<Session, Failure> {
        let (tx, rx) = channel();
        let watcher = watch_files(solution, tx.clone())?;
        let terminal = read_input(tx);
        Ok(Session {
            rx,
            _watcher: watcher,
            _terminal: terminal,
            screen: std::io::stdout().is_terminal(),
        })
    }

    /// The next event, waiting at most `tick` (then `Tick`). A change is debounced.
    fn next(&self, tick: Duration) -> Option<LoopEvent> {
        match self.rx.recv_timeout(tick) {
            Ok(Signal::Changed) => {
                let started = Instant::now();
                loop {
                    match self.rx.recv_timeout(DEBOUNCE) {
                        Ok(Signal::Changed) if started.elapsed() < DEBOUNCE_MAX => continue,
                        Ok(Signal::Changed) => break,
                        Ok(Signal::Key(key)) => return Some(key_event(key)),
                        Ok(Signal::Eof) => return Some(LoopEvent::Quit),
                        Err(_) => break,
                    }
                }
                Some(LoopEvent::Changed)
            }
            Ok(Signal::Key(key)) => Some(key_event(key)),
            Ok(Signal::Eof) => Some(LoopEvent::Quit),
            Err(RecvTimeoutError::Timeout) => Some(LoopEvent::Tick),
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Clears the screen (on a terminal) or prints a separator (elsewhere).
    pub fn clear(&self, title: &str) {
        let mut out = std::io::stdout().lock();
        if self.screen {
            let _ = write!(out, "\x1b[2J\x1b[H");
        } else {
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "── {title} ──");
        let _ = out.flush();
    }
}

fn key_event(key: String) -> LoopEvent {
    if key.trim().eq_ignore_ascii_case("q") {
        LoopEvent::Quit
    } else {
        LoopEvent::Input(key)
    }
}

/// Runs `handler` on `Start`, then on every event until it stops the loop, the learner quits
/// (`q`, EOF) or Ctrl-C arrives (exit 130 after the handler's `Quit`).
pub fn run_loop(
    session: &Session,
    tick: Duration,
    handler: &mut dyn FnMut(LoopEvent) -> Result<Flow, Failure>,
) -> Result<Exit, Failure> {
    let mut event = LoopEvent::Start;
    loop {
        if crate::interrupt::interrupted() {
            let _ = handler(LoopEvent::Quit);
            return Ok(Exit::Interrupted);
        }
        let quitting = event == LoopEvent::Quit;
        match handler(event) {
            Ok(Flow::Stop(exit)) => return Ok(exit),
            Ok(Flow::Continue) if quitting => return Ok(Exit::Success),
            Ok(Flow::Continue) => {}
            Err(Failure::Interrupted) => {
                let _ = handler(LoopEvent::Quit);
                return Err(Failure::Interrupted);
            }
            Err(failure) => return Err(failure),
        }
        event = match session.next(tick) {
            Some(event) => event,
            None => LoopEvent::Quit,
        };
    }
}

/// Whether a changed path is one to ignore: editor temporaries and backups, hidden files,
/// livejudge's own state folder.
pub fn ignored(path: &Path) -> bool {
    if path
        .components()
        .any(|c| c.as_os_str() == ".livejudge" || c.as_os_str() == ".git")
    {
        return true;
    }
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".bak"]
            .iter()
            .any(|s| name.ends_with(s))
        || name.contains(".bak.")
}

fn watch_files(solution: &Path, tx: Sender<Signal>) -> Result<notify::RecommendedWatcher, Failure> {
    let absolute = std::path::absolute(solution).unwrap_or_else(|_| solution.to_path_buf());
    // A single file is watched through its folder: editors often save by renaming a new file
    // over the old one, which a watch on the file itself would lose.
    let (root, only): (PathBuf, Option<PathBuf>) = if absolute.is_dir() {
        (absolute.clone(), None)
    } else {
        let parent = absolute
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/"));
        (parent, Some(absolute.clone()))
    };
    let (mode, target) = match &only {
        Some(_) => (RecursiveMode::NonRecursive, root.clone()),
        None => (RecursiveMode::Recursive, root.clone()),
    };
    let handler = move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else {
            return;
        };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let relevant = event.paths.iter().any(|p| match &only {
            Some(file) => p == file,
            None => !ignored(p.strip_prefix(&root).unwrap_or(p)),
        });
        if relevant {
            let _ = tx.send(Signal::Changed);
        }
    };
    let fail = |e: notify::Error| {
        Failure::judge(format!(
            "cannot watch {} for changes: {e} (on Linux, the inotify watch limit may be reached: fs.inotify.max_user_watches)",
            solution.display()
        ))
    };
    let mut watcher = notify::recommended_watcher(handler).map_err(fail)?;
    watcher.watch(&target, mode).map_err(fail)?;
    Ok(watcher)
}

/// Reads keys from the terminal (non-canonical, no echo; restored when dropped) when stdin is
/// one, else lines from stdin until EOF.
fn read_input(tx: Sender<Signal>) -> Option<RawMode> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let raw = RawMode::enter();
        std::thread::spawn(move || {
            let mut byte = [0u8; 1];
            let mut input = std::io::stdin().lock();
            loop {
                match input.read(&mut byte) {
                    Ok(0) | Err(_) => {
                        let _ = tx.send(Signal::Eof);
                        return;
                    }
                    Ok(_) => {
                        // Ctrl-D quits like EOF; Ctrl-C arrives as SIGINT (signals stay on).
                        let signal = if byte[0] == 4 {
                            Signal::Eof
                        } else {
                            Signal::Key((byte[0] as char).to_string())
                        };
                        if tx.send(signal).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        raw
    } else {
        std::thread::spawn(move || {
            for line in std::io::stdin().lock().lines() {
                match line {
                    Ok(line) => {
                        if tx.send(Signal::Key(line.trim().to_string())).is_err() {
                            return;
                        }
                    }
                    Err(_) => break,
                }
            }
            let _ = tx.send(Signal::Eof);
        });
        None
    }
}

/// The terminal in non-canonical mode without echo (Ctrl-C still signals); restored on drop.
struct RawMode {
    original: rustix::termios::Termios,
}

impl RawMode {
    fn enter() -> Option<RawMode> {
        use rustix::termios::{
            LocalModes, OptionalActions, SpecialCodeIndex, tcgetattr, tcsetattr,
        };
        let stdin = std::io::stdin();
        let original = tcgetattr(&stdin).ok()?;
        let mut raw = original.clone();
        raw.local_modes
            .remove(LocalModes::ICANON | LocalModes::ECHO);
        raw.special_codes[SpecialCodeIndex::VMIN] = 1;
        raw.special_codes[SpecialCodeIndex::VTIME] = 0;
        tcsetattr(&stdin, OptionalActions::Now, &raw).ok()?;
        Some(RawMode { original })
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = rustix::termios::tcsetattr(
            std::io::stdin(),
            rustix::termios::OptionalActions::Now,
            &self.original,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temporaries_are_ignored() {
        for name in [
            ".greet.sh.swp",
            "greet.sh~",
            "#greet.sh#",
            "4913",
            "greet.sh.bak",
            "greet.sh.bak.2",
            ".livejudge/history.json",
            "x.tmp",
        ] {
            assert!(ignored(Path::new(name)), "{name}");
        }
        for name in ["greet.sh", "lib/util.py", "data.txt"] {
            assert!(!ignored(Path::new(name)), "{name}");
        }
    }
}

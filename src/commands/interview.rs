//! `livejudge interview`: a timed session on one unsolved challenge — picked from the
//! learner's state and the filters (or at random with `--seed`), its workspace started, its
//! statement shown, re-judged on every save through the loop of `watch`, and recorded (time to
//! first pass, hints used, final verdict) when it passes and is confirmed, on `q`, or when the
//! time is up.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::challenge::{Category, Challenge, Difficulty};
use crate::cli::{InterviewArgs, StartArgs, TestArgs, TestFormat};

use crate::exit::{Exit, Failure};
use crate::outcome::{SubmissionResult, Verdict};
use crate::recommend::{easiest_first, next};
use crate::session::{Flow, LoopEvent, Session, run_loop, say, say_text};
use crate::settings::Settings;
use crate::state::{self, Attempt, Mode, Progress, Scope, Status, Store};
use crate::ui::minutes_seconds;

/// Minutes allowed when neither `--minutes` nor the challenge says.
const DEFAULT_MINUTES: f64 = 30.0;

/// A 64-bit mix of the seed (SplitMix64), so nearby seeds pick unrelated challenges.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The challenge to take: an unsolved one matching the filters — at random (given `seed`),
/// else the `progress` recommendation when there are no filters, else the easiest.
pub fn pick<'c>(
    all: &'c [Challenge],
    progress: &Progress,
    category: Option<Category>,
    difficulty: Option<Difficulty>,
    seed: Option<u64>,
) -> Option<&'c Challenge> {
    let candidates: Vec<&Challenge> = all
        .iter()
        .filter(|c| category.is_none_or(|want| c.category == want))
        .filter(|c| difficulty.is_none_or(|want| c.difficulty == want))
        .filter(|c| progress.status(&c.id) != Status::Solved)
        .collect();
    if candidates.is_empty() {
        return None;
    }
    if let Some(seed) = seed {
        let index = (mix(seed) % candidates.len() as u64) as usize;
        return candidates.get(index).copied();
    }
    if category.is_none()
        && difficulty.is_none()
        && let Some(recommended) = next(all, progress)
    {
        return Some(recommended);
    }
    easiest_first(candidates).into_iter().next()
}

/// Where the interview stands.
struct Interview<'a> {
    settings: &'a Settings,
    challenge: &'a Challenge,
    solution: PathBuf,
    lang: Option<String>,
    started: Instant,
    allowed: Duration,
    minutes_allowed: u32,
    first_pass: Option<Duration>,
    last: Option<(SubmissionResult, Scope)>,
    awaiting_confirmation: bool,
    announced_minutes: Option<u64>,
}

impl Interview<'_> {
    fn left(&self) -> Duration {
        self.allowed.saturating_sub(self.started.elapsed())
    }

    fn judge(&mut self, all: bool) -> Result<Option<Exit>, Failure> {
        let args = TestArgs {
            challenge: self.challenge.root.display().to_string(),
            solution: Some(self.solution.clone()),
            all,
            tests: Vec::new(),
            fail_fast: false,
            lang: self.lang.clone(),
            keep: None,
            format: TestFormat::Human,
        };
        let judged = crate::attempt::judge_solution(self.settings, &args, None);
        let tests = judged.as_ref().map_or(1, |(_, result)| result.tests.len());
        self.settings.ready_for_another_judging(tests);
        match judged {
            Ok((exit, result)) => {
                let scope = if all || result.tests.len() == self.challenge.tests.len() {
                    Scope::All
                } else {
                    Scope::Samples
                };
                if result.verdict == Verdict::AC && self.first_pass.is_none() {
                    self.first_pass = Some(self.started.elapsed());
                }
                self.last = Some((result, scope));
                Ok(Some(exit))
            }
            Err(failure) if failure.ends_session() => Err(failure),
            Err(failure) => {
                say!("{failure}");
                Ok(None)
            }
        }
    }

    /// Records the attempt with the last verdict; returns how the interview ends.
    fn record(&self) -> Exit {
        let seconds = self.started.elapsed().as_secs();
        let mut attempt = match &self.last {
            Some((result, scope)) => state::attempt_of(result, Mode::Interview, *scope),
            None => Attempt {
                challenge: self.challenge.id.clone(),
                time: state::now(),
                mode: Mode::Interview,
                scope: Scope::All,
                verdict: "none".into(),
                score: 0,
                max_score: self.challenge.max_score(),
                tests_passed: 0,
                tests_run: 0,
                hints_used: 0,
                language: None,
                file: None,
                seconds_to_first_pass: None,
                seconds: None,
                minutes_allowed: None,
            },
        };
        attempt.challenge = self.challenge.id.clone();
        attempt.seconds_to_first_pass = self.first_pass.map(|d| d.as_secs());
        attempt.seconds = Some(seconds);
        attempt.minutes_allowed = Some(self.minutes_allowed);
        let verdict = attempt.verdict.clone();
        let solved = attempt.solves();
        state::save_attempt(attempt);
        say!(
            "\nInterview over after {}: {}{}. `livejudge history {}` keeps it.",
            minutes_seconds(seconds),
            match Verdict::parse(&verdict) {
                Some(v) => v.label().to_string(),
                None => "nothing judged".to_string(),
            },
            self.first_pass
                .map(|d| format!(" (first pass after {})", minutes_seconds(d.as_secs())))
                .unwrap_or_default(),
            self.challenge.id
        );
        if solved {
            Exit::Success
        } else {
            Exit::NotAccepted
        }
    }

    fn header(&self, session: &Session) {
        session.clear(&format!(
            "interview: {} — {} left",
            self.challenge.id,
            minutes_seconds(self.left().as_secs())
        ));
    }

    fn handle(&mut self, event: LoopEvent, session: &Session) -> Result<Flow, Failure> {
        match event {
            LoopEvent::Start => {
                say!(
                    "\nYou have {} for `{}`. Edit the files in {}: every save re-judges on the samples.\n{}",
                    minutes_seconds(self.allowed.as_secs()),
                    self.challenge.id,
                    self.solution.display(),
                    if session.screen {
                        "q gives up (and records the attempt); `livejudge hint ID` in another terminal gives a hint."
                    } else {
                        "A line `q` (or EOF) gives up and records the attempt."
                    }
                );
                Ok(Flow::Continue)
            }
            LoopEvent::Changed => {
                self.header(session);
                self.judge(false)?;
                self.awaiting_confirmation = self
                    .last
                    .as_ref()
                    .is_some_and(|(r, _)| r.verdict == Verdict::AC);
                if self.awaiting_confirmation {
                    say!("\nThe samples pass. Judge on every test and finish? [y/N]");
                } else {
                    say!(
                        "\n{} left; save to judge again.",
                        minutes_seconds(self.left().as_secs())
                    );
                }
                let _ = std::io::stdout().flush();
                Ok(Flow::Continue)
            }
            LoopEvent::Input(text) if self.awaiting_confirmation => {
                self.awaiting_confirmation = false;
                if !matches!(text.trim().to_ascii_lowercase().as_str(), "y" | "yes") {
                    say!("Keep going; save to judge again.");
                    return Ok(Flow::Continue);
                }
                self.header(session);
                self.judge(true)?;
                match &self.last {
                    Some((result, Scope::All)) if result.verdict == Verdict::AC => {
                        Ok(Flow::Stop(self.record()))
                    }
                    _ => {
                        say!("\nNot every test passes yet: keep going (q gives up).");
                        Ok(Flow::Continue)
                    }
                }
            }
            LoopEvent::Input(_) => Ok(Flow::Continue),
            LoopEvent::Tick => {
                let left = self.left();
                if left.is_zero() {
                    say!("\nTime is up. Judging on every test:");
                    self.judge(true)?;
                    return Ok(Flow::Stop(self.record()));
                }
                if session.screen {
                    eprint!("\r\x1b[K{} left ", minutes_seconds(left.as_secs()));
                } else {
                    let minutes = left.as_secs().div_ceil(60);
                    // The countdown goes to stderr (settings.md), on a terminal or not.
                    if self.announced_minutes.is_some_and(|m| m != minutes) {
                        eprintln!("{minutes} min left");
                    }
                    self.announced_minutes = Some(minutes);
                }
                Ok(Flow::Continue)
            }
            LoopEvent::Quit => {
                if !crate::interrupt::interrupted() {
                    say!("\nStopping. Judging on every test:");
                    let _ = self.judge(true);
                }
                Ok(Flow::Stop(self.record()))
            }
        }
    }
}

pub fn run(settings: &Settings, args: &InterviewArgs) -> Result<Exit, Failure> {
    if let Some(minutes) = args.minutes
        && !(minutes > 0.0 && minutes <= 24.0 * 60.0)
    {
        return Err(Failure::usage(format!(
            "--minutes {minutes}: give a number of minutes above 0 (at most a day)"
        )));
    }
    let all = settings.every_challenge();
    let progress = Store::open().load_progress();
    let challenge = pick(&all, &progress, args.category, args.difficulty, args.seed)
        .ok_or_else(|| {
            Failure::usage(
                "no unsolved challenge matches: widen --category/--difficulty, or see `livejudge progress`",
            )
        })?
        .clone();
    let harness = settings.harness()?;
    let start_args = StartArgs {
        challenge: challenge.id.clone(),
        lang: args.lang.clone(),
        into: None,
        force: false,
    };
    let workspace = crate::workspace::prepare(&challenge, harness, &start_args)?;
    let minutes = args
        .minutes
        .or(challenge.minutes.map(f64::from))
        .unwrap_or(DEFAULT_MINUTES);
    let session = Session::new(&workspace.dir)?;
    if session.screen {
        say_text("\x1b[2J\x1b[H");
    }
    say_text(&crate::page::render(
        &challenge,
        &challenge.id,
        harness,
        progress.hints_revealed(&challenge.id),
        crate::markdown::terminal_width(),
        settings.color,
    ));
    say!();
    say_text(&crate::workspace::report(
        &challenge,
        &challenge.id,
        &workspace,
        false,
    ));
    let mut interview = Interview {
        settings,
        challenge: &challenge,
        solution: workspace.dir.clone(),
        lang: args.lang.clone(),
        started: Instant::now(),
        allowed: Duration::from_secs_f64(minutes * 60.0),
        minutes_allowed: minutes.ceil() as u32,
        first_pass: None,
        last: None,
        awaiting_confirmation: false,
        announced_minutes: None,
    };
    let mut handler = |event: LoopEvent| interview.handle(event, &session);
    let tick = if minutes < 1.0 {
        Duration::from_millis(250)
    } else {
        Duration::from_secs(1)
    };
    run_loop(&session, tick, &mut handler)
}

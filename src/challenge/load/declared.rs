//! One declared test (`[[test]]`) into a `TestCase`, `[defaults]` and the challenge's limits
//! applied: its name, input, environment, fixtures, exit status, points, limits, expectations,
//! the files it must leave unchanged, its checker, a signal sent while it runs and the command
//! that generates more of its fixtures.

use std::ops::Range;
use std::path::PathBuf;
use std::time::Duration;

use toml::Spanned;

use super::super::schema;
use super::super::units;
use super::super::{Generate, SignalSpec, TestCase};
use super::ctx::{Ctx, Value};
use super::paths::{IfMissing, Want};
use super::validate::{LimitsSpec, ResolvedDefaults, is_test_name};
use super::wire::{self, require};

impl Ctx<'_> {
    /// One `[[test]]`: the test and the span of its name. A test with an error in a key other
    /// than its name is still returned, so that name checks run; the error itself makes the
    /// whole load fail.
    pub fn test(
        &mut self,
        table: &wire::Test<'_, '_>,
        defaults: &ResolvedDefaults,
        limits: LimitsSpec,
    ) -> Option<(TestCase, Range<usize>)> {
        let name_value = require(
            self,
            table.name,
            &table.span,
            "name",
            "in [[test]]",
            "\"my-test\"",
        );
        let name = name_value.and_then(|v| self.test_name(v));
        let sample = table
            .sample
            .and_then(|v| self.boolean("sample", v))
            .unwrap_or(false);
        let args = table
            .args
            .and_then(|v| self.strings("args", v))
            .map(|args| args.into_iter().map(|(a, _)| a).collect())
            .unwrap_or_default();
        let stdin = table.stdin.and_then(|v| self.stdin(v)).unwrap_or_default();
        let mut env = defaults.env.clone();
        if let Some(v) = table.env {
            env.extend(self.env("env", v));
        }
        let (fixtures, fixtures_known) = self.fixtures(table.fixtures, defaults);
        let exit = table
            .exit
            .and_then(|v| self.exit("exit", v))
            .unwrap_or(defaults.exit);
        let points = table
            .points
            .and_then(|v| self.count("points", v, 0))
            .unwrap_or(1);
        let test_limits = match table.limits {
            Some(v) => limits.overlay(self.limits("limits", v)),
            None => limits,
        };
        let stdout = table
            .stdout
            .and_then(|v| self.expectation("stdout", v, defaults.compare));
        let stderr = table
            .stderr
            .and_then(|v| self.expectation("stderr", v, defaults.compare));
        let files = table
            .files
            .and_then(|v| self.files(v, defaults.compare))
            .unwrap_or_default();
        let unchanged = self.unchanged(table.unchanged, &fixtures, fixtures_known);
        let check = table.check.and_then(|v| {
            let raw = self.string("check", v)?;
            self.path("check", raw, Some(&v.span()), Want::File, IfMissing::Error)
        });
        let generate = table.generate.and_then(|v| self.generate(v));
        let test_limits = test_limits.resolve();
        let signal = table.signal.and_then(|v| self.signal(v, test_limits.time));
        let name_span = name_value
            .map(Spanned::span)
            .unwrap_or_else(|| table.span.clone());
        let test = TestCase {
            name: name?,
            sample,
            args,
            stdin,
            env,
            fixtures,
            exit,
            points,
            limits: test_limits,
            stdout,
            stderr,
            files,
            unchanged,
            check,
            validator: None,
            signal,
            generate,
        };
        Some((test, name_span))
    }

    fn test_name(&mut self, value: &Value<'_>) -> Option<String> {
        let name = self.string("name", value)?;
        if is_test_name(name) {
            return Some(name.to_string());
        }
        self.error(
            &value.span(),
            format!("invalid test name `{name}`"),
            "use letters, digits, `.`, `_` and `-` only",
        );
        None
    }

    /// The test's fixture folders (`[defaults]`' then its own), and whether what they hold is
    /// known (no fixture path is in error).
    fn fixtures(
        &mut self,
        value: Option<&Value<'_>>,
        defaults: &ResolvedDefaults,
    ) -> (Vec<PathBuf>, bool) {
        let mut fixtures: Vec<PathBuf> = defaults.fixtures.iter().cloned().collect();
        let mut known = !defaults.fixtures_broken;
        if let Some(v) = value {
            let folder = self.string("fixtures", v).and_then(|raw| {
                self.path(
                    "fixtures",
                    raw,
                    Some(&v.span()),
                    Want::Dir,
                    IfMissing::Error,
                )
            });
            known &= folder.is_some();
            fixtures.extend(folder);
        }
        (fixtures, known)
    }

    /// `unchanged`: paths in the working folder, each a file of the test's fixtures (checked
    /// only when the fixtures are known).
    fn unchanged(
        &mut self,
        value: Option<&Value<'_>>,
        fixtures: &[PathBuf],
        fixtures_known: bool,
    ) -> Vec<PathBuf> {
        let mut unchanged = Vec::new();
        let Some(items) = value.and_then(|v| self.strings("unchanged", v)) else {
            return unchanged;
        };
        for (raw, span) in items {
            let Some(path) = self.work_path("unchanged", &raw, &span) else {
                continue;
            };
            if fixtures_known && !self.listing() {
                self.check_unchanged(&raw, &span, &path, fixtures);
            }
            unchanged.push(path);
        }
        unchanged
    }

    /// `signal = { name = "TERM", after = "300ms" }`: sent to the solution's main process
    /// `after` into the run, which must be before its wall-clock limit `time`.
    fn signal(&mut self, value: &Value<'_>, time: Duration) -> Option<SignalSpec> {
        let example = "write `signal = { name = \"TERM\", after = \"300ms\" }`";
        let table = self.table("signal", value, example)?;
        let table = wire::Signal::read(self, table);
        let span = value.span();
        let name_value = require(self, table.name, &span, "name", "in `signal`", "\"TERM\"");
        let after_value = require(
            self,
            table.after,
            &span,
            "after",
            "in `signal`",
            "\"300ms\"",
        );
        let number = name_value.and_then(|v| self.signal_number(v));
        let after = after_value.and_then(|v| self.signal_after(v, time));
        Some(SignalSpec {
            number: number?,
            after: after?,
        })
    }

    /// `generate = ["python3", "gen/biglog.py", "--lines", "400000"]`: a command of at least one
    /// word; its first word holding a `/` names a file of the challenge (the generator script).
    fn generate(&mut self, value: &Value<'_>) -> Option<Generate> {
        let words = self.strings("generate", value)?;
        if words.is_empty() {
            self.error(
                &value.span(),
                "`generate` is an empty command",
                "write the command that writes the files, e.g. `generate = [\"python3\", \"gen/big.py\"]`",
            );
            return None;
        }
        if words[0].0.is_empty() {
            self.error(
                &words[0].1,
                "the program of `generate` is an empty string",
                "name a program (`python3`) or a script of the challenge (`gen/big.sh`)",
            );
            return None;
        }
        let script = match words.iter().position(|(word, _)| word.contains('/')) {
            Some(index) => {
                let (raw, span) = &words[index];
                let path = self.path("generate", raw, Some(span), Want::File, IfMissing::Error)?;
                Some((index, path))
            }
            None => None,
        };
        Some(Generate {
            argv: words.into_iter().map(|(word, _)| word).collect(),
            script,
        })
    }

    fn signal_number(&mut self, value: &Value<'_>) -> Option<i32> {
        let raw = self.string("signal.name", value)?;
        let bare = raw.strip_prefix("SIG").unwrap_or(raw);
        let found = schema::SIGNALS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(bare))
            .map(|(_, number)| *number);
        if found.is_none() {
            let names: Vec<&str> = schema::SIGNALS.iter().map(|(n, _)| *n).collect();
            self.error(
                &value.span(),
                format!("unknown signal `{raw}`"),
                format!("use one of {}", names.join(", ")),
            );
        }
        found
    }

    fn signal_after(&mut self, value: &Value<'_>, time: Duration) -> Option<Duration> {
        let after = self.duration("signal.after", value)?;
        if after >= time {
            self.error(
                &value.span(),
                format!(
                    "the signal would come at {} or later, but the run is stopped at its time \
                     limit of {}",
                    units::show_duration(after),
                    units::show_duration(time)
                ),
                "make `after` shorter than the test's `limits.time`",
            );
            return None;
        }
        Some(after)
    }
}

#[cfg(test)]
mod tests {
    use crate::challenge::load::load;
    use crate::challenge::load::testing::*;
    use crate::challenge::{Generate, SignalSpec};
    use std::time::Duration;

    #[test]
    fn a_signal_is_read_and_checked() {
        // HEAD is 5 lines, then a blank line, `[[test]]` (7), `name` (8): the body starts at 9.
        let f = Fixture::new(&with_test(
            "stdout = \"x\"\nsignal = { name = \"SIGTERM\", after = \"300ms\" }\n",
        ));
        let challenge = load(&f.root).expect("loads");
        assert_eq!(
            challenge.tests[0].signal,
            Some(SignalSpec {
                number: libc::SIGTERM,
                after: Duration::from_millis(300)
            })
        );
        let f = Fixture::new(&with_test(
            "stdout = \"x\"\nsignal = { name = \"STOPP\", after = \"300ms\" }\n",
        ));
        let d = assert_error(&f.errors(), 10, 19, "unknown signal `STOPP`");
        assert!(d.help.unwrap().contains("TERM, INT"));
        let f = Fixture::new(&with_test(
            "limits = { time = \"1s\" }\nsignal = { name = \"TERM\", after = \"2s\" }\n",
        ));
        assert_error(&f.errors(), 10, 35, "stopped at its time limit of 1s");
        let f = Fixture::new(&with_test("signal = { name = \"TERM\" }\n"));
        assert_error(
            &f.errors(),
            9,
            10,
            "missing required key `after` in `signal`",
        );
        let f = Fixture::new(&with_test(
            "signal = { name = \"TERM\", after = \"1s\", to = \"group\" }\n",
        ));
        assert_error(&f.errors(), 9, 41, "unknown key `to` in a `signal` table");
    }

    #[test]
    fn a_generator_is_read_and_checked() {
        // HEAD is 5 lines, then a blank line, `[[test]]` (7), `name` (8): the body starts at 9.
        let f = Fixture::new(&with_test(
            "stdout = \"x\"\ngenerate = [\"python3\", \"gen/big.py\", \"--lines\", \"3\"]\n",
        ));
        f.write("gen/big.py", "print(1)\n");
        let challenge = load(&f.root).expect("loads");
        assert_eq!(
            challenge.tests[0].generate,
            Some(Generate {
                argv: vec![
                    "python3".into(),
                    "gen/big.py".into(),
                    "--lines".into(),
                    "3".into()
                ],
                script: Some((1, f.root.join("gen/big.py"))),
            })
        );
        let f = Fixture::new(&with_test("generate = [\"seq\", \"3\"]\n"));
        let challenge = load(&f.root).expect("loads");
        assert_eq!(challenge.tests[0].generate.as_ref().unwrap().script, None);
        let f = Fixture::new(&with_test("generate = [\"python3\", \"gen/nope.py\"]\n"));
        assert_error(&f.errors(), 9, 24, "gen/nope.py");
        let f = Fixture::new(&with_test("generate = [\"../outside.sh\"]\n"));
        assert_error(&f.errors(), 9, 13, "../outside.sh");
        let f = Fixture::new(&with_test("generate = []\n"));
        assert_error(&f.errors(), 9, 12, "`generate` is an empty command");
        let f = Fixture::new(&with_test("generate = [\"\"]\n"));
        assert_error(&f.errors(), 9, 13, "empty string");
        let f = Fixture::new(&with_test("generate = \"python3 gen/big.py\"\n"));
        assert_error(&f.errors(), 9, 12, "an array of strings");
        let f = Fixture::new(&with_test("generate = [\"python3\", 7]\n"));
        assert_error(&f.errors(), 9, 24, "a string");
        let f = Fixture::new(&with_test("generator = [\"seq\"]\n"));
        let d = assert_error(&f.errors(), 9, 1, "unknown key `generator`");
        assert_eq!(d.help.as_deref(), Some("did you mean `generate`?"));
    }
}

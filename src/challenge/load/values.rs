//! Type checks of single values of challenge.toml: a string, a boolean, a count, a duration,
//! a size, an exit status, a comparator, a name from a list. Each reader reports what is wrong
//! with the value, located, and returns `None` for it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::time::Duration;

use toml::de::{DeTable, DeValue};

use super::super::ExitExpectation;
use super::super::schema;
use super::super::units::{parse_duration, parse_size};
use super::ctx::{Ctx, Value};
use crate::compare::CompareKind;

impl Ctx<'_> {
    // ----- typed values ----------------------------------------------------------------------

    pub fn string<'a>(&mut self, key: &str, value: &'a Value<'_>) -> Option<&'a str> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.as_ref()),
            _ => {
                self.wrong_type(key, value, "a string", "put the value in double quotes");
                None
            }
        }
    }

    pub fn boolean(&mut self, key: &str, value: &Value<'_>) -> Option<bool> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(key, value, "a boolean", "write `true` or `false`, unquoted");
                None
            }
        }
    }

    pub fn integer(&mut self, key: &str, value: &Value<'_>, help: &str) -> Option<i64> {
        match value.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    let span = value.span();
                    let message = format!("`{key}` = {} is out of range", self.text(&span));
                    self.error(&span, message, help);
                    None
                }
            },
            _ => {
                self.wrong_type(key, value, "an integer", help);
                None
            }
        }
    }

    /// An integer in `min..=u32::MAX`.
    pub fn count(&mut self, key: &str, value: &Value<'_>, min: u32) -> Option<u32> {
        let help = format!("write a whole number of at least {min}, unquoted");
        let n = self.integer(key, value, &help)?;
        match u32::try_from(n) {
            Ok(n) if n >= min => Some(n),
            _ => {
                let span = value.span();
                self.error(
                    &span,
                    format!("`{key}` must be at least {min}, found `{n}`"),
                    help,
                );
                None
            }
        }
    }

    /// A finite, non-negative number (integer or float).
    pub fn tolerance(&mut self, key: &str, value: &Value<'_>) -> Option<f64> {
        let number = match value.get_ref() {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            _ => {
                self.wrong_type(
                    key,
                    value,
                    "a number",
                    "write a number like `1e-6`, unquoted",
                );
                return None;
            }
        };
        match number {
            Some(n) if n.is_finite() && n >= 0.0 => Some(n),
            _ => {
                let span = value.span();
                let message = format!(
                    "`{key}` must be a finite number of at least 0, found `{}`",
                    self.text(&span)
                );
                self.error(&span, message, "write a tolerance like `1e-6`");
                None
            }
        }
    }

    /// An array of strings, each with its span.
    pub fn strings(&mut self, key: &str, value: &Value<'_>) -> Option<Vec<(String, Range<usize>)>> {
        let DeValue::Array(items) = value.get_ref() else {
            self.wrong_type(
                key,
                value,
                "an array of strings",
                &format!("write `{key} = [\"...\", \"...\"]`"),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.to_string(), item.span())),
                _ => {
                    self.wrong_type(
                        &format!("{key}[..]"),
                        item,
                        "a string",
                        "put each element in double quotes",
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    pub fn table<'a, 'i>(
        &mut self,
        key: &str,
        value: &'a Value<'i>,
        help: &str,
    ) -> Option<&'a DeTable<'i>> {
        match value.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => {
                self.wrong_type(key, value, "a table", help);
                None
            }
        }
    }

    pub fn env(&mut self, key: &str, value: &Value<'_>) -> BTreeMap<String, String> {
        let mut env = BTreeMap::new();
        let Some(table) = self.table(key, value, "write `env = { NAME = \"value\" }`") else {
            return env;
        };
        for (name, v) in table.iter() {
            let name_text: &str = name.get_ref();
            if name_text.is_empty() || name_text.contains('=') || name_text.contains('\0') {
                self.error(
                    &name.span(),
                    format!("`{name_text}` is not a valid environment variable name"),
                    "use a name without `=`, like `LC_ALL`",
                );
                continue;
            }
            let what = format!("{key}.{name_text}");
            if let Some(s) = self.string(&what, v) {
                if s.contains('\0') {
                    self.error(
                        &v.span(),
                        format!("`{what}` contains a NUL byte"),
                        "remove it",
                    );
                    continue;
                }
                env.insert(name_text.to_string(), s.to_string());
            }
        }
        env
    }

    pub fn duration(&mut self, key: &str, value: &Value<'_>) -> Option<Duration> {
        let help = "write a positive number with ms, s or m, like \"500ms\", \"1.5s\" or \"2m\"";
        self.unit_string(key, value, "a duration string", help, parse_duration)
    }

    pub fn size(&mut self, key: &str, value: &Value<'_>) -> Option<u64> {
        let help = "write a positive number with B, KiB, MiB, GiB, KB, MB or GB, like \"64MiB\"";
        self.unit_string(key, value, "a size string", help, parse_size)
    }

    /// A string value with a unit (a duration, a size), parsed; every problem reported.
    pub fn unit_string<T, E: std::fmt::Display>(
        &mut self,
        key: &str,
        value: &Value<'_>,
        what: &str,
        help: &str,
        parse: fn(&str) -> Result<T, E>,
    ) -> Option<T> {
        if !matches!(value.get_ref(), DeValue::String(_)) {
            self.wrong_type(key, value, what, help);
            return None;
        }
        let text = self.string(key, value)?;
        match parse(text) {
            Ok(parsed) => Some(parsed),
            Err(e) => {
                self.error(&value.span(), format!("invalid `{key}`: {e}"), help);
                None
            }
        }
    }

    pub fn exit(&mut self, key: &str, value: &Value<'_>) -> Option<ExitExpectation> {
        let help = "write an exit code from 0 to 255, \"nonzero\" or \"any\"";
        match value.get_ref() {
            DeValue::String(s) => match s.as_ref() {
                "nonzero" => Some(ExitExpectation::Nonzero),
                "any" => Some(ExitExpectation::Any),
                other => {
                    let hint = match other.trim().parse::<i32>() {
                        Ok(n) => format!("write the code unquoted: `{key} = {n}`"),
                        Err(_) => help.to_string(),
                    };
                    self.error(
                        &value.span(),
                        format!(
                            "`{key}` must be an integer, \"nonzero\" or \"any\", found \"{other}\""
                        ),
                        hint,
                    );
                    None
                }
            },
            DeValue::Integer(_) => {
                let n = self.integer(key, value, help)?;
                match i32::try_from(n) {
                    Ok(code) if (0..=255).contains(&code) => Some(ExitExpectation::Code(code)),
                    _ => {
                        self.error(
                            &value.span(),
                            format!("`{key}` = {n} is not an exit code (0 to 255)"),
                            help,
                        );
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(key, value, "an integer, \"nonzero\" or \"any\"", help);
                None
            }
        }
    }

    pub fn compare_kind(&mut self, key: &str, value: &Value<'_>) -> Option<CompareKind> {
        let text = self.string(key, value)?;
        if let Some(kind) = CompareKind::parse(text) {
            return Some(kind);
        }
        let help = match schema::closest(text, schema::COMPARATORS) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("use one of {}", schema::one_of(schema::COMPARATORS)),
        };
        self.error(
            &value.span(),
            format!("unknown comparator `{text}` for `{key}`"),
            help,
        );
        None
    }

    /// A name from a fixed list (category, difficulty).
    pub fn choice<'n>(
        &mut self,
        key: &str,
        value: &Value<'_>,
        names: &[&'n str],
    ) -> Option<&'n str> {
        let text = self.string(key, value)?;
        if let Some(name) = names.iter().find(|n| **n == text) {
            return Some(name);
        }
        let help = match schema::closest(text, names) {
            Some(close) => format!("did you mean `{close}`? (one of {})", schema::one_of(names)),
            None => format!("use one of {}", schema::one_of(names)),
        };
        self.error(&value.span(), format!("unknown {key} `{text}`"), help);
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::challenge::load::testing::*;

    #[test]
    fn wrong_type() {
        let f = Fixture::new(&format!("{HEAD}minutes = \"20\"\n"));
        assert_error(
            &f.errors(),
            6,
            11,
            "`minutes` must be an integer, found a string `\"20\"`",
        );
        let f = Fixture::new(&format!("{HEAD}[test]\nname = \"x\"\n"));
        assert_error(&f.errors(), 6, 1, "`test` must be an array of tables");
    }

    #[test]
    fn bad_category_and_difficulty() {
        let f = Fixture::new(
            &HEAD
                .replace("\"scripting\"", "\"scriptng\"")
                .replace("\"easy\"", "\"trivial\""),
        );
        let errors = f.errors();
        let d = assert_error(&errors, 3, 12, "unknown category `scriptng`");
        assert!(
            d.help
                .unwrap_or_default()
                .contains("did you mean `scripting`?")
        );
        assert_error(&errors, 4, 14, "unknown difficulty `trivial`");
    }

    #[test]
    fn bad_duration_and_zero_size_and_processes() {
        let f = Fixture::new(&format!(
            "{HEAD}[limits]\ntime = \"5h\"\nmemory = \"0MiB\"\nprocesses = 0\ncpu = 5\n"
        ));
        let errors = f.errors();
        assert_error(
            &errors,
            7,
            8,
            "invalid `limits.time`: `5h` is not a duration",
        );
        assert_error(
            &errors,
            8,
            10,
            "invalid `limits.memory`: `0MiB` is not a size: it must be greater than zero",
        );
        assert_error(
            &errors,
            9,
            13,
            "`limits.processes` must be at least 1, found `0`",
        );
        assert_error(
            &errors,
            10,
            7,
            "`limits.cpu` must be a duration string, found an integer `5`",
        );
    }

    #[test]
    fn bad_exit_value() {
        let f = Fixture::new(&with_test("exit = \"fail\"\n"));
        assert_error(
            &f.errors(),
            9,
            8,
            "`exit` must be an integer, \"nonzero\" or \"any\", found \"fail\"",
        );
        let f = Fixture::new(&with_test("exit = 300\n"));
        assert_error(&f.errors(), 9, 8, "`exit` = 300 is not an exit code");
        let f = Fixture::new(&with_test("exit = true\n"));
        assert_error(&f.errors(), 9, 8, "found a boolean `true`");
    }
}

//! Durations (`500ms`, `1.5s`, `2m`) and sizes (`64MiB`, `1GB`) as challenge.toml writes them.

use std::time::Duration;

/// Why a duration or a size as written is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error(
        "`{text}` is not a duration: write a number with ms, s or m, like \"500ms\", \"1.5s\" or \"2m\""
    )]
    NoDurationUnit { text: String },
    #[error(
        "`{text}` is not a size: write a number with B, KiB, MiB, GiB, KB, MB or GB, like \"64MiB\""
    )]
    NoSizeUnit { text: String },
    /// `what` is `duration` or `size`.
    #[error("`{text}` is not a {what}: `{number}` is not a number")]
    NotANumber {
        text: String,
        what: &'static str,
        number: String,
    },
    #[error("`{text}` is not a {what}: it must be greater than zero")]
    NotPositive { text: String, what: &'static str },
    #[error("`{text}` is too long a duration")]
    TooLong { text: String },
    #[error("`{text}` is out of range for a size")]
    SizeOutOfRange { text: String },
}

/// Callers that report errors as text (`?` in a `Result<_, String>`) keep the message.
impl From<UnitError> for String {
    fn from(error: UnitError) -> String {
        error.to_string()
    }
}

/// The number before a unit, when it is one and greater than zero.
fn positive(text: &str, number: &str, what: &'static str) -> Result<f64, UnitError> {
    let value: f64 = number.trim().parse().map_err(|_| UnitError::NotANumber {
        text: text.to_string(),
        what,
        number: number.to_string(),
    })?;
    if !value.is_finite() || value <= 0.0 {
        return Err(UnitError::NotPositive {
            text: text.to_string(),
            what,
        });
    }
    Ok(value)
}

/// Parses a duration: a positive number with `ms`, `s` or `m`.
pub fn parse_duration(text: &str) -> Result<Duration, UnitError> {
    let text = text.trim();
    let (number, scale_ms) = if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60_000.0)
    } else {
        return Err(UnitError::NoDurationUnit {
            text: text.to_string(),
        });
    };
    let millis = positive(text, number, "duration")? * scale_ms;
    if millis > 1e12 {
        return Err(UnitError::TooLong {
            text: text.to_string(),
        });
    }
    Ok(Duration::from_secs_f64(millis / 1000.0))
}

/// Parses a size: a positive number with `B`, `KiB`, `MiB`, `GiB`, `KB`, `MB` or `GB`.
pub fn parse_size(text: &str) -> Result<u64, UnitError> {
    let text = text.trim();
    const UNITS: [(&str, f64); 7] = [
        ("KiB", 1024.0),
        ("MiB", 1024.0 * 1024.0),
        ("GiB", 1024.0 * 1024.0 * 1024.0),
        ("KB", 1e3),
        ("MB", 1e6),
        ("GB", 1e9),
        ("B", 1.0),
    ];
    let Some((number, scale)) = UNITS
        .iter()
        .find_map(|(suffix, scale)| text.strip_suffix(suffix).map(|n| (n, *scale)))
    else {
        return Err(UnitError::NoSizeUnit {
            text: text.to_string(),
        });
    };
    let bytes = (positive(text, number, "size")? * scale).round();
    if !(1.0..=1e15).contains(&bytes) {
        return Err(UnitError::SizeOutOfRange {
            text: text.to_string(),
        });
    }
    Ok(bytes as u64)
}

/// Shows a duration the way a person writes it (`5s`, `1.5s`, `250ms`).
pub fn show_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(60_000) && ms >= 60_000 {
        format!("{}m", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else if ms >= 1000 {
        format!("{}s", d.as_secs_f64())
    } else {
        format!("{ms}ms")
    }
}

/// Shows a size with the largest binary unit that divides it (`512MiB`, `1500B`).
pub fn show_size(bytes: u64) -> String {
    for (suffix, scale) in [("GiB", 1u64 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] {
        if bytes >= scale && bytes.is_multiple_of(scale) {
            return format!("{}{suffix}", bytes / scale);
        }
    }
    format!("{bytes}B")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("1.5s"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        for bad in ["0s", "-1s", "5", "5h", "s", "nans", "infs", ""] {
            assert!(parse_duration(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1GB"), Ok(1_000_000_000));
        assert_eq!(parse_size("10B"), Ok(10));
        assert_eq!(parse_size("1.5KiB"), Ok(1536));
        for bad in ["0B", "-1MiB", "12", "12mb", "MiB", "0.1B"] {
            assert!(parse_size(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn shows_round_trip() {
        assert_eq!(show_duration(Duration::from_secs(5)), "5s");
        assert_eq!(show_duration(Duration::from_millis(1500)), "1.5s");
        assert_eq!(show_duration(Duration::from_millis(250)), "250ms");
        assert_eq!(show_size(512 << 20), "512MiB");
        assert_eq!(show_size(1500), "1500B");
    }
}

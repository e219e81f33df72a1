//! The JSON reporter: `livejudge.result.v1`, one document per submission, exactly as results.md.

use std::io::Write;

use crate::events::{Event, Reporter};

pub struct JsonReporter<W: Write> {
    out: W,
}

impl<W: Write> JsonReporter<W> {
    pub fn new(out: W) -> Self {
        JsonReporter { out }
    }
}

impl<W: Write> Reporter for JsonReporter<W> {
    fn event(&mut self, event: &Event<'_>) -> std::io::Result<()> {
        if let Event::SubmissionFinished { result } = event {
            serde_json::to_writer_pretty(&mut self.out, result)?;
            writeln!(self.out)?;
            self.out.flush()?;
        }
        Ok(())
    }
}

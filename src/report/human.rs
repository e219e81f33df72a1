//! The human report: one line per test, the first difference located, a coloured diff.

//! The wire schema of challenge.toml: serde structs that mirror the file, spans kept, unknown keys
//! rejected. Nothing here is validated beyond types; `load` turns it into the domain model.

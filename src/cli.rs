//! The command line as the user typed it (clap derive); nothing resolved here.

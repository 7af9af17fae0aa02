//! The two output streams, the same for every command: machine output's one convention
//! (`schema_version` first, times in seconds with no unit in the name), what `-q`/`-v`/`-vv`
//! print, and colour decided per stream.

mod colour;
mod machine_output;
mod verbosity;

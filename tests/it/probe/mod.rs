//! `isrctl probe`: the CLI against scripted servers, bad input, the JSON schema, the classifier.

mod classifier;
mod cli;
mod errors;
mod human;
mod schema;

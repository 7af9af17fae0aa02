//! The committed JSON Schemas of the machine-readable output: generated from the document types
//! (schemars), rendered one way for every command, and checked for drift by one test.

use schemars::Schema;

/// A schema as committed: `$id`, title and description set, an untagged union of documents
/// stated as `oneOf` (each document has its own `type` constant, so exactly one matches), pretty
/// JSON with a final newline.
pub fn render(mut schema: Schema, file: &str, title: &str, description: &str) -> String {
    schema.insert(
        "$id".into(),
        format!("https://github.com/isrctl/isrctl/src/output/schemas/{file}").into(),
    );
    schema.insert("title".into(), title.into());
    schema.insert("description".into(), description.into());
    if let Some(any) = schema.remove("anyOf") {
        schema.insert("oneOf".into(), any);
    }
    serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
}

#[cfg(test)]
mod tests {
    use crate::output::{probe, purge, simulate};

    /// Every committed schema is the generated one; `ISRCTL_REGENERATE=1` rewrites them.
    #[test]
    fn committed_schemas_match_the_types() {
        let schemas = [
            ("simulate.schema.json", simulate::documents::schema()),
            ("probe.schema.json", probe::doc::schema()),
            ("remote.schema.json", purge::docs::schema()),
            ("against.schema.json", simulate::against::schema()),
        ];
        for (file, want) in schemas {
            let path = format!("{}/src/output/schemas/{file}", env!("CARGO_MANIFEST_DIR"));
            if std::env::var_os("ISRCTL_REGENERATE").is_some() {
                std::fs::write(&path, &want).unwrap();
            }
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                have == want,
                "{path} is out of date; run ISRCTL_REGENERATE=1 cargo test --lib schemas"
            );
        }
    }
}

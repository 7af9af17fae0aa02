//! The committed JSON Schemas of the machine-readable output: generated from the document types
//! (schemars), rendered one way for every command, and checked for drift by one test.

use schemars::Schema;
use serde_json::{Value, json};

/// A schema as committed: `$id`, title and description set, an untagged union of documents
/// stated as `oneOf` (each document has its own `type` constant, so exactly one matches), each
/// document with its `schema_version` (which `Output` prints first), pretty JSON with a final
/// newline.
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
    let text = serde_json::to_string(&schema).expect("a schema serializes");
    let mut defs = schema.get("$defs").cloned().unwrap_or_default();
    if let Some(Value::Array(docs)) = schema.get_mut("oneOf") {
        for doc in docs.iter_mut() {
            // A definition used only as a document gets its `schema_version` in place.
            let only_here = doc
                .get("$ref")
                .and_then(Value::as_str)
                .filter(|r| text.matches(&format!("\"$ref\":\"{r}\"")).count() == 1);
            match only_here.map(|r| r.trim_start_matches("#/$defs/").to_string()) {
                Some(name) => defs[&name] = versioned(&defs[&name], &defs),
                None => *doc = versioned(doc, &defs),
            }
        }
    }
    if let Some(d) = schema.get_mut("$defs") {
        *d = defs;
    }
    serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
}

/// A top-level document's schema with a required `schema_version` of this version: added to
/// the document's own properties; a bare reference is inlined first (a type also used inside
/// another document keeps its definition without one); each alternative of a tagged union gets
/// it.
fn versioned(doc: &Value, defs: &Value) -> Value {
    let mut doc = doc.clone();
    let Value::Object(m) = &mut doc else {
        return doc;
    };
    if let Some(Value::Object(props)) = m.get_mut("properties") {
        props.insert(
            "schema_version".into(),
            json!({
                "description": "The version of this document's shape (docs/output.md).",
                "const": super::SCHEMA_VERSION,
            }),
        );
        let required = m.entry("required").or_insert_with(|| json!([]));
        if let Value::Array(r) = required {
            r.insert(0, json!("schema_version"));
        }
        return doc;
    }
    if let Some(target) = m.remove("$ref") {
        let name = target
            .as_str()
            .unwrap_or_default()
            .trim_start_matches("#/$defs/");
        let mut inlined = versioned(&defs[name], defs);
        if let Value::Object(i) = &mut inlined {
            i.extend(std::mem::take(m));
        }
        return inlined;
    }
    for union in ["oneOf", "anyOf"] {
        if let Some(Value::Array(alts)) = m.get_mut(union) {
            for alt in alts.iter_mut() {
                *alt = versioned(alt, defs);
            }
        }
    }
    doc
}

#[cfg(test)]
mod tests {
    use crate::output::{probe, purge, simulate, warm};

    /// Every committed schema is the generated one; `ISRCTL_REGENERATE=1` rewrites them.
    #[test]
    fn committed_schemas_match_the_types() {
        let schemas = [
            ("simulate.schema.json", simulate::documents::schema()),
            ("probe.schema.json", probe::doc::schema()),
            ("remote.schema.json", purge::docs::schema()),
            ("against.schema.json", simulate::against::schema()),
            ("warm.schema.json", warm::docs::schema()),
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

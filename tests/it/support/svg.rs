//! Reading the `--plot` pictures back: every element of an SVG document with its attributes,
//! after checking the document is well-formed XML with an `<svg>` root.

use quick_xml::events::Event;
use std::collections::HashMap;

/// One element: its name and attributes.
#[derive(Debug, Clone)]
pub struct El {
    pub name: String,
    pub attrs: HashMap<String, String>,
    /// The text directly inside it (unescaped).
    pub text: String,
}

impl El {
    /// An attribute's value, or "".
    pub fn attr(&self, k: &str) -> &str {
        self.attrs.get(k).map_or("", String::as_str)
    }

    /// The element's `class` list holds `class`.
    pub fn is(&self, class: &str) -> bool {
        self.attr("class").split(' ').any(|c| c == class)
    }
}

/// Every element of the SVG file at `path`, in document order; panics when it is not XML or its
/// root is not `<svg>`.
pub fn elements(path: &std::path::Path) -> Vec<El> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut r = quick_xml::Reader::from_str(&text);
    let mut out: Vec<El> = Vec::new();
    loop {
        match r
            .read_event()
            .unwrap_or_else(|e| panic!("not XML: {e}\n{text}"))
        {
            Event::Start(e) | Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .map(|a| a.unwrap_or_else(|e| panic!("bad attribute: {e}\n{text}")))
                    .map(|a| {
                        let v = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .expect("escaped value")
                            .into_owned();
                        (AsRef::<str>::as_ref(&a.key).to_string(), v)
                    })
                    .collect();
                out.push(El {
                    name: AsRef::<str>::as_ref(&e.name()).to_string(),
                    attrs,
                    text: String::new(),
                });
            }
            Event::Text(t) => {
                if let Some(last) = out.last_mut() {
                    last.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(last) = out.last_mut() {
                    let name = r.xml10_content();
                    let c = match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        other => panic!("unexpected entity &{other};"),
                    };
                    last.text.push_str(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(out.first().map(|e| e.name.as_str()), Some("svg"), "{text}");
    for e in &mut out {
        e.text = e.text.trim().to_string();
    }
    out
}

/// The elements with this class.
pub fn classed<'a>(els: &'a [El], class: &str) -> Vec<&'a El> {
    els.iter().filter(|e| e.is(class)).collect()
}

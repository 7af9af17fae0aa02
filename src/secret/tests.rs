//! Tests of reading secrets and of the redactor; the property test embeds random tokens, in
//! random encodings (made here with other crates, not with `forms`), in random text.

use super::*;
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use proptest::prelude::*;

fn redactor(token: &str) -> Redactor {
    let mut r = Redactor::default();
    r.add(&SecretRef::new(token, Origin::Env("T".into())));
    r
}

/// The encodings a remote might echo `t` in: (name, text).
fn encodings(t: &str, prefix_chars: usize) -> Vec<(&'static str, String)> {
    let pct: String = t.bytes().map(|b| format!("%{b:02X}")).collect();
    let json = serde_json::to_string(t).unwrap();
    let json = json[1..json.len() - 1].to_string();
    let json_u: String = t.encode_utf16().map(|u| format!("\\u{u:04x}")).collect();
    let mojibake: String = t.bytes().map(char::from).collect();
    vec![
        ("raw", t.to_string()),
        ("upper", t.to_uppercase()),
        ("lower", t.to_lowercase()),
        ("pct-upper", pct.clone()),
        ("pct-lower", pct.to_lowercase()),
        (
            "url-crate",
            percent_encoding::utf8_percent_encode(t, percent_encoding::NON_ALPHANUMERIC)
                .to_string(),
        ),
        (
            "form-plus",
            url::form_urlencoded::byte_serialize(t.as_bytes()).collect(),
        ),
        ("b64", STANDARD.encode(t)),
        ("b64-nopad", STANDARD_NO_PAD.encode(t)),
        ("b64-url", URL_SAFE.encode(t)),
        ("b64-url-nopad", URL_SAFE_NO_PAD.encode(t)),
        ("b64-user", STANDARD.encode(format!("user:{t}"))),
        ("b64-colon", URL_SAFE.encode(format!("{t}:"))),
        ("b64-bearer", STANDARD_NO_PAD.encode(format!("Bearer {t}"))),
        ("json", json.clone()),
        ("json-slash", json.replace('/', "\\/")),
        ("json-u", json_u.clone()),
        ("json-u-upper", json_u.to_uppercase().replace("\\U", "\\u")),
        ("prefix", t.chars().take(prefix_chars).collect()),
        ("mojibake", mojibake.clone()),
        ("mojibake-json", serde_json::to_string(&mojibake).unwrap()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_encoding_of_a_token_survives(
        token in "[a-zA-Z0-9 /+&=?#%:._~äöüßéΩ€😀-]{8,40}",
        before in "[a-z0-9 .,:{}\"=<>/-]{0,24}",
        after in "[a-z0-9 .,:{}\"=<>/-]{0,24}",
        pick in 0usize..21,
        prefix in 8usize..40,
    ) {
        let token = token.trim();
        prop_assume!(token.chars().count() >= 8);
        let prefix = prefix.min(token.chars().count());
        let forms = encodings(token, prefix);
        let (name, form) = &forms[pick % forms.len()];
        let text = format!("{before}{form}{after}");
        let out = redactor(token).redact(&text);
        for (n, f) in encodings(token, 8) {
            prop_assert!(
                !out.as_str().contains(&f),
                "{name} embedded; {n} survives: {text:?} -> {out:?}"
            );
        }
        prop_assert!(out.as_str().contains(MASK));
    }
}

#[test]
fn redacts_in_place_and_keeps_the_rest() {
    let r = redactor("hunter2-very-secret");
    assert_eq!(
        r.redact("token=hunter2-very-secret&x=1").as_str(),
        "token=***&x=1"
    );
    assert_eq!(r.redact("HUNTER2-VERY-SECRET!").as_str(), "***!");
    assert_eq!(r.redact("hunter2-v…").as_str(), "***…");
    assert_eq!(r.redact("hunter2 is short").as_str(), "hunter2 is short");
    let b64 = r.redact("Basic aHVudGVyMi12ZXJ5LXNlY3JldA==");
    assert!(b64.as_str().starts_with("Basic ***"), "{b64}");
    let r = redactor("pässwörd-1234");
    assert_eq!(r.redact("x=p%c3%a4ssw%C3%B6rd-1234;").as_str(), "x=***;");
    assert_eq!(r.redact("pÃ¤sswÃ¶rd-1234").as_str(), "***");
    assert_eq!(r.redact("p\\u00e4ssw\\u00F6rd-1234").as_str(), "***");
    // Short secrets are only redacted whole.
    let r = redactor("abc");
    assert_eq!(r.redact("abcd ab").as_str(), "***d ab");
    assert_eq!(Redactor::default().redact("abc").as_str(), "abc");
    assert_eq!(Redacted::fixed("not sent").to_string(), "not sent");
}

#[test]
fn never_prints_the_value() {
    let s = Secret::new("hunter2-very-secret");
    assert_eq!(format!("{s}"), "***");
    assert_eq!(format!("{s:?}"), "Secret(***)");
    assert_eq!(s.expose(), "hunter2-very-secret");
}

#[test]
fn errors_name_where_not_what() {
    let e = from_file(Path::new("/nonexistent/isrctl-secret")).unwrap_err();
    assert!(e.to_string().contains("/nonexistent/isrctl-secret"), "{e}");
    assert!(matches!(from_env("1BAD"), Err(SecretError::InvalidVarName)));
    let e = SecretError::MissingToken {
        provider: "netlify",
        vars: vec!["A".into(), "B".into()],
    };
    assert_eq!(e.to_string(), "no netlify API token: A or B is not set");
}

#[test]
fn control_characters_are_refused_with_where_and_which_byte() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("tok");
    std::fs::write(&f, "  ab\u{1b}[0m\n").unwrap();
    let e = from_file(&f).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "file {} contains a control character at byte 4 (U+001B)",
            f.display()
        )
    );
    std::fs::write(&f, "good-token\r\n").unwrap();
    assert_eq!(from_file(&f).unwrap().secret.expose(), "good-token");
    std::fs::write(&f, "\u{FEFF}good-token\n").unwrap();
    assert_eq!(from_file(&f).unwrap().secret.expose(), "good-token");
    let e = check_printable("ab\ncd", Origin::Env("VERCEL_TOKEN".into()), 0).unwrap_err();
    assert_eq!(
        e.to_string(),
        "environment variable VERCEL_TOKEN contains a control character at byte 2 (U+000A)"
    );
}

/// A very repetitive secret in very repetitive text ends in bounded time, over-redacting.
#[test]
fn degenerate_secrets_are_bounded_and_still_redacted() {
    let t = std::time::Instant::now();
    let out = redactor(&"a".repeat(1000)).redact(&format!("x{}", "a".repeat(65536)));
    assert_eq!(out.as_str(), "x***");
    assert!(
        t.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        t.elapsed()
    );
    let text: String = (0..65536)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let r = redactor("hostile-TOKEN-7f3a9c21e4");
    assert_eq!(r.redact(&text).as_str(), text);
}

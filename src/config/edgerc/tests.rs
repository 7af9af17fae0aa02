//! `.edgerc` reading: the forms the edgegrid libraries accept, and errors that name the file,
//! section and key but never a value.

use super::*;

const FILE: &str = "\
# Akamai API clients
[default]
host = akab-host-1.luna.akamaiapis.net/
client_token = akab-client-1
client_secret = c2VjcmV0LTE=
access_token = akab-access-1
max_body = 131072

[ccu]
host: https://akab-host-2.luna.akamaiapis.net
client-token = akab-client-2
Client-Secret = \"c2VjcmV0LTI=\"
access-token = akab-access-2
";

fn p() -> PathBuf {
    PathBuf::from("/home/u/.edgerc")
}

#[test]
fn sections_keys_and_forms() {
    let c = parse(FILE, &p(), "default").unwrap();
    assert_eq!(c.host, "akab-host-1.luna.akamaiapis.net");
    assert_eq!(c.creds.client_token.secret.expose(), "akab-client-1");
    assert_eq!(c.creds.max_body, 131_072);
    let c = parse(FILE, &p(), "ccu").unwrap();
    assert_eq!(c.host, "akab-host-2.luna.akamaiapis.net");
    assert_eq!(c.creds.client_secret.secret.expose(), "c2VjcmV0LTI=");
    assert_eq!(c.creds.access_token.secret.expose(), "akab-access-2");
    assert_eq!(c.creds.max_body, DEFAULT_MAX_BODY);
    assert_eq!(
        c.creds.client_secret.origin,
        Origin::File("/home/u/.edgerc".into())
    );
    let shared =
        "[DEFAULT]\nhost = h.example\n[a]\nclient_token=t\nclient_secret=s\naccess_token=x\n";
    assert_eq!(parse(shared, &p(), "a").unwrap().host, "h.example");
}

#[test]
fn errors_name_file_section_and_key_never_values() {
    let e = parse(FILE, &p(), "papi").unwrap_err();
    assert_eq!(e.to_string(), "/home/u/.edgerc has no [papi] section");
    assert!(matches!(e, EdgercError::NoSection { ref found, .. } if found == &["default", "ccu"]));
    let no_secret = FILE.replace("client_secret = c2VjcmV0LTE=\n", "");
    let e = parse(&no_secret, &p(), "default").unwrap_err();
    assert_eq!(
        e.to_string(),
        "/home/u/.edgerc [default] has no client_secret"
    );
    let e = parse("[default]\nhost akab\n", &p(), "default").unwrap_err();
    assert_eq!(
        e.to_string(),
        "/home/u/.edgerc:2: not an INI line (expected [section] or key = value)"
    );
    let e = parse("client_secret = s3cr3t-value\n", &p(), "default").unwrap_err();
    assert!(!e.to_string().contains("s3cr3t"), "{e}");
    let bad = FILE.replace("max_body = 131072", "max_body = lots");
    assert!(matches!(
        parse(&bad, &p(), "default"),
        Err(EdgercError::BadMaxBody { .. })
    ));
    let http = FILE.replace("host = akab-host-1", "host = http://akab-host-1");
    assert!(matches!(
        parse(&http, &p(), "default"),
        Err(EdgercError::BadHost { .. })
    ));
    let ctl = FILE.replace("akab-access-1", "akab-acc\u{1b}ess-1");
    let e = parse(&ctl, &p(), "default").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("/home/u/.edgerc [default] access_token: "),
        "{e}"
    );
    assert!(!e.to_string().contains("akab-acc"), "{e}");
}

#[test]
fn default_path_is_in_home() {
    let home = Path::new("/home/u");
    assert_eq!(path(None, Some(home)).unwrap(), p());
    assert_eq!(
        path(Some(Path::new("~/creds/.edgerc")), Some(home)).unwrap(),
        PathBuf::from("/home/u/creds/.edgerc")
    );
    assert_eq!(
        path(Some(Path::new("/etc/edgerc")), None).unwrap(),
        PathBuf::from("/etc/edgerc")
    );
    assert!(matches!(path(None, None), Err(EdgercError::NoHome)));
}

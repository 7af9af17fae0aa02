//! The official test vectors of Akamai's edgegrid libraries.
//!
//! Copied from akamai/AkamaiOPEN-edgegrid-python at 7111af56988590341caed3acaa0a6f166374fa25,
//! `akamai/edgegrid/test/testdata.json` (credentials, timestamp, nonce, `max_body` 2048,
//! `sign_key_test`, `content_hash_test`) and `testcases.json` (every case that signs no extra
//! headers: isrctl signs none, as Fast Purge needs none). The same files ship with the node, Go
//! and Java libraries.

use super::*;
use crate::http::request::Origin;

const HOST: &str = "akaa-baseurl-xxxxxxxxxxx-xxxxxxxxxxxxx.luna.akamaiapis.net";
const TIMESTAMP: &str = "20140321T19:34:21+0000";
const NONCE: &str = "nonce-xx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
const PREFIX: &str = "EG1-HMAC-SHA256 client_token=akab-client-token-xxx-xxxxxxxxxxxxxxxx;\
access_token=akab-access-token-xxx-xxxxxxxxxxxxxxxx;timestamp=20140321T19:34:21+0000;\
nonce=nonce-xx-xxxx-xxxx-xxxx-xxxxxxxxxxxx;signature=";

fn creds() -> EdgeGrid {
    let s = |v: &str| SecretRef::new(v, Origin::File("testdata.json".into()));
    EdgeGrid {
        client_token: s("akab-client-token-xxx-xxxxxxxxxxxxxxxx"),
        access_token: s("akab-access-token-xxx-xxxxxxxxxxxxxxxx"),
        client_secret: s("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx="),
        max_body: 2048,
    }
}

/// (testName, method, path, body, expected signature, expected data to sign without the header)
const CASES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "simple GET",
        "GET",
        "/",
        "",
        "tL+y4hxyHxgWVD30X3pWnGKHcPzmrIF+LThiAOhMxYU=",
        "GET\thttps\tHOST\t/\t\t\t",
    ),
    (
        "GET with querystring",
        "GET",
        "/testapi/v1/t1?p1=1&p2=2",
        "",
        "hKDH1UlnQySSHjvIcZpDMbQHihTQ0XyVAKZaApabdeA=",
        "GET\thttps\tHOST\t/testapi/v1/t1?p1=1&p2=2\t\t\t",
    ),
    (
        "POST inside limit",
        "POST",
        "/testapi/v1/t3",
        "datadatadatadatadatadatadatadata",
        "hXm4iCxtpN22m4cbZb4lVLW5rhX8Ca82vCFqXzSTPe4=",
        "POST\thttps\tHOST\t/testapi/v1/t3\t\tfDimoYqXOLntG3If/Z0K2aS9I19Pkv9P5OMCoL8lY0w=\t",
    ),
    (
        "POST empty body",
        "POST",
        "/testapi/v1/t6",
        "",
        "1gEDxeQGD5GovIkJJGcBaKnZ+VaPtrc4qBUHixjsPCQ=",
        "POST\thttps\tHOST\t/testapi/v1/t6\t\t\t",
    ),
    (
        "PUT test",
        "PUT",
        "/testapi/v1/t6",
        "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
        "GNBWEYSEWOLtu+7dD52da2C39aX/Jchpon3K/AmBqBU=",
        "PUT\thttps\tHOST\t/testapi/v1/t6\t\t\t",
    ),
    (
        "PATCH test",
        "PATCH",
        "/testapi/v1/t6",
        "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",
        "JIl05ImY1AOnMtmw+9LKgaFA8mnzsEKabbnHmI8LsQ4=",
        "PATCH\thttps\tHOST\t/testapi/v1/t6\t\t\t",
    ),
    (
        "GET with query params",
        "GET",
        "/testapi/v1/configs/111?from=12345&limit=200000",
        "",
        "XM+hsuSs6nuy/5eDRty1IjtVCAdr8xPFRAZ/b8RXDm8=",
        "GET\thttps\tHOST\t/testapi/v1/configs/111?from=12345&limit=200000\t\t\t",
    ),
    (
        "GET with query params and separator in path",
        "GET",
        "/testapi/v1/configs/111;222;333?from=12345&limit=200000",
        "",
        "pmQF7Is2+O4r/mMojPR4yeF58BrempNNoBX5/DT0Fxs=",
        "GET\thttps\tHOST\t/testapi/v1/configs/111;222;333?from=12345&limit=200000\t\t\t",
    ),
];

#[test]
fn official_test_cases() {
    let c = creds();
    for (name, method, path, body, sig, data) in CASES {
        let url = format!("https://{HOST}{path}");
        let got = c
            .authorization(method, &url, body.as_bytes(), TIMESTAMP, NONCE)
            .unwrap();
        assert_eq!(got, format!("{PREFIX}{sig}"), "{name}");
        let d = c.data_to_sign(method, &url, body.as_bytes(), "").unwrap();
        assert_eq!(d, data.replace("HOST", HOST), "{name}");
    }
}

/// "POST too large" (2049 bytes) and "POST length equals max_body" (2048) sign the same: only
/// the first `max_body` bytes are hashed.
#[test]
fn a_body_past_max_body_is_hashed_up_to_it() {
    let c = creds();
    let url = format!("https://{HOST}/testapi/v1/t3");
    let expected = format!("{PREFIX}6Q6PiTipLae6n4GsSIDTCJ54bEbHUBp+4MUXrbQCBoY=");
    for n in [2048, 2049] {
        let body = "d".repeat(n);
        let got = c
            .authorization("POST", &url, body.as_bytes(), TIMESTAMP, NONCE)
            .unwrap();
        assert_eq!(got, expected, "{n} bytes");
    }
    let d = c.data_to_sign("POST", &url, &[b'd'; 2049], "").unwrap();
    assert!(d.ends_with("\tiysZKJ78BqF0NvDrpv9Hc3pJBWC5f5apR4qUK/Qfo5k=\t"));
}

#[test]
fn signing_key_and_content_hash() {
    assert_eq!(
        signing_key("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=", TIMESTAMP),
        "znsRMDBRqTXGJ7Ojip3/h2FGPu3LuoMYWgv9PKEnE/o="
    );
    assert_eq!(
        content_hash("POST", b"test_body", 2048),
        "REPGqEEubBHzJMhwqDZtbt515/ntEvAMNriNR53zcdY="
    );
    assert_eq!(content_hash("GET", b"test_body", 2048), "");
}

#[test]
fn timestamps_and_nonces() {
    let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_395_430_461);
    assert_eq!(timestamp(t), TIMESTAMP);
    let (a, b) = (nonce(), nonce());
    assert_ne!(a, b);
    assert_eq!(a.len(), 36);
    assert_eq!(&a[14..15], "4", "{a}");
    let port = creds()
        .data_to_sign("POST", "http://127.0.0.1:8080/ccu/v3/x", b"{}", "")
        .unwrap();
    assert!(
        port.starts_with("POST\thttp\t127.0.0.1:8080\t/ccu/v3/x\t\t"),
        "{port}"
    );
    assert!(creds().data_to_sign("GET", "no-host", b"", "").is_err());
}

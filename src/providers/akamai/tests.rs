//! Fast Purge planning: paths, object types, batching at the body limit, answers and problems.

use super::*;
use crate::http::request::{Origin, SecretRef};
use crate::providers::edgegrid::EdgeGrid;

fn signer() -> Signer {
    let s = |v: &str| SecretRef::new(v, Origin::File("/home/u/.edgerc".into()));
    Signer::EdgeGrid(EdgeGrid {
        client_token: s("akab-client"),
        access_token: s("akab-access"),
        client_secret: s("c2VjcmV0"),
        max_body: 131_072,
    })
}

fn base() -> Plan {
    Plan {
        base: "https://akab-x.luna.akamaiapis.net".into(),
        action: Action::Invalidate,
        network: Network::Production,
        urls: vec![],
        cpcodes: vec![],
        tags: vec![],
        signer: signer(),
    }
}

#[test]
fn one_request_per_object_type_on_the_right_path() {
    let p = Plan {
        urls: vec!["https://www.example.com/a".into()],
        cpcodes: vec!["12345".into(), " 678".into()],
        tags: vec!["posts".into()],
        action: Action::Delete,
        network: Network::Staging,
        ..base()
    };
    let r = plan(&p).unwrap();
    let paths: Vec<String> = r.iter().map(|q| q.url.wire()).collect();
    assert_eq!(
        paths,
        [
            "https://akab-x.luna.akamaiapis.net/ccu/v3/delete/url/staging",
            "https://akab-x.luna.akamaiapis.net/ccu/v3/delete/cpcode/staging",
            "https://akab-x.luna.akamaiapis.net/ccu/v3/delete/tag/staging",
        ]
    );
    assert_eq!(
        r[1].body.as_ref().unwrap().wire(),
        r#"{"objects":[12345,678]}"#
    );
    assert_eq!(
        r[2].body.as_ref().unwrap().wire(),
        r#"{"objects":["posts"]}"#
    );
    assert!(r.iter().all(|q| q.sign.is_some() && q.method == "POST"));
    let auth = r[0]
        .headers
        .iter()
        .find(|(n, _)| n == "Authorization")
        .unwrap();
    assert_eq!(auth.1.shown(), "EG1-HMAC-SHA256 ***");
    assert!(r[0].has_secret());
    let debug = format!("{:?}", r[0]);
    for s in ["akab-client", "akab-access", "c2VjcmV0"] {
        assert!(!debug.contains(s), "Debug shows {s}: {debug}");
    }
    assert_eq!(r.iter().map(|q| q.batch).collect::<Vec<_>>(), [1, 2, 3]);
}

#[test]
fn bad_items_are_plan_errors() {
    let p = Plan {
        cpcodes: vec!["12a".into()],
        ..base()
    };
    assert_eq!(plan(&p).unwrap_err(), PlanError::BadCpcode("12a".into()));
    let p = Plan {
        urls: vec!["/relative".into()],
        ..base()
    };
    assert!(matches!(plan(&p), Err(PlanError::NotAbsoluteUrl(_))));
    let huge = format!("https://e.com/{}", "é".repeat(30_000));
    let p = Plan {
        urls: vec![huge],
        ..base()
    };
    let e = plan(&p).unwrap_err();
    assert!(
        matches!(e, PlanError::AkamaiObjectTooLarge { max: 49_986, .. }),
        "{e:?}"
    );
    assert!(e.to_string().starts_with("'https://e.com/éé"), "{e}");
}

fn objs(names: &[String]) -> Vec<(String, Value)> {
    names
        .iter()
        .map(|n| (n.clone(), Value::from(n.as_str())))
        .collect()
}

#[test]
fn batches_fill_the_body_right_up_to_the_limit() {
    // Each object is 100 bytes as JSON ("..." with 98 characters): with the 14-byte envelope
    // and a comma between objects, 10 fit in 1023 bytes, and 1022 takes only 9.
    let names: Vec<String> = (0..25).map(|i| format!("{i:0>98}")).collect();
    for (limit, per) in [(1023, 10), (1022, 9)] {
        let b = batches(objs(&names), limit, 10_000).unwrap();
        assert_eq!(b[0].len(), per, "limit {limit}");
        for chunk in &b {
            let values: Vec<Value> = chunk.iter().map(|c| c.1.clone()).collect();
            let body = serde_json::json!({ "objects": values }).to_string();
            assert!(body.len() <= limit, "{} > {limit}", body.len());
        }
        let back: Vec<String> = b.concat().into_iter().map(|c| c.0).collect();
        assert_eq!(back, names, "order and every item kept");
    }
    assert_eq!(
        batches(objs(&names), 50_000, 7)
            .unwrap()
            .iter()
            .map(Vec::len)
            .collect::<Vec<_>>(),
        [7, 7, 7, 4]
    );
}

#[test]
fn cpcodes_are_capped_at_their_bucket() {
    let p = Plan {
        cpcodes: (0..301).map(|i| (10_000 + i).to_string()).collect(),
        ..base()
    };
    let r = plan(&p).unwrap();
    assert_eq!(
        r.iter().map(|q| q.items.len()).collect::<Vec<_>>(),
        [300, 1]
    );
}

#[test]
fn answers_and_problems() {
    let ok = serde_json::json!({"httpStatus": 201, "detail": "Request accepted",
        "estimatedSeconds": 5, "purgeId": "edcp-1", "supportId": "edcp-1"});
    let ids = read_ok(Some(&ok)).unwrap();
    assert_eq!(
        ids.for_item("x"),
        (Some("edcp-1".into()), Some("done in ~5s".into()))
    );
    assert!(read_ok(None).is_err());
    let rl = serde_json::json!({"describedBy": "https://techdocs.akamai.com/purge-cache/reference/api-errors",
        "detail": "", "httpStatus": 429, "rateLimit": 10000, "rateLimitCurrentRequestSize": 110,
        "rateLimitRemaining": 94, "supportId": "edup-N", "title": "URL Rate Limit exceeded"});
    assert_eq!(
        problem(Some(&rl)).unwrap(),
        "URL Rate Limit exceeded (110 objects asked, 94 of 10000 tokens left) [supportId edup-N]"
    );
    let bad =
        serde_json::json!({"title": "bad URL hostname", "detail": "Invalid or malformed hostname"});
    assert_eq!(
        problem(Some(&bad)).unwrap(),
        "bad URL hostname: Invalid or malformed hostname"
    );
    assert_eq!(problem(Some(&serde_json::json!({"x": 1}))), None);
}

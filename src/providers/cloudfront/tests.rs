//! CloudFront requests and answers as data: paths checked, maxima held back, the XML both ways.

use super::*;
use crate::http::request::{Origin, SecretRef};
use crate::providers::sigv4::{KeySource, SigV4};

fn signer() -> Signer {
    let s = |v: &str| SecretRef::new("x", Origin::Env(v.into()));
    Signer::SigV4(SigV4 {
        access_key_id: s("AWS_ACCESS_KEY_ID"),
        secret_key: s("AWS_SECRET_ACCESS_KEY"),
        session_token: None,
        source: KeySource::Env,
        region: REGION,
        service: SERVICE,
    })
}

fn plan_of(paths: Vec<String>, batch_size: usize) -> Plan {
    Plan {
        base: API.into(),
        distribution: "E1ABC".into(),
        paths,
        batch_size,
        caller_reference: "isrctl-1-2".into(),
        signer: signer(),
    }
}

#[test]
fn paths_must_start_with_a_slash_and_urls_are_refused_with_their_path() {
    check_path("/a").unwrap();
    check_path("/blog/*").unwrap();
    check_path("/*").unwrap();
    assert_eq!(
        check_path("a/b").unwrap_err(),
        PlanError::PathWithoutSlash("a/b".into())
    );
    let e = check_path("https://www.example.com/blog/a?x=1").unwrap_err();
    assert_eq!(
        e.to_string(),
        "'https://www.example.com/blog/a?x=1' is a URL; CloudFront invalidates paths within the \
         distribution: give '/blog/a?x=1'"
    );
    assert!(matches!(
        check_path("/a*/b"),
        Err(PlanError::WildcardNotLast(_))
    ));
}

#[test]
fn the_in_progress_maxima_hold_back_what_is_over_them() {
    let mut paths: Vec<String> = (0..3005).map(|i| format!("/p/{i}")).collect();
    paths.extend((0..17).map(|i| format!("/w{i}/*")));
    let (send, held) = split_at_limits(&paths);
    assert_eq!(send.len(), MAX_PATHS + MAX_WILDCARDS);
    assert_eq!(held.len(), 5 + 2);
    assert_eq!(held[0].0, "/p/3000");
    assert!(
        held[0].1.contains("at most 3000 individual paths"),
        "{}",
        held[0].1
    );
    assert_eq!(held.last().unwrap().0, "/w16/*");
    assert!(held.last().unwrap().1.contains("at most 15 wildcard paths"));
    let reqs = plan(&plan_of(paths, MAX_PATHS)).unwrap();
    let sizes: Vec<usize> = reqs.iter().map(|r| r.items.len()).collect();
    assert_eq!(sizes, vec![3000, 15]);
    assert!(reqs.iter().all(|r| r.sign.is_some() && r.method == "POST"));
}

#[test]
fn the_batch_is_xml_with_quantity_items_and_a_caller_reference_per_request() {
    let paths = vec!["/a&b".to_string(), "/blog/*".into(), "/c".into()];
    let reqs = plan(&plan_of(paths, 2)).unwrap();
    assert_eq!(reqs.len(), 2);
    assert_eq!(
        reqs[0].url.wire(),
        "https://cloudfront.amazonaws.com/2020-05-31/distribution/E1ABC/invalidation"
    );
    let body = reqs[0].body.as_ref().unwrap().wire();
    assert_eq!(
        xml_text(&body, &["InvalidationBatch", "CallerReference"]).as_deref(),
        Some("isrctl-1-2-1")
    );
    assert_eq!(
        xml_text(&body, &["InvalidationBatch", "Paths", "Quantity"]).as_deref(),
        Some("2")
    );
    assert!(
        body.contains("<Path>/a&amp;b</Path><Path>/blog/*</Path>"),
        "{body}"
    );
    assert_eq!(
        xml_text(&body, &["InvalidationBatch", "Paths", "Items", "Path"]).as_deref(),
        Some("/a&b")
    );
    assert!(body.contains("xmlns=\"http://cloudfront.amazonaws.com/doc/2020-05-31/\""));
    let second = reqs[1].body.as_ref().unwrap().wire();
    assert!(second.contains("<CallerReference>isrctl-1-2-2</CallerReference>"));
    let stem = caller_reference(std::time::SystemTime::now());
    let parts: Vec<&str> = stem.split('-').collect();
    assert_eq!(parts[0], "isrctl");
    assert!(
        parts[1..].iter().all(|p| p.parse::<u128>().is_ok()),
        "{stem}"
    );
}

#[test]
fn answers_are_read_from_xml() {
    let ok = r#"<?xml version="1.0"?><Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status><CreateTime>2019-12-05T18:40:49.413Z</CreateTime></Invalidation>"#;
    assert_eq!(
        read_invalidation(ok),
        Some(("I2J0I21PCUYOIK".into(), "InProgress".into()))
    );
    assert!(matches!(read_ok(ok), Ok(Ids::One(Some(ref id))) if id == "I2J0I21PCUYOIK"));
    assert!(read_ok("<Other/>").is_err());
    let err = r#"<ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"><Error><Type>Sender</Type><Code>TooManyInvalidationsInProgress</Code><Message>Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.</Message></Error><RequestId>r1</RequestId></ErrorResponse>"#;
    assert_eq!(
        error_message(err).unwrap(),
        "TooManyInvalidationsInProgress: Processing your request will cause you to exceed the \
         maximum number of in-progress wildcard invalidations."
    );
    assert!(!is_throttling(err));
    assert!(is_throttling(
        "<ErrorResponse><Error><Code>Throttling</Code></Error></ErrorResponse>"
    ));
    assert_eq!(error_message("not xml at all"), None);
    let g = get_invalidation(API, "E1", "I 1", &signer());
    assert_eq!(
        g.url.wire(),
        "https://cloudfront.amazonaws.com/2020-05-31/distribution/E1/invalidation/I%201"
    );
}

//! Revalidation to every instance: a multi-pod `next start` deployment keeps one cache per pod,
//! so a revalidation reaches only the pod that received it. Each planned request is copied once
//! per instance it must reach: every `--resolve HOST:PORT:ADDR` address of its URL's host and
//! port (else the host itself). When the requests reach more than one instance (several
//! addresses, or several `--endpoint`s), each item is labelled with its instance, so the report
//! says pod by pod what happened.

use crate::providers::{Planned, Via, number};
use std::net::SocketAddr;

/// The requests, one per instance each must reach, numbered again; and how many instances they
/// reach (distinct origins and addresses).
pub fn fan_out(reqs: Vec<Planned>, resolve: &[(String, SocketAddr)]) -> (Vec<Planned>, usize) {
    let mut out: Vec<(Planned, String)> = Vec::new();
    for r in reqs {
        let Some((host, port)) = host_port(&r.url.wire()) else {
            out.push((r, String::new()));
            continue;
        };
        let vias: Vec<Via> = resolve
            .iter()
            .filter(|(h, a)| h.eq_ignore_ascii_case(&host) && a.port() == port)
            .map(|(_, addr)| Via {
                host: host.clone(),
                addr: *addr,
            })
            .collect();
        if vias.is_empty() {
            out.push((r, format!("{host}:{port}")));
            continue;
        }
        for v in vias {
            let label = v.addr.to_string();
            let mut copy = r.clone();
            copy.via = Some(v);
            out.push((copy, label));
        }
    }
    let mut instances: Vec<&str> = out.iter().map(|(_, l)| l.as_str()).collect();
    instances.sort_unstable();
    instances.dedup();
    let reached = instances.len();
    let several = reached > 1;
    let reqs = out
        .into_iter()
        .map(|(mut r, label)| {
            if several && !label.is_empty() {
                for i in &mut r.items {
                    *i = format!("{i} @ {label}");
                }
            }
            r
        })
        .collect();
    (number(reqs), reached)
}

fn host_port(url: &str) -> Option<(String, u16)> {
    let u = url::Url::parse(url).ok()?;
    Some((u.host_str()?.to_string(), u.port_or_known_default()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::request::Text;
    use crate::providers::Kind;

    fn req(url: &str, item: &str) -> Planned {
        Planned::new("POST", Text::lit(url), Kind::NextEndpoint).items(vec![item.into()])
    }

    #[test]
    fn one_copy_per_resolved_address_labelled_by_it() {
        let pods: Vec<(String, SocketAddr)> = vec![
            ("site.test".into(), "127.0.0.1:3001".parse().unwrap()),
            ("site.test".into(), "127.0.0.2:3001".parse().unwrap()),
            ("other.test".into(), "127.0.0.3:3001".parse().unwrap()),
        ];
        let reqs = vec![
            req("http://site.test:3001/api/revalidate", "/a"),
            req("http://site.test:3001/api/revalidate", "tag:posts"),
        ];
        let (out, reached) = fan_out(reqs, &pods);
        let items: Vec<&str> = out.iter().map(|r| r.items[0].as_str()).collect();
        assert_eq!(
            items,
            [
                "/a @ 127.0.0.1:3001",
                "/a @ 127.0.0.2:3001",
                "tag:posts @ 127.0.0.1:3001",
                "tag:posts @ 127.0.0.2:3001"
            ]
        );
        assert_eq!(
            out.iter().map(|r| r.batch).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
        assert_eq!(
            out[1].via.as_ref().unwrap().curl_form(),
            "site.test:3001:127.0.0.2"
        );
        assert_eq!(reached, 2);
    }

    #[test]
    fn one_instance_keeps_items_as_they_are_and_several_endpoints_are_labelled() {
        let (out, reached) = fan_out(vec![req("https://site.test/api/r", "/a")], &[]);
        assert_eq!(out[0].items, ["/a"]);
        assert_eq!(reached, 1);
        assert!(out[0].via.is_none());
        // A --resolve for another port does not apply.
        let other_port = [("site.test".to_string(), "127.0.0.1:80".parse().unwrap())];
        let (out, _) = fan_out(vec![req("https://site.test/api/r", "/a")], &other_port);
        assert!(out[0].via.is_none());
        let (out, reached) = fan_out(
            vec![
                req("http://pod-a:3000/api/r", "/a"),
                req("http://pod-b:3000/api/r", "/a"),
            ],
            &[],
        );
        assert_eq!(reached, 2);
        assert_eq!(out[0].items, ["/a @ pod-a:3000"]);
        assert_eq!(out[1].items, ["/a @ pod-b:3000"]);
    }
}

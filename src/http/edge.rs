//! Which POP, edge or instance answered: the location hints vendors put in response headers
//! (`cf-ray`, `x-served-by`, `x-amz-cf-pop`, `x-vercel-id`, `fly-request-id`, Akamai's and
//! Squid's `x-cache ... from HOST`, a `Via` that names a Varnish or Traffic Server host), read into
//! one `Edge`. Pure and total: garbage yields no hint, never a panic. No IO.
//!
//! Formats (docs/probe.md cites each source): `cf-ray: <16 hex>-<IATA colo>`; Fastly
//! `x-served-by: cache-{datacenter}{nodeid}-{DATACENTER}` per node, shield first and the edge
//! last; `x-amz-cf-pop: FRA56-P5`; `x-vercel-id: <edge region>::[<function region>::]<id>`;
//! `fly-request-id: <ULID>-<region>`.

use reqwest::header::HeaderMap;
use serde::Serialize;

/// Where one response came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Edge {
    /// Who runs it: `cloudflare`, `fastly`, `cloudfront`, `vercel`, `fly`, `akamai`, `squid`,
    /// `proxy` (an `x-cache ... from HOST` of another), `varnish`, `trafficserver`, `bunny`,
    /// `edge`, or `header` (`--pop-header`).
    pub vendor: String,
    /// The POP, region or instance: `FRA`, `AMS`, `FRA56-P5`, `fra1`, `cdg`, a host name.
    pub pop: String,
    /// A finer node when the header names one (Fastly's cache server, Vercel's function region).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The header it was read from (lowercase).
    pub header: String,
}

impl Edge {
    fn new(vendor: &str, pop: &str, header: &str) -> Edge {
        Edge {
            vendor: vendor.into(),
            pop: pop.into(),
            node: None,
            header: header.into(),
        }
    }

    fn with_node(mut self, node: &str) -> Edge {
        self.node = Some(node.into());
        self
    }
}

fn first(h: &HeaderMap, name: &str) -> Option<String> {
    let v = h.get(name)?;
    let s = String::from_utf8_lossy(v.as_bytes()).trim().to_string();
    (!s.is_empty()).then_some(s)
}

fn is_code(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `cf-ray: 8f1c2a3b4c5d6e7f-FRA` → FRA.
pub fn cloudflare(v: &str) -> Option<Edge> {
    let (_, colo) = v.trim().rsplit_once('-')?;
    is_code(colo, 3, 4).then(|| Edge::new("cloudflare", &colo.to_ascii_uppercase(), "cf-ray"))
}

/// `x-served-by: cache-sea1927-SEA, cache-ams4133-AMS` → AMS (the last entry is the edge nearest
/// the client), node `cache-ams4133-AMS`.
pub fn fastly(v: &str) -> Option<Edge> {
    let node = v.split(',').map(str::trim).rfind(|e| !e.is_empty())?;
    let (_, dc) = node.strip_prefix("cache-")?.rsplit_once('-')?;
    is_code(dc, 3, 4)
        .then(|| Edge::new("fastly", &dc.to_ascii_uppercase(), "x-served-by").with_node(node))
}

/// `x-amz-cf-pop: FRA56-P5` → the edge location as given.
pub fn cloudfront(v: &str) -> Option<Edge> {
    let v = v.trim();
    let ok =
        !v.is_empty() && v.len() <= 16 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    ok.then(|| Edge::new("cloudfront", v, "x-amz-cf-pop"))
}

fn vercel_region(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 4 && b[..3].iter().all(u8::is_ascii_lowercase) && b[3].is_ascii_digit()
}

/// `x-vercel-id: fra1::iad1::xxxxx-1785503522021-4b2b` → fra1 (the edge region), node iad1 (the
/// function's region, present when a function ran).
pub fn vercel(v: &str) -> Option<Edge> {
    let parts: Vec<&str> = v.trim().split("::").collect();
    let regions: Vec<&str> = parts[..parts.len().saturating_sub(1)]
        .iter()
        .copied()
        .take_while(|p| vercel_region(p))
        .collect();
    let edge = Edge::new("vercel", regions.first()?, "x-vercel-id");
    Some(match regions.get(1) {
        Some(f) => edge.with_node(&format!("function {f}")),
        None => edge,
    })
}

/// `fly-request-id: 01GEE8D86XET662W2T18NZN9G8-cdg` → cdg.
pub fn fly(v: &str) -> Option<Edge> {
    let (_, region) = v.trim().rsplit_once('-')?;
    let ok = region.len() == 3 && region.bytes().all(|b| b.is_ascii_lowercase());
    ok.then(|| Edge::new("fly", region, "fly-request-id"))
}

/// `x-cache: TCP_HIT from a23-45-67-89.deploy.akamaitechnologies.com (AkamaiGHost/...)` (Akamai)
/// or `HIT from proxy-2` (Squid, named so by `edges` when its other headers say so; `proxy`
/// otherwise): the host after `from`.
pub fn x_cache_host(v: &str) -> Option<Edge> {
    let entry = v.split(',').map(str::trim).next_back()?;
    let mut words = entry.split_whitespace();
    words.by_ref().find(|w| w.eq_ignore_ascii_case("from"))?;
    let host = words.next()?;
    // A `host:port` form keeps the host.
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    };
    if host.is_empty() || host.eq_ignore_ascii_case("cloudfront") {
        return None;
    }
    if host.contains("akamaitechnologies") || entry.starts_with("TCP_") {
        let short = host.split('.').next().unwrap_or(host);
        return Some(Edge::new("akamai", short, "x-cache"));
    }
    Some(Edge::new("proxy", host, "x-cache"))
}

/// `Via: 1.1 web-2 (Varnish/7.1)` or `http/1.1 cache-1 (ApacheTrafficServer/9.2 [cHs f ])`: the
/// host of the Varnish or Traffic Server hop nearest the client (the last one).
pub fn via(v: &str) -> Option<Edge> {
    v.split(',').rev().find_map(|hop| {
        let mut words = hop.split_whitespace();
        let _protocol = words.next()?;
        let host = words.next()?;
        let rest = words.collect::<Vec<_>>().join(" ").to_ascii_lowercase();
        let vendor = if rest.contains("varnish") {
            "varnish"
        } else if rest.contains("apachetrafficserver") || rest.contains("ats/") {
            "trafficserver"
        } else {
            return None;
        };
        // `1.1 varnish (Varnish/6.0)`: no host name, only the product.
        (!host.eq_ignore_ascii_case("varnish")).then(|| Edge::new(vendor, host, "via"))
    })
}

/// Reads one header's value.
type Parser = fn(&str) -> Option<Edge>;

/// Every hint in the headers, client-nearest first (CDNs, then reverse proxies).
pub fn edges(h: &HeaderMap) -> Vec<Edge> {
    let parsers: [(&str, Parser); 6] = [
        ("cf-ray", cloudflare),
        ("x-amz-cf-pop", cloudfront),
        ("x-served-by", fastly),
        ("x-vercel-id", vercel),
        ("x-cache", x_cache_host),
        ("fly-request-id", fly),
    ];
    let mut out: Vec<Edge> = parsers
        .iter()
        .filter_map(|(name, parse)| first(h, name).as_deref().and_then(parse))
        .collect();
    let squid = h.contains_key("x-cache-lookup")
        || first(h, "via").is_some_and(|v| v.to_ascii_lowercase().contains("squid"));
    for e in out.iter_mut().filter(|e| e.vendor == "proxy" && squid) {
        e.vendor = "squid".into();
    }
    if let Some(s) = first(h, "server")
        && let Some(pop) = s.strip_prefix("BunnyCDN-")
        && !pop.is_empty()
    {
        out.push(Edge::new("bunny", pop, "server"));
    }
    if let Some(p) = first(h, "x-edge-location") {
        out.push(Edge::new("edge", &p, "x-edge-location"));
    }
    out.extend(first(h, "via").as_deref().and_then(via));
    out
}

/// The hint of the layer that answered: the one whose vendor is `answered_by` (the headline cache
/// layer's source), else the client-nearest one.
pub fn locate(h: &HeaderMap, answered_by: Option<&str>) -> Option<Edge> {
    let all = edges(h);
    let matching = answered_by.and_then(|src| all.iter().position(|e| e.vendor == src));
    all.into_iter().nth(matching.unwrap_or(0))
}

/// `--pop-header NAME`: the header's value as the instance (for a load balancer or app that names
/// the instance that answered).
pub fn from_header(h: &HeaderMap, name: &str) -> Option<Edge> {
    let v = first(h, name)?;
    let v: String = v.chars().take(64).collect();
    Some(Edge::new("header", &v, &name.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                reqwest::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    #[test]
    fn cloudflare_ray_suffix_is_the_colo() {
        // "8f1c…-FRA": /work/shared/reference/cache-headers.md §4; the GitLab MR 31983 fix
        // ("The Cf-Ray header ends with a suffix of the datacenter (e.g. -IAD)").
        assert_eq!(cloudflare("8f1c2a3b4c5d6e7f-FRA").unwrap().pop, "FRA");
        assert_eq!(cloudflare("7d5e8f9a0b1c2d3e-iad").unwrap().pop, "IAD");
        assert_eq!(cloudflare("8f1c2a3b4c5d6e7f"), None);
        assert_eq!(cloudflare("x-"), None);
    }

    #[test]
    fn fastly_edge_is_the_last_node() {
        // https://www.fastly.com/documentation/reference/http/http-headers/X-Served-By:
        // "cache-{datacenter}{nodeid}-{datacenter}", comma-separated with shielding; the
        // drupal.org capture "cache-sea1927-SEA, cache-ams4133-AMS" (shield first, edge last).
        let e = fastly("cache-sea1927-SEA, cache-ams4133-AMS").unwrap();
        assert_eq!(
            (e.pop.as_str(), e.node.as_deref()),
            ("AMS", Some("cache-ams4133-AMS"))
        );
        assert_eq!(fastly("cache-jfk1041-JFK").unwrap().pop, "JFK");
        assert_eq!(fastly("web-1"), None);
        assert_eq!(fastly(""), None);
    }

    #[test]
    fn cloudfront_pop_and_vercel_regions() {
        // x-amz-cf-pop "FRA56-P5", "DFW3": cache-headers.md §6 (the log field x-edge-location).
        assert_eq!(cloudfront("FRA56-P5").unwrap().pop, "FRA56-P5");
        assert_eq!(cloudfront("no spaces allowed"), None);
        // https://vercel.com/docs/headers/request-headers: "a list of Vercel regions your request
        // hit, as well as the region the function was executed in"; shapes "cpt1::qfn69-…" and
        // "fra1::iad1::xxxxx-…" (cache-headers.md §3, the community thread "sfo1::fra1").
        let cdn = vercel("cpt1::qfn69-1785503522021-4b2b391b2570").unwrap();
        assert_eq!((cdn.pop.as_str(), cdn.node), ("cpt1", None));
        let f = vercel("fra1::iad1::abcde-1785503522021-4b2b391b2570").unwrap();
        assert_eq!(
            (f.pop.as_str(), f.node.as_deref()),
            ("fra1", Some("function iad1"))
        );
        assert_eq!(vercel("nonsense"), None);
        assert_eq!(vercel("::"), None);
    }

    #[test]
    fn fly_request_id_suffix_is_the_region() {
        // Public captures: "fly-request-id: 01GEE8D86XET662W2T18NZN9G8-cdg",
        // "01K8RS9B59AX0ZS77B4YBQJJ1R-iad"; older ids had no suffix ("01F8VV5BC6BVZVS3BHTGSP0148").
        assert_eq!(fly("01GEE8D86XET662W2T18NZN9G8-cdg").unwrap().pop, "cdg");
        assert_eq!(fly("01F8VV5BC6BVZVS3BHTGSP0148"), None);
    }

    #[test]
    fn akamai_squid_and_via_hosts() {
        // Akamai: "X-Cache: TCP_HIT from a199-117-103-28.deploy.akamaitechnologies.com
        // (AkamaiGHost/9.0.2.1-20488781) (-)" (IBM Cloud CDN docs capture).
        let a = x_cache_host(
            "TCP_HIT from a199-117-103-28.deploy.akamaitechnologies.com (AkamaiGHost/9.0.2.1-20488781) (-)",
        )
        .unwrap();
        assert_eq!(
            (a.vendor.as_str(), a.pop.as_str()),
            ("akamai", "a199-117-103-28")
        );
        // Squid 5.7 (tests/fixtures/README.md): "HIT from isrctl-e2e", beside
        // "X-Cache-Lookup: HIT from isrctl-e2e:3128" and "Via: 1.1 isrctl-e2e (squid/5.7)".
        let s = x_cache_host("HIT from isrctl-e2e").unwrap();
        assert_eq!((s.vendor.as_str(), s.pop.as_str()), ("proxy", "isrctl-e2e"));
        let squid = hm(&[
            ("x-cache", "HIT from isrctl-e2e"),
            ("via", "1.1 isrctl-e2e (squid/5.7)"),
        ]);
        assert_eq!(locate(&squid, Some("squid")).unwrap().vendor, "squid");
        let lookup = hm(&[
            ("x-cache", "MISS from proxy-2"),
            ("x-cache-lookup", "MISS from proxy-2:3128"),
        ]);
        assert_eq!(edges(&lookup)[0].vendor, "squid");
        assert_eq!(x_cache_host("Hit from cloudfront"), None);
        assert_eq!(x_cache_host("HIT"), None);
        let v = via("1.1 fly.io, 1.1 web-2 (Varnish/7.1)").unwrap();
        assert_eq!((v.vendor.as_str(), v.pop.as_str()), ("varnish", "web-2"));
        assert_eq!(via("1.1 varnish (Varnish/6.0)"), None);
        let t = via("http/1.1 cache-1 (ApacheTrafficServer/9.2.5 [cHs f ])").unwrap();
        assert_eq!(
            (t.vendor.as_str(), t.pop.as_str()),
            ("trafficserver", "cache-1")
        );
    }

    #[test]
    fn the_answering_layer_wins_else_the_nearest() {
        let h = hm(&[
            ("cf-ray", "8f1c2a3b4c5d6e7f-FRA"),
            ("x-vercel-id", "fra1::iad1::abcde-1-2"),
        ]);
        assert_eq!(locate(&h, None).unwrap().vendor, "cloudflare");
        assert_eq!(locate(&h, Some("vercel")).unwrap().pop, "fra1");
        assert_eq!(locate(&h, Some("nextjs")).unwrap().pop, "FRA");
        assert_eq!(locate(&HeaderMap::new(), None), None);
        let custom = from_header(&hm(&[("x-instance", "pod-7")]), "X-Instance").unwrap();
        assert_eq!(
            (custom.pop.as_str(), custom.header.as_str()),
            ("pod-7", "x-instance")
        );
    }
}

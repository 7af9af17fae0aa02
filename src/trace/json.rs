//! JSON-lines traces: one object per line, its time, path and method found under the names in
//! [`TIME_FIELDS`], [`PATH_FIELDS`] and [`METHOD_FIELDS`], at the top or inside the objects named
//! in [`NESTED`] (Vercel's `proxy`, Caddy's `request`, ECS's `http` and `url`). One pass of
//! serde_json over the line with a visitor: other values are skipped unread, strings are borrowed.

use crate::engine::Time;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

/// Names of a time field, in order of preference: generic ones, nginx `log_format` variables,
/// Vercel log drains (`timestamp`, ms) and `vercel logs -j` (`timestampInMs`), Cloudflare
/// Logpush (`EdgeStartTimestamp`).
pub const TIME_FIELDS: &[&str] = &[
    "time",
    "timestamp",
    "ts",
    "@timestamp",
    "date",
    "time_iso8601",
    "time_local",
    "msec",
    "timestampInMs",
    "EdgeStartTimestamp",
];
/// Names of a path field, in order of preference (a full URL gives its path; `request` may be a
/// request line, `GET /p HTTP/1.1`).
pub const PATH_FIELDS: &[&str] = &[
    "path",
    "url",
    "uri",
    "request_uri",
    "request",
    "requestPath",
    "ClientRequestURI",
    "ClientRequestPath",
];
/// Names of a method field; when one is there, requests other than GET and HEAD are skipped.
pub const METHOD_FIELDS: &[&str] = &[
    "method",
    "request_method",
    "requestMethod",
    "ClientRequestMethod",
];
/// Objects looked into for the same names (a field inside one wins over one outside it).
pub const NESTED: &[&str] = &["proxy", "request", "http", "url"];

/// How deep nested objects are looked into.
const MAX_DEPTH: u8 = 3;

/// A candidate value and its rank (lower wins: deeper first, then earlier in the list).
type Ranked<T> = Option<(u16, T)>;

#[derive(Debug)]
enum TimeVal<'a> {
    Int(i64),
    Float(f64),
    Str(Cow<'a, str>),
}

#[derive(Debug, Default)]
struct Found<'a> {
    time: Ranked<TimeVal<'a>>,
    path: Ranked<Cow<'a, str>>,
    method: Ranked<Cow<'a, str>>,
}

fn rank(depth: u8, index: usize) -> u16 {
    (u16::from(MAX_DEPTH - depth) << 8) | index as u16
}

fn offer<T>(slot: &mut Ranked<T>, r: u16, v: T) {
    if slot.as_ref().is_none_or(|(have, _)| r < *have) {
        *slot = Some((r, v));
    }
}

/// One object (the line, or a nested one) at `depth`.
struct Object<'f, 'a> {
    found: &'f mut Found<'a>,
    depth: u8,
}

impl<'de> DeserializeSeed<'de> for Object<'_, 'de> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Object<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        while let Some(Str(key)) = map.next_key::<Str<'de>>()? {
            let key = key.as_ref();
            let nested = self.depth < MAX_DEPTH && NESTED.contains(&key);
            let path = PATH_FIELDS.iter().position(|k| *k == key);
            if nested || path.is_some() {
                map.next_value_seed(Any {
                    found: &mut *self.found,
                    depth: self.depth,
                    role: Role::Path(path.map(|i| rank(self.depth, i))),
                    nested,
                })?;
            } else if let Some(i) = TIME_FIELDS.iter().position(|k| *k == key) {
                map.next_value_seed(Any {
                    found: &mut *self.found,
                    depth: self.depth,
                    role: Role::Time(rank(self.depth, i)),
                    nested: false,
                })?;
            } else if let Some(i) = METHOD_FIELDS.iter().position(|k| *k == key) {
                map.next_value_seed(Any {
                    found: &mut *self.found,
                    depth: self.depth,
                    role: Role::Method(rank(self.depth, i)),
                    nested: false,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Role {
    Time(u16),
    Path(Option<u16>),
    Method(u16),
}

/// A value of a known name: kept if of a type its role takes, looked into if an object of a
/// nested name, skipped otherwise.
struct Any<'f, 'a> {
    found: &'f mut Found<'a>,
    depth: u8,
    role: Role,
    nested: bool,
}

impl<'de> DeserializeSeed<'de> for Any<'_, 'de> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Any<'_, 'de> {
    fn string(self, s: Cow<'de, str>) {
        match self.role {
            Role::Time(r) => offer(&mut self.found.time, r, TimeVal::Str(s)),
            Role::Path(Some(r)) => offer(&mut self.found.path, r, s),
            Role::Method(r) => offer(&mut self.found.method, r, s),
            Role::Path(None) => {}
        }
    }

    fn number(self, v: TimeVal<'de>) {
        if let Role::Time(r) = self.role {
            offer(&mut self.found.time, r, v);
        }
    }
}

impl<'de> Visitor<'de> for Any<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<(), E> {
        self.string(Cow::Borrowed(s));
        Ok(())
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        self.string(Cow::Owned(s.to_owned()));
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.number(i64::try_from(v).map_or(TimeVal::Float(v as f64), TimeVal::Int));
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.number(TimeVal::Int(v));
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.number(TimeVal::Float(v));
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        if self.nested {
            return Object {
                found: self.found,
                depth: self.depth + 1,
            }
            .visit_map(map);
        }
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

/// A string, borrowed from the line when it has no escapes.
struct Str<'a>(Cow<'a, str>);

impl<'de> de::Deserialize<'de> for Str<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(s.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A JSON time value to microseconds: an epoch number (unit by magnitude), an RFC 3339 or
/// numeric string, or nginx's `$time_local` (`10/Oct/2000:13:55:36 +0000`).
fn time_of(v: &TimeVal) -> Result<Time, String> {
    let bad = || "a time out of range".to_string();
    match v {
        TimeVal::Int(n) => super::time::from_i64(*n).ok_or_else(bad),
        TimeVal::Float(x) => super::time::from_f64(*x).ok_or_else(bad),
        TimeVal::Str(s) => super::time::parse_time(s.as_bytes())
            .or_else(|e| super::combined::parse_stamp(s.as_bytes()).ok_or(e)),
    }
}

fn is_get(method: &str) -> bool {
    method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD")
}

/// A path value that is a request line (`GET /p HTTP/1.1`): its method and target.
fn request_line(s: &str) -> Option<(&str, &str)> {
    let (method, rest) = s.split_once(' ')?;
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    Some((method, rest.split(' ').next().unwrap_or(rest)))
}

/// Parse a line: `Ok(None)` for a request that is not GET or HEAD. A path with JSON escapes is
/// unescaped into the start of the line (never longer than its escaped form).
pub fn parse(line: &mut [u8]) -> Result<Option<super::Record>, String> {
    let (time, method_ok, path) = {
        let mut found = Found::default();
        let mut de = serde_json::Deserializer::from_slice(line);
        Object {
            found: &mut found,
            depth: 0,
        }
        .deserialize(&mut de)
        .and_then(|()| de.end())
        .map_err(|e| format!("not a JSON object: {e}"))?;
        let Some((_, t)) = &found.time else {
            return Err(format!("no time field ({})", TIME_FIELDS.join(", ")));
        };
        let time = time_of(t)?;
        let Some((_, p)) = &found.path else {
            return Err(format!("no path field ({})", PATH_FIELDS.join(", ")));
        };
        let (method, path) = match request_line(p) {
            Some((m, target)) => (found.method.as_ref().map_or(m, |x| x.1.as_ref()), target),
            None => (
                found.method.as_ref().map_or("GET", |x| x.1.as_ref()),
                p.as_ref(),
            ),
        };
        // Borrowed from the line: its range; else a copy, written back below.
        let base = line.as_ptr() as usize;
        let at = path.as_ptr() as usize;
        let range = if at >= base && at + path.len() <= base + line.len() {
            Ok((at - base, at - base + path.len()))
        } else {
            Err(path.as_bytes().to_vec())
        };
        (time, is_get(method), range)
    };
    if !method_ok {
        return Ok(None);
    }
    let range = match path {
        Ok(r) => r,
        Err(owned) => {
            line[..owned.len()].copy_from_slice(&owned);
            (0, owned.len())
        }
    };
    Ok(Some((time, range)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(line: &str) -> Result<Option<(Time, String)>, String> {
        let mut l = line.as_bytes().to_vec();
        Ok(parse(&mut l)?.map(|(t, (s, e))| (t, String::from_utf8_lossy(&l[s..e]).into_owned())))
    }

    const T: Time = 1_700_000_000_000_000;

    #[test]
    fn generic_names() {
        for (line, path) in [
            (r#"{"time":1700000000,"path":"/a"}"#, "/a"),
            (r#"{"timestamp":"2023-11-14T22:13:20Z","url":"/b"}"#, "/b"),
            (r#"{"ts":1700000000.0,"uri":"/c?x=1"}"#, "/c?x=1"),
            (
                r#"{"@timestamp":"2023-11-14T22:13:20Z","request_uri":"/d"}"#,
                "/d",
            ),
            (
                r#"{"date":"2023-11-14 22:13:20","request":"GET /e HTTP/1.1"}"#,
                "/e",
            ),
            (
                r#"{"time_local":"14/Nov/2023:22:13:20 +0000","request":"/f"}"#,
                "/f",
            ),
        ] {
            assert_eq!(get(line).unwrap(), Some((T, path.into())), "{line}");
        }
        assert_eq!(
            get(r#"{"time":1700000000,"request":"POST /api HTTP/1.1"}"#).unwrap(),
            None
        );
    }

    #[test]
    fn vercel_log_drains() {
        // The drain's own timestamp is when the log was written; proxy.timestamp and
        // proxy.path are the request's, and win.
        let line = r#"{"id":"1","message":"x","timestamp":1700000000999,"source":"static","host":"a.vercel.app","path":"/index","proxy":{"timestamp":1700000000000,"method":"GET","scheme":"https","host":"a.com","path":"/blog/1?ref=x","userAgent":["Mozilla"],"statusCode":200,"vercelCache":"HIT"}}"#;
        assert_eq!(get(line).unwrap(), Some((T, "/blog/1?ref=x".into())));
        let post =
            r#"{"timestamp":1700000000000,"path":"/api","proxy":{"method":"POST","path":"/api"}}"#;
        assert_eq!(get(post).unwrap(), None);
        let cli = r#"{"timestampInMs":1700000000000,"requestMethod":"GET","requestPath":"/p"}"#;
        assert_eq!(get(cli).unwrap(), Some((T, "/p".into())));
    }

    #[test]
    fn cloudflare_logpush() {
        for stamp in [
            "\"2023-11-14T22:13:20Z\"",
            "1700000000",
            "1700000000000",
            "1700000000000000000",
        ] {
            let line = format!(
                r#"{{"ClientRequestHost":"a.com","ClientRequestMethod":"GET","ClientRequestPath":"/x","ClientRequestURI":"/x?y=1","EdgeStartTimestamp":{stamp},"EdgeResponseStatus":200}}"#
            );
            assert_eq!(get(&line).unwrap(), Some((T, "/x?y=1".into())), "{line}");
        }
        let head = r#"{"ClientRequestMethod":"HEAD","ClientRequestURI":"/h","EdgeStartTimestamp":1700000000}"#;
        assert!(get(head).unwrap().is_some());
        let purge = r#"{"ClientRequestMethod":"PURGE","ClientRequestURI":"/h","EdgeStartTimestamp":1700000000}"#;
        assert_eq!(get(purge).unwrap(), None);
    }

    #[test]
    fn caddy_and_ecs_nesting() {
        let caddy = r#"{"level":"info","ts":1700000000.0,"logger":"http.log.access","request":{"method":"GET","host":"a","uri":"/c","headers":{"Date":["x"]}},"status":200}"#;
        assert_eq!(get(caddy).unwrap(), Some((T, "/c".into())));
        let ecs = r#"{"@timestamp":"2023-11-14T22:13:20Z","http":{"request":{"method":"get"}},"url":{"path":"/e","original":"/e?q"}}"#;
        assert_eq!(get(ecs).unwrap(), Some((T, "/e".into())));
    }

    #[test]
    fn escaped_paths_are_unescaped_and_full_urls_kept_for_the_reader() {
        assert_eq!(
            get(r#"{"time":1700000000,"path":"\/a\/b\u0020c"}"#).unwrap(),
            Some((T, "/a/b c".into()))
        );
        assert_eq!(
            get(r#"{"time":1700000000,"url":"https://ex.com/a"}"#).unwrap(),
            Some((T, "https://ex.com/a".into()))
        );
    }

    #[test]
    fn what_cannot_be_read_says_why() {
        let e = get(r#"{"time":1700000000,"path":"/a"#).unwrap_err();
        assert!(e.starts_with("not a JSON object"), "{e}");
        assert!(
            get(r#"{"path":"/a"}"#)
                .unwrap_err()
                .contains("no time field")
        );
        assert!(get(r#"{"time":1}"#).unwrap_err().contains("no path field"));
        assert!(
            get(r#"{"time":"soon","path":"/a"}"#)
                .unwrap_err()
                .contains("soon")
        );
        assert!(get(r#"[1,2]"#).is_err());
        assert!(get(r#"{"time":1,"path":"/a"} trailing"#).is_err());
        // Values of other types under a known name are not taken.
        assert!(
            get(r#"{"time":true,"path":"/a"}"#)
                .unwrap_err()
                .contains("no time field")
        );
    }
}

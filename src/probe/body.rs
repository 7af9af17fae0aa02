//! A response body's identity: decoded from its `Content-Encoding` (gzip, deflate, br, zstd) as
//! it streams, and hashed (xxh3) as a visitor's browser would see it, never buffered.
//!
//! The content version is the hash of the DECODED body: the same page served gzip to one sample
//! and brotli to the next (or re-compressed by another node) is the same version. Both sides are
//! bounded by the cap: at most `cap` bytes are read from the wire and at most `cap` decoded bytes
//! are hashed, so neither an endless body nor a decompression bomb can hang or exhaust memory.
//! A body that cannot be decoded (unknown or stacked coding, corrupt data) is hashed as received,
//! and the sample says so. The first decoded bytes are kept (`Digest::prefix`) to tell an HTML
//! page from an RSC payload (`probe::kind`).

use std::io::{self, Write};
use xxhash_rust::xxh3::Xxh3;

/// Content codings the probe asks for by default, as a browser does.
pub const BROWSER_ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";

/// The decoded side: hashes at most `cap` bytes, then refuses more (which stops the decoder).
struct Hashed {
    hasher: Xxh3,
    bytes: u64,
    cap: u64,
    full: bool,
    /// The first `PREFIX` decoded bytes, to tell an HTML page from an RSC payload.
    prefix: Vec<u8>,
}

/// Decoded bytes kept from the start of a body.
pub const PREFIX: usize = 64;

impl Write for Hashed {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.cap.saturating_sub(self.bytes);
        let take = (buf.len() as u64).min(room) as usize;
        let keep = PREFIX.saturating_sub(self.prefix.len()).min(take);
        self.prefix.extend_from_slice(&buf[..keep]);
        self.hasher.update(&buf[..take]);
        self.bytes += take as u64;
        if take < buf.len() {
            self.full = true;
            return Err(io::Error::other("body cap reached"));
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

enum Decoder {
    Identity(Hashed),
    Gzip(flate2::write::GzDecoder<Hashed>),
    Deflate(flate2::write::ZlibDecoder<Hashed>),
    Brotli(Box<brotli_decompressor::DecompressorWriter<Hashed>>),
    Zstd(zstd::stream::write::Decoder<'static, Hashed>),
}

impl Decoder {
    fn sink(&self) -> &Hashed {
        match self {
            Decoder::Identity(h) => h,
            Decoder::Gzip(d) => d.get_ref(),
            Decoder::Deflate(d) => d.get_ref(),
            Decoder::Brotli(d) => d.get_ref(),
            Decoder::Zstd(d) => d.get_ref(),
        }
    }
}

/// What the body turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digest {
    /// `body:<xxh3 hex>` of the decoded body (of the received bytes when it could not be decoded).
    pub content_id: String,
    /// Bytes hashed: decoded bytes, or received bytes when not decoded.
    pub body_bytes: u64,
    /// Bytes received (before decoding), when the body had a content coding.
    pub encoded_bytes: Option<u64>,
    /// The cap cut the body short (the hash covers the first `body_bytes`).
    pub truncated: bool,
    /// Why the body was hashed as received instead of decoded.
    pub not_decoded: Option<String>,
    /// The first decoded bytes (empty when the body could not be decoded).
    pub prefix: Vec<u8>,
}

/// Feeds a body through its decoder into the hash.
pub struct BodyHash {
    raw: Xxh3,
    raw_bytes: u64,
    cap: u64,
    coding: Option<String>,
    decoder: Option<Decoder>,
    not_decoded: Option<String>,
    truncated: bool,
}

impl BodyHash {
    /// `content_encoding` is the response's `Content-Encoding` value, if any.
    pub fn new(content_encoding: Option<&str>, cap: u64) -> BodyHash {
        let sink = Hashed {
            hasher: Xxh3::new(),
            bytes: 0,
            cap,
            full: false,
            prefix: Vec::new(),
        };
        let coding = content_encoding
            .map(|c| c.trim().to_ascii_lowercase())
            .filter(|c| !c.is_empty() && c != "identity");
        let (decoder, not_decoded) = match coding.as_deref() {
            None => (Some(Decoder::Identity(sink)), None),
            Some("gzip" | "x-gzip") => (
                Some(Decoder::Gzip(flate2::write::GzDecoder::new(sink))),
                None,
            ),
            Some("deflate") => (
                Some(Decoder::Deflate(flate2::write::ZlibDecoder::new(sink))),
                None,
            ),
            Some("br") => (
                Some(Decoder::Brotli(Box::new(
                    brotli_decompressor::DecompressorWriter::new(sink, 4096),
                ))),
                None,
            ),
            Some("zstd") => match zstd::stream::write::Decoder::new(sink) {
                Ok(d) => (Some(Decoder::Zstd(d)), None),
                Err(e) => (None, Some(format!("cannot start a zstd decoder ({e})"))),
            },
            Some(other) => (
                None,
                Some(format!(
                    "content coding '{other}' is not one isrctl decodes"
                )),
            ),
        };
        BodyHash {
            raw: Xxh3::new(),
            raw_bytes: 0,
            cap,
            coding,
            decoder,
            not_decoded,
            truncated: false,
        }
    }

    /// Feed one chunk as received. Returns false when no more should be read (a cap was reached).
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        let room = self.cap.saturating_sub(self.raw_bytes);
        let take = (chunk.len() as u64).min(room) as usize;
        let chunk_in = &chunk[..take];
        self.raw.update(chunk_in);
        self.raw_bytes += take as u64;
        if take < chunk.len() {
            self.truncated = true;
        }
        if let Some(d) = &mut self.decoder {
            let r = match d {
                Decoder::Identity(h) => h.write_all(chunk_in),
                Decoder::Gzip(x) => x.write_all(chunk_in),
                Decoder::Deflate(x) => x.write_all(chunk_in),
                Decoder::Brotli(x) => x.write_all(chunk_in),
                Decoder::Zstd(x) => x.write_all(chunk_in),
            };
            if let Err(e) = r {
                if d.sink().full {
                    self.truncated = true;
                } else {
                    self.fail(&e);
                }
            }
        }
        !self.truncated
    }

    fn fail(&mut self, e: &io::Error) {
        let coding = self.coding.as_deref().unwrap_or("identity");
        self.not_decoded = Some(format!("the {coding} body could not be decoded ({e})"));
        self.decoder = None;
    }

    /// The body's identity, once it has all been pushed (or a cap was reached).
    pub fn finish(mut self) -> Digest {
        // Flush what the decoder still holds; a body cut by the cap is not checked for its end.
        if !self.truncated
            && let Some(d) = self.decoder.take()
        {
            let r = match d {
                Decoder::Identity(h) => Ok(h),
                Decoder::Gzip(x) => x.finish(),
                Decoder::Deflate(x) => x.finish(),
                Decoder::Brotli(mut x) => x.flush().and_then(|()| {
                    x.into_inner()
                        .map_err(|_| io::Error::other("the brotli stream ended early"))
                }),
                Decoder::Zstd(mut x) => x.flush().map(|()| x.into_inner()),
            };
            match r {
                Ok(h) => self.decoder = Some(Decoder::Identity(h)),
                Err(e) if e.to_string() == "body cap reached" => {}
                Err(e) => self.fail(&e),
            }
        }
        let encoded_bytes = self.coding.as_ref().map(|_| self.raw_bytes);
        match &self.decoder {
            Some(d) if self.not_decoded.is_none() => {
                let h = d.sink();
                Digest {
                    content_id: format!("body:{:016x}", h.hasher.digest()),
                    body_bytes: h.bytes,
                    encoded_bytes,
                    truncated: self.truncated,
                    not_decoded: None,
                    prefix: h.prefix.clone(),
                }
            }
            _ => Digest {
                content_id: format!("body:{:016x}", self.raw.digest()),
                body_bytes: self.raw_bytes,
                encoded_bytes,
                truncated: self.truncated,
                not_decoded: self.not_decoded,
                prefix: Vec::new(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(coding: Option<&str>, body: &[u8], cap: u64, chunk: usize) -> Digest {
        let mut h = BodyHash::new(coding, cap);
        for c in body.chunks(chunk.max(1)) {
            if !h.push(c) {
                break;
            }
        }
        h.finish()
    }

    fn gzip(b: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn the_first_decoded_bytes_are_kept() {
        let page = b"<!DOCTYPE html><html>".repeat(20);
        let d = digest(Some("gzip"), &gzip(&page), 1 << 20, 7);
        assert_eq!(d.prefix, page[..PREFIX].to_vec());
        let short = digest(None, b"0:{}", 1 << 20, 1);
        assert_eq!(short.prefix, b"0:{}".to_vec());
    }

    #[test]
    fn every_coding_hashes_to_the_plain_body() {
        let page = b"<html>hello hello hello hello</html>".repeat(50);
        let plain = digest(None, &page, 1 << 20, 7);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&page).unwrap();
        let zlib = z.finish().unwrap();
        let zst = zstd::encode_all(&page[..], 3).unwrap();
        for (coding, wire) in [
            ("gzip", gzip(&page)),
            ("deflate", zlib),
            ("zstd", zst),
            ("br", brotli_fixture()),
        ] {
            let d = digest(Some(coding), &wire, 1 << 20, 5);
            let want = if coding == "br" {
                digest(None, b"hello brotli", 1 << 20, 3).content_id
            } else {
                plain.content_id.clone()
            };
            assert_eq!(d.content_id, want, "{coding}");
            assert_eq!(d.encoded_bytes, Some(wire.len() as u64), "{coding}");
            assert_eq!(d.not_decoded, None, "{coding}");
        }
        assert_eq!(plain.body_bytes, page.len() as u64);
        assert_eq!(plain.encoded_bytes, None);
    }

    /// `hello brotli` as a brotli stream of one uncompressed meta-block (RFC 7932 §9.2): window
    /// bits 0, ISLAST 0, MNIBBLES 4, MLEN-1 = 11, ISUNCOMPRESSED 1, then the bytes, then an
    /// empty last meta-block.
    fn brotli_fixture() -> Vec<u8> {
        let data = b"hello brotli";
        let bits: u32 = (((data.len() - 1) as u32) << 4) | (1 << 20);
        let mut v = bits.to_le_bytes()[..3].to_vec();
        v.extend_from_slice(data);
        v.push(0x03);
        v
    }

    #[test]
    fn corrupt_or_unknown_codings_are_hashed_as_received() {
        let d = digest(Some("gzip"), b"not gzip at all", 1 << 20, 4);
        assert!(
            d.not_decoded
                .as_deref()
                .unwrap()
                .contains("gzip body could not be decoded")
        );
        assert_eq!(
            d.content_id,
            digest(None, b"not gzip at all", 1 << 20, 4).content_id
        );
        let d = digest(Some("compress"), b"xyz", 1 << 20, 4);
        assert!(d.not_decoded.unwrap().contains("'compress'"));
        // A gzip body cut short is not a complete stream.
        let g = gzip(b"abcdef");
        let d = digest(Some("gzip"), &g[..g.len() - 4], 1 << 20, 64);
        assert!(d.not_decoded.is_some());
    }

    proptest::proptest! {
        /// However the body is cut into chunks on the wire, and whichever coding carries it, the
        /// content id is the plain body's.
        #[test]
        fn the_id_does_not_depend_on_chunks_or_coding(
            body in proptest::collection::vec(proptest::num::u8::ANY, 0..3000),
            chunk in 1usize..700,
        ) {
            let plain = digest(None, &body, 1 << 20, 4096);
            let zst = zstd::encode_all(&body[..], 1).unwrap();
            for (coding, wire) in [(None, body.clone()), (Some("gzip"), gzip(&body)), (Some("zstd"), zst)] {
                let d = digest(coding, &wire, 1 << 20, chunk);
                proptest::prop_assert_eq!(&d.content_id, &plain.content_id);
                proptest::prop_assert_eq!(d.body_bytes, body.len() as u64);
                proptest::prop_assert!(!d.truncated);
            }
        }
    }

    #[test]
    fn a_decompression_bomb_stops_at_the_cap() {
        let bomb = gzip(&vec![0u8; 4 << 20]);
        let d = digest(Some("gzip"), &bomb, 1000, 1 << 16);
        assert!(d.truncated);
        assert_eq!(d.body_bytes, 1000);
        assert_eq!(d.not_decoded, None);
        // The same for zstd: the cap is a cut, not a decoding error.
        let zst = zstd::encode_all(&vec![7u8; 100_000][..], 1).unwrap();
        assert!(zst.len() < 1000);
        let d = digest(Some("zstd"), &zst, 1000, 1 << 16);
        assert!(d.truncated);
        assert_eq!((d.body_bytes, d.not_decoded), (1000, None));
        // The wire side is capped too.
        let d = digest(None, &[b'x'; 5000], 1000, 300);
        assert!(d.truncated);
        assert_eq!(d.body_bytes, 1000);
    }
}

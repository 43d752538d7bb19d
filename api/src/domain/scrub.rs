//! Photo metadata stripping (docs/SECURITY.md, "Attachments"). A phone photo can carry its
//! owner's name, the camera's serial number and the place it was taken (EXIF, XMP, IPTC, GPS,
//! comments); on an anonymous report that would tell who the reporter is. Uploads are rewritten
//! without it, losslessly: only the segments and chunks a viewer needs to show the picture are
//! kept (the pixels are never decoded or re-encoded). A JPEG keeps its EXIF orientation alone,
//! so a phone photo is not shown on its side.

use img_parts::jpeg::{Jpeg, JpegSegment, markers};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageICC};

/// The file could not be parsed as the image type its first bytes claim.
#[derive(Debug, PartialEq, Eq)]
pub struct Unreadable;

/// Whether `scrub` rewrites files of this (sniffed) type. PDFs and videos are kept as sent
/// (see docs/SECURITY.md).
pub fn is_photo(content_type: &str) -> bool {
    matches!(
        content_type,
        "image/jpeg" | "image/png" | "image/webp" | "image/gif"
    )
}

/// A photo without its metadata; any other type is `Unreadable` as a photo.
pub fn scrub(content_type: &str, bytes: Bytes) -> Result<Bytes, Unreadable> {
    match content_type {
        "image/jpeg" => jpeg(bytes),
        "image/png" => png(bytes),
        "image/webp" => webp(bytes),
        "image/gif" => gif(&bytes).map(Bytes::from).ok_or(Unreadable),
        _ => Err(Unreadable),
    }
}

fn jpeg(bytes: Bytes) -> Result<Bytes, Unreadable> {
    let mut image = Jpeg::from_bytes(bytes).map_err(|_| Unreadable)?;
    let orientation = image
        .segments_by_marker(markers::APP1)
        .find_map(|s| exif_orientation(s.contents()));
    // JFIF (APP0), the colour profile (APP2 ICC_PROFILE) and Adobe's colour transform (APP14)
    // change how the picture looks; every other application segment and comment goes.
    image.segments_mut().retain(|s| match s.marker() {
        markers::APP0 => true,
        markers::APP2 => s.contents().starts_with(b"ICC_PROFILE\0"),
        markers::APP14 => s.contents().starts_with(b"Adobe"),
        m if (markers::APP0..=markers::APP15).contains(&m) => false,
        markers::COM => false,
        _ => true,
    });
    if let Some(o) = orientation.filter(|o| *o != 1) {
        let at = usize::from(image.segments().first().map(|s| s.marker()) == Some(markers::APP0));
        image.segments_mut().insert(
            at,
            JpegSegment::new_with_contents(markers::APP1, Bytes::from(orientation_exif(o))),
        );
    }
    Ok(image.encoder().bytes())
}

/// The Orientation (tag 0x0112) of an EXIF APP1 segment, from its first directory.
fn exif_orientation(app1: &[u8]) -> Option<u16> {
    let tiff = app1.strip_prefix(b"Exif\0\0")?;
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let b: [u8; 4] = tiff.get(4..8)?.try_into().ok()?;
    let ifd = usize::try_from(if big {
        u32::from_be_bytes(b)
    } else {
        u32::from_le_bytes(b)
    })
    .ok()?;
    (0..usize::from(u16_at(ifd)?))
        .map(|n| ifd + 2 + 12 * n)
        .find(|&entry| u16_at(entry) == Some(0x0112))
        .and_then(|entry| u16_at(entry + 8))
        .filter(|o| (1..=8).contains(o))
}

/// An EXIF segment holding one thing: the orientation.
fn orientation_exif(orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0MM\0\x2A\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    exif.extend_from_slice(&orientation.to_be_bytes());
    exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    exif
}

/// The chunks that make up the picture (and its colour and animation); text, EXIF, times and
/// private chunks go.
const PNG_KEPT: [&[u8; 4]; 14] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD", b"acTL", b"fcTL", b"fdAT",
];

fn png(bytes: Bytes) -> Result<Bytes, Unreadable> {
    let mut image = Png::from_bytes(bytes).map_err(|_| Unreadable)?;
    image.chunks_mut().retain(|c| PNG_KEPT.contains(&&c.kind()));
    Ok(image.encoder().bytes())
}

fn webp(bytes: Bytes) -> Result<Bytes, Unreadable> {
    let mut image = WebP::from_bytes(bytes).map_err(|_| Unreadable)?;
    let icc = image.icc_profile();
    image.remove_chunks_by_id(*b"EXIF");
    image.remove_chunks_by_id(*b"XMP ");
    // Rewrites the extended header's flags to the chunks that are left.
    image.set_icc_profile(icc);
    Ok(image.encoder().bytes())
}

/// A GIF without comment blocks and application blocks other than animation looping (where XMP
/// lives), and nothing after its trailer.
fn gif(b: &[u8]) -> Option<Vec<u8>> {
    let header = b.get(..13)?;
    let mut out = Vec::with_capacity(b.len());
    out.extend_from_slice(header);
    let mut at = 13 + color_table(header[10]);
    out.extend_from_slice(b.get(13..at)?);
    loop {
        let start = at;
        match *b.get(at)? {
            0x3B => {
                out.push(0x3B);
                return Some(out);
            }
            0x21 => {
                let label = *b.get(at + 1)?;
                let looping = b
                    .get(at + 3..at + 14)
                    .is_some_and(|id| id == b"NETSCAPE2.0" || id == b"ANIMEXTS1.0");
                at = after_sub_blocks(b, at + 2)?;
                let keep = match label {
                    0xFE => false,
                    0xFF => looping,
                    _ => true,
                };
                if keep {
                    out.extend_from_slice(b.get(start..at)?);
                }
            }
            0x2C => {
                let flags = *b.get(at + 9)?;
                // Descriptor, local colour table, LZW code size, then the data's sub-blocks.
                at = after_sub_blocks(b, at + 10 + color_table(flags) + 1)?;
                out.extend_from_slice(b.get(start..at)?);
            }
            _ => return None,
        }
    }
}

fn color_table(flags: u8) -> usize {
    if flags & 0x80 == 0 {
        0
    } else {
        3 << ((flags & 7) + 1)
    }
}

fn after_sub_blocks(b: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let len = usize::from(*b.get(at)?);
        at += 1 + len;
        if len == 0 {
            return Some(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_orientation_survives_and_nothing_else() {
        for (order, orientation) in [(&b"MM"[..], [0, 6]), (&b"II"[..], [6, 0])] {
            let mut exif = b"Exif\0\0".to_vec();
            exif.extend_from_slice(order);
            let words: &[[u8; 2]] = if order == b"MM" {
                &[
                    [0, 42],
                    [0, 0],
                    [0, 8],
                    [0, 1],
                    [1, 0x12],
                    [0, 3],
                    [0, 0],
                    [0, 1],
                ]
            } else {
                &[
                    [42, 0],
                    [8, 0],
                    [0, 0],
                    [1, 0],
                    [0x12, 1],
                    [3, 0],
                    [1, 0],
                    [0, 0],
                ]
            };
            for w in words {
                exif.extend_from_slice(w);
            }
            exif.extend_from_slice(&orientation);
            exif.extend_from_slice(&[0; 6]);
            assert_eq!(exif_orientation(&exif), Some(6), "{order:?}");
        }
        assert_eq!(exif_orientation(&orientation_exif(8)), Some(8));
        for garbage in [
            &b""[..],
            b"Exif\0\0",
            b"Exif\0\0MM\0*\xFF\xFF\xFF\xFF",
            b"Exif\0\0XX",
        ] {
            assert_eq!(exif_orientation(garbage), None);
        }
    }

    #[test]
    fn broken_images_are_unreadable_not_kept() {
        for kind in ["image/jpeg", "image/png", "image/webp", "image/gif"] {
            let broken = Bytes::from_static(b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00 GIF89a");
            assert_eq!(scrub(kind, broken), Err(Unreadable), "{kind}");
        }
        assert!(!is_photo("application/pdf") && !is_photo("video/mp4"));
    }

    #[test]
    fn gif_comments_and_xmp_go_and_looping_stays() {
        let mut gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff".to_vec();
        gif.extend_from_slice(b"\x21\xFE\x0BBudi Santos\x00");
        gif.extend_from_slice(b"\x21\xFF\x0BXMP DataXMP\x04Budi\x00");
        gif.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00");
        gif.extend_from_slice(b"\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00\x3B");
        gif.extend_from_slice(b"trailing Budi");
        let clean = scrub("image/gif", Bytes::from(gif)).unwrap();
        assert!(!clean.windows(4).any(|w| w == b"Budi"));
        assert!(clean.windows(11).any(|w| w == b"NETSCAPE2.0"));
        assert_eq!(clean.last(), Some(&0x3B));
    }
}

//! Photo metadata stripping (docs/SECURITY.md, "Attachments"). A phone photo can carry its
//! owner's name, the camera's serial number and the place it was taken (EXIF, XMP, IPTC, GPS,
//! comments); on an anonymous report that would tell who the reporter is. Uploads are rewritten
//! without it, losslessly: only the segments and chunks a viewer needs to show the picture are
//! kept (the pixels are never decoded or re-encoded). A JPEG keeps its EXIF orientation alone,
//! so a phone photo is not shown on its side.

use img_parts::png::Png;
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageICC};
use std::borrow::Cow;

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
        "image/jpeg" => jpeg(&bytes).map(Bytes::from).ok_or(Unreadable),
        "image/png" => png(bytes),
        "image/webp" => webp(bytes),
        "image/gif" => gif(&bytes).map(Bytes::from).ok_or(Unreadable),
        _ => Err(Unreadable),
    }
}

/// A JPEG rebuilt from the segments a viewer needs: the frame, tables and scans with their
/// coded data, JFIF (APP0), the colour profile (APP2 ICC_PROFILE) and Adobe's colour transform
/// (APP14, cut to its standard 12 bytes); every other application segment and comment goes,
/// wherever it stands (after the first scan too), and so does everything after the end marker.
/// A file without a frame, a scan or an end marker is unreadable.
fn jpeg(b: &[u8]) -> Option<Vec<u8>> {
    if b.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut out = vec![0xFF, 0xD8];
    let (mut orientation, mut frame, mut scan) = (None, false, false);
    let mut at = 2;
    loop {
        // A marker: 0xFF, any fill bytes 0xFF, then its code.
        if *b.get(at)? != 0xFF {
            return None;
        }
        while *b.get(at)? == 0xFF {
            at += 1;
        }
        let marker = b[at];
        at += 1;
        match marker {
            0xD9 if frame && scan => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                break;
            }
            0xD0..=0xD7 | 0x01 => {
                out.extend_from_slice(&[0xFF, marker]);
                continue;
            }
            0xD8 | 0xD9 => return None,
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes(b.get(at..at + 2)?.try_into().ok()?));
        let body = b.get(at + 2..(at + len).max(at + 2))?;
        if len < 2 {
            return None;
        }
        at += len;
        let kept: Option<Cow<[u8]>> = match marker {
            // JFIF's 14-byte header alone, without its thumbnail (a small copy of the picture).
            0xE0 if body.starts_with(b"JFIF\0") && body.len() >= 14 => {
                let mut jfif = body[..14].to_vec();
                jfif[12..14].copy_from_slice(&[0, 0]);
                Some(Cow::Owned(jfif))
            }
            0xE0 => None,
            0xE1 => {
                orientation = orientation.or_else(|| exif_orientation(body));
                None
            }
            0xE2 => body
                .starts_with(b"ICC_PROFILE\0")
                .then_some(Cow::Borrowed(body)),
            0xEE => body
                .starts_with(b"Adobe")
                .then(|| body.get(..12).map(Cow::Borrowed))
                .flatten(),
            // Other application segments, comments, and the extension segments no decoder of
            // these pictures needs.
            0xE3..=0xEF | 0xFE | 0xC8 | 0xF0..=0xFD => None,
            _ => Some(Cow::Borrowed(body)),
        };
        if let Some(body) = kept {
            out.extend_from_slice(&[0xFF, marker]);
            out.extend_from_slice(&u16::try_from(body.len() + 2).ok()?.to_be_bytes());
            out.extend_from_slice(&body);
        }
        frame |= matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
        if marker == 0xDA {
            if !frame {
                return None;
            }
            scan = true;
            // The coded data runs to the next marker that is neither a stuffed 0xFF00 nor a
            // restart marker.
            let start = at;
            while b.get(at)? != &0xFF || matches!(b.get(at + 1)?, 0x00 | 0xD0..=0xD7) {
                at += if b[at] == 0xFF { 2 } else { 1 };
            }
            out.extend_from_slice(&b[start..at]);
        }
    }
    if let Some(o) = orientation.filter(|o| *o != 1) {
        // After SOI and JFIF's APP0 (which must come first), as cameras place it.
        let after_jfif = if out.get(2..4) == Some(&[0xFF, 0xE0]) {
            4 + usize::from(u16::from_be_bytes([out[4], out[5]]))
        } else {
            2
        };
        let exif = orientation_exif(o);
        let mut segment = vec![0xFF, 0xE1];
        segment.extend_from_slice(&u16::try_from(exif.len() + 2).ok()?.to_be_bytes());
        segment.extend_from_slice(&exif);
        out.splice(after_jfif..after_jfif, segment);
    }
    Some(out)
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

/// The chunks that make up the picture and its colour; text, EXIF, times and private chunks go.
const PNG_KEPT: [&[u8; 4]; 11] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"bKGD",
];

/// The chunks of an animated PNG, kept only with its animation control chunk.
const APNG: [&[u8; 4]; 3] = [b"acTL", b"fcTL", b"fdAT"];

/// A PNG with only `PNG_KEPT` (and an animation's chunks), the colour profile's free-text name
/// replaced; it must start with IHDR, hold image data and end with IEND.
fn png(bytes: Bytes) -> Result<Bytes, Unreadable> {
    let mut image = Png::from_bytes(bytes).map_err(|_| Unreadable)?;
    let animated = image.chunk_by_type(*b"acTL").is_some();
    image.chunks_mut().retain(|c| {
        (PNG_KEPT.contains(&&c.kind()) || (animated && APNG.contains(&&c.kind())))
            && fits(c.kind(), c.contents().len())
    });
    for chunk in image.chunks_mut() {
        if chunk.kind() == *b"iCCP" {
            let contents = chunk.contents();
            let name_end = contents.iter().position(|b| *b == 0).ok_or(Unreadable)?;
            let mut renamed = b"ICC".to_vec();
            renamed.extend_from_slice(&contents[name_end..]);
            *chunk = img_parts::png::PngChunk::new(*b"iCCP", Bytes::from(renamed));
        }
    }
    let kinds: Vec<[u8; 4]> = image.chunks().iter().map(|c| c.kind()).collect();
    let data = image
        .chunks_by_type(*b"IDAT")
        .any(|c| !c.contents().is_empty());
    let whole = kinds.first() == Some(b"IHDR") && kinds.last() == Some(b"IEND") && data;
    if !whole {
        return Err(Unreadable);
    }
    Ok(image.encoder().bytes())
}

/// Whether a kept PNG chunk has the size its kind has (nothing extra can ride along).
fn fits(kind: [u8; 4], len: usize) -> bool {
    match &kind {
        b"IHDR" => len == 13,
        b"IEND" => len == 0,
        b"gAMA" => len == 4,
        b"cHRM" => len == 32,
        b"sRGB" => len == 1,
        b"sBIT" => (1..=4).contains(&len),
        b"bKGD" => matches!(len, 1 | 2 | 6),
        b"tRNS" => len <= 256,
        b"PLTE" => len.is_multiple_of(3) && len <= 768,
        b"acTL" => len == 8,
        b"fcTL" => len == 26,
        _ => true,
    }
}

/// The chunks of a WebP picture: its data, alpha, animation and colour profile.
const WEBP_KEPT: [&[u8; 4]; 7] = [
    b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];

fn webp(bytes: Bytes) -> Result<Bytes, Unreadable> {
    let mut image = WebP::from_bytes(bytes).map_err(|_| Unreadable)?;
    image.chunks_mut().retain(|c| WEBP_KEPT.contains(&&c.id()));
    let icc = image.icc_profile();
    for chunk in image.chunks_mut() {
        // A frame: its 16-byte header, then its own chunks, of which only the picture's stay.
        if chunk.id() == *b"ANMF"
            && let Some(data) = chunk.content().data()
        {
            let frame = anmf(data).ok_or(Unreadable)?;
            *chunk = RiffChunk::new(*b"ANMF", RiffContent::Data(Bytes::from(frame)));
        }
        // The extended header's flags: no EXIF (0x08) nor XMP (0x04) any more.
        if chunk.id() == *b"VP8X"
            && let Some(data) = chunk.content().data()
            && let Some(flags) = data.first()
        {
            let mut data = data.to_vec();
            data[0] = flags & !0x0C;
            *chunk = RiffChunk::new(*b"VP8X", RiffContent::Data(Bytes::from(data)));
        }
    }
    if !image
        .chunks()
        .iter()
        .any(|c| matches!(&c.id(), b"VP8 " | b"VP8L" | b"ANMF"))
    {
        return Err(Unreadable);
    }
    // Puts the profile back where the format wants it, with the header's flag to match.
    image.set_icc_profile(icc);
    Ok(image.encoder().bytes())
}

/// An animation frame's payload with only its picture chunks (`ALPH`, `VP8 `, `VP8L`).
fn anmf(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = data.get(..16)?.to_vec();
    let mut at = 16;
    while at < data.len() {
        let id = data.get(at..at + 4)?;
        let size: [u8; 4] = data.get(at + 4..at + 8)?.try_into().ok()?;
        let len = usize::try_from(u32::from_le_bytes(size)).ok()?;
        let end = at.checked_add(8 + len + len % 2)?;
        let chunk = data.get(at..end)?;
        if matches!(id, b"ALPH" | b"VP8 " | b"VP8L") {
            out.extend_from_slice(chunk);
        }
        at = end;
    }
    Some(out)
}

/// A GIF of its frames alone: frame timing and animation looping are kept; comments, plain
/// text and application blocks (XMP) go, and so does anything after its trailer.
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
                at = after_sub_blocks(b, at + 2)?;
                let block = b.get(start..at)?;
                match label {
                    // Graphic control (frame timing, transparency): its four bytes alone.
                    0xF9 if block.get(2) == Some(&4) => {
                        out.extend_from_slice(block.get(..7)?);
                        out.push(0);
                    }
                    // Animation looping, rebuilt with its loop count alone; comments, text
                    // and every other application block (XMP) go.
                    0xFF if block.get(3..14).is_some_and(|id| id == b"NETSCAPE2.0")
                        && block.get(14..16) == Some(&[3, 1]) =>
                    {
                        out.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01");
                        out.extend_from_slice(block.get(16..18)?);
                        out.push(0);
                    }
                    _ => {}
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
    fn an_animation_frame_keeps_its_picture_alone() {
        let mut frame = vec![7; 16];
        let picture = b"VP8 \x04\0\0\0abcd";
        frame.extend_from_slice(picture);
        frame.extend_from_slice(b"XMP \x05\0\0\0Budi!\0");
        let mut expected = vec![7; 16];
        expected.extend_from_slice(picture);
        assert_eq!(anmf(&frame), Some(expected));
        assert_eq!(anmf(b"short"), None);
        frame.extend_from_slice(b"ZZZZ\xFF\xFF\xFF\xFF");
        assert_eq!(anmf(&frame), None, "a chunk longer than the frame");
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

//! What a file is, by its first bytes — never by its name or the client's word. Only the kinds a
//! report may carry are recognised: photos, PDF documents and videos.

/// The content type of an accepted file, from its first bytes (16 are enough).
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    if at(0, b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if at(0, b"\x89PNG\r\n\x1A\n") {
        Some("image/png")
    } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
        Some("image/gif")
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        Some("image/webp")
    } else if at(0, b"%PDF-") {
        Some("application/pdf")
    } else if at(4, b"ftypqt") {
        Some("video/quicktime")
    } else if at(4, b"ftyp") {
        Some("video/mp4")
    } else if at(0, b"\x1A\x45\xDF\xA3") {
        Some("video/webm")
    } else {
        None
    }
}

/// The file extension for a sniffed content type.
pub fn extension(content_type: &str) -> &'static str {
    match content_type {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "application/pdf" => "pdf",
        "video/quicktime" => "mov",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        _ => "bin",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_kinds_are_recognised_by_content() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0\x00\x10JFIF"), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1A\n\x00\x00"), Some("image/png"));
        assert_eq!(sniff(b"GIF89a\x01\x00"), Some("image/gif"));
        assert_eq!(sniff(b"RIFF\x24\x00\x00\x00WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff(b"\x00\x00\x00\x18ftypmp42"), Some("video/mp4"));
        assert_eq!(sniff(b"\x00\x00\x00\x14ftypqt  "), Some("video/quicktime"));
        assert_eq!(sniff(b"\x1A\x45\xDF\xA3\x9F"), Some("video/webm"));
    }

    #[test]
    fn everything_else_is_refused() {
        assert_eq!(sniff(b"MZ\x90\x00"), None, "a Windows executable");
        assert_eq!(sniff(b"<html><script>"), None);
        assert_eq!(sniff(b"#!/bin/sh\n"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(
            sniff(b"RIFF\x24\x00\x00\x00WAVE"),
            None,
            "audio is not a report attachment"
        );
        assert_eq!(extension("application/pdf"), "pdf");
    }
}

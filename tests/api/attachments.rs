//! Attachments: typed by content, size-limited, stored under generated names, served with the
//! report's access rules, and never telling an anonymous reporter's identity.

use lapor_tests::{PHOTO, TestApp, both_backends};
use lapor_types::users::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn jpeg(len: usize) -> Vec<u8> {
    let mut bytes = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00".to_vec();
    bytes.resize(len, 0x42);
    bytes
}

async fn setup(app: &TestApp, anonymous: bool) -> (String, String, String, String, i64) {
    app.load_tangerang();
    let admin = app.admin().await;
    let regency = app.government(&admin, "PEMKAB", "36.03").await;
    let citizen = app.token_for("siti@example.id", Role::Reporter, None).await;
    let r = app
        .post(
            "/api/v1/reports",
            Some(&citizen),
            json!({
                "kind": "complaint",
                "title": "Tiang listrik roboh di jalan",
                "body": "Tiang listrik roboh menutupi separuh jalan sejak kemarin sore, berbahaya sekali.",
                "incident_date": "2026-11-01",
                "region_code": "36.03.18",
                "address": "Jl. Raya Cikupa",
                "anonymous": anonymous,
            }),
        )
        .await;
    let id = r.body["id"].as_i64().unwrap();
    (
        citizen,
        app.token_for("budi@example.id", Role::Reporter, None).await,
        app.token_for("koor@tng.go.id", Role::Coordinator, Some(regency))
            .await,
        app.token_for("inspektorat@tng.go.id", Role::Supervisor, Some(regency))
            .await,
        id,
    )
}

fn stored_files(app: &TestApp) -> usize {
    std::fs::read_dir(app.db.dir.path().join("attachments"))
        .map(|d| d.count())
        .unwrap_or(0)
}

async fn photos_are_stored_and_served_with_the_report_s_access_rules(app: TestApp) {
    let (citizen, other, coordinator, _, id) = setup(&app, false).await;
    let photo = PHOTO.to_vec();
    let r = app
        .upload(
            &format!("/api/v1/reports/{id}/attachments"),
            &citizen,
            "../../etc/tiang roboh.png",
            photo.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(
        r.body["content_type"], "image/jpeg",
        "by content, not by the .png name"
    );
    assert_eq!(r.body["file_name"], "tiang roboh.png", "no path parts");
    assert_eq!(r.body["size_bytes"], PHOTO.len());
    let attachment = r.body["id"].as_i64().unwrap();
    let on_disk: Vec<String> = std::fs::read_dir(app.db.dir.path().join("attachments"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(on_disk.len(), 1);
    assert!(
        on_disk[0].len() == 32 && on_disk[0].bytes().all(|b| b.is_ascii_hexdigit()),
        "generated name: {on_disk:?}"
    );

    for token in [&citizen, &coordinator] {
        let res = app
            .client
            .get(format!("{}/api/v1/attachments/{attachment}", app.base))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        assert_eq!(res.headers()["x-content-type-options"], "nosniff");
        assert!(
            res.headers()["content-disposition"]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        assert_eq!(res.bytes().await.unwrap().to_vec(), photo);
    }
    let stranger = app
        .get(&format!("/api/v1/attachments/{attachment}"), Some(&other))
        .await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);
    let list = app
        .get(
            &format!("/api/v1/reports/{id}/attachments"),
            Some(&coordinator),
        )
        .await;
    assert_eq!(list.body.as_array().unwrap().len(), 1);
    assert_eq!(
        app.upload(
            &format!("/api/v1/reports/{id}/attachments"),
            &other,
            "x.jpg",
            jpeg(100)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let events = app
        .get(&format!("/api/v1/reports/{id}/events"), Some(&citizen))
        .await;
    assert_eq!(
        events.body.as_array().unwrap().last().unwrap()["action"],
        "attachment_added"
    );
}

async fn wrong_types_and_oversized_files_are_refused_and_leave_nothing(app: TestApp) {
    let (citizen, _, _, _, id) = setup(&app, false).await;
    let path = format!("/api/v1/reports/{id}/attachments");
    let html = app
        .upload(
            &path,
            &citizen,
            "foto.jpg",
            b"<html><script>alert(1)</script></html>".to_vec(),
        )
        .await;
    assert_eq!(html.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(html.code(), "unsupported_media_type");
    let tiny = app
        .upload(&path, &citizen, "x.jpg", b"\xFF\xD8".to_vec())
        .await;
    assert_eq!(tiny.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = app.upload(&path, &citizen, "besar.jpg", jpeg(70_000)).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(big.code(), "payload_too_large");
    let no_file = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(&citizen)
        .multipart(reqwest::multipart::Form::new().text("note", "no file"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_file.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let not_multipart = app.post(&path, Some(&citizen), json!({"file": "x"})).await;
    assert_eq!(not_multipart.status, StatusCode::BAD_REQUEST);
    assert!(!not_multipart.code().is_empty());
    assert_eq!(stored_files(&app), 0, "no partial files remain");
    assert_eq!(
        app.get(&format!("/api/v1/reports/{id}/attachments"), Some(&citizen))
            .await
            .body,
        json!([])
    );
    let pdf = app
        .upload(
            &path,
            &citizen,
            "surat.pdf",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(),
        )
        .await;
    assert_eq!(pdf.body["content_type"], "application/pdf");
}

async fn an_anonymous_reporter_s_file_names_stay_hidden(app: TestApp) {
    let (citizen, _, coordinator, supervisor, id) = setup(&app, true).await;
    let r = app
        .upload(
            &format!("/api/v1/reports/{id}/attachments"),
            &citizen,
            "KTP Siti Aminah.jpg",
            PHOTO.to_vec(),
        )
        .await;
    let attachment = r.body["id"].as_i64().unwrap();
    assert_eq!(
        r.body["file_name"], "KTP Siti Aminah.jpg",
        "the reporter sees their own name"
    );
    let by_coordinator = app
        .get(
            &format!("/api/v1/reports/{id}/attachments"),
            Some(&coordinator),
        )
        .await;
    assert_eq!(by_coordinator.body[0]["file_name"], "KTP Siti Aminah.jpg");
    let by_supervisor = app
        .get(
            &format!("/api/v1/reports/{id}/attachments"),
            Some(&supervisor),
        )
        .await;
    assert_eq!(
        by_supervisor.body[0]["file_name"],
        format!("attachment-{attachment}.jpg")
    );
    let res = app
        .client
        .get(format!("{}/api/v1/attachments/{attachment}", app.base))
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap();
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!disposition.contains("Siti"), "{disposition}");
    let body: Value = app
        .get(&format!("/api/v1/reports/{id}/events"), Some(&supervisor))
        .await
        .body;
    assert!(!body.to_string().contains("Siti"));
}

both_backends!(
    photos_are_stored_and_served_with_the_report_s_access_rules,
    wrong_types_and_oversized_files_are_refused_and_leave_nothing,
    an_anonymous_reporter_s_file_names_stay_hidden,
);

/// A fixture of `tests/api/fixtures`.
fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("api/fixtures")
            .join(name),
    )
    .unwrap()
}

/// Photos lose their metadata on upload: the `exif.*` fixtures carry the reporter's name (EXIF
/// Artist with a NIK, XMP creator, IPTC by-line, comments, PNG text) and where they stood (GPS);
/// everyone, the reporter included, gets back the picture alone, losslessly — the same bytes as
/// the `photo.*` fixtures they were made from — and a JPEG keeps its orientation (6: turned a
/// quarter) so a phone photo is not shown on its side.
#[actix_web::test]
async fn photos_lose_their_metadata_on_upload() {
    let app = TestApp::start(lapor_tests::Backend::Sqlite).await;
    let (citizen, _, coordinator, supervisor, id) = setup(&app, true).await;
    let mut turned = fixture("photo.jpg");
    let app0_end = 4 + usize::from(turned[5]);
    let mut orientation =
        b"\xFF\xE1\x00\x22Exif\0\0MM\0\x2A\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06".to_vec();
    orientation.extend_from_slice(&[0; 6]);
    turned.splice(app0_end..app0_end, orientation);
    for (dirty, clean) in [
        ("exif.jpg", turned),
        ("exif.png", fixture("photo.png")),
        ("exif.webp", fixture("photo.webp")),
        ("exif.gif", fixture("photo.gif")),
    ] {
        let sent = fixture(dirty);
        assert!(
            sent.windows(4).any(|w| w == b"Budi"),
            "{dirty} carries a name"
        );
        let r = app
            .upload(
                &format!("/api/v1/reports/{id}/attachments"),
                &citizen,
                dirty,
                sent,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{dirty}: {}", r.body);
        assert_eq!(r.body["size_bytes"], clean.len(), "{dirty}");
        let attachment = r.body["id"].as_i64().unwrap();
        for token in [&citizen, &coordinator, &supervisor] {
            let res = app
                .client
                .get(format!("{}/api/v1/attachments/{attachment}", app.base))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let got = res.bytes().await.unwrap().to_vec();
            assert_eq!(got, clean, "{dirty}");
        }
    }
    let broken = app
        .upload(
            &format!("/api/v1/reports/{id}/attachments"),
            &citizen,
            "x.jpg",
            fixture("photo.jpg")[..100].to_vec(),
        )
        .await;
    assert_eq!(broken.code(), "unsupported_media_type");
    assert_eq!(stored_files(&app), 4, "the unreadable photo is not kept");
}

/// Where else a name can hide in a photo — after a JPEG's end (a "motion photo" video, a ZIP),
/// in a comment or EXIF placed after the picture data, a non-JFIF APP0, a long Adobe segment,
/// an unknown WebP chunk, a GIF's plain text or extra looping data — is found and removed too;
/// and files that only start like a photo are refused.
#[actix_web::test]
async fn metadata_hidden_elsewhere_goes_too() {
    let app = TestApp::start(lapor_tests::Backend::Sqlite).await;
    let (citizen, _, _, _, id) = setup(&app, true).await;
    let path = format!("/api/v1/reports/{id}/attachments");
    let photo = fixture("photo.jpg");
    let secret = b"Budi Santoso -6.2364,106.5087";
    let segment = |marker: u8, body: &[u8]| {
        let mut s = vec![0xFF, marker];
        s.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
        s.extend_from_slice(body);
        s
    };
    let end = photo.len() - 2;
    let mut trailing = photo.clone();
    trailing.extend_from_slice(secret);
    let mut after_scan = photo[..end].to_vec();
    after_scan.extend(segment(0xFE, secret));
    after_scan.extend(segment(0xE1, &[b"Exif\0\0".as_slice(), secret].concat()));
    after_scan.extend_from_slice(&photo[end..]);
    let mut odd_app0 = photo[..2].to_vec();
    odd_app0.extend(segment(0xE0, &[b"XXXX\0".as_slice(), secret].concat()));
    odd_app0.extend_from_slice(&photo[2..]);
    let adobe_body = b"Adobe\0\x64\0\0\0\0\x01";
    let mut long_adobe = photo[..2].to_vec();
    long_adobe.extend(segment(0xEE, &[adobe_body.as_slice(), secret].concat()));
    long_adobe.extend_from_slice(&photo[2..]);
    let mut adobe = photo[..2].to_vec();
    adobe.extend(segment(0xEE, adobe_body));
    adobe.extend_from_slice(&photo[2..]);

    let webp = fixture("photo.webp");
    let mut odd_webp = webp.clone();
    odd_webp.extend_from_slice(b"ZZZZ");
    odd_webp.extend_from_slice(&u32::try_from(secret.len() + 1).unwrap().to_le_bytes());
    odd_webp.extend_from_slice(secret);
    odd_webp.push(0);
    let riff = u32::try_from(odd_webp.len() - 8).unwrap().to_le_bytes();
    odd_webp[4..8].copy_from_slice(&riff);

    let gif = fixture("photo.gif");
    let length = u8::try_from(secret.len()).unwrap();
    let mut odd_gif = gif[..gif.len() - 1].to_vec();
    odd_gif.extend_from_slice(b"\x21\x01\x0C\0\0\0\0\x10\0\x10\0\x08\x08\x01\x00");
    odd_gif.push(length);
    odd_gif.extend_from_slice(secret);
    odd_gif.extend_from_slice(b"\0\x21\xFF\x0BNETSCAPE2.0\x03\x01\0\0");
    odd_gif.push(length);
    odd_gif.extend_from_slice(secret);
    odd_gif.extend_from_slice(b"\0\x3B");
    let mut looping_gif = gif[..gif.len() - 1].to_vec();
    looping_gif.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\0\0\0\x3B");

    let mut thumbnail = photo[..2].to_vec();
    let mut jfif = b"JFIF\0\x01\x01\0\0\x01\0\x01\x02\x01".to_vec();
    jfif.extend_from_slice(b"SECRET");
    thumbnail.extend(segment(0xE0, &jfif));
    thumbnail.extend_from_slice(&photo[2 + 2 + usize::from(photo[5])..]);
    let mut extension = photo[..2].to_vec();
    extension.extend(segment(0xF0, secret));
    extension.extend_from_slice(&photo[2..]);
    let mut timing_gif = gif[..gif.len() - 1].to_vec();
    timing_gif.extend_from_slice(b"\x21\xF9\x04\0\x0A\0\0\0\x3B");
    let mut odd_timing_gif = gif[..gif.len() - 1].to_vec();
    odd_timing_gif.extend_from_slice(b"\x21\xF9\x04\0\x0A\0\0");
    odd_timing_gif.push(length);
    odd_timing_gif.extend_from_slice(secret);
    odd_timing_gif.extend_from_slice(b"\0\x3B");
    let png = fixture("photo.png");
    let mut gamma = png[..33].to_vec();
    gamma.extend(png_chunk(
        b"gAMA",
        &[b"\0\0\xb1\x8f".as_slice(), secret].concat(),
    ));
    gamma.extend_from_slice(&png[33..]);

    for (what, sent, clean) in [
        ("a JFIF thumbnail", thumbnail, photo.clone()),
        ("a JPEG extension segment", extension, photo.clone()),
        (
            "data riding on a GIF's frame timing",
            odd_timing_gif,
            timing_gif,
        ),
        (
            "a PNG gamma chunk longer than its 4 bytes",
            gamma,
            png.clone(),
        ),
        ("bytes after the end", trailing, photo.clone()),
        (
            "a comment and EXIF after the picture data",
            after_scan,
            photo.clone(),
        ),
        ("an APP0 that is not JFIF", odd_app0, photo.clone()),
        (
            "an Adobe segment longer than its 12 bytes",
            long_adobe,
            adobe,
        ),
        ("an unknown WebP chunk", odd_webp, webp),
        (
            "GIF plain text and extra looping data",
            odd_gif,
            looping_gif,
        ),
    ] {
        let r = app.upload(&path, &citizen, "foto", sent).await;
        assert_eq!(r.status, StatusCode::CREATED, "{what}: {}", r.body);
        let attachment = r.body["id"].as_i64().unwrap();
        let url = format!("{}/api/v1/attachments/{attachment}", app.base);
        let res = app
            .client
            .get(url)
            .bearer_auth(&citizen)
            .send()
            .await
            .unwrap();
        assert_eq!(res.bytes().await.unwrap().to_vec(), clean, "{what}");
    }
    let idat = png.windows(4).position(|w| w == b"IDAT").unwrap() - 4;
    let mut empty = png[..idat].to_vec();
    empty.extend(png_chunk(b"IDAT", b""));
    empty.extend_from_slice(&png[png.len() - 12..]);
    for (what, sent) in [
        ("a PNG whose image data is empty", empty),
        ("a JPEG start and end alone", b"\xFF\xD8\xFF\xD9".to_vec()),
        (
            "a JPEG cut before its end",
            photo[..photo.len() - 2].to_vec(),
        ),
        ("a PNG signature alone", png[..8].to_vec()),
        ("a PNG without its end", png[..png.len() - 12].to_vec()),
    ] {
        let r = app.upload(&path, &citizen, "foto", sent).await;
        assert_eq!(
            r.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{what}: {}",
            r.body
        );
    }
}

/// A PNG chunk: length, kind, contents and the CRC-32 of kind and contents.
fn png_chunk(kind: &[u8; 4], contents: &[u8]) -> Vec<u8> {
    let mut crc = !0u32;
    for byte in kind.iter().chain(contents) {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    let mut chunk = u32::try_from(contents.len())
        .unwrap()
        .to_be_bytes()
        .to_vec();
    chunk.extend_from_slice(kind);
    chunk.extend_from_slice(contents);
    chunk.extend_from_slice(&(!crc).to_be_bytes());
    chunk
}

//! Files of a report: how a viewer sees one, and which are public.

use crate::domain::{filetype, policy};
use crate::store::attachments::AttachmentRow;
use crate::store::reports::ReportRow;
use lapor_types::reports::Attachment;

/// The metadata as a viewer may see it: the uploaded name is hidden where it could tell an
/// anonymous reporter's identity (`reporter_known`: whether the viewer may know the reporter).
pub fn shown(reporter_known: bool, report: &ReportRow, a: &AttachmentRow) -> Attachment {
    let hide = a.uploader_id == report.reporter_id && !reporter_known;
    Attachment {
        id: a.id,
        report_id: a.report_id,
        file_name: if hide {
            format!(
                "attachment-{}.{}",
                a.id,
                filetype::extension(&a.content_type)
            )
        } else {
            a.original_name.clone()
        },
        content_type: a.content_type.clone(),
        size_bytes: a.size_bytes,
        created_at: a.created_at.and_utc(),
    }
}

/// A photo the report's public page shows (`policy::photo_is_public`).
pub fn is_public(r: &ReportRow, a: &AttachmentRow) -> bool {
    policy::photo_is_public(
        (r.reporter_id, r.public_photos, r.verified_at),
        (a.uploader_id, a.created_at, &a.content_type),
    )
}

//! Tables, written to match `migrations/postgres` and `migrations/sqlite` (the same shapes).

diesel::table! {
    institutions (id) {
        id -> BigInt,
        code -> Text,
        name -> Text,
        kind -> Text,
        parent_id -> Nullable<BigInt>,
        path -> Text,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        region_code -> Nullable<Text>,
    }
}

diesel::table! {
    regions (code) {
        code -> Text,
        name -> Text,
        level -> Text,
        parent_code -> Nullable<Text>,
    }
}

diesel::table! {
    categories (id) {
        id -> BigInt,
        name -> Text,
        parent_id -> Nullable<BigInt>,
        default_institution_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    holidays (date) {
        date -> Date,
        name -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        name -> Text,
        email -> Text,
        phone -> Nullable<Text>,
        password_hash -> Text,
        role -> Text,
        institution_id -> Nullable<BigInt>,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> BigInt,
        started_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    registrations (token_hash) {
        token_hash -> Text,
        name -> Text,
        email -> Text,
        phone -> Nullable<Text>,
        password_hash -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    password_resets (token_hash) {
        token_hash -> Text,
        user_id -> BigInt,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    rate_limits (key) {
        key -> Text,
        hits -> BigInt,
        resets_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        family -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    reports (id) {
        id -> BigInt,
        tracking_id -> Text,
        kind -> Text,
        title -> Text,
        body -> Text,
        incident_date -> Date,
        region_code -> Text,
        address -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        category_id -> Nullable<BigInt>,
        institution_id -> Nullable<BigInt>,
        reporter_id -> BigInt,
        anonymous -> Bool,
        confidential -> Bool,
        channel -> Text,
        status -> Text,
        version -> Integer,
        verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        verify_due_at -> Nullable<Timestamp>,
        held_at -> Nullable<Timestamp>,
        resolve_due_at -> Nullable<Timestamp>,
        first_response_at -> Nullable<Timestamp>,
        resolved_at -> Nullable<Timestamp>,
        feedback_due_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        needs_investigation -> Bool,
        dispatched_at -> Nullable<Timestamp>,
        overdue_at -> Nullable<Timestamp>,
        public_photos -> Bool,
    }
}

diesel::table! {
    report_events (id) {
        id -> BigInt,
        report_id -> BigInt,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        details -> Text,
        created_at -> Timestamp,
        xid -> BigInt,
        version -> Nullable<Integer>,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> BigInt,
        key -> Text,
        request_hash -> Text,
        resource_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    dispositions (id) {
        id -> BigInt,
        report_id -> BigInt,
        institution_id -> BigInt,
        parent_disposition_id -> Nullable<BigInt>,
        instruction -> Text,
        due_at -> Nullable<Timestamp>,
        status -> Text,
        decline_reason -> Nullable<Text>,
        resolution -> Nullable<Text>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        response_due_at -> Nullable<Timestamp>,
        responded_at -> Nullable<Timestamp>,
        overdue_at -> Nullable<Timestamp>,
        extended_at -> Nullable<Timestamp>,
        extension_reason -> Nullable<Text>,
    }
}

diesel::table! {
    sla_policies (id) {
        id -> BigInt,
        stage -> Text,
        kind -> Nullable<Text>,
        category_id -> Nullable<BigInt>,
        institution_id -> Nullable<BigInt>,
        amount -> Integer,
        unit -> Text,
        built_in -> Bool,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    deadline_alerts (id) {
        id -> BigInt,
        report_id -> BigInt,
        disposition_id -> Nullable<BigInt>,
        stage -> Text,
        level -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        report_id -> Nullable<BigInt>,
        kind -> Text,
        details -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox_emails (id) {
        id -> BigInt,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    followups (id) {
        id -> BigInt,
        report_id -> BigInt,
        author_id -> BigInt,
        kind -> Text,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    report_feedback (id) {
        id -> BigInt,
        report_id -> BigInt,
        verdict -> Text,
        rating -> Integer,
        comment -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> BigInt,
        report_id -> BigInt,
        uploader_id -> BigInt,
        storage_name -> Text,
        original_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    supports (report_id, user_id) {
        report_id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    stats_rollup (scope, month, kind, category) {
        scope -> Text,
        month -> Date,
        kind -> Text,
        category -> Text,
        figures -> Text,
        units -> Text,
    }
}

diesel::table! {
    stats_rollup_scopes (scope) {
        scope -> Text,
        refreshed_at -> Timestamp,
        rounds -> BigInt,
    }
}

diesel::table! {
    webhooks (id) {
        id -> BigInt,
        user_id -> BigInt,
        institution_id -> Nullable<BigInt>,
        url -> Text,
        kinds -> Text,
        active -> Bool,
        disabled_reason -> Nullable<Text>,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamp>,
        cursor_xid -> BigInt,
        cursor_id -> BigInt,
        failing_since -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        webhook_id -> BigInt,
        change_id -> BigInt,
        report_id -> BigInt,
        kind -> Text,
        payload -> Text,
        attempts -> Integer,
        backoff -> Integer,
        next_attempt_at -> Timestamp,
        created_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> BigInt,
        delivery_id -> BigInt,
        attempted_at -> Timestamp,
        status -> Nullable<Integer>,
        latency_ms -> Integer,
        error -> Nullable<Text>,
        failure -> Nullable<Text>,
    }
}

diesel::joinable!(users -> institutions (institution_id));
diesel::joinable!(dispositions -> institutions (institution_id));
diesel::joinable!(followups -> users (author_id));
diesel::joinable!(reports -> users (reporter_id));
diesel::joinable!(reports -> institutions (institution_id));
diesel::joinable!(report_events -> reports (report_id));
diesel::joinable!(report_events -> users (actor_id));
diesel::joinable!(refresh_tokens -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(webhooks -> users (user_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(webhook_attempts -> webhook_deliveries (delivery_id));
diesel::joinable!(password_resets -> users (user_id));
diesel::joinable!(sla_policies -> institutions (institution_id));

diesel::table! {
    api_keys (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        prefix -> Text,
        secret_hash -> Text,
        scopes -> Text,
        institution_id -> Nullable<BigInt>,
        expires_at -> Nullable<Timestamp>,
        created_by -> BigInt,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    report_contacts (report_id) {
        report_id -> BigInt,
        name -> Text,
        email -> Nullable<Text>,
        phone -> Nullable<Text>,
    }
}

diesel::table! {
    national_links (report_id) {
        report_id -> BigInt,
        complaint_id -> Nullable<BigInt>,
        origin -> Text,
        status_name -> Nullable<Text>,
        followups_seen -> BigInt,
        synced_at -> Nullable<Timestamp>,
        next_check_at -> Timestamp,
        quiet -> Integer,
    }
}

diesel::table! {
    national_masters (kind, code) {
        kind -> Text,
        code -> Text,
        name -> Text,
    }
}

diesel::table! {
    national_sync_state (id) {
        id -> Integer,
        last_success_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        last_error_at -> Nullable<Timestamp>,
        masters_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(national_links -> reports (report_id));

diesel::allow_tables_to_appear_in_same_query!(
    institutions,
    regions,
    categories,
    holidays,
    users,
    refresh_tokens,
    sessions,
    password_resets,
    reports,
    report_events,
    idempotency_keys,
    dispositions,
    followups,
    report_feedback,
    attachments,
    sla_policies,
    deadline_alerts,
    notifications,
    outbox_emails,
    supports,
    stats_rollup,
    stats_rollup_scopes,
    api_keys,
    report_contacts,
    webhooks,
    webhook_deliveries,
    webhook_attempts,
    national_links,
    national_masters,
    national_sync_state,
);

-- The citizen an integrator filed a report for (docs/INTEGRATION.md): no account, so their name
-- and how to reach them live beside the report; `reports.reporter_id` stays the integrator's
-- account. Shown under the same rule as the reporter.
CREATE TABLE report_contacts (
    report_id BIGINT PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT
);

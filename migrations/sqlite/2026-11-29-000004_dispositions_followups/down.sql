DROP TABLE report_feedback;
DROP TABLE followups;
DROP TABLE dispositions;

DROP TABLE report_contacts;

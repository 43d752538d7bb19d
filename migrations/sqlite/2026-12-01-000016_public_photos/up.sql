-- The reporter's consent to show the report's photos on its public page (docs/WEB.md, the public
-- report page); none given before it was asked.
ALTER TABLE reports ADD COLUMN public_photos BOOLEAN NOT NULL DEFAULT FALSE;

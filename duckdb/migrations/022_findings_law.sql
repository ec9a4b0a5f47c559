-- What a finding says of the law (cityspend.FindingLaw as JSON): the rule
-- and its citation, the kind of purchase, the threshold crossed, the
-- exemptions checked and the confidence. Pages render its text from it.
ALTER TABLE findings ADD COLUMN law VARCHAR;

"""Official documents (Ofsted's letters and reports, PDF) as sources: their text with page breaks kept, what kind
of document each is, and the candidate claims their structure gives (addressees, inspection dates, judgement
tables, what needs to improve). Part of the reading stage: a document's candidates are reviewed like an
article's."""

"""The query stage: a question read into what it asks (a Request: parts, claims, framing, scope, its
place in the conversation), between the question and retrieval. Each choice between readings is a fitted
model over signals that generalise (SudachiPy's parts of speech, the plan's word statistics, the
embedding's closeness), with its weights in weights/ and the script that refits them in scripts/."""

"""PubMed's MEDLINE format (the .nbib file of PubMed's "Cite" and "Send to: Citation manager"). Pure.

Each line is a tag of up to four letters, padded to four, then "- " and the value; a value that
goes on for more lines continues on lines indented by six spaces. Records are separated by a
blank line. Biopython's Bio.Medline reads the same layout, but needs numpy and compiled code
for these few lines; tests/test_medline.py holds this reader to PubMed's own layout.
"""
import re

TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,3}- ?(.*)$")
CONTINUATION = "      "


class MedlineError(ValueError):
    """Text that is not in MEDLINE layout; the message names the line."""


def looks_like_medline(text: str) -> bool:
    """PubMed records open with "PMID- " or carry its four-letter tags (FAU, DP, TA …) without RIS's "TY  - "."""
    if re.search(r"^TY  - ", text, re.MULTILINE):
        return False
    return bool(re.search(r"^(PMID|FAU |DP  |TA  |JT  |LID |AID )- ", text, re.MULTILINE))


def parse_records(text: str) -> list[dict[str, list[str]]]:
    """[{tag: [values in order]}] for every record in `text`."""
    records, record, tag = [], {}, None
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not line.strip():
            if record:
                records.append(record)
            record, tag = {}, None
            continue
        if line.startswith(CONTINUATION) and tag:
            record[tag][-1] = f"{record[tag][-1]} {line.strip()}"
            continue
        match = TAG_LINE.match(line)
        if not match:
            raise MedlineError(f"Line {number} (“{line[:40]}”) is not a MEDLINE line like “TI  - Title”.")
        tag = match.group(1)
        record.setdefault(tag, []).append(match.group(2).strip())
    if record:
        records.append(record)
    return records

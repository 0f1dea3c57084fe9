"""Search text to a PostgreSQL tsquery over the bigram documents (search/sql.py), and the
highlighting of what matched, by the same rules: each word the user typed must match; a run of
Chinese characters matches as the phrase of its bigrams (a lone character as itself); a run of
ASCII letters and digits as a lowercase word, the last one of a typed word also as a prefix
("2022-fra" finds 2022-FRAUD-01)."""

import re
import unicodedata

from django.contrib.postgres.search import SearchQuery
from django.utils.html import escape
from django.utils.safestring import mark_safe

CJK = "\u3400-\u4dbf\u4e00-\u9fff"
WORD_RUNS = re.compile(rf"[a-z0-9]+|[{CJK}]+")
# What may separate the runs of one typed word in the text (punctuation, spaces).
BETWEEN_RUNS = rf"[^0-9A-Za-z{CJK}]*"


def _runs(word):
    return WORD_RUNS.findall(unicodedata.normalize("NFKC", word).lower())


def words(text):
    """The typed words that can match anything, as lists of runs."""
    return [runs for runs in (_runs(word) for word in (text or "").split()) if runs]


def tsquery(text):
    """The tsquery text for a search, or None when nothing searchable was typed."""
    phrases = []
    for runs in words(text):
        lexemes = []
        for index, run in enumerate(runs):
            if run[0].isascii():
                lexemes.append(f"{run}:*" if index == len(runs) - 1 else run)
            elif len(run) == 1:
                lexemes.append(run)
            else:
                lexemes.extend(run[i : i + 2] for i in range(len(run) - 1))
        phrases.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(phrases) or None


class TsQuery(SearchQuery):
    """A tsquery given in PostgreSQL's own syntax (no parser, no dictionary), as `tsquery()`
    writes it; its lexemes hold only ASCII letters, digits and Chinese characters."""

    def as_sql(self, compiler, connection):
        return "%s::tsquery", [self.source_expressions[0].value]


def _pattern(text):
    alternatives = [BETWEEN_RUNS.join(re.escape(run) for run in runs) for runs in words(text)]
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def snippet(text, search, width=120):
    """A window of `text` around the first match of `search`, matches marked with <mark>,
    everything else escaped."""
    text = " ".join((text or "").split())
    pattern = _pattern(search)
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(text), start + width)
    window = text[start:end]
    parts, position = [], 0
    for match in pattern.finditer(window) if pattern else ():
        if match.end() == match.start():
            continue
        parts.append(escape(window[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(window[position:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)

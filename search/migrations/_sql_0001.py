"""The search index's SQL as migration 0001 installed it, kept unchanged so that the migration
builds the same schema on a new database; later migrations install search/sql.py's current
functions over it.

A record's document is a `tsvector` of character bigrams: PostgreSQL's parsers do not split
Chinese into words, and trigram indexes cannot answer queries shorter than three characters,
while a two-character word (反诈, 两卡) is one bigram lexeme. Runs of Chinese characters give
their overlapping bigrams, in order, so a longer word is a phrase of bigrams (黄景亮 is
'黄景' <-> '景亮'); a lone Chinese character gives itself. Runs of ASCII letters and digits give
one lowercase lexeme each (English words, numbers, the parts of a code). Every Chinese
character is also added once without a position, so that a one-character query matches.
Text is NFKC-normalised first, so full-width digits and letters match their ASCII forms.
`search.query` builds queries with the same rules.

Row triggers on the indexed tables keep `search_searchdocument` current. They are ENABLE
ALWAYS: they also fire under `session_replication_role = replica`, which the scale generator
sets for its COPY loads.
"""

WORD_RUNS = "[a-z0-9]+|[㐀-䶿一-鿿]+"

# (kind, table, columns whose change re-indexes the row)
INDEXED_TABLES = [
    ("recommendation", "recommendations_recommendation", "code, title, body, topic_id"),
    ("task", "recommendations_task", "title, description, recommendation_id"),
    ("finding", "recommendations_finding", "code, category, title, description, topic_id"),
    ("remark", "recommendations_remark", "speaker_name, content, topic_id"),
    ("inspection", "recommendations_inspection", "title, summary, topic_id"),
    ("report", "recommendations_progressreport", "narrative, status, task_id"),
    (
        "measurement",
        "recommendations_measurement",
        "value, baseline, change_percent, note, period_label, report_id, indicator_id",
    ),
    ("department", "recommendations_department", "code, name, short_name"),
]

FUNCTIONS = rf"""
CREATE FUNCTION search_vector(t text, w "char" DEFAULT 'D') RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  run text;
  n int;
  pos int := 0;
  parts text[] := '{{}}';
  chars text[] := '{{}}';
BEGIN
  FOR run IN
    SELECT m[1] FROM regexp_matches(lower(normalize(coalesce(t, ''), NFKC)), '({WORD_RUNS})', 'g') AS m
  LOOP
    n := char_length(run);
    IF run ~ '^[a-z0-9]' OR n = 1 THEN
      pos := pos + 1;
      parts := parts || format('%s:%s', run, least(pos, 16383));
    ELSE
      FOR i IN 1 .. n - 1 LOOP
        pos := pos + 1;
        parts := parts || format('%s:%s', substr(run, i, 2), least(pos, 16383));
      END LOOP;
    END IF;
    IF run !~ '^[a-z0-9]' THEN
      chars := chars || regexp_split_to_array(run, '');
    END IF;
  END LOOP;
  -- Lexemes hold only [a-z0-9] and CJK characters, so they need no quoting.
  RETURN setweight(array_to_string(parts, ' ')::tsvector, w) || array_to_tsvector(chars);
END
$$;

-- (Re)write the document of one record, or remove it when the record has none (gone, or a
-- report not accepted, or a measurement of such a report).
CREATE FUNCTION search_index_record(record_kind text, record_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  doc tsvector;
  rec_id bigint;
  topic bigint;
  task bigint;
BEGIN
  IF record_kind = 'recommendation' THEN
    SELECT search_vector(r.code, 'A') || search_vector(r.title, 'A') || search_vector(r.body),
           r.id, r.topic_id, NULL
      INTO doc, rec_id, topic, task
      FROM recommendations_recommendation r WHERE r.id = record_id;
  ELSIF record_kind = 'task' THEN
    SELECT search_vector(t.title, 'A') || search_vector(t.description), t.recommendation_id, r.topic_id, t.id
      INTO doc, rec_id, topic, task
      FROM recommendations_task t JOIN recommendations_recommendation r ON r.id = t.recommendation_id
     WHERE t.id = record_id;
  ELSIF record_kind = 'finding' THEN
    SELECT search_vector(f.code, 'A') || search_vector(f.title, 'A') || search_vector(f.category, 'B')
           || search_vector(f.description), NULL, f.topic_id, NULL
      INTO doc, rec_id, topic, task
      FROM recommendations_finding f WHERE f.id = record_id;
  ELSIF record_kind = 'remark' THEN
    SELECT search_vector(k.speaker_name, 'A') || search_vector(k.content), NULL, k.topic_id, NULL
      INTO doc, rec_id, topic, task
      FROM recommendations_remark k WHERE k.id = record_id;
  ELSIF record_kind = 'inspection' THEN
    SELECT search_vector(i.title, 'A') || search_vector(i.summary), NULL, i.topic_id, NULL
      INTO doc, rec_id, topic, task
      FROM recommendations_inspection i WHERE i.id = record_id;
  ELSIF record_kind = 'report' THEN
    SELECT search_vector(p.narrative), t.recommendation_id, r.topic_id, t.id
      INTO doc, rec_id, topic, task
      FROM recommendations_progressreport p
      JOIN recommendations_task t ON t.id = p.task_id
      JOIN recommendations_recommendation r ON r.id = t.recommendation_id
     WHERE p.id = record_id AND p.status = 'accepted';
  ELSIF record_kind = 'measurement' THEN
    SELECT search_vector(concat_ws(' ', trim_scale(m.value), trim_scale(m.baseline),
                                   trim_scale(m.change_percent)), 'A')
           || search_vector(i.name, 'B') || search_vector(m.note, 'B') || search_vector(m.period_label),
           t.recommendation_id, coalesce(r.topic_id, i.topic_id), t.id
      INTO doc, rec_id, topic, task
      FROM recommendations_measurement m
      JOIN recommendations_indicator i ON i.id = m.indicator_id
      LEFT JOIN recommendations_progressreport p ON p.id = m.report_id
      LEFT JOIN recommendations_task t ON t.id = p.task_id
      LEFT JOIN recommendations_recommendation r ON r.id = t.recommendation_id
     WHERE m.id = record_id AND (m.report_id IS NULL OR p.status = 'accepted');
  ELSIF record_kind = 'department' THEN
    SELECT search_vector(d.code, 'A') || search_vector(d.name, 'A') || search_vector(d.short_name, 'A'),
           NULL, NULL, NULL
      INTO doc, rec_id, topic, task
      FROM recommendations_department d WHERE d.id = record_id;
  ELSE
    RAISE EXCEPTION 'search_index_record: unknown kind %', record_kind;
  END IF;
  IF doc IS NULL THEN
    DELETE FROM search_searchdocument s WHERE s.kind = record_kind AND s.object_id = record_id;
  ELSE
    INSERT INTO search_searchdocument (kind, object_id, recommendation_id, topic_id, task_id, document)
    VALUES (record_kind, record_id, rec_id, topic, task, doc)
    ON CONFLICT (kind, object_id) DO UPDATE SET
      recommendation_id = EXCLUDED.recommendation_id, topic_id = EXCLUDED.topic_id,
      task_id = EXCLUDED.task_id, document = EXCLUDED.document;
  END IF;
END
$$;

-- The row trigger of every indexed table; TG_ARGV[0] is the kind. An indicator has no document
-- of its own: renaming it re-indexes its measurements.
CREATE FUNCTION search_document_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  record_kind text := TG_ARGV[0];
BEGIN
  IF record_kind = 'indicator' THEN
    PERFORM search_index_record('measurement', m.id) FROM recommendations_measurement m
      WHERE m.indicator_id = NEW.id;
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_searchdocument s WHERE s.kind = record_kind AND s.object_id = OLD.id;
    RETURN NULL;
  END IF;
  PERFORM search_index_record(record_kind, NEW.id);
  -- Nested IFs: PL/pgSQL does not short-circuit, and NEW has only its own table's columns.
  IF record_kind = 'report' THEN
    PERFORM search_index_record('measurement', m.id) FROM recommendations_measurement m
      WHERE m.report_id = NEW.id;
  ELSIF TG_OP = 'UPDATE' THEN
    IF record_kind = 'recommendation' THEN
      IF NEW.topic_id <> OLD.topic_id THEN
        UPDATE search_searchdocument s SET topic_id = NEW.topic_id
         WHERE s.recommendation_id = NEW.id AND s.kind <> 'recommendation';
      END IF;
    ELSIF record_kind = 'task' THEN
      IF NEW.recommendation_id <> OLD.recommendation_id THEN
        UPDATE search_searchdocument s
           SET recommendation_id = NEW.recommendation_id,
               topic_id = (SELECT r.topic_id FROM recommendations_recommendation r
                            WHERE r.id = NEW.recommendation_id)
         WHERE s.task_id = NEW.id AND s.kind <> 'task';
      END IF;
    END IF;
  END IF;
  RETURN NULL;
END
$$;
"""


def _triggers():
    statements = []
    tables = [*INDEXED_TABLES, ("indicator", "recommendations_indicator", "name")]
    for kind, table, columns in tables:
        operations = f"UPDATE OF {columns}"
        if kind != "indicator":
            operations = f"INSERT OR {operations} OR DELETE"
        statements.append(
            f"CREATE TRIGGER search_document_sync AFTER {operations} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION search_document_sync('{kind}');"
        )
        statements.append(f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER search_document_sync;")
    return "\n".join(statements)


def _backfill():
    return "\n".join(
        f"SELECT search_index_record('{kind}', id) FROM {table};" for kind, table, _columns in INDEXED_TABLES
    )


INSTALL = FUNCTIONS + _triggers() + "\n" + _backfill()

UNINSTALL = "\n".join(
    [
        *(
            f"DROP TRIGGER IF EXISTS search_document_sync ON {table};"
            for _kind, table, _columns in [*INDEXED_TABLES, ("indicator", "recommendations_indicator", "")]
        ),
        "DROP FUNCTION IF EXISTS search_document_sync();",
        "DROP FUNCTION IF EXISTS search_index_record(text, bigint);",
        'DROP FUNCTION IF EXISTS search_vector(text, "char");',
    ]
)

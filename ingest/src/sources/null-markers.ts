/**
 * The text database dumps write for "no value": `NULL` (in any of its usual cases) and `\N`, as MySQL's
 * SELECT … INTO OUTFILE and PostgreSQL's COPY text format write it. Every reader stages it as a missing value,
 * not as text, so that a dump's "NULL" is neither a reason nor a verbatim, whichever format it came in: the
 * CSV reader as an unquoted field (csv-source.ts), the JSON reader as a string (`"reason_text": "NULL"`, as
 * tools that dump SQL tables to JSON write it: json-source.ts).
 */
export const NULL_MARKERS: readonly string[] = ['NULL', 'null', 'Null', '\\N'];

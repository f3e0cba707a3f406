import { describe, expect, it } from 'vitest';
import { findRenamedHeaders, renamedHeaderLabel, renamedHeaderMessages } from './repeated-headers.ts';

describe('findRenamedHeaders', () => {
  it('finds the second "comment", which the reader renamed comment_1, with the column of the first', () => {
    expect(findRenamedHeaders(['id', 'comment', 'comment'], ['id', 'comment', 'comment_1'])).toEqual([
      {
        header: 'comment_1',
        written: 'comment',
        column: 3,
        copy: 2,
        first: { header: 'comment', written: 'comment', column: 2 },
      },
    ]);
  });

  it('counts the copies of a name written three times', () => {
    const repeats = findRenamedHeaders(
      ['comment', 'id', 'comment', 'comment'],
      ['comment', 'id', 'comment_1', 'comment_2'],
    );
    expect(repeats).toMatchObject([
      { header: 'comment_1', column: 3, copy: 2, first: { column: 1 } },
      { header: 'comment_2', column: 4, copy: 3, first: { column: 1 } },
    ]);
  });

  it('takes a header really named comment_1 beside comment for no repeat', () => {
    expect(findRenamedHeaders(['id', 'comment', 'comment_1'], ['id', 'comment', 'comment_1'])).toEqual([]);
  });

  it('finds a real comment_1 after two "comment", which the reader renames comment_1_1 as the repeat took its name', () => {
    const [repeat, displaced] = findRenamedHeaders(
      ['comment', 'comment', 'comment_1'],
      ['comment', 'comment_1', 'comment_1_1'],
    );
    expect(repeat).toMatchObject({ header: 'comment_1', column: 2, copy: 2 });
    expect(displaced).toEqual({ header: 'comment_1_1', written: 'comment_1', column: 3, takenBy: repeat });
  });

  it('finds names that differ only in case and outer spaces, as the reader compares them', () => {
    const [repeat] = findRenamedHeaders(['Comment', 'comment '], ['Comment', 'comment_1']);
    expect(repeat).toMatchObject({ written: 'comment ', first: { written: 'Comment', column: 1 } });
  });

  it('finds a column whose header cell is blank, or only spaces, which the reader names column2', () => {
    expect(findRenamedHeaders(['id', 'notes', null, ' '], ['id', 'notes', 'column2', 'column3'])).toEqual([
      { header: 'column2', column: 3, unnamed: true },
      { header: 'column3', column: 4, unnamed: true },
    ]);
  });

  it('finds nothing when the header line read does not line up with the headers', () => {
    expect(findRenamedHeaders(['id', 'comment'], ['id', 'comment', 'comment_1'])).toEqual([]);
  });
});

describe('renamedHeaderLabel', () => {
  const repeats = findRenamedHeaders(
    ['comment', 'comment', 'comment', 'notes'],
    ['comment', 'comment_1', 'comment_2', 'notes'],
  );

  it('lists a repeat with the name the file gives it and which copy it is', () => {
    expect(renamedHeaderLabel(repeats, 'comment_1')).toBe('comment_1 (the second "comment")');
    expect(renamedHeaderLabel(repeats, 'comment_2')).toBe('comment_2 (the third "comment")');
  });

  it('lists a column renamed because a repeat took its name with the name the file gives it', () => {
    const renamed = findRenamedHeaders(
      ['comment', 'comment', 'comment_1'],
      ['comment', 'comment_1', 'comment_1_1'],
    );
    expect(renamedHeaderLabel(renamed, 'comment_1_1')).toBe('comment_1_1 (the "comment_1" of column 3)');
  });

  it('lists a column without a header by the name the reader gave it and its place in the file', () => {
    const unnamed = findRenamedHeaders(['id', null], ['id', 'column1']);
    expect(renamedHeaderLabel(unnamed, 'column1')).toBe('column1 (column 2, which has no header)');
    expect(renamedHeaderMessages(unnamed, [])).toEqual({ notes: [], warnings: [] });
  });

  it('lists any other header as it is', () => {
    expect(renamedHeaderLabel(repeats, 'notes')).toBe('notes');
  });
});

describe('renamedHeaderMessages', () => {
  const written = ['id', 'requested_at', 'comment', 'requested_at', 'comment'];
  const repeats = findRenamedHeaders(written, [
    'id',
    'requested_at',
    'comment',
    'requested_at_1',
    'comment_1',
  ]);
  const matches = [
    { field: 'requested_at', header: 'requested_at' },
    { field: 'reason_text', header: 'comment' },
  ];

  it('warns that a field reads the first copy, how often the two differ and how to read the other', () => {
    const differing = new Map([['requested_at_1', { differing: 2, rows: 10 }]]);
    expect(renamedHeaderMessages(repeats.slice(0, 1), matches, differing)).toEqual({
      notes: [],
      warnings: [
        'column 4 "requested_at" repeats the name of column 2: read as "requested_at_1", which no field reads; ' +
          'requested_at is read from column 2, and the two differ in 2 of 10 rows ' +
          '(map "requested_at_1" with --mapping to use it)',
      ],
    });
  });

  it('only notes a repeat that holds the same values as the column a field reads', () => {
    const same = new Map([['requested_at_1', { differing: 0, rows: 10 }]]);
    expect(renamedHeaderMessages(repeats.slice(0, 1), matches, same)).toEqual({
      notes: [
        'column 4 "requested_at" repeats the name of column 2: read as "requested_at_1", which no field reads; ' +
          'requested_at is read from column 2, which holds the same values',
      ],
      warnings: [],
    });
  });

  it('notes a repeat the mapping has a field read, and one of a name no field reads', () => {
    const mapped = [{ field: 'reason_text', header: 'comment_1' }];
    expect(renamedHeaderMessages(repeats.slice(1), mapped)).toEqual({
      notes: [
        'column 5 "comment" repeats the name of column 3: read as "comment_1", which feeds reason_text',
      ],
      warnings: [],
    });
    expect(renamedHeaderMessages(repeats.slice(1), [])).toEqual({
      notes: [
        'column 5 "comment" repeats the name of column 3: read as "comment_1", which no field reads ' +
          '(map "comment_1" with --mapping to use it)',
      ],
      warnings: [],
    });
  });

  it('notes that a column whose name a repeat took is read by another, which a mapping must name', () => {
    const renamed = findRenamedHeaders(
      ['comment', 'comment', 'comment_1'],
      ['comment', 'comment_1', 'comment_1_1'],
    );
    expect(renamedHeaderMessages(renamed.slice(1), [])).toEqual({
      notes: [
        'column 3 "comment_1" is read as "comment_1_1": the second "comment" (column 2) is read as "comment_1"',
      ],
      warnings: [],
    });
  });

  it('names the first column as the file writes it when that differs in case or spaces', () => {
    const [repeat] = findRenamedHeaders(['Comment', 'comment '], ['Comment', 'comment_1']);
    const { warnings } = renamedHeaderMessages(repeat ? [repeat] : [], [
      { field: 'reason_text', header: 'Comment' },
    ]);
    expect(warnings).toEqual([
      'column 2 "comment " repeats the name of column 1 ("Comment"): read as "comment_1", which no field reads; ' +
        'reason_text is read from column 1 (map "comment_1" with --mapping to use it)',
    ]);
  });
});

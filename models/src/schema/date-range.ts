/**
 * The days a record's dates and an insight filter may name. Exports write 9999-12-31 or 0001-01-01 for "no
 * date", which would become the data's newest or oldest day and so the default reporting period; and
 * periods are compared with the one as long before them and counted by month, which outside these years
 * leads to dates without four-digit years, which YYYY-MM-DD and the queries need.
 */
export const DATE_RANGE = { earliest: '1900-01-01', latest: '2999-12-31' } as const;

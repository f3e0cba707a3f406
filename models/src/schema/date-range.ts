/**
 * The days a record's dates and an insight filter may name. Exports write 9999-12-31 or 0001-01-01 for "no
 * date", which would become the data's newest or oldest day and so fix the default reporting period. And
 * a period is compared with the one as long before it and counted by month: outside these years the period
 * before or the month after can fall in a year without four digits, which YYYY-MM-DD cannot write.
 */
export const DATE_RANGE = { earliest: '1900-01-01', latest: '2999-12-31' } as const;

/**
 * The data-table alternative every chart carries: the same numbers as text, built by the same pure dataset
 * builder as the chart so the two can never disagree.
 */
export interface TableColumn {
  key: string;
  label: string;
  numeric?: boolean;
}

export interface TableModel {
  columns: TableColumn[];
  /** Display strings keyed by column key. */
  rows: Record<string, string>[];
}

/** Feature vocabularies: hash → model row. */
import type { FeatureVocabulary } from './featurizer.ts';

/** A trained model's features; unknown hashes resolve to -1 and are ignored. */
export class FixedVocabulary implements FeatureVocabulary {
  private readonly rows: Map<number, number>;

  constructor(readonly hashes: Uint32Array) {
    this.rows = new Map();
    for (let row = 0; row < hashes.length; row++) this.rows.set(hashes[row] as number, row);
  }

  rowOf(hash: number): number {
    return this.rows.get(hash) ?? -1;
  }

  get size(): number {
    return this.hashes.length;
  }
}

/** Training's first pass: every hash gets a row, in order of first sight. */
export class GrowingVocabulary implements FeatureVocabulary {
  private readonly rows = new Map<number, number>();
  readonly hashes: number[] = [];

  rowOf(hash: number): number {
    let row = this.rows.get(hash);
    if (row === undefined) {
      row = this.hashes.length;
      this.rows.set(hash, row);
      this.hashes.push(hash);
    }
    return row;
  }
}

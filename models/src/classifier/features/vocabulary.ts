/** Feature vocabularies: hash → model row. */
import type { FeatureVocabulary } from './featurizer.ts';

/**
 * A trained model's features; unknown hashes resolve to -1 and are ignored. An open-addressing table in
 * typed arrays: bigram lookups happen per call, and this is several times faster than a Map.
 */
export class FixedVocabulary implements FeatureVocabulary {
  private readonly keys: Uint32Array;
  private readonly rows: Int32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(readonly hashes: Uint32Array) {
    let capacityLog2 = 4;
    while (2 ** capacityLog2 < hashes.length * 2) capacityLog2 += 1;
    const capacity = 2 ** capacityLog2;
    this.mask = capacity - 1;
    this.shift = 32 - capacityLog2;
    this.keys = new Uint32Array(capacity);
    this.rows = new Int32Array(capacity).fill(-1);
    for (let row = 0; row < hashes.length; row++) {
      let slot = this.slotOf(hashes[row] as number);
      while (this.rows[slot] !== -1) slot = (slot + 1) & this.mask;
      this.keys[slot] = hashes[row] as number;
      this.rows[slot] = row;
    }
  }

  /** Fibonacci hashing: the high bits of hash × φ (FNV's low bits alone cluster). */
  private slotOf(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }

  rowOf(hash: number): number {
    for (let slot = this.slotOf(hash); ; slot = (slot + 1) & this.mask) {
      const row = this.rows[slot] as number;
      if (row === -1 || this.keys[slot] === hash) return row;
    }
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

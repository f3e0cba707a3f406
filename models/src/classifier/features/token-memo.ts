/**
 * The per-token memo, keyed by the token's exact text and looked up straight from the verbatim: hashing a
 * range of the string needs no substring, so a known token costs a hash and a compare, no allocation.
 * Open addressing over typed arrays; when half full it is emptied, which keeps memory flat on endless
 * streams of novel tokens (typos, IDs) at the cost of recomputing entries afterwards.
 */
import { hashText } from './hashing.ts';

const SEED = 0x2f1b_3c4d;

export class TokenMemo<Value> {
  private readonly hashes: Uint32Array;
  private readonly texts: (string | undefined)[];
  private readonly values: (Value | undefined)[];
  private readonly mask: number;
  private readonly shift: number;
  private size = 0;

  constructor(capacityLog2 = 18) {
    const capacity = 2 ** capacityLog2;
    this.mask = capacity - 1;
    this.shift = 32 - capacityLog2;
    this.hashes = new Uint32Array(capacity);
    this.texts = new Array(capacity).fill(undefined);
    this.values = new Array(capacity).fill(undefined);
  }

  /** Never 0: a zero in the hash table marks an empty slot, so probing touches only the typed array. */
  static hash(text: string, start: number, end: number): number {
    return hashText(text, SEED, start, end) || 1;
  }

  get(hash: number, text: string, start: number, end: number): Value | undefined {
    for (let slot = this.slotOf(hash); ; slot = (slot + 1) & this.mask) {
      const stored = this.hashes[slot];
      if (stored === 0) return undefined;
      if (stored === hash && sameText(this.texts[slot] as string, text, start, end)) return this.values[slot];
    }
  }

  set(hash: number, token: string, value: Value): void {
    if (this.size * 2 >= this.hashes.length) this.clear();
    let slot = this.slotOf(hash);
    while (this.hashes[slot] !== 0) slot = (slot + 1) & this.mask;
    this.hashes[slot] = hash;
    this.texts[slot] = token;
    this.values[slot] = value;
    this.size += 1;
  }

  /** Fibonacci hashing: the high bits of hash × φ; FNV's low bits alone cluster. */
  private slotOf(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }

  get count(): number {
    return this.size;
  }

  private clear(): void {
    this.hashes.fill(0);
    this.texts.fill(undefined);
    this.values.fill(undefined);
    this.size = 0;
  }
}

function sameText(stored: string, text: string, start: number, end: number): boolean {
  if (stored.length !== end - start) return false;
  for (let index = 0; index < stored.length; index++) {
    if (stored.charCodeAt(index) !== text.charCodeAt(start + index)) return false;
  }
  return true;
}

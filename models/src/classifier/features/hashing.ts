/**
 * 32-bit feature hashing: features are never materialized as strings (no "c:exp" allocations), and the model
 * artifact stores integers instead of a vocabulary.
 */

/** Feature namespaces, mixed into every hash so a word and a character n-gram never share an id. */
export const Namespace = {
  word: 0x9e3779b1,
  negatedWord: 0x85ebca77,
  charNgram: 0xc2b2ae3d,
  negatedCharNgram: 0x27d4eb2f,
  bigram: 0x165667b1,
  seed: 0xd3a2646c,
  negatedSeed: 0xfd7046c5,
} as const;

/** FNV-1a over `text[start, end)`, seeded by a namespace. */
export function hashText(text: string, seed: number, start = 0, end = text.length): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = start; index < end; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Combines two hashes order-sensitively (murmur3 finalizer), for word bigrams. */
export function combineHashes(first: number, second: number, seed: number): number {
  let hash = (Math.imul(first ^ seed, 0xcc9e2d51) ^ second) >>> 0;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

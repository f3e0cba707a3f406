/**
 * Identity of a free-text answer. Verbatims are deduplicated by normalized text so each distinct answer is
 * stored and classified once, however many cancellations repeat it ("too expensive", "Too expensive ").
 */
import { createHash } from 'node:crypto';

/** Unicode-normalizes, lower-cases and collapses whitespace; returns '' for blank input. */
export function normalizeVerbatim(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Stable 16-hex-digit key of a verbatim's normalized text. */
export function verbatimHash(text: string): string {
  return createHash('sha1').update(normalizeVerbatim(text)).digest('hex').slice(0, 16);
}

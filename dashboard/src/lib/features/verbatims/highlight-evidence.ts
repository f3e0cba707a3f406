/**
 * Splits a verbatim into plain and highlighted segments. Evidence phrases are quoted from the text by the
 * classifier, so they are found as substrings (case-insensitively, in case the text was normalised); a
 * phrase that does not occur is skipped rather than guessed at.
 */
export interface TextSegment {
  text: string;
  evidence: boolean;
}

export function highlightEvidence(text: string, evidence: readonly string[]): TextSegment[] {
  const lower = text.toLowerCase();
  const ranges: [number, number][] = [];
  for (const phrase of evidence) {
    const needle = phrase.trim().toLowerCase();
    if (needle === '') continue;
    for (
      let start = lower.indexOf(needle);
      start >= 0;
      start = lower.indexOf(needle, start + needle.length)
    ) {
      ranges.push([start, start + needle.length]);
    }
  }
  const merged = mergeRanges(ranges);
  const segments: TextSegment[] = [];
  let position = 0;
  for (const [start, end] of merged) {
    if (start > position) segments.push({ text: text.slice(position, start), evidence: false });
    segments.push({ text: text.slice(start, end), evidence: true });
    position = end;
  }
  if (position < text.length) segments.push({ text: text.slice(position), evidence: false });
  return segments;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/**
 * Removes personal data from customer free text before it is stored: e-mail addresses, phone numbers,
 * card-like numbers and URLs that carry secrets. Verbatims are read by many people and exported in
 * reports, so they keep the words that explain a cancellation and lose what identifies or exposes someone.
 * NOTE: plain URLs (https://competitor.example) are kept on purpose: they often name the competitor.
 */

export const PII_PLACEHOLDERS = {
  url: '[url]',
  email: '[email]',
  card: '[card]',
  phone: '[phone]',
} as const;

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"']+/gi;
/** Query parameters whose values are credentials or session handles. */
const SECRET_PARAMETER =
  /[?&#](?:[a-z_]*token|key|api[_-]?key|secret|sig|signature|auth|code|password|pwd|session|sid)=/i;
/** A path or query segment of 20+ characters mixing letters and digits: a reset link, invite or signed id. */
const OPAQUE_SEGMENT = /[/=](?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}/;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** 13 to 19 digits, optionally grouped by single spaces or dashes: the shape of a payment card number. */
const CARD_PATTERN = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
/** An optional +country code, then digit groups split by spaces, dots, dashes or parentheses. */
const PHONE_PATTERN =
  /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]\d{2,5}){1,4}(?![\w-])/g;
/**
 * A date at the start of a phone-shaped run, year first or last, its two separators alike, and not followed
 * by more dotted digits (06.12.34.56.78 is a French phone number, not a date).
 */
const LEADING_DATE = /^(?:\d{4}([.-])\d{1,2}\1\d{1,2}|\d{1,2}([.-])\d{1,2}\2\d{4})(?!\d|[.-]\d)/;

function digitCount(text: string): number {
  return text.replace(/\D/g, '').length;
}

function redactUrl(url: string): string {
  return SECRET_PARAMETER.test(url) || OPAQUE_SEGMENT.test(url) ? PII_PLACEHOLDERS.url : url;
}

function redactPhone(candidate: string): string {
  // "06.11.2026 10:15" reads as the digit groups 06 11 2026 10: keep the date, look at the rest alone.
  const date = LEADING_DATE.exec(candidate)?.[0];
  if (date) return date + candidate.slice(date.length).replace(PHONE_PATTERN, redactPhone);
  const digits = digitCount(candidate);
  const grouped = /[ .()-]/.test(candidate);
  if (!grouped) return candidate;
  // Seven digits only when written like a local number (555-1234); otherwise 9-15 digits, which leaves
  // amounts, years and short codes alone.
  if (digits === 7 && /^\d{3}[ .-]\d{4}$/.test(candidate)) return PII_PLACEHOLDERS.phone;
  return digits >= 9 && digits <= 15 ? PII_PLACEHOLDERS.phone : candidate;
}

/** Returns the text with personal data replaced by placeholders such as `[email]`; other text is kept. */
export function redactPii(text: string): string {
  return text
    .replace(URL_PATTERN, redactUrl)
    .replace(EMAIL_PATTERN, PII_PLACEHOLDERS.email)
    .replace(CARD_PATTERN, PII_PLACEHOLDERS.card)
    .replace(PHONE_PATTERN, redactPhone);
}

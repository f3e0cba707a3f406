/**
 * Help desks and CRMs (Intercom, Zendesk, HubSpot) export an agent's note as HTML: `<p>Wants to cancel,&nbsp;
 * too pricey</p>`. Stored as it is, the markup would show in verbatims, take a theme's place ("nbsp") and
 * feed the classifier words no customer wrote. Only the tags of formatted text are taken out, so a
 * customer's own "<3" or "a < b" stays as written.
 */
const TAG_NAMES =
  'a|abbr|b|blockquote|br|code|del|div|em|font|h[1-6]|hr|i|img|ins|li|mark|ol|p|pre|s|small|span|strong|sub|sup|table|tbody|td|th|thead|tr|u|ul';
const TAG = new RegExp(`<\\/?(?:${TAG_NAMES})(?:\\s[^<>]*)?\\/?>`, 'gi');
/** Tags that end a line of the text they hold. */
const LINE_END = /<(?:br\s*\/?|\/p|\/div|\/li|\/h[1-6]|\/tr)>/gi;
const ENTITY = /&(nbsp|amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function decodeEntity(entity: string, name: string): string {
  const lower = name.toLowerCase();
  const named = NAMED_ENTITIES[lower];
  if (named !== undefined) return named;
  const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1));
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
}

/**
 * Markup for certain: a closing tag or a line break. A lone "<b and c>" could be a customer's own words, so
 * tags are taken out only of a text that has one of these.
 */
const SURE_MARKUP = new RegExp(`<\\/(?:${TAG_NAMES})>|<br\\s*\\/?>`, 'i');

/** The text of `text` without its HTML tags and entities; `text` itself when it holds none. */
export function markupToText(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  const untagged = SURE_MARKUP.test(text) ? text.replace(LINE_END, '\n').replace(TAG, '') : text;
  const plain = untagged.replace(ENTITY, decodeEntity);
  if (plain === text) return text;
  const tidy = plain
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  // Markup around nothing ("<p></p>") is kept as it is: a verbatim is never blank.
  return tidy === '' ? text : tidy;
}

/**
 * pdfkit's built-in Helvetica is a WinAnsi (Windows-1252) font: characters outside that set have no glyph.
 * Report text uses a few typographic ones (−, →) that have plain equivalents; anything else a verbatim may
 * contain (CJK, emoji) is shown as "?" rather than silently vanishing.
 */

const PLAIN_EQUIVALENTS: Record<string, string> = {
  '\u2212': '-', // minus sign
  '\u2192': '->', // rightwards arrow
  '\u2265': '>=',
  '\u2264': '<=',
  '\u2009': ' ', // thin space
  '\u202f': ' ', // narrow no-break space (some locales group digits with it)
};

/** The printable characters Windows-1252 puts at 0x80–0x9F, where Latin-1 has control codes. */
const WINDOWS_1252_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function isWinAnsi(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  if (code === 0x09 || code === 0x0a) return true;
  if (code >= 0x20 && code <= 0x7e) return true;
  if (code >= 0xa0 && code <= 0xff) return true;
  return WINDOWS_1252_EXTRAS.has(character);
}

export function pdfText(text: string): string {
  let result = '';
  for (const character of text.normalize('NFC')) {
    const plain = PLAIN_EQUIVALENTS[character] ?? character;
    result += [...plain].every(isWinAnsi) ? plain : '?';
  }
  return result;
}

import { describe, expect, it } from 'vitest';
import { markupToText } from './markup-text.ts';

describe('markupToText', () => {
  it("takes a help desk note's tags and entities out", () => {
    expect(markupToText('<p>Wants to cancel,&nbsp;too pricey</p><p>Offered 20%&nbsp;off</p>')).toBe(
      'Wants to cancel, too pricey\nOffered 20% off',
    );
  });

  it('keeps line breaks and decodes numeric entities', () => {
    expect(markupToText('Line one<br>Line two<br/>caf&#233; &#x2014; &quot;ok&quot; &amp; done')).toBe(
      'Line one\nLine two\ncafé — "ok" & done',
    );
  });

  it('drops attributes with their tags', () => {
    expect(
      markupToText('<div class="note"><a href="https://x.example/t?token=1">link</a> broken</div>'),
    ).toBe('link broken');
  });

  it('keeps markup around nothing as it is, since a verbatim is never blank', () => {
    expect(markupToText('<p>&nbsp;</p>')).toBe('<p>&nbsp;</p>');
  });

  it.each(['I <3 the app but it costs too much', 'price < value', 'AT&T pays for it now', 'a<b and c>d'])(
    'leaves %j as the customer wrote it',
    (text) => {
      expect(markupToText(text)).toBe(text);
    },
  );
});

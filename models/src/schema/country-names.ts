/**
 * Country names as CRM and billing exports write them ("Germany", "Deutschland", "United States"), each
 * with its ISO 3166-1 alpha-2 code, from the region names Node's ICU data knows in the languages churnlens
 * reads, plus the common short forms. Ingest reads a country field given by name as its code.
 */

/** Languages whose country names are read. */
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt'];

/** Names and short forms ICU does not list. */
const ALIASES: Readonly<Record<string, string>> = {
  usa: 'US',
  'u.s.': 'US',
  'u.s.a.': 'US',
  'united states of america': 'US',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
};

/**
 * "UK" is reserved for the United Kingdom, whose code is GB: read as GB, or the dashboard would show one
 * country twice.
 */
export const COUNTRY_CODE_ALIASES: Readonly<Record<string, string>> = { UK: 'GB' };

/** Region codes ICU names that are no country: unions, the unknown region, outlying Oceania. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO']);

/**
 * The two-letter codes of countries in use: a deprecated code (DD for Germany, UK, YU) is one whose
 * canonical form is another, and takes that one's name, which must not point at it.
 */
function countryCodes(): string[] {
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  return letters
    .flatMap((first) => letters.map((second) => `${first}${second}`))
    .filter(
      (code) => !NOT_COUNTRIES.has(code) && Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}`,
    );
}

let names: ReadonlyMap<string, string> | undefined;

/** Lower-case country name → ISO code. */
export function countryNames(): ReadonlyMap<string, string> {
  if (names) return names;
  const map = new Map<string, string>(Object.entries(ALIASES));
  const codes = countryCodes();
  for (const language of LANGUAGES) {
    const display = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    for (const code of codes) {
      const name = display.of(code)?.toLowerCase();
      if (name && !map.has(name)) map.set(name, code);
    }
  }
  names = map;
  return map;
}

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
  // ISO 3166's own short names, and the older or English names exports still use, where ICU says otherwise.
  'viet nam': 'VN',
  'korea, republic of': 'KR',
  'republic of korea': 'KR',
  "korea, democratic people's republic of": 'KP',
  "côte d'ivoire": 'CI',
  'ivory coast': 'CI',
  'czech republic': 'CZ',
  turkey: 'TR',
  'hong kong': 'HK',
  macau: 'MO',
  macao: 'MO',
  'the netherlands': 'NL',
  holland: 'NL',
  uae: 'AE',
  'russian federation': 'RU',
  'iran, islamic republic of': 'IR',
  'taiwan, province of china': 'TW',
  'bolivia, plurinational state of': 'BO',
  'venezuela, bolivarian republic of': 'VE',
  'tanzania, united republic of': 'TZ',
  'moldova, republic of': 'MD',
  "lao people's democratic republic": 'LA',
  'syrian arab republic': 'SY',
  'the philippines': 'PH',
};

/**
 * "UK" is reserved for the United Kingdom, whose code is GB: read as GB, or the dashboard would show one
 * country twice.
 */
export const COUNTRY_CODE_ALIASES: Readonly<Record<string, string>> = { UK: 'GB' };

/** Region codes ICU names that are no country: unions, the unknown region, outlying Oceania. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'ZZ', 'QO']);

let inUse: readonly string[] | undefined;

/**
 * The two-letter codes of countries in use, which ingest accepts as they are: a code ICU names (not AA or
 * XX), except unions and unknown regions, and not a deprecated code (DD for Germany, UK, YU), whose canonical
 * form is another and which takes that one's name, which must not point at it.
 */
export function countryCodes(): readonly string[] {
  if (inUse) return inUse;
  const letters = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  inUse = letters
    .flatMap((first) => letters.map((second) => `${first}${second}`))
    .filter(
      (code) =>
        !NOT_COUNTRIES.has(code) &&
        Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}` &&
        english.of(code) !== undefined,
    );
  return inUse;
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
      // ICU writes "Côte d’Ivoire" with a typographic apostrophe; files mostly have the typewriter one.
      const typed = name?.replaceAll('’', "'");
      if (typed && !map.has(typed)) map.set(typed, code);
    }
  }
  names = map;
  return map;
}

/**
 * Negation cues, and the words that split a verbatim into clauses. Tokens after a cue, up to the end of the
 * clause, a contrast word or a few content words, are "negated": they produce separate features, so
 * "not the price, it's missing X" does not count "price" as evidence for too_expensive.
 */

const NEGATION_CUES = new Set(
  `not no never nor neither without don't doesn't didn't can't cannot won't isn't aren't wasn't weren't couldn't
  wouldn't shouldn't haven't hasn't hadn't dont doesnt didnt cant wont isnt arent wasnt couldnt wouldnt havent
  nunca jamás ni sin tampoco ne n' pas jamais sans aucun aucune nicht kein keine keinen keiner nie niemals ohne
  não nao nem sem`.split(/\s+/),
);

/** Words that turn to a new thought: they end a negation scope and start a new clause. */
const CONTRAST_WORDS = new Set(
  `but it's its just rather instead however though although only pero sino solo mais plutôt aber sondern nur
  mas só`.split(/\s+/),
);

/** Words that join reasons ("too pricey and buggy"): they start a new clause but keep a negation going. */
const CONJUNCTIONS = new Set('and also plus y además et aussi und auch e também'.split(/\s+/));

export function isNegationCue(lowerCased: string): boolean {
  return NEGATION_CUES.has(lowerCased);
}

export function isContrastWord(lowerCased: string): boolean {
  return CONTRAST_WORDS.has(lowerCased);
}

export function isConjunction(lowerCased: string): boolean {
  return CONJUNCTIONS.has(lowerCased);
}

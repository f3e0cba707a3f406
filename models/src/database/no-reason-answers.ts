/**
 * Typed answers that name no reason: "n/a", "-", "no comment", "Please cancel my subscription.", "Can you
 * cancel our pro plan?", an agent's "Call summary: no reason given. Sent confirmation". On the sample data
 * they were most of the verbatims the classifier could only call other (its fallback) on requests without a
 * picked reason, and the most frequent texts a product manager read under "Other".
 *
 * A text names no reason when it is made of these words alone, in any order, with anything but letters and
 * digits between them. Whatever else it says keeps it the classifier's: "personal reasons", "moving
 * abroad", "no need", "duplicate acct" and a misspelt "pirce" are all answers.
 *
 * Frozen with migration 29, which counts such requests under no_reason_given: the stored facts were
 * rewritten by this pattern, so a change to it needs a migration of its own that rewrites them again.
 */

/** Words that answer nothing: refusals, placeholders, "see above". */
const NON_ANSWERS = `n a na none no nope nah nothing nil null idk dunno whatever ok okay k yes y other others
  reason reasons comment comments not telling say rather prefer just simply wanted because see above below as
  discussed mentioned per asdf x xx xxx keine angabe nada ninguno ninguna rien aucune aucun nenhum nenhuma`;

/** Words of a request to cancel, with the misspellings customers type, and of politeness around it. */
const CANCEL_REQUEST = `please pls plz pleas plese kindly cancel cancell cancle cancl cancelled canceled cancelling
  canceling cancellation cancelation end ending close stop terminate my our the this that it its a an
  account acct subscription subscriptions subscribtion subsciption subcription subscrption plan membership
  service i id d im m we re s is are am be would like want wish to can could you will let us know
  going for me all of at and do renew auto turn off asap now immediately today effective billing period
  cycle month current term renewal thanks thank thx ty many regards cheers bye goodbye`;

/** Words of a greeting, and of an agent's note that the customer gave no reason. */
const NOTES_AND_GREETINGS = `hi hello hey dear support team sir madam cx cust customer called call summary
  note notes inbound outbound declined refused wouldn wouldnt didn didnt t give given provide provided processed
  sent confirmation`;

function words(list: string): string[] {
  return list.split(/\s+/).filter((word) => word !== '');
}

const FILLER = [...new Set([NON_ANSWERS, CANCEL_REQUEST, NOTES_AND_GREETINGS].flatMap(words))];

/**
 * A plan named in the request ("our pro plan", "the Starter plan"): its name is any one word, since every
 * business names its plans.
 */
const NAMED_PLAN = String.raw`[\p{L}\p{N}]+\s+plan`;

/** A sign-off and one name after it, closing the text: "Thanks, Nicolas", "Thank you, Rosa", "Regards, Léa". */
const SIGN_OFF = String.raw`(?:thanks|thank\s+you|regards|cheers|best|sincerely)[^\p{L}\p{N}]+\p{L}+[^\p{L}\p{N}]*`;

/** Apostrophes join no words: "i'd" is "i" and "d". */
const SEPARATOR = String.raw`[^\p{L}\p{N}]`;

/**
 * The pattern a lower-cased text matches whole when it names no reason, for RE2 (DuckDB's
 * regexp_full_match). `\b` ends each word (so "no" is not the start of "noise"); it is ASCII-only, which is
 * why every word here is ASCII.
 */
export const NO_REASON_ANSWER_PATTERN = String.raw`(?:${SEPARATOR}|(?:${NAMED_PLAN}|${FILLER.join('|')})\b)*(?:${SIGN_OFF})?`;

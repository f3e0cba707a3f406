/**
 * Per-field validation rules for every record kind an ingest file can hold. These are the single source the
 * ingest job builds its bulk SQL checks from, so a rule (an enum, a bound, "required") is written here once
 * and applies to CSV, JSON, Parquet and Stripe input alike. Field names are the columns of the target table.
 */
import { REASON_CODES } from '../taxonomy.ts';
import { CURRENCIES } from './currencies.ts';
import {
  CANCELLATION_TRIGGERS,
  CHANNELS,
  OFFER_TYPES,
  OUTCOMES,
  type RecordKind,
  SURVEYS,
} from './records.ts';

/**
 * How a field's text is checked and converted:
 * - `id`: a non-blank identifier (natural key or reference), kept as text;
 * - `text`: free text kept as is (blank means absent);
 * - `verbatim`: customer free text that is PII-redacted, stored once in `verbatims` and classified;
 * - `timestamp`: ISO 8601 date or date-time, with an optional UTC offset (stored as UTC), on a day of
 *   DATE_RANGE (date-range.ts); ingest also reads the other spellings whose reading is not in doubt
 *   (ingest/src/validation/timestamp-sql.ts);
 * - `decimal` / `integer`: numbers, optionally bounded by `min` / `max`;
 * - `boolean`: true/false, yes/no, y/n, t/f, 1/0 (or 1.0/0.0), accepted/declined (or rejected);
 * - `enum`: one of `values` (or of their `spellings`), matched case-insensitively with spaces and dashes read
 *   as underscores;
 * - `currency`: a known ISO 4217 code (models/src/schema/currencies.ts), any case;
 * - `country`: an ISO 3166-1 alpha-2 code, any case.
 */
export type FieldType =
  | 'id'
  | 'text'
  | 'verbatim'
  | 'timestamp'
  | 'decimal'
  | 'integer'
  | 'boolean'
  | 'enum'
  | 'currency'
  | 'country';

export interface FieldRule {
  /** Column name in the target table and canonical header name in files. */
  field: string;
  type: FieldType;
  /** A required field must have a column in the file and a non-blank value in every row. */
  required: boolean;
  /** Allowed values of an `enum` field. */
  values?: readonly string[];
  /**
   * Other spellings of `values` that exports use, normalized as enum values are matched (lower case, spaces
   * and dashes as `_`), each read as the value it names.
   */
  spellings?: Readonly<Record<string, string>>;
  /**
   * Words for an `enum` value not decided yet (an outcome `pending`), normalized as spellings are: the row is
   * rejected saying so, not as a value to map, since mapping it would count it as a decided value.
   */
  undecided?: readonly string[];
  min?: number;
  max?: number;
  /** The most characters a `text` or `verbatim` value may have. */
  maxLength?: number;
  /**
   * The row must point at a record already stored in this table (by id). Only set where a dangling
   * reference makes the row meaningless: an offer or survey answer tied to a cancellation nobody ingested.
   * Cancellations do not require a known customer, because customer files are optional.
   */
  references?: 'cancellations';
  /**
   * For a `decimal` amount, the field of the same row holding its currency: the amount may then be written
   * with that currency's sign or ISO code before or after it ($39.00, 39,00 €, 39.00 USD), as spreadsheets
   * save formatted cells.
   */
  currencyField?: string;
}

/** Target table of each record kind. */
export const RECORD_TABLES = {
  customers: 'customers',
  cancellations: 'cancellations',
  offers: 'offers',
  surveys: 'survey_responses',
} as const satisfies Record<RecordKind, string>;

export const KNOWN_CURRENCY_CODES: readonly string[] = Object.keys(CURRENCIES);

/**
 * The longest verbatim a row may carry, in characters. A cancel reason or survey answer this long is
 * usually a file error (a quote left open swallows the following rows into one field), and every verbatim
 * passes through the row files of ingest (models/src/database/row-files.ts), whose lines DuckDB reads up to
 * 16 MB: a JSON-escaped character takes at most 6 bytes, so 100,000 leaves room for the index of its phrases.
 */
export const MAX_VERBATIM_LENGTH = 100_000;

const id = (field: string): FieldRule => ({ field, type: 'id', required: true });
const optional = (field: string, type: FieldType): FieldRule => ({ field, type, required: false });
const required = (field: string, type: FieldType): FieldRule => ({ field, type, required: true });
const verbatim = (field: string): FieldRule => ({
  field,
  type: 'verbatim',
  required: false,
  maxLength: MAX_VERBATIM_LENGTH,
});
const oneOf = (
  field: string,
  values: readonly string[],
  isRequired: boolean,
  spellings?: Readonly<Record<string, string>>,
): FieldRule => ({ field, type: 'enum', required: isRequired, values, ...(spellings ? { spellings } : {}) });

/**
 * How exports name the channels: the web or app flow, a call, a live chat, a bot. Only names whose channel is
 * not in doubt: "mobile" could be the app or a phone call, and "agent" a call or a chat.
 */
const CHANNEL_SPELLINGS: Readonly<Record<string, (typeof CHANNELS)[number]>> = {
  self_service: 'self_serve',
  web: 'self_serve',
  website: 'self_serve',
  online: 'self_serve',
  app: 'self_serve',
  in_app: 'self_serve',
  mobile_app: 'self_serve',
  web_form: 'self_serve',
  customer_portal: 'self_serve',
  phone: 'agent_phone',
  call: 'agent_phone',
  phone_call: 'agent_phone',
  telephone: 'agent_phone',
  call_center: 'agent_phone',
  call_centre: 'agent_phone',
  chat: 'agent_chat',
  live_chat: 'agent_chat',
  e_mail: 'email',
  mail: 'email',
  bot: 'chatbot',
  chat_bot: 'chatbot',
  virtual_agent: 'chatbot',
};

/**
 * US spelling (Stripe's "canceled") and the other words exports use for an outcome. A customer who took the
 * retention offer stayed: saved. "Accepted" alone is not read, since it may say that the cancellation was.
 */
const OUTCOME_SPELLINGS: Readonly<Record<string, (typeof OUTCOMES)[number]>> = {
  canceled: 'cancelled',
  churned: 'cancelled',
  retained: 'saved',
  accepted_offer: 'saved',
  offer_accepted: 'saved',
  won_back: 'saved',
  pause: 'paused',
  downgrade: 'downgraded',
};

/** What a cancel flow's or help desk's export writes for a request still being handled, with no outcome yet. */
const OPEN_REQUEST_OUTCOMES = [
  'pending',
  'open',
  'new',
  'requested',
  'in_progress',
  'in_review',
  'under_review',
  'processing',
];

const SURVEY_SPELLINGS: Readonly<Record<string, (typeof SURVEYS)[number]>> = {
  exit_survey: 'exit',
  cancellation_survey: 'exit',
  followup: 'follow_up',
  follow_up_survey: 'follow_up',
};

const OFFER_TYPE_SPELLINGS: Readonly<Record<string, (typeof OFFER_TYPES)[number]>> = {
  coupon: 'discount',
  paused: 'pause',
  downgraded: 'downgrade',
  free_month: 'free_period',
};

/**
 * The options cancel flows other than Stripe's offer, read as the reason code they amount to. Only names
 * whose meaning is not in doubt: "service" alone could be support or the product, so it is left to a
 * mapping file's `values`.
 */
const REASON_CODE_SPELLINGS: Readonly<Record<string, (typeof REASON_CODES)[number]>> = {
  price: 'too_expensive',
  pricing: 'too_expensive',
  cost: 'too_expensive',
  expensive: 'too_expensive',
  too_costly: 'too_expensive',
  budget: 'too_expensive',
  missing_feature: 'missing_features',
  lacks_features: 'missing_features',
  feature_request: 'missing_features',
  competitor: 'switched_service',
  switched_to_competitor: 'switched_service',
  switched_to_a_competitor: 'switched_service',
  found_alternative: 'switched_service',
  found_an_alternative: 'switched_service',
  not_using: 'unused',
  not_using_it: 'unused',
  not_used: 'unused',
  no_longer_needed: 'unused',
  no_longer_need_it: 'unused',
  low_usage: 'unused',
  support: 'customer_service',
  poor_support: 'customer_service',
  bad_support: 'customer_service',
  customer_support: 'customer_service',
  too_complicated: 'too_complex',
  complicated: 'too_complex',
  hard_to_use: 'too_complex',
  difficult_to_use: 'too_complex',
  quality: 'low_quality',
  poor_quality: 'low_quality',
  bugs: 'low_quality',
  buggy: 'low_quality',
  technical_issues: 'low_quality',
};

export const FIELD_RULES: Readonly<Record<RecordKind, readonly FieldRule[]>> = {
  customers: [
    id('id'),
    required('signed_up_at', 'timestamp'),
    // Optional: billing tools' customer exports (Stripe's) carry neither a plan nor, for a customer who gave
    // no address, a country; the analytics read a request's own plan, and a customer's country where known.
    optional('plan', 'text'),
    optional('country', 'country'),
    optional('segment', 'text'),
  ],
  cancellations: [
    id('id'),
    id('customer_id'),
    id('subscription_id'),
    required('requested_at', 'timestamp'),
    oneOf('channel', CHANNELS, true, CHANNEL_SPELLINGS),
    optional('agent_id', 'text'),
    optional('handled_at', 'timestamp'),
    required('plan', 'text'),
    { field: 'mrr', type: 'decimal', required: true, min: 0, currencyField: 'currency' },
    required('currency', 'currency'),
    { field: 'tenure_days', type: 'integer', required: true, min: 0 },
    oneOf('reason_code', REASON_CODES, false, REASON_CODE_SPELLINGS),
    verbatim('reason_text'),
    { ...oneOf('outcome', OUTCOMES, true, OUTCOME_SPELLINGS), undecided: OPEN_REQUEST_OUTCOMES },
    optional('effective_at', 'timestamp'),
    optional('reactivated_at', 'timestamp'),
    oneOf('cancellation_trigger', CANCELLATION_TRIGGERS, false),
  ],
  offers: [
    id('id'),
    { field: 'cancellation_id', type: 'id', required: true, references: 'cancellations' },
    oneOf('offer_type', OFFER_TYPES, true, OFFER_TYPE_SPELLINGS),
    optional('offer_detail', 'text'),
    required('presented_at', 'timestamp'),
    required('accepted', 'boolean'),
    optional('accepted_at', 'timestamp'),
    optional('churned_at', 'timestamp'),
  ],
  surveys: [
    id('id'),
    id('customer_id'),
    { field: 'cancellation_id', type: 'id', required: false, references: 'cancellations' },
    oneOf('survey', SURVEYS, true, SURVEY_SPELLINGS),
    required('submitted_at', 'timestamp'),
    required('question', 'text'),
    optional('choice', 'text'),
    { field: 'score', type: 'integer', required: false, min: 0, max: 10 },
    verbatim('free_text'),
  ],
};

/** The verbatim (free-text) field of a kind, if it has one. */
export function verbatimField(kind: RecordKind): string | undefined {
  return FIELD_RULES[kind].find((rule) => rule.type === 'verbatim')?.field;
}

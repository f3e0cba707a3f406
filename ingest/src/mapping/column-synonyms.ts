/**
 * Header names other tools use for churnlens fields, per record kind. Headers are compared after
 * {@link normalizeHeader}, so "Churn Reason", "churn-reason" and "CHURN_REASON" are the same name.
 * Anything not listed here can be mapped with a --mapping file.
 */
import type { RecordKind } from '@churnlens/models';

export const COLUMN_SYNONYMS: Readonly<Record<RecordKind, Readonly<Record<string, readonly string[]>>>> = {
  customers: {
    id: ['customer_id', 'customer', 'account_id', 'user_id', 'client_id'],
    signed_up_at: [
      'signup_date',
      'signed_up_on',
      'signup_at',
      'created_at',
      // Stripe's customer export: "Created (UTC)".
      'created',
      'joined_at',
      'customer_since',
      'start_date',
    ],
    plan: ['plan_name', 'plan_id', 'plan_code', 'plan_nickname', 'subscription_plan', 'tier', 'product'],
    // Stripe's customer export writes "Address Country"; billing tools the billing address's.
    country: ['country_code', 'country_iso', 'address_country', 'billing_country', 'billing_address_country'],
    segment: ['customer_segment', 'market_segment'],
  },
  cancellations: {
    id: ['cancellation_id', 'cancel_id', 'cancellation_request_id', 'request_id', 'case_id'],
    customer_id: ['customer', 'account_id', 'user_id', 'client_id'],
    subscription_id: ['subscription', 'sub_id'],
    requested_at: [
      'cancelled_at',
      'canceled_at',
      'cancellation_date',
      'cancel_date',
      'cancelled_on',
      'canceled_on',
      'requested_on',
      'request_date',
      'churn_date',
      'churned_at',
    ],
    channel: ['cancel_channel', 'cancellation_channel', 'cancellation_source', 'contact_channel', 'source'],
    agent_id: ['agent', 'rep_id', 'handled_by'],
    handled_at: ['handled_on', 'resolved_at'],
    plan: ['plan_name', 'plan_id', 'plan_code', 'plan_nickname', 'subscription_plan', 'tier', 'product'],
    mrr: [
      'monthly_recurring_revenue',
      'monthly_revenue',
      'mrr_amount',
      'monthly_amount',
      'monthly_price',
      'monthly_fee',
    ],
    currency: ['currency_code', 'ccy'],
    tenure_days: [
      'tenure',
      'tenure_in_days',
      'days_active',
      'days_as_customer',
      'customer_tenure_days',
      'lifetime_days',
      'account_age_days',
    ],
    reason_code: [
      'reason_category',
      'primary_reason',
      'reason_id',
      'reason_code_id',
      'cancel_reason_code',
      'cancellation_reason_code',
      'churn_reason_code',
      // Stripe's subscription fields as Sigma, data warehouses and flattened JSON name them.
      'cancellation_details_feedback',
    ],
    reason_text: [
      'feedback',
      'comment',
      'comments',
      'cancel_comment',
      'cancellation_comment',
      'reason_detail',
      'reason_details',
      // The free-text companion of a picked reason ("Churn reason" + "Churn reason details", as CRMs export
      // a dropdown property and its text field).
      'churn_reason_details',
      'churn_reason_detail',
      'cancel_reason_details',
      'cancellation_reason_details',
      'churn_comment',
      'churn_feedback',
      'churn_notes',
      'free_text',
      'verbatim',
      'why',
      'notes',
      'agent_notes',
      'cancellation_notes',
      'additional_comments',
      'cancellation_details_comment',
    ],
    outcome: ['result', 'resolution', 'save_outcome', 'status'],
    effective_at: ['ends_at', 'end_date', 'effective_date', 'service_end'],
    reactivated_at: ['reactivated_on', 'reactivation_date', 'winback_at'],
    cancellation_trigger: ['cancellation_details_reason', 'stripe_cancellation_reason', 'trigger'],
  },
  offers: {
    id: ['offer_id'],
    cancellation_id: ['cancellation', 'cancel_id', 'cancellation_request_id'],
    offer_type: ['offer', 'type', 'offer_kind', 'retention_offer'],
    offer_detail: ['detail', 'details', 'offer_description', 'description', 'offer_name'],
    presented_at: ['offered_at', 'shown_at', 'presented_on', 'offer_date'],
    accepted: [
      'was_accepted',
      'is_accepted',
      'accepted_offer',
      'took_offer',
      'offer_outcome',
      'offer_status',
    ],
    accepted_at: ['accepted_on', 'accept_date'],
    churned_at: ['cancelled_at', 'canceled_at', 'churn_date', 'churned_on'],
  },
  surveys: {
    id: ['response_id', 'survey_response_id', 'answer_id', 'respondent_id'],
    customer_id: ['customer', 'account_id', 'user_id'],
    cancellation_id: ['cancellation', 'cancel_id'],
    survey: ['survey_name', 'survey_type', 'form'],
    submitted_at: [
      'submitted_on',
      'responded_at',
      'response_date',
      'answered_at',
      'submit_date',
      'submitted',
      'date_submitted',
      'timestamp',
    ],
    question: ['question_text', 'prompt'],
    choice: ['answer', 'selected_option', 'option', 'response'],
    score: ['rating', 'nps', 'nps_score'],
    free_text: ['comment', 'comments', 'feedback', 'answer_text', 'free_text_answer', 'verbatim', 'text'],
  },
};

/**
 * Reason headers that hold a coded reason in some exports and the customer's own words in others
 * ("Churn Reason": "too_expensive" vs "we found something cheaper"). Which field they feed is decided
 * from the values: all known reason codes → reason_code, anything else → reason_text.
 */
export const AMBIGUOUS_REASON_HEADERS: readonly string[] = [
  'reason',
  'cancel_reason',
  'cancellation_reason',
  'churn_reason',
  'reason_for_cancelling',
  'reason_for_canceling',
  'reason_for_cancellation',
  'reason_for_leaving',
  'exit_reason',
  // A cancel flow's question as its export's header ("Why are you leaving?").
  'why_are_you_leaving',
  'why_are_you_cancelling',
  'why_are_you_canceling',
  'why_did_you_cancel',
  'why_did_you_leave',
];

/**
 * Headers of a cancellation's subscription start date: a file without `tenure_days` gets its tenure as the
 * days from this date to `requested_at`.
 */
export const TENURE_START_HEADERS: readonly string[] = [
  'subscription_start',
  'subscription_start_date',
  'subscription_started_at',
  'subscribed_at',
  'started_at',
  'start_date',
  'signup_date',
  'signed_up_at',
  'customer_since',
  'customer_since_date',
  'member_since',
];

/**
 * Headers of a cancellation's MRR written in its currency's minor units: a file without an `mrr` column reads
 * such a column as mrr, divided by 10^(the minor units of the row's currency). Each name says both cents (or
 * minor units) and monthly. A billing tool's price or amount in cents (Recurly's
 * subscription_unit_amount_in_cents, price_cents) is charged per billing period, which may be a year: read
 * as MRR unasked, an annual plan would count 12 times over, so such a column is mapped to "mrr_minor_units"
 * by the person who knows its plans are monthly.
 */
export const MRR_MINOR_UNITS_HEADERS: readonly string[] = [
  'mrr_in_cents',
  'mrr_cents',
  'mrr_in_minor_units',
  'mrr_minor_units',
  'monthly_amount_in_cents',
  'monthly_amount_cents',
  'monthly_price_in_cents',
  'monthly_price_cents',
];

/**
 * The most characters a header may have to be a column's name. A longer one is data read as a header: the
 * first line of a binary file, a JSON document or a CSV without line breaks, renamed .csv. Such a header is
 * no name (normalizeHeader, headerNames, findHeader): matching normalises each header many times, once per
 * kind and list of names, which took 16 s for one 10 MB header, and splitting one with many dots into its
 * tails would take far longer. A file whose header has one is refused (ingest-file.ts).
 */
export const MAX_HEADER_LENGTH = 1_000;

/** Whether a header is too long to be a column's name (MAX_HEADER_LENGTH). */
export function isOverlongHeader(header: string): boolean {
  return header.length > MAX_HEADER_LENGTH;
}

/**
 * Lower case, every run of non-alphanumerics as one underscore, and a word boundary where camelCase has one:
 * "Churn Reason " → "churn_reason", "tenureDays" → "tenure_days", "CustomerID" → "customer_id". An overlong
 * header (MAX_HEADER_LENGTH) normalises to "", which no name is.
 */
export function normalizeHeader(header: string): string {
  if (isOverlongHeader(header)) return '';
  return header
    .normalize('NFKC')
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1_$2')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Where a header a mapping file names stands among `headers`: written exactly so, else the same once
 * normalised (normalizeHeader); -1 when it is not there. An overlong header (MAX_HEADER_LENGTH) is found only
 * as written.
 */
export function findHeader(headers: readonly string[], name: string): number {
  const exact = headers.indexOf(name);
  if (exact >= 0 || isOverlongHeader(name)) return exact;
  const normalized = normalizeHeader(name);
  return headers.findIndex((header) => !isOverlongHeader(header) && normalizeHeader(header) === normalized);
}

/**
 * The names a header is matched by, in order: the whole header normalised, then, for a header qualified by
 * a table or object name ("subscriptions.cancelled_at", as SQL clients and billing exports write them), its
 * shorter tails down to its last part. The longer name comes first so that a nested key such as
 * "customer.id" stays customer_id, and one three keys deep is read as a two-key path would be:
 * "cancellation.reason.text" as reason_text before text, "account.customer.id" as customer_id before id.
 * An overlong header (MAX_HEADER_LENGTH) has no name.
 */
export function headerNames(header: string): string[] {
  if (isOverlongHeader(header)) return [];
  const parts = header.split('.');
  const tails = parts.map((_, start) => normalizeHeader(parts.slice(start).join('.')));
  return [...new Set(tails.filter((name, index) => index === 0 || name !== ''))];
}

/**
 * Fields a file may leave out because another of its fields says it: an offer with an acceptance time was
 * accepted. Per kind, the field and the field whose having a value stands for it.
 */
export const FILLED_FIELDS: Readonly<Partial<Record<RecordKind, Readonly<Record<string, string>>>>> = {
  offers: { accepted: 'accepted_at' },
};

/**
 * Fields a file may leave out because another of its columns holds the same value: an export with one row
 * per subscription has one identifier, which is both the cancellation's id and its subscription's. Per
 * kind, the field and the field whose column stands for it.
 */
export const SHARED_COLUMN_FIELDS: Readonly<Partial<Record<RecordKind, Readonly<Record<string, string>>>>> = {
  cancellations: { subscription_id: 'id', id: 'subscription_id' },
};

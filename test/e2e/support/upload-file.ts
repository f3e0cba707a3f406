/**
 * A small cancellations CSV for the upload test: ten new requests by existing sample customers, two of them
 * invalid (a negative MRR, an unknown channel), so the run must read 10, load 8 and reject 2.
 */
export const UPLOAD_EXPECTED = { read: 10, loaded: 8, rejected: 2 } as const;

const HEADER =
  'id,customer_id,subscription_id,requested_at,channel,agent_id,handled_at,plan,mrr,currency,tenure_days,reason_code,reason_text,outcome,effective_at,reactivated_at';

const TEXTS = [
  'The price went up again and we cannot justify it',
  'We moved to another tool that has a proper API',
  'Not using it enough since the project ended',
  'Support never answered our ticket',
  'Too hard to set up for our team',
];

export function buildUploadCsv(): string {
  const rows = Array.from({ length: 10 }, (_, index) => {
    const n = String(index + 1).padStart(2, '0');
    const mrr = index === 3 ? '-5' : String(20 + index);
    const channel = index === 6 ? 'fax' : index % 2 === 0 ? 'self_serve' : 'agent_chat';
    const agent = channel === 'agent_chat' ? 'agent-e2e' : '';
    const text = TEXTS[index % TEXTS.length];
    return [
      `e2e-can-${n}`,
      `cus-00000${n}`,
      `e2e-sub-${n}`,
      `2026-10-2${index % 8}T10:00:00Z`,
      channel,
      agent,
      '',
      'pro',
      mrr,
      'USD',
      String(100 + index),
      '',
      `"${text}"`,
      'cancelled',
      '',
      '',
    ].join(',');
  });
  return `${[HEADER, ...rows].join('\n')}\n`;
}

/** Two offers made on requests of buildUploadCsv, uploaded with it. */
export const UPLOAD_OFFERS_CSV = `id,cancellation_id,offer_type,presented_at,accepted
e2e-offer-01,e2e-can-01,discount,2026-10-20T10:01:00Z,true
e2e-offer-02,e2e-can-02,pause,2026-10-21T10:01:00Z,false
`;

/**
 * A cancellations export with German headers, the cancel flow's own reason names and day-first dates: it
 * loads only through UPLOAD_MAPPING and the day-first date order (03.10.2026 reads either way).
 */
export const MAPPED_UPLOAD_CSV = `Vorgang,Kunde,Abo,Datum,Kanal,Tarif,Betrag,Währung,Tage,Grund,Status
e2e-map-01,cus-0000001,e2e-map-sub-01,03.10.2026 10:00,web,pro,"39,00",EUR,120,Zu teuer,cancelled
e2e-map-02,cus-0000002,e2e-map-sub-02,04.10.2026 11:30,phone,pro,"19,00",EUR,45,Kein Bedarf,saved
`;

export const UPLOAD_MAPPING = {
  kind: 'cancellations',
  columns: {
    Vorgang: 'id',
    Kunde: 'customer_id',
    Abo: 'subscription_id',
    Datum: 'requested_at',
    Kanal: 'channel',
    Tarif: 'plan',
    Betrag: 'mrr',
    Währung: 'currency',
    Tage: 'tenure_days',
    Grund: 'reason_code',
    Status: 'outcome',
  },
  values: { reason_code: { 'Zu teuer': 'too_expensive', 'Kein Bedarf': 'unused' } },
};

/**
 * A cancellation whose MRR column says cents, uploaded with CENTS_AS_MRR_MAPPING, which reads it as plain mrr:
 * it loads as written (4900.00) and the upload's answer warns.
 */
export const CENTS_UPLOAD_CSV = `id,customer_id,subscription_id,requested_at,channel,plan,price_cents,currency,tenure_days,outcome
e2e-cents-01,cus-0000003,e2e-cents-sub-01,2026-10-05T10:00:00Z,self_serve,pro,4900,USD,90,cancelled
`;

export const CENTS_AS_MRR_MAPPING = { columns: { price_cents: 'mrr' } };

/** Tenure buckets used by filters, cohorts and reports; bounds are inclusive day counts. */
export const TENURE_BUCKETS = [
  { key: '0-30d', min: 0, max: 30 },
  { key: '31-90d', min: 31, max: 90 },
  { key: '91-180d', min: 91, max: 180 },
  { key: '181-365d', min: 181, max: 365 },
  { key: '1-2y', min: 366, max: 730 },
  { key: '2y+', min: 731, max: Number.MAX_SAFE_INTEGER },
] as const;

export type TenureBucket = (typeof TENURE_BUCKETS)[number]['key'];
export const TENURE_BUCKET_KEYS = TENURE_BUCKETS.map((bucket) => bucket.key) as [
  TenureBucket,
  ...TenureBucket[],
];

export function tenureBucket(days: number): TenureBucket {
  const bucket = TENURE_BUCKETS.find((candidate) => days >= candidate.min && days <= candidate.max);
  if (!bucket) throw new RangeError(`tenure of ${days} days is negative`);
  return bucket.key;
}

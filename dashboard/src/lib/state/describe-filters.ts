/** The non-date filters in words, for headings and report scopes: "plan pro · channel Email". */
import type { InsightFilters } from '@churnlens/models/insight-filters';
import { channelName, reasonName } from '../format/labels.ts';

export function describeFilters(filters: InsightFilters): string {
  const parts: string[] = [];
  if (filters.plan) parts.push(`plan ${filters.plan}`);
  if (filters.country) parts.push(`country ${filters.country}`);
  if (filters.channel) parts.push(`channel ${channelName(filters.channel)}`);
  if (filters.segment) parts.push(`segment ${filters.segment}`);
  if (filters.tenure) parts.push(`tenure ${filters.tenure}`);
  if (filters.reason?.length) parts.push(`reason ${filters.reason.map(reasonName).join(' or ')}`);
  return parts.join(' · ');
}

/** The non-date filters in words, for headings and report scopes: "plan pro · channel Email". */
import type { InsightFilters } from '@churnlens/models/insight-filters';
import { channelLabel } from '@churnlens/models/labels';
import { reasonLabel } from '@churnlens/models/taxonomy';

export function describeFilters(filters: InsightFilters): string {
  const parts: string[] = [];
  if (filters.plan) parts.push(`plan ${filters.plan}`);
  if (filters.country) parts.push(`country ${filters.country}`);
  if (filters.channel) parts.push(`channel ${channelLabel(filters.channel)}`);
  if (filters.segment) parts.push(`segment ${filters.segment}`);
  if (filters.tenure) parts.push(`tenure ${filters.tenure}`);
  if (filters.reason?.length) parts.push(`reason ${filters.reason.map(reasonLabel).join(' or ')}`);
  return parts.join(' · ');
}

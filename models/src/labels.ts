/**
 * Display names for the channel and offer codes, shared by the insight report and the dashboard so both
 * call a channel the same thing; reasons have theirs in the taxonomy (`reasonLabel`).
 */
import type { Channel, OfferType } from './schema/records.ts';

const CHANNEL_LABELS: Record<Channel, string> = {
  self_serve: 'Self-serve',
  agent_phone: 'Agent (phone)',
  agent_chat: 'Agent (chat)',
  email: 'Email',
  chatbot: 'Chatbot',
};

const OFFER_LABELS: Record<OfferType, string> = {
  discount: 'Discount',
  pause: 'Pause',
  downgrade: 'Downgrade',
  extension: 'Extension',
  free_period: 'Free period',
  support_contact: 'Support contact',
};

/** Takes any string because a dashboard older than its API may meet a channel newer than this build: it shows the code. */
export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel as Channel] ?? channel;
}

/** Shows an offer type newer than this build as its code, as `channelLabel` does. */
export function offerLabel(offerType: string): string {
  return OFFER_LABELS[offerType as OfferType] ?? offerType;
}

/** Human names for the codes a report shows (channels, offers) and the phrases the narrative uses for reasons. */
import type { Channel, OfferType } from '../schema/records.ts';
import type { ReasonCode } from '../taxonomy.ts';

const CHANNEL_LABELS: Record<Channel, string> = {
  self_serve: 'Self-serve',
  agent_phone: 'Agent phone',
  agent_chat: 'Agent chat',
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

/** What a cancellation "cites", as in "Cancellation requests citing price rose 32%". */
const REASON_PHRASES: Record<ReasonCode, string> = {
  too_expensive: 'price',
  missing_features: 'missing features',
  switched_service: 'a switch to another service',
  unused: 'not using the product',
  customer_service: 'customer service',
  too_complex: 'complexity',
  low_quality: 'poor quality',
  other: 'other reasons',
};

export function channelLabel(channel: Channel): string {
  return CHANNEL_LABELS[channel];
}

export function offerLabel(offerType: OfferType): string {
  return OFFER_LABELS[offerType];
}

export function reasonPhrase(reason: ReasonCode): string {
  return REASON_PHRASES[reason];
}

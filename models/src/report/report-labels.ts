/** Human names for the channel and offer codes a report shows; reasons have theirs in the taxonomy. */
import type { Channel, OfferType } from '../schema/records.ts';

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

export function channelLabel(channel: Channel): string {
  return CHANNEL_LABELS[channel];
}

export function offerLabel(offerType: OfferType): string {
  return OFFER_LABELS[offerType];
}

/** Display names for the domain's codes; the codes themselves come from the shared models package. */
import type { Channel, OfferType } from '@churnlens/models/schema/records';
import { type ReasonCode, reasonLabel } from '@churnlens/models/taxonomy';

const CHANNEL_LABELS: Record<Channel, string> = {
  self_serve: 'Self-serve',
  agent_phone: 'Agent (phone)',
  agent_chat: 'Agent (chat)',
  email: 'Email',
  chatbot: 'Chatbot',
};

const OFFER_TYPE_LABELS: Record<OfferType, string> = {
  discount: 'Discount',
  pause: 'Pause',
  downgrade: 'Downgrade',
  extension: 'Extension',
  free_period: 'Free period',
  support_contact: 'Support contact',
};

/** Falls back to the code itself for values newer than this build (a custom reason, a new channel). */
export function channelName(channel: string): string {
  return CHANNEL_LABELS[channel as Channel] ?? channel;
}

export function offerTypeName(offerType: string): string {
  return OFFER_TYPE_LABELS[offerType as OfferType] ?? offerType;
}

export function reasonName(reason: string): string {
  return reasonLabel(reason as ReasonCode);
}

/** The channels response as the typed client infers it. */
import type { ApiClient, ResponseOf } from '../../api/client.ts';

export type ChannelsResponse = ResponseOf<ApiClient['api']['channels']['$get']>;
export type ChannelStats = ChannelsResponse['channels'][number];
export type AgentStats = ChannelsResponse['agents'][number];

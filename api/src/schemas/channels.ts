import { CHANNELS } from '@churnlens/models';
import { insightQuerySchema } from '@churnlens/models/insight-filters';
import { z } from '@hono/zod-openapi';

/** The breakdowns /api/channels offers: its channels' figures again for each request month. */
export const CHANNEL_BREAKDOWNS = ['month'] as const;

export const channelsQuerySchema = insightQuerySchema({
  by: z
    .enum(CHANNEL_BREAKDOWNS, { error: `must be one of ${CHANNEL_BREAKDOWNS.join(', ')}` })
    .optional()
    .describe(
      "Adds each request month's figures per channel (month: YYYY-MM), to follow a channel over time",
    ),
});

const handlingStatsShape = {
  requests: z.number().int(),
  retained: z.number().int(),
  saveRate: z.number().nullable().describe('retained / requests; null without requests'),
  saveRateLow: z
    .number()
    .nullable()
    .describe('Lower bound of the 95% Wilson score interval of saveRate; null without requests'),
  saveRateHigh: z
    .number()
    .nullable()
    .describe('Upper bound of the 95% Wilson score interval of saveRate; null without requests'),
  medianWaitSeconds: z
    .number()
    .nullable()
    .describe(
      'Median of handled_at − requested_at over handled requests, in seconds, within 0.5 % (each wait rounded to its wait bucket, docs/metrics.md)',
    ),
  p90WaitSeconds: z
    .number()
    .nullable()
    .describe('90th percentile wait (linear interpolation), in seconds, within 0.5 % like the median'),
  followUpResponseRate: z
    .number()
    .nullable()
    .describe('Share of requests with at least one follow-up survey answer'),
  followUpAvgScore: z.number().nullable().describe('Mean of every scored follow-up answer of these requests'),
};

export const channelStatsSchema = z
  .object({ channel: z.enum(CHANNELS), ...handlingStatsShape })
  .openapi('ChannelStats');
export const agentStatsSchema = z
  .object({ agentId: z.string(), ...handlingStatsShape })
  .openapi('AgentStats');

export const channelsSchema = z
  .object({
    channels: z.array(channelStatsSchema).describe('Channels with at least one request, most requests first'),
    agents: z.array(agentStatsSchema).describe('Agents with at least one request, most requests first'),
    breakdown: z
      .object({
        by: z.enum(CHANNEL_BREAKDOWNS),
        groups: z.array(
          z.object({
            key: z.string().describe('The request month, YYYY-MM'),
            channels: z.array(channelStatsSchema).describe("The month's channels, most requests first"),
          }),
        ),
      })
      .optional()
      .describe('Present when `by` is given: the months with at least one request, oldest first'),
  })
  .openapi('Channels');
export type Channels = z.infer<typeof channelsSchema>;
export type ChannelsQuery = z.infer<typeof channelsQuerySchema>;

/** The ways the platform can reach a person. Rules name the channels they govern, so this list is closed. */
export const CHANNELS = ['SMS', 'VOICE', 'EMAIL', 'IM', 'FIELD_VISIT', 'LETTER'] as const;

export type Channel = (typeof CHANNELS)[number];

/** Channels that are work for people (an agent's call, a field visit): queued, judged again when made, counted per call or visit. */
export const AGENT_CHANNELS: readonly Channel[] = ['VOICE', 'FIELD_VISIT'];

/** The ways the platform can reach a person. Rules name the channels they govern, so this list is closed. */
export const CHANNELS = ['SMS', 'VOICE', 'EMAIL', 'IM', 'FIELD_VISIT', 'LETTER'] as const;

export type Channel = (typeof CHANNELS)[number];

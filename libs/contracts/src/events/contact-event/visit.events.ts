import { z } from 'zod';
import { durationSecondsSchema, freeText, reference } from './fields';

export const visitEventPayloads = {
  'visit.completed': z
    .object({
      channel: z.enum(['branch', 'store', 'web', 'app', 'home']),
      locationId: reference('Branch or store (physical visits)').optional(),
      purpose: freeText(200, 'What the visit was about').optional(),
      durationSeconds: durationSecondsSchema.optional(),
    })
    .describe('The customer visited a branch, store, website or app, or was visited at home'),
};

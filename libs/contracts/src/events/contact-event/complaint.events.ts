import { z } from 'zod';
import { interactionChannelSchema, freeText, reference } from './fields';

const complaintId = reference('The complaint case in the source system');

export const complaintEventPayloads = {
  'complaint.filed': z
    .object({
      complaintId,
      category: z.enum(['network', 'billing', 'service', 'product', 'staff', 'other']),
      severity: z.enum(['low', 'medium', 'high']).default('medium'),
      channel: interactionChannelSchema.optional(),
    })
    .describe('The customer filed a complaint'),
  'complaint.escalated': z
    .object({
      complaintId,
      level: z.enum(['supervisor', 'specialist', 'management', 'regulator', 'ombudsman']),
      reason: freeText(200, 'Why it was escalated').optional(),
    })
    .describe('An open complaint was escalated to a higher level'),
  'complaint.resolved': z
    .object({
      complaintId,
      resolution: z.enum(['fixed', 'compensated', 'rejected', 'withdrawn']),
    })
    .describe('A complaint was closed'),
};

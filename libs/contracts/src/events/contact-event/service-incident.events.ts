import { z } from 'zod';
import { reference } from './fields';

/** A year: incidents longer than that are data errors, not outages. */
const MAX_INCIDENT_MINUTES = 525_600;

export const serviceIncidentEventPayloads = {
  'service.incident': z
    .object({
      kind: z.enum(['outage', 'billing-error', 'delivery-failure', 'other']),
      durationMinutes: z.number().int().nonnegative().max(MAX_INCIDENT_MINUTES).optional(),
      incidentId: reference('Incident in the source system').optional(),
    })
    .describe('The customer was affected by a service failure (outage, billing error...)'),
};

import { z } from 'zod';
import { moneySchema, reference } from './fields';

export const creditEventPayloads = {
  'credit.assessed': z
    .object({
      grade: z
        .enum(['A', 'B', 'C', 'D'])
        .describe('A low, B acceptable, C high, D unacceptable risk (the "6C" assessment)'),
      score: z.number().int().min(0).max(1_000).optional(),
      creditLimit: moneySchema.optional(),
      creditTermDays: z.number().int().min(0).max(3_650).optional(),
      assessmentId: reference('Assessment in the source system').optional(),
      model: reference('Scorecard or model that produced the grade').optional(),
    })
    .describe('The customer’s credit risk was (re)assessed'),
};

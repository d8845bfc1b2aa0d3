import { z } from 'zod';
import { interactionChannelSchema, reference } from './fields';

/** Satisfaction scales and the scores each allows: NPS 0-10, CSAT 1-5, customer effort 1-7. */
export const SURVEY_SCALES = {
  'nps-0-10': { min: 0, max: 10 },
  'csat-1-5': { min: 1, max: 5 },
  'ces-1-7': { min: 1, max: 7 },
} as const;

type SurveyScale = keyof typeof SURVEY_SCALES;
const scaleNames = Object.keys(SURVEY_SCALES) as [SurveyScale, ...SurveyScale[]];

export const surveyEventPayloads = {
  'survey.answered': z
    .object({
      // Scores of different scales mean different things (5 is a top CSAT and an NPS
      // detractor): whoever aggregates scores must select one `scale`.
      score: z.number().int().min(0).max(10).describe('Within the range of `scale`'),
      scale: z.enum(scaleNames).default('nps-0-10'),
      surveyId: reference('Survey or questionnaire').optional(),
      channel: interactionChannelSchema.optional(),
    })
    .superRefine(({ score, scale }, ctx) => {
      const { min, max } = SURVEY_SCALES[scale];
      if (score < min || score > max) {
        ctx.addIssue({
          code: 'custom',
          path: ['score'],
          message: `must be between ${min} and ${max} on scale ${scale}`,
        });
      }
    })
    .describe('The customer answered a satisfaction survey (NPS, CSAT or effort score)'),
};

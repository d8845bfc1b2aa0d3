import { DEFINITION_ERROR_CODES } from '@cip/segmentation-domain';

/** HTTP status of the definition management's error codes (the rest: 400 input, 500 other). */
export const DEFINITIONS_STATUS_BY_CODE: Record<string, number> = {
  [DEFINITION_ERROR_CODES.invalidDefinition]: 422,
  INVALID_CONDITION: 422,
  [DEFINITION_ERROR_CODES.segmentCycle]: 422,
  [DEFINITION_ERROR_CODES.definitionNotFound]: 404,
  [DEFINITION_ERROR_CODES.versionNotFound]: 404,
  [DEFINITION_ERROR_CODES.packNotFound]: 404,
  [DEFINITION_ERROR_CODES.jobNotFound]: 404,
  [DEFINITION_ERROR_CODES.segmentNotFound]: 404,
  [DEFINITION_ERROR_CODES.definitionExists]: 409,
  [DEFINITION_ERROR_CODES.notActive]: 409,
  [DEFINITION_ERROR_CODES.segmentInUse]: 409,
};

import { ProblemDetailsFilter } from '@cip/service-kit';
import { createLogger } from '@cip/telemetry';
import { InvalidInputError } from '@cip/contracts';
import { SegmentationError } from '@cip/segmentation-domain';
import { DEFINITIONS_STATUS_BY_CODE } from './definitions-http.settings';
import { intParam, splitAction } from './http-input';
import { parseInstallPacksArgs } from './install-packs-args';

describe('custom-method path segments', () => {
  it('splits `<value>:<action>` on the last colon', () => {
    expect(splitAction('3:activate', ['preview', 'activate'])).toEqual({
      value: '3',
      action: 'activate',
    });
  });

  it('refuses a missing or unknown action with a pointer to the path', () => {
    for (const segment of ['3', '3:delete', ':preview']) {
      expect(() => splitAction(segment, ['preview'])).toThrow(
        expect.objectContaining({
          code: 'UNKNOWN_ACTION',
          details: { issues: [expect.objectContaining({ path: '/path' })] },
        }),
      );
    }
  });
});

describe('intParam', () => {
  it('parses within bounds, defaults when absent, and points at the parameter', () => {
    expect(intParam('5', '/query/limit', { min: 1, max: 10 })).toBe(5);
    expect(intParam(undefined, '/query/limit', { min: 1, max: 10 }, 7)).toBe(7);
    expect(() => intParam('11', '/query/limit', { min: 1, max: 10 })).toThrow(
      expect.objectContaining({
        details: { issues: [expect.objectContaining({ path: '/query/limit' })] },
      }),
    );
    expect(() => intParam('1.5', '/query/limit', { min: 1, max: 10 })).toThrow(InvalidInputError);
  });
});

describe('problem bodies of definition errors', () => {
  const filter = new ProblemDetailsFilter(
    createLogger({ serviceName: 'segmentation', level: 'silent' }),
    DEFINITIONS_STATUS_BY_CODE,
  );

  it('answers an invalid definition with 422 and the issues pointing at the nodes', () => {
    const issues = [{ path: '/condition/left/event', code: 'invalid_value', message: 'x' }];
    expect(
      filter.toProblem(new InvalidInputError('INVALID_DEFINITION', 'invalid', { issues })),
    ).toMatchObject({
      status: 422,
      code: 'INVALID_DEFINITION',
      type: 'urn:cip:problem:invalid-definition',
      errors: issues,
    });
  });

  it('maps cycles to 422, unknown definitions to 404 and conflicts to 409', () => {
    expect(filter.toProblem(new SegmentationError('SEGMENT_CYCLE', 'cycle')).status).toBe(422);
    expect(
      filter.toProblem(new SegmentationError('SEGMENT_DEFINITION_NOT_FOUND', 'none')).status,
    ).toBe(404);
    expect(filter.toProblem(new SegmentationError('SEGMENT_DEFINITION_EXISTS', 'x')).status).toBe(
      409,
    );
    expect(filter.toProblem(new SegmentationError('SEGMENT_IN_USE', 'x')).status).toBe(409);
  });
});

describe('install-packs arguments', () => {
  it('installs named packs or all of them, optionally activated', () => {
    expect(parseInstallPacksArgs(['rfm', '--activate'])).toEqual({
      kind: 'install',
      packs: ['rfm'],
      activate: true,
    });
    expect(parseInstallPacksArgs(['--all'])).toMatchObject({ kind: 'install', activate: false });
    expect(parseInstallPacksArgs(['nope'])).toEqual({
      kind: 'error',
      message: 'no model pack nope',
    });
    expect(parseInstallPacksArgs([])).toMatchObject({ kind: 'error' });
    expect(parseInstallPacksArgs(['--all', 'rfm'])).toMatchObject({ kind: 'error' });
  });
});

import { Writable } from 'node:stream';
import { createLogger } from './create-logger';

describe('createLogger', () => {
  it('writes JSON with the service name and redacts personal data', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ serviceName: 'ingestion', level: 'info', destination });
    logger.info(
      { customer: { email: 'ana@example.com', phone: '+33123456789', tier: 'vip' } },
      'profile updated',
    );
    const entry = JSON.parse(lines[0] ?? '{}');
    expect(entry.service).toBe('ingestion');
    expect(entry.customer).toEqual({ email: '[redacted]', phone: '[redacted]', tier: 'vip' });
    expect(lines[0]).not.toContain('ana@example.com');
  });
});

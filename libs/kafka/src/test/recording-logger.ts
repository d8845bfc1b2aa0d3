import type { BusLogger } from '../bus-logger';

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  message: string;
}

/** A BusLogger that keeps what was logged, so tests can assert on it (and print it on failure). */
export class RecordingLogger implements BusLogger {
  readonly records: LogRecord[] = [];

  debug(fields: Record<string, unknown>, message: string): void {
    this.records.push({ level: 'debug', fields, message });
  }

  info(fields: Record<string, unknown>, message: string): void {
    this.records.push({ level: 'info', fields, message });
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.records.push({ level: 'warn', fields, message });
  }

  error(fields: Record<string, unknown>, message: string): void {
    this.records.push({ level: 'error', fields, message });
  }

  messages(level?: LogRecord['level']): string[] {
    return this.records
      .filter((record) => !level || record.level === level)
      .map((record) => record.message);
  }
}

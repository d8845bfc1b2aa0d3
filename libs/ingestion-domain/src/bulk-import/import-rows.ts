import type { FieldIssue } from '@cip/contracts';
import { bodyHash } from '../canonical-json';

/** What a CSV cell must become for its field; unknown fields stay strings. */
export type FieldKind = 'number' | 'integer' | 'boolean' | 'string';
export type FieldKindOf = (eventType: string, path: readonly string[]) => FieldKind | undefined;

export type RowParse = { ok: true; event: Record<string, unknown> } | { ok: false; reason: string };

/** A row the import could not get accepted, as written to the reject file (one JSON per line). */
export interface RejectedRow {
  line: number;
  eventId?: string;
  reason: string;
  errors?: FieldIssue[];
}

/**
 * One CSV record to an object. Columns are dot paths (`contact.email`); an empty cell leaves its
 * field out; cells become numbers or booleans where `kindOf(path)` says so, and anything else
 * stays a string for validation to judge.
 */
export function csvRowToObject(
  header: readonly string[],
  fields: readonly string[],
  kindOf: (path: readonly string[]) => FieldKind | undefined,
): RowParse {
  if (fields.length !== header.length)
    return { ok: false, reason: `expected ${header.length} fields, found ${fields.length}` };
  const object: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = fields[i] ?? '';
    if (cell === '') return;
    const path = column.split('.');
    setPath(object, path, coerce(cell, kindOf(path)));
  });
  return { ok: true, event: object };
}

/** One CSV record to an event: `version` is a whole number, payload cells are typed by `kindOf`. */
export function csvRowToEvent(
  header: readonly string[],
  fields: readonly string[],
  kindOf: FieldKindOf,
): RowParse {
  const typeIndex = header.indexOf('type');
  const eventType = typeIndex >= 0 ? (fields[typeIndex] ?? '') : '';
  return csvRowToObject(header, fields, (path) => {
    if (path.length === 1 && path[0] === 'version') return 'integer';
    return path[0] === 'payload' ? kindOf(eventType, path.slice(1)) : 'string';
  });
}

/** One NDJSON line to an event object. */
export function ndjsonLineToEvent(text: string): RowParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${(error as Error).message}` };
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { ok: true, event: value as Record<string, unknown> }
    : { ok: false, reason: 'expected a JSON object' };
}

/**
 * Historical files often lack event ids. A missing one is derived from the row's content, so a
 * rerun of the same file sends the same ids and the API answers `replayed` instead of adding
 * duplicates.
 */
export function withEventId(event: Record<string, unknown>): Record<string, unknown> {
  if (event['eventId'] !== undefined) return event;
  return { ...event, eventId: `imp-${bodyHash(event).slice(0, 40)}` };
}

function coerce(cell: string, kind: FieldKind | undefined): unknown {
  if (kind === 'number' || kind === 'integer') {
    const value = Number(cell.trim());
    return cell.trim() !== '' && Number.isFinite(value) ? value : cell;
  }
  if (kind === 'boolean' && (cell === 'true' || cell === 'false')) return cell === 'true';
  return cell;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((segment) => {
    const next = node[segment];
    if (typeof next !== 'object' || next === null) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  });
  node[path[path.length - 1] as string] = value;
}

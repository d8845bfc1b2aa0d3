import { generateApiKey, type ApiKeyRecord } from '@cip/service-kit';
import type { DataSource } from 'typeorm';

interface ApiKeyRow {
  key_id: string;
  name: string;
  source_system: string;
  secret_hash: string;
  scopes: string[];
  rate_per_second: number;
  burst: number;
  revoked_at: Date | null;
}

export interface NewApiKey {
  name: string;
  sourceSystem: string;
  scopes: readonly string[];
  ratePerSecond: number;
  burst: number;
}

const COLUMNS =
  'key_id, name, source_system, secret_hash, scopes, rate_per_second, burst, revoked_at';

/** API keys in the ingestion schema; the secret itself is never stored. */
export class PostgresApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  async findAll(): Promise<ApiKeyRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM api_key ORDER BY created_at`,
    )) as ApiKeyRow[];
    return rows.map(toRecord);
  }

  /** Creates a key and returns its token: the only time the secret exists outside the caller. */
  async create(key: NewApiKey): Promise<{ record: ApiKeyRecord; token: string }> {
    const generated = generateApiKey();
    const rows = (await this.dataSource.query(
      `INSERT INTO api_key (key_id, name, source_system, secret_hash, scopes, rate_per_second, burst)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        generated.keyId,
        key.name,
        key.sourceSystem,
        generated.secretHash,
        key.scopes,
        key.ratePerSecond,
        key.burst,
      ],
    )) as ApiKeyRow[];
    return { record: toRecord(rows[0] as ApiKeyRow), token: generated.token };
  }

  /** True when a key was revoked now; revoking twice keeps the first time. */
  async revoke(keyId: string): Promise<boolean> {
    const result = (await this.dataSource.query(
      `UPDATE api_key SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL RETURNING key_id`,
      [keyId],
    )) as [unknown[], number];
    return result[1] > 0;
  }
}

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    keyId: row.key_id,
    name: row.name,
    sourceSystem: row.source_system,
    secretHash: row.secret_hash,
    scopes: row.scopes,
    ratePerSecond: row.rate_per_second,
    burst: row.burst,
    revokedAt: row.revoked_at,
  };
}

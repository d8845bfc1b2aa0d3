// Types of export-json-schemas.js for its spec.
export declare const PUBLIC_EVENTS: ReadonlyArray<{
  file: string;
  schema: string;
  title: string;
  description: string;
}>;
export declare const schemasDir: string;
export declare function jsonSchemasOf(contracts: object): Record<string, Record<string, unknown>>;

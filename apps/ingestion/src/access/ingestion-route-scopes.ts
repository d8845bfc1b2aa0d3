import { PUBLIC_OPERATIONS_RULES, type RouteScopeRule } from '@cip/service-kit';

/** The scopes a source system's key can carry for the ingestion API. */
export const INGESTION_SCOPES = [
  'events:write',
  'events:read',
  'customers:read',
  'customers:write',
] as const;

/** Every ingestion route and the scope it needs; a route missing here is refused. */
export const INGESTION_ROUTE_SCOPES: readonly RouteScopeRule[] = [
  ...PUBLIC_OPERATIONS_RULES,
  { methods: ['POST'], path: /^\/v1\/events(:batch)?$/, scope: 'events:write' },
  { methods: ['GET'], path: /^\/v1\/events\/[^/]+$/, scope: 'events:read' },
  { methods: ['GET'], path: /^\/v1\/customers\/[^/]+$/, scope: 'customers:read' },
  { methods: ['PUT', 'PATCH'], path: /^\/v1\/customers\/[^/]+$/, scope: 'customers:write' },
  // Looking up who a caller is reads the customer file.
  { methods: ['POST'], path: /^\/v1\/identities(:resolve|\/resolve)$/, scope: 'customers:read' },
];

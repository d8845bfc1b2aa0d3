/** Injection token of the service's initialized TypeORM DataSource. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');

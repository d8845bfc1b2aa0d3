export * from './csv-records';
export * from './import-rows';
export * from './import-tally';

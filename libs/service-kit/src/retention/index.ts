export * from './retention-prune.scheduler';
export * from './prune-inbox.providers';

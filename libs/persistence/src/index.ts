export { dataSourceOptions, createDataSource } from './data-source';
export { runMigrations, pendingSchemaChanges, ensureDatabase, dropDatabase } from './migrator';
export * from './entities';
export { PrivacySafeQueryLogger, statementShape } from './query-logger';
export { conflictOnUnique, type UniqueRule } from './unique-violation';
export { appendEngagementEvents, type EngagementEventInput } from './engagement';
export { preparedEntities, preparedQuery } from './prepared-query';

export { Database, type DatabaseOptions } from './database.js';
export { startEmbeddedServer, type EmbeddedServer, type EmbeddedServerOptions } from './embedded-server.js';
export { migrate, SCHEMA_VERSION, type MigrationResult } from './schema-migrations.js';
export { loadTable, type LoadOptions, type LoadSummary } from './load-table.js';
export { openTableSource, type TableSource, type TableSourceOptions } from './table-source.js';
export { runDbScan, DEFAULT_KEEP, type DbScanOptions, type DbScanReport } from './run-db-scan.js';
export { openDedupIndex, lookupKeys, lookupKeyCounts, type DedupIndex, type KeyMatch } from './dedup-index.js';
export { stableClusterIds, type ClusterChanges, type NewCluster, type StableIds } from './stable-cluster-ids.js';
export { parseTableName, DEFAULT_SCHEMA, DEFAULT_TABLE, type TableName } from './sql-names.js';

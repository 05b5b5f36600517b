/**
 * How many generations of results a database run keeps, the new one included (`--keep`): older ones have
 * their tables dropped after publishing (publish-generation.ts `pruneGenerations`). On its own so that the
 * command line can show the default without loading the database client.
 */
export const DEFAULT_KEEP = 3;

export { generateCorpus, TRUTH_COLUMNS, type GenerateSummary } from './generate-corpus.js';
export {
  GENERATE_DEFAULTS, MAX_RECORDS, resolveGenerateOptions, type GenerateOptions, type ResolvedGenerateOptions,
} from './generate-options.js';
export { ENTITY_KINDS, type EntityKind } from './entity-kind.js';
export { MAX_SKEW, SKEW_LEVELS, type SkewLevel } from './name-skew.js';

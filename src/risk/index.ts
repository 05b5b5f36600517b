export { buildAlerts, DEFAULT_RISK_KEY_CAP, entityOf, type RiskAlert, type RiskResult, type RiskSummary } from './build-alerts.js';
export { maskKey } from './mask-key.js';
export { RISK_KEY_KINDS, RISK_KEY_NAMES, PERSON_KEY_KIND } from './risk-key-kinds.js';
export { personKeyText, riskKeyId, riskKeyOf, riskKeysOf, type RiskKey, type RiskKeySource } from './risk-keys.js';
export { linkEntities, personKeys, riskBuckets, type RiskBuckets, type RiskBucketsInput, type RiskLinks } from './risk-links.js';
export { alertValues, memberValues, RISK_ALERTS_HEADER, RISK_MEMBERS_HEADER } from './risk-rows.js';
export { BURST_SIGNAL_AT, riskSignalsFor, type AlertRef, type RiskSignal } from './risk-signals.js';
export { ALERT_THRESHOLD, BURST_WINDOW_MS, severityOf, type EntityFacts, type Severity } from './severity.js';

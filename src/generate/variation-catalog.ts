import { FIELD_VARIATIONS } from './field-variations.js';
import { NAME_VARIATIONS } from './name-variations.js';
import { PLACE_VARIATIONS } from './place-variations.js';
import type { Variation } from './variation-kit.js';

/** Every variation a re-registration can show, weighted by how often acquiring data shows it. */
export const VARIATIONS: readonly Variation[] = [...NAME_VARIATIONS, ...PLACE_VARIATIONS, ...FIELD_VARIATIONS];

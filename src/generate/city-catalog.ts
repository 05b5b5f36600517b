import { DIVISIONS, divisionByCode, type Division } from '../divisions/division-table.js';
import { CITY_SEEDS, type CitySeed } from './city-table.js';
import { streetNamesFor } from './street-names.js';
import { WeightedTable } from './weighted-table.js';

/** A generator city joined with its divisions: province, weighted districts, streets. */
export interface CityProfile {
  readonly seed: CitySeed;
  readonly province: Division;
  readonly city: Division;
  /** Real districts; empty for cities without any (东莞, 中山 are divided straight into towns). */
  readonly districts: readonly Division[];
  /** Districts drawn with urban 区 favoured over rural 县 and county-level cities. */
  readonly districtTable: WeightedTable<Division> | null;
  /** Six-digit region code for identifiers when a record has no district. */
  readonly fallbackRegionCode: string;
  readonly streets: readonly string[];
}

/** Provinces whose city level is the municipality itself (the division table's `<province>01`). */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
/** Urban districts hold most shops: weight of a 区 against a county or county-level city. */
const URBAN_DISTRICT_WEIGHT = 4;

function profileOf(seed: CitySeed): CityProfile {
  const city = divisionByCode(seed.code);
  const province = city ? divisionByCode(city.provinceCode) : undefined;
  if (!city || !province) throw new Error(`city table: ${seed.code} ${seed.name} is not in the division table`);
  const all = DIVISIONS.filter(
    (d) => d.level === 'district' && d.cityCode === seed.code && (MUNICIPALITIES.has(province.code) || d.code.startsWith(seed.code)),
  );
  // A lone pseudo-district named like the city (东莞市/东莞市) is no district at all.
  const districts = all.filter((d) => d.name !== city.name);
  const districtTable =
    districts.length > 0
      ? new WeightedTable(districts.map((d) => [d, d.name.endsWith('区') ? URBAN_DISTRICT_WEIGHT : 1] as const))
      : null;
  return {
    seed,
    province,
    city,
    districts,
    districtTable,
    fallbackRegionCode: all[0]?.code ?? `${seed.code}00`,
    streets: streetNamesFor(seed.code, districts.map((d) => d.short)),
  };
}

export const CITY_PROFILES: readonly CityProfile[] = CITY_SEEDS.map(profileOf);

/** Cities weighted toward the big ones. */
export const CITY_TABLE = new WeightedTable(CITY_PROFILES.map((p) => [p, p.seed.weight] as const));

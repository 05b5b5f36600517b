/**
 * The kind of place a name names, when it is a facility or sub-place of a host rather than a business of
 * its own. A car park, a gate, an ATM or a bar inside a hotel carries its host's name and stands at its
 * host's address, so name and location say "same place" while it is another place. Verification compares
 * these kinds as a field of their own (verify-pair.ts): two records of different kinds are different
 * places however alike their names and addresses are.
 *
 * The list is short on purpose: every entry is a facility that map and acquiring data list as a record
 * of its own next to its host, found across cities rather than in one set. Each has its reason beside it.
 * Names are in the comparable form of normalize-text.ts (lower case, no punctuation, `(` `)` kept).
 */

/** One bit per kind; a record's kind is the set of kinds its name carries (0: an ordinary business). */
export const PlaceKind = {
  /** 停车场/停车库: a car park is named after the compound, mall or office it serves and shares its address. */
  CarPark: 1,
  /** 东门/西南2门/出入口: map platforms list every gate and entrance of a compound as a point of its own. */
  Entrance: 2,
  /** ATM/自助银行: a self-service machine is listed next to, and named after, its bank branch. */
  SelfServiceBank: 4,
  /** 售楼处/项目部: a developer's sales or site office sits on the site of the compound it sells or builds. */
  SiteOffice: 8,
  /** 宴会厅/大堂吧/西餐厅 after 酒店/宾馆: a hall, bar or restaurant inside a hotel is listed apart from it. */
  HotelVenue: 16,
  /** 充电站/充电桩: a charging station is named after the car park or compound that hosts it. */
  ChargingStation: 32,
  /** 公厕/卫生间: a public toilet is named after the square, park or market it is in. */
  Toilet: 64,
} as const;
export type PlaceKind = (typeof PlaceKind)[keyof typeof PlaceKind];

/** Car parks: 停车场, 停车库, 地下车库, 停车楼. */
const CAR_PARK = /停车场|停车库|停车楼|地下车库/;
/**
 * A gate as a bracketed label or the whole name: (东门), (西南2门), (正门), (北1门), (出入口). Only a
 * bracketed or whole-name gate counts: a gate word inside a name (诚信铝门窗, 滑动移门) is not one.
 */
const ENTRANCE = /\((?:[东南西北]{1,2}|正|侧|后|主|前)?[0-9]{0,2}(?:号)?(?:大)?门\)|\((?:出入口|入口|出口|[东南西北]{1,2}入口)\)|出入口/;
const SELF_SERVICE_BANK = /atm|自助银行|自助取款|自动取款|自助服务区/;
const SITE_OFFICE = /售楼处|售楼部|售楼中心|项目部/;
/** A venue word after a hotel word: 北辰大酒店印象西餐厅, 风尚酒店大堂吧, 领航酒店宴会厅. */
const HOTEL_VENUE = /(?:酒店|宾馆).*?(?:宴会厅|餐厅|大堂吧|咖啡吧|咖啡厅|酒吧|茶吧|会议室|会议中心|游泳池|泳池|健身房|spa)/;
const CHARGING = /充电站|充电桩/;
const TOILET = /公厕|厕所|卫生间|洗手间/;

/** One test that every pattern above needs to pass: most names are ordinary businesses and stop here. */
const ANY_KIND = /停车|车库|门\)|入口|出口|atm|自助|自动取款|售楼|项目部|酒店|宾馆|充电|公厕|厕所|卫生间|洗手间/;

/** The kinds a name (comparable form, brackets kept) carries, as PlaceKind bits; 0 for an ordinary business. */
export function placeKindOf(name: string): number {
  if (!ANY_KIND.test(name)) return 0;
  let kind = 0;
  if (CAR_PARK.test(name)) kind |= PlaceKind.CarPark;
  if (ENTRANCE.test(name)) kind |= PlaceKind.Entrance;
  if (SELF_SERVICE_BANK.test(name)) kind |= PlaceKind.SelfServiceBank;
  if (SITE_OFFICE.test(name)) kind |= PlaceKind.SiteOffice;
  if (HOTEL_VENUE.test(name)) kind |= PlaceKind.HotelVenue;
  if (CHARGING.test(name)) kind |= PlaceKind.ChargingStation;
  if (TOILET.test(name)) kind |= PlaceKind.Toilet;
  return kind;
}

const KIND_NAMES: readonly (readonly [number, string])[] = [
  [PlaceKind.CarPark, 'car_park'],
  [PlaceKind.Entrance, 'entrance'],
  [PlaceKind.SelfServiceBank, 'self_service_bank'],
  [PlaceKind.SiteOffice, 'site_office'],
  [PlaceKind.HotelVenue, 'hotel_venue'],
  [PlaceKind.ChargingStation, 'charging_station'],
  [PlaceKind.Toilet, 'toilet'],
];

/** PlaceKind bits as words joined by '+' (car_park+entrance); '' for an ordinary business. */
export function placeKindNames(kind: number): string {
  return KIND_NAMES.filter(([bit]) => (kind & bit) !== 0)
    .map(([, name]) => name)
    .join('+');
}

import type { AgeFilter, Gender, GenderFilter } from '@showfloor/contracts';
import { type AgeBand, ageBandOf } from '@showfloor/contracts/rules';

/*
 * How an age band and a gender are stored in the feature tables (small integers; the migration
 * says the same): 0 for "not given", -1 for "all". Presence bitmaps keep a row for every
 * combination with -1, so a filter is one exact key;
 * click rollups keep only the base cells and (-1, -1) (migration 20261202180600), so one band of
 * every gender, or one gender of every band, is the sum of the base cells it covers.
 */

const bandCodes: Record<AgeBand, number> = { '<18': 1, '18-40': 2, '>40': 3 };
const genderCodes: Record<Gender, number> = { Male: 1, Female: 2, Other: 3 };
export const allCode = -1;

export function ageBandCode(age: number | null): number {
  const band = ageBandOf(age);
  return band === null ? 0 : bandCodes[band];
}

export function genderCode(gender: Gender | null): number {
  return gender === null ? 0 : genderCodes[gender];
}

/** The rollup key a filter reads. */
export function cellOf(filter: { age: AgeFilter; gender: GenderFilter }): { band: number; gender: number } {
  return {
    band: filter.age === 'all' ? allCode : bandCodes[filter.age],
    gender: filter.gender === 'all' ? allCode : genderCodes[filter.gender],
  };
}

const everyCode = [0, 1, 2, 3];

/** The click rollup cells whose sum is `cell`'s clicks: band codes × gender codes. */
export function clickCellsOf(cell: { band: number; gender: number }): { bands: number[]; genders: number[] } {
  const everyone = cell.band === allCode && cell.gender === allCode;
  return {
    bands: cell.band === allCode && !everyone ? everyCode : [cell.band],
    genders: cell.gender === allCode && !everyone ? everyCode : [cell.gender],
  };
}

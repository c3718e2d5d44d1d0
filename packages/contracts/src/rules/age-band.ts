/*
 * Seed 004's age filter: `<18`, `18-40` (both ends included) and `>40`. A user who gave no age has
 * no band; such users, like those without a gender, are counted only under `all`.
 */

export const ageBands = ['<18', '18-40', '>40'] as const;
export type AgeBand = (typeof ageBands)[number];

export function ageBandOf(age: number | null | undefined): AgeBand | null {
  if (age === null || age === undefined) return null;
  if (age < 18) return '<18';
  if (age <= 40) return '18-40';
  return '>40';
}

import {
  type AgeFilter,
  ageFilterSchema,
  type GenderFilter,
  genderFilterSchema,
  timeZoneSchema,
} from '@showfloor/contracts/rest';
import { type FormEvent, useId, useMemo } from 'react';
import { browserTimeZone, type DashboardQuery } from './dashboard-query.ts';

const ageNames: Record<AgeFilter, string> = {
  all: 'All ages',
  '<18': 'Under 18',
  '18-40': '18 to 40',
  '>40': 'Over 40',
};
const genderNames: Record<GenderFilter, string> = {
  all: 'All genders',
  Male: 'Male',
  Female: 'Female',
  Other: 'Other',
};

/** The contract's choices with "all" first, where a select's default belongs. */
function allFirst<T extends string>(options: readonly T[]): T[] {
  return [...options].sort((a, b) => Number(b === 'all') - Number(a === 'all'));
}
const ageChoices = allFirst(ageFilterSchema.options);
const genderChoices = allFirst(genderFilterSchema.options);

/** What the form applies: the filters of the whole dashboard (the line chart's own controls are beside it). */
export interface AppliedFilters {
  start_date: string | undefined;
  end_date: string | undefined;
  age: AgeFilter;
  gender: GenderFilter;
  tz: string;
}

/** Every IANA zone this browser knows, with UTC, the reader's own and the one shown (whatever the list holds). */
function timeZoneChoices(current: string): string[] {
  return [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', browserTimeZone(), current])].sort();
}

/** Only the calendar day of a date-time in the URL fits a date input. */
function dayOf(date: string | undefined): string {
  return date?.slice(0, 10) ?? '';
}

/**
 * The dashboard's filters. The inputs start from the URL and are keyed by it, so back/forward puts
 * the form back too; Apply writes the URL. Empty dates leave the range to the API (the last 30 days).
 */
export function FiltersForm({ query, onApply }: { query: DashboardQuery; onApply: (filters: AppliedFilters) => void }) {
  const zones = useMemo(() => timeZoneChoices(query.tz), [query.tz]);
  // Each label holds only its words and points at its input by id: a label wrapping a select would
  // add the chosen option to the select's accessible name ("Age All ages").
  const id = useId();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const age = ageFilterSchema.safeParse(text('age'));
    const gender = genderFilterSchema.safeParse(text('gender'));
    const tz = timeZoneSchema.safeParse(text('tz'));
    onApply({
      start_date: text('start_date') || undefined,
      end_date: text('end_date') || undefined,
      age: age.success ? age.data : 'all',
      gender: gender.success ? gender.data : 'all',
      tz: tz.success ? tz.data : query.tz,
    });
  }

  return (
    <search>
      <form
        className="card feature-filters"
        onSubmit={submit}
        aria-label="Filters"
        key={[query.start_date, query.end_date, query.age, query.gender, query.tz].join('|')}
      >
        <div className="field">
          <label className="field-label" htmlFor={`${id}-start_date`}>
            From
          </label>
          <input name="start_date" id={`${id}-start_date`} type="date" defaultValue={dayOf(query.start_date)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-end_date`}>
            To
          </label>
          <input name="end_date" id={`${id}-end_date`} type="date" defaultValue={dayOf(query.end_date)} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-age`}>
            Age
          </label>
          <select name="age" id={`${id}-age`} defaultValue={query.age}>
            {ageChoices.map((age) => (
              <option key={age} value={age}>
                {ageNames[age]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-gender`}>
            Gender
          </label>
          <select name="gender" id={`${id}-gender`} defaultValue={query.gender}>
            {genderChoices.map((gender) => (
              <option key={gender} value={gender}>
                {genderNames[gender]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-tz`}>
            Time zone
          </label>
          <select name="tz" id={`${id}-tz`} defaultValue={query.tz}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button-primary">
          Apply
        </button>
      </form>
    </search>
  );
}

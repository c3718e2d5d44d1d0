import {
  type VisitorDimension,
  type VisitorFilter,
  type VisitorFilterOperator,
  visitorDimensionSchema,
  visitorFilterOperatorSchema,
  visitorFiltersMax,
} from '@showfloor/contracts/rest';
import { type FormEvent, useId } from 'react';

export const dimensionNames: Record<VisitorDimension, string> = {
  page: 'Page',
  entry_page: 'Entry page',
  exit_page: 'Exit page',
  referrer: 'Referrer',
  country: 'Country',
  device: 'Device',
  browser: 'Browser',
  os: 'OS',
};
const operatorNames: Record<VisitorFilterOperator, string> = {
  is: 'is',
  is_not: 'is not',
  contains: 'contains',
};

/** The history's filters (all must hold): one chip each, removable, and a row to add one. */
export function HistoryFilters({
  filters,
  onChange,
}: {
  filters: VisitorFilter[];
  onChange: (filters: VisitorFilter[]) => void;
}) {
  const id = useId();

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const dimension = visitorDimensionSchema.safeParse(form.get('dimension'));
    const operator = visitorFilterOperatorSchema.safeParse(form.get('operator'));
    const value = String(form.get('value') ?? '').trim();
    if (!dimension.success || !operator.success || value === '') return;
    onChange([...filters, { dimension: dimension.data, operator: operator.data, value }]);
    event.currentTarget.reset();
  }

  return (
    <div className="stack" style={{ gap: '0.5rem' }}>
      {filters.length > 0 ? (
        <ul className="visitors-filter-chips" aria-label="Filters applied" data-testid="history-filters">
          {filters.map((filter, index) => (
            <li key={`${filter.dimension}:${filter.operator}:${filter.value}`} className="badge">
              {dimensionNames[filter.dimension]} {operatorNames[filter.operator]} “{filter.value}”{' '}
              <button
                type="button"
                className="button button-small button-quiet"
                aria-label={`Remove filter ${dimensionNames[filter.dimension]} ${operatorNames[filter.operator]} ${filter.value}`}
                onClick={() => onChange(filters.filter((_kept, at) => at !== index))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="row visitors-filter-form" onSubmit={add} aria-label="Add a filter">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-dimension`}>
            Filter on
          </label>
          <select id={`${id}-dimension`} name="dimension" defaultValue="page">
            {visitorDimensionSchema.options.map((dimension) => (
              <option key={dimension} value={dimension}>
                {dimensionNames[dimension]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-operator`}>
            Match
          </label>
          <select id={`${id}-operator`} name="operator" defaultValue="is">
            {visitorFilterOperatorSchema.options.map((operator) => (
              <option key={operator} value={operator}>
                {operatorNames[operator]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-value`}>
            Value
          </label>
          <input id={`${id}-value`} name="value" required maxLength={500} placeholder="/pricing, India, mobile…" />
        </div>
        <button type="submit" className="button" disabled={filters.length >= visitorFiltersMax}>
          Add filter
        </button>
      </form>
    </div>
  );
}

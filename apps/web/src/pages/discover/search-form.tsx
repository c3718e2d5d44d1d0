import { sessionStatusSchema } from '@showfloor/contracts/rest';
import type { FormEvent } from 'react';
import type { DiscoverSearch } from './discover-search.ts';

const statusChoices = [
  { value: '', label: 'Any status' },
  ...sessionStatusSchema.options.map((status) => ({
    value: status,
    label: status === 'scheduled' ? 'Upcoming' : status[0]?.toUpperCase() + status.slice(1),
  })),
];

/**
 * Words, status and category. The inputs start from the URL and are keyed by it, so back/forward
 * puts the form back too; submitting writes the URL (and starts again at page 1).
 */
export function SearchForm({ search, onSearch }: { search: DiscoverSearch; onSearch: (next: DiscoverSearch) => void }) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const status = sessionStatusSchema.safeParse(text('status'));
    onSearch({ q: text('q'), status: status.success ? status.data : undefined, category: text('category'), page: 1 });
  }

  return (
    <search>
      <form
        className="card discover-search"
        onSubmit={submit}
        key={`${search.q}|${search.status ?? ''}|${search.category}`}
      >
        <label className="field discover-search-words">
          <span className="field-label">Search sessions</span>
          <input
            name="q"
            type="search"
            defaultValue={search.q}
            placeholder="Title, description or tag"
            maxLength={200}
          />
        </label>
        <label className="field">
          <span className="field-label">Status</span>
          <select name="status" defaultValue={search.status ?? ''}>
            {statusChoices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Category</span>
          <input name="category" defaultValue={search.category} placeholder="e.g. Gaming" maxLength={64} />
        </label>
        <button type="submit" className="button button-primary">
          Search
        </button>
      </form>
    </search>
  );
}

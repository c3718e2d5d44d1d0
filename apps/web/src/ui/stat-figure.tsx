import type { ReactNode } from 'react';

/** A row of figures (`.stats`), as a description list so each value is read with its label. */
export function StatList({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <dl className="stats" style={{ margin: 0 }} data-testid={testId}>
      {children}
    </dl>
  );
}

/**
 * One figure of a `StatList`: the label first for screen readers ("Peak, 7"), the value drawn
 * above it for the eye.
 */
export function StatFigure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="stat" style={{ flexDirection: 'column-reverse', justifyContent: 'flex-end' }}>
      <dt className="stat-label">{label}</dt>
      <dd className="stat-value" style={{ margin: 0 }}>
        {value}
      </dd>
    </div>
  );
}

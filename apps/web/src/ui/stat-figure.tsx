import type { ReactNode } from 'react';

/**
 * One figure of a `<dl className="stats">`: the label first for screen readers ("Peak, 7"), the
 * value drawn above it for the eye.
 */
export function StatFigure({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="stat" style={{ flexDirection: 'column-reverse', justifyContent: 'flex-end' }} data-testid={testId}>
      <dt className="stat-label">{label}</dt>
      <dd className="stat-value" style={{ margin: 0 }}>
        {value}
      </dd>
    </div>
  );
}

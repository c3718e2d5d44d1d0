import { useState } from 'react';
import { useApi } from '../../platform/web-client-context.tsx';
import { errorText } from '../../ui/error-text.ts';
import type { DashboardQuery } from './dashboard-query.ts';
import { downloadCsv } from './feature-analytics-queries.ts';

/** Saves the dashboard's query as CSV; the button waits while the file is made, and a refusal is said beside it. */
export function CsvDownloadButton({
  query,
  fileName,
  onDownloaded,
}: {
  query: DashboardQuery;
  fileName: string;
  onDownloaded: () => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function download() {
    setBusy(true);
    setError(null);
    try {
      await downloadCsv(api, query, fileName);
      onDownloaded();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="stack" style={{ gap: '0.25rem', alignItems: 'flex-end' }}>
      <button type="button" className="button" onClick={() => void download()} disabled={busy}>
        {busy ? 'Preparing CSV…' : 'Download CSV'}
      </button>
      {error ? (
        <p className="form-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
    </div>
  );
}

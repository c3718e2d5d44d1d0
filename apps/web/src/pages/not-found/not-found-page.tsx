import { Link } from 'react-router';

export function Component() {
  return (
    <main className="page">
      <div className="state state-empty">
        <strong>Page not found</strong>
        <p>There is nothing at this address.</p>
        <Link to="/">Back to Discover</Link>
      </div>
    </main>
  );
}

// Placeholder until this page lands (issue 12, wave 2).
export function Component() {
  return <main className="page">This page is being built.</main>;
}

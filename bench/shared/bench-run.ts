// What a benchmark's orchestrator prints with and how it ends: lines on stdout, settings from the
// environment, and an exit code that says whether every goal was met.
import { loadavg } from 'node:os';

export const write = (line = '') => process.stdout.write(`${line}\n`);
export const step = (line: string) => write(`· ${line}`);
export const integer = (value: number) => Math.round(value).toLocaleString('en-US');
export const loadText = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** A number from the environment, or `fallback` when unset or empty. */
export function numberFrom(name: string, fallback: number): number {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : Number(value);
}

/** Runs `main` (resolving to the exit code) and exits with it; a failure is printed and exits 1 after `onFailure`. */
export function runBenchmark(name: string, main: () => Promise<number>, onFailure: () => void): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      onFailure();
      process.exit(1);
    },
  );
}

// Progress goes to stderr, so stdout carries only the tables.

export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

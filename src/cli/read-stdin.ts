import { createInterface } from 'node:readline';

/** Standard input's lines; none when it is a terminal (nothing was piped in). */
export async function readStdinLines(): Promise<string[]> {
  if (process.stdin.isTTY) return [];
  const lines: string[] = [];
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) lines.push(line);
  return lines;
}

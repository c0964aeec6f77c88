import { spawn, spawnSync } from 'node:child_process';
import { DIST_ENTRY } from './spawn.js';

/** util-linux `script` runs a command on a real pseudo-terminal, as a person's shell would. */
export const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

export interface TerminalRun {
  /** Everything the terminal showed so far (stdout and stderr share it), with CRLF as LF. */
  output(): string;
  /** Resolves once the terminal shows text matching `pattern`; rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<string>;
  /** Types into the terminal (e.g. "\x03" is Ctrl+C). */
  type(text: string): void;
  /** The server's exit code (script -e passes it on). */
  exited: Promise<number | null>;
}

/** Runs the built server with stdin, stdout and stderr on one pseudo-terminal. */
export function runInTerminal(args: string[], env: Record<string, string> = {}): TerminalRun {
  const command = [process.execPath, DIST_ENTRY, ...args].map(quote).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    env: { PATH: process.env.PATH ?? '', TERM: 'dumb', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8').replaceAll('\r\n', '\n');
    for (const wake of waiters) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    output: () => text,
    async waitFor(pattern) {
      for (;;) {
        const match = pattern.exec(text);
        if (match) return match[0];
        let wake = () => {};
        const more = new Promise<'data'>((resolve) => {
          wake = () => resolve('data');
          waiters.add(wake);
        });
        const event = await Promise.race([more, exited.then(() => 'exit' as const)]);
        waiters.delete(wake);
        if (event === 'exit' && !pattern.test(text)) {
          throw new Error(`the process ended before showing ${pattern}; it showed:\n${text}`);
        }
      }
    },
    type: (input) => child.stdin.write(input),
    exited,
  };
}

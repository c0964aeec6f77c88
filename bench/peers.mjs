// Other MCP servers for comparison (BENCH_PEERS=1), installed with npm into a temporary directory.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Installs `name` and returns the path of its bin script. */
export async function installPeer(name) {
  const prefix = mkdtempSync(join(tmpdir(), 'paperspace-mcp-peer-'));
  execFileSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--silent', name], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const dir = join(prefix, 'node_modules', name);
  const { bin } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return join(dir, typeof bin === 'string' ? bin : Object.values(bin)[0]);
}

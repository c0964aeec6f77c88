// Baseline ("the floor"): a bare Node process that answers `initialize` and tools/list over stdio
// with constants, its tools/list being our exact JSON (the file named by BENCH_TOOL_LIST).
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const toolList = readFileSync(process.env.BENCH_TOOL_LIST, 'utf8');
const rl = createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const msg = JSON.parse(line);
  if (msg.method === 'initialize') {
    const result = {
      protocolVersion: msg.params.protocolVersion,
      capabilities: { tools: {} },
      serverInfo: { name: 'bare', version: '0.0.0' },
    };
    process.stdout.write(`${JSON.stringify({ jsonrpc: '2.0', id: msg.id, result })}\n`);
  } else if (msg.method === 'tools/list') {
    process.stdout.write(`{"result":${toolList},"jsonrpc":"2.0","id":${JSON.stringify(msg.id)}}\n`);
  }
});

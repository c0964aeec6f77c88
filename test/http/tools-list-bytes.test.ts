import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { TOOL_TABLE } from '../../src/tools/registry/prebuilt.js';
import { selectTools } from '../../src/tools/registry/selection.js';
import { toolListJson } from '../../src/tools/registry/tool-table.js';
import { type HttpHarness, startHttpHarness } from '../helpers/http.js';

const JSON_RPC = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** The raw text of the JSON-RPC answer (a JSON body, or the data line of an event stream; a priming event has none). */
async function post(url: string, headers: Record<string, string>, message: object) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...JSON_RPC, ...headers },
    body: JSON.stringify(message),
  });
  const text = await response.text();
  const data = text.split('\n').find((line) => line.startsWith('data: ') && line.length > 'data: '.length);
  return { response, text: data === undefined ? text : data.slice('data: '.length) };
}

/** Raw tools/list answers over HTTP in both protocol eras. */
async function listsOver(url: string): Promise<Record<'legacy' | 'modern', string>> {
  const init = await post(
    url,
    {},
    {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    },
  );
  const session = {
    'mcp-session-id': init.response.headers.get('mcp-session-id') ?? '',
    'mcp-protocol-version': '2025-11-25',
  };
  await post(url, session, { jsonrpc: '2.0', method: 'notifications/initialized' });
  const legacy = await post(url, session, { jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} });
  const modern = await post(
    url,
    { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' },
    { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: MODERN_META } },
  );
  return { legacy: legacy.text, modern: modern.text };
}

describe.each([
  [['--toolsets', 'all']],
  [['--toolsets', 'default,projects', '--read-only', '--exclude-tools', 'machines_get']],
])('tools/list over HTTP with %j', (args) => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness(args);
  });
  afterAll(() => h.close());

  it('sends the prebuilt definitions of exactly the selected tools, byte for byte, in both eras', async () => {
    const expected = toolListJson(
      selectTools(TOOL_TABLE.tools, TOOL_TABLE.toolsets, TOOL_TABLE.defaults, loadConfig(args, {})),
    );
    const { legacy, modern } = await listsOver(h.http.url);
    // The 2025-era result is the list alone; a 2026-07-28 result adds the fields that era requires.
    expect(legacy).toBe(`{"result":${expected},"jsonrpc":"2.0","id":1}`);
    const tools = expected.slice(0, -1);
    expect(modern.startsWith(`{"result":${tools},"resultType":"complete",`), modern.slice(0, 200)).toBe(true);
  });
});

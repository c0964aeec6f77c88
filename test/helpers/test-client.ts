import { Client } from '@modelcontextprotocol/client';
import type { Era } from './harness.js';

export interface TestClient {
  client: Client;
  /** Elicitation questions the server asked (with `elicit`). */
  elicitations: string[];
}

/**
 * A real SDK client of one era, not yet connected. With `elicit` it declares form elicitation and
 * answers every question that way (accept confirms).
 */
export function testClient(
  name: string,
  options: {
    era?: Era;
    elicit?: 'accept' | 'decline' | 'cancel';
    capabilities?: Record<string, unknown>;
  } = {},
): TestClient {
  const { era, elicit } = options;
  const client = new Client(
    { name, version: '1.0.0' },
    {
      capabilities: options.capabilities ?? (elicit ? { elicitation: { form: {} } } : {}),
      versionNegotiation: { mode: era === 'modern' ? { pin: '2026-07-28' } : 'legacy' },
    },
  );
  const elicitations: string[] = [];
  if (elicit) {
    client.setRequestHandler('elicitation/create', async (request) => {
      elicitations.push(String((request.params as { message?: unknown }).message ?? ''));
      return elicit === 'accept' ? { action: elicit, content: { confirm: true } } : { action: elicit };
    });
  }
  return { client, elicitations };
}

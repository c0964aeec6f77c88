import { inject } from 'vitest';
import { startRedis } from '../helpers/redis.js';
import { inspector, stdioAcrossProcesses } from './driver-inspector.js';
import { interopSuite } from './suite.js';

const ONE_SHOT = 'the Inspector CLI runs one request per process';

interopSuite({
  name: 'MCP Inspector CLI 2.12.0 (Node 22)',
  transports: {
    async stdio() {
      const redis = await startRedis();
      const across = await stdioAcrossProcesses(redis.url);
      const driver = inspector(across.target);
      return {
        ...driver,
        async close() {
          await across.cleanup();
          await redis.stop();
        },
      };
    },
    'Streamable HTTP 2025-11-25': async () => inspector({ url: inject('interop').httpUrl, era: 'legacy' }),
    'Streamable HTTP 2026-07-28 (stateless)': async () =>
      inspector({ url: inject('interop').httpUrl, era: 'modern' }),
  },
  lacks: {
    'elicitation accept runs the gated call': `${ONE_SHOT} and declares no elicitation capability, so the server hands it a token instead`,
    'elicitation decline changes nothing': `${ONE_SHOT} and declares no elicitation capability, so the server hands it a token instead`,
    'resources subscribe': `${ONE_SHOT}: a subscription ends with it (no resources/subscribe method)`,
    completion: 'the Inspector CLI has no completion/complete method',
    progress: `${ONE_SHOT} and shows only the final result, no progress notifications`,
  },
});

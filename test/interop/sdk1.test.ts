import { inject } from 'vitest';
import { sdk1 } from './driver-sdk1.js';
import { interopSuite } from './suite.js';

interopSuite({
  name: 'SDK 1.x client (@modelcontextprotocol/sdk 1.32.2)',
  transports: {
    stdio: () => sdk1({ stdio: ['--sandbox', '--toolsets', 'all'] }),
    'Streamable HTTP 2025-11-25': () => sdk1({ url: inject('interop').httpUrl }),
    'Streamable HTTP 2026-07-28 (stateless)': {
      skip: 'SDK 1.x cannot speak 2026-07-28: its newest protocol revision is 2025-11-25',
    },
  },
  lacks: {},
});

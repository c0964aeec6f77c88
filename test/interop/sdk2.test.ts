import { inject } from 'vitest';
import { sdk2 } from './driver-sdk2.js';
import { interopSuite } from './suite.js';

const STDIO = { stdio: ['--sandbox', '--toolsets', 'all'] };
const http = () => ({ url: inject('interop').httpUrl });

interopSuite({
  name: 'SDK 2.x client (@modelcontextprotocol/client 2.4.0)',
  transports: {
    stdio: () => sdk2(STDIO, 'legacy'),
    'Streamable HTTP 2025-11-25': () => sdk2(http(), 'legacy'),
    'Streamable HTTP 2026-07-28 (stateless)': () => sdk2(http(), 'modern'),
  },
  lacks: {},
});

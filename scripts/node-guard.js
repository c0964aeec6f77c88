#!/usr/bin/env node
// The installed entry (dist/index.js). It must run on any Node.js, so it is ES5 with no static
// import: an older Node gets one plain sentence instead of a syntax error from the bundle, which
// targets Node 20. On Node 20.3 or newer (AbortSignal.any) it loads the server (dist/server.js).
var parts = process.versions.node.split('.');
var major = Number(parts[0]);
var minor = Number(parts[1]);
var tooOld = 'paperspace-mcp needs Node.js 20.3 or newer, and this is Node.js ' + process.versions.node;
if (major < 20 || (major === 20 && minor < 3)) {
  process.stderr.write(tooOld + '. Install a current Node.js (https://nodejs.org) and run it again.\n');
  process.exit(1);
} else {
  import('./server.js');
}

#!/usr/bin/env node
// The published bin: runs the compiled CLI (a committed shim, so installs link it before a build).
import '../dist/cli.js';

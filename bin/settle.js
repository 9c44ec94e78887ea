#!/usr/bin/env node
// The `settle` command-line tool (see src/cli/main.ts).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

#!/usr/bin/env node
// Runs every *.test.ts(x) under src/ and test/ with node's test runner (Node 20 has no glob in
// --test). Pass files or folders to run just those: npm test -- test/browser
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const TEST_FILE = /\.test\.tsx?$/;

function collect(target, out) {
  const stat = fs.statSync(target);
  if (stat.isFile()) {
    if (TEST_FILE.test(target)) out.push(target);
    return;
  }
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    collect(path.join(target, entry.name), out);
  }
}

const targets = process.argv.slice(2);
const files = [];
for (const target of targets.length ? targets : ['src', 'test']) collect(target, files);
files.sort();
if (files.length === 0) {
  console.error('No test files found.');
  process.exit(1);
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);
process.exit(result.status ?? 1);

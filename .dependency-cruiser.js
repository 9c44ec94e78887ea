// Architecture rules for src/, checked by test/unit/architecture.test.ts (part of the unit
// tests, and `npm run arch` on its own). The test runs dependency-cruiser through its API, which
// works on Node 20; the `depcruise` command itself wants Node 22 or later, where
// `npx depcruise src --config .dependency-cruiser.js` checks the same rules (less the test's
// module-level cycle check, see there).
//
// Layers, dependencies point down only:
//   cli → server → modules → kernel → db → domain, shared
// main.ts sits on top; config.ts is read by kernel, server, cli (and modules) and imports only
// shared code. Import cycles are forbidden everywhere, type-only imports included: a type
// import still ties two files together, and it is the first step of a runtime cycle.
// Migrations are frozen history: they import nothing but kysely, node built-ins and each other,
// so a later change to the application never changes what an old migration does on a fresh install.

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere in src/ (type-only imports count).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment:
        'No cycles between folders either: two business modules never import each other, ' +
        'however many files the loop passes through.',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'Every import resolves; an import the cruiser cannot follow would hide a violation.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'main-is-the-top',
      severity: 'error',
      comment: 'src/main.ts starts the process; nothing imports it.',
      from: { path: '^src/' },
      to: { path: '^src/main\\.ts$' },
    },
    {
      name: 'server-not-cli',
      severity: 'error',
      comment: 'server/ is the composition root; the CLI sits above it, not below.',
      from: { path: '^src/server/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'modules-not-server-cli',
      severity: 'error',
      comment: 'Business modules never import the composition root or the CLI.',
      from: { path: '^src/modules/' },
      to: { path: '^src/(server|cli)/' },
    },
    {
      name: 'kernel-not-up',
      severity: 'error',
      comment: 'The kernel is shared by every module and imports none of them.',
      from: { path: '^src/kernel/' },
      to: { path: '^src/(modules|server|cli)/' },
    },
    {
      name: 'db-not-up',
      severity: 'error',
      comment: 'db/ sits under the kernel: no kernel, modules, server, cli or config.',
      from: { path: '^src/db/' },
      to: { path: '^src/(kernel|modules|server|cli)/|^src/config\\.ts$' },
    },
    {
      name: 'migrations-self-contained',
      severity: 'error',
      comment:
        'A migration imports only kysely, node built-ins and files in src/db/migrations/: ' +
        'a later change to the app must never change what an old migration does on a fresh install.',
      from: { path: '^src/db/migrations/' },
      to: {
        pathNot: ['^src/db/migrations/', '(^|/)node_modules/kysely/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'config-imports-shared-only',
      severity: 'error',
      comment: 'config.ts is read by every upper layer, so it imports only shared code.',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ is the pure core: it imports only domain/ and shared/.',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/(domain|shared)/' },
    },
    {
      name: 'shared-imports-shared-only',
      severity: 'error',
      comment: 'shared/ holds tiny utilities that depend on nothing else in src/.',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
  ],
  options: {
    // Type-only imports are dependencies too (see no-circular).
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    skipAnalysisNotInRules: true,
  },
};

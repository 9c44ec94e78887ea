/**
 * Reading a PDF back as text with poppler's pdftotext (Debian's poppler-utils; .ci/run installs
 * it, and documents-pdf.test.ts fails under CI=true when it is missing, so tests that read
 * PDFs only where it is installed never pass silently in CI).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const popplerInstalled = spawnSync('pdftotext', ['-v']).error === undefined;

let workDir: string | null = null;

/** The PDF's text in reading layout, with non-breaking spaces as plain spaces. */
export function pdfText(bytes: Buffer): string {
  workDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'settle-pdf-text-'));
  const file = path.join(workDir, `doc-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[\u00a0\u202f]/g, ' ');
}

/**
 * Checks an uploaded logo before it is stored. The logo ends up in documents that go to
 * customers and is served from our own origin, so it must be exactly what it claims:
 * PNG and JPEG by their magic bytes, SVG by parsing it and refusing anything that could
 * run, load or expand (scripts, event handlers, foreign content, external references,
 * DOCTYPE and entities). Refusing is the rule; no attempt is made to "clean" a file.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../shared/errors.ts';

export const LOGO_MAX_BYTES = 512 * 1024;
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
export type LogoType = (typeof LOGO_TYPES)[number];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);

/** Elements that run code or embed other documents: never allowed in a logo. */
const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'audio', 'video', 'handler', 'listener']);
const ANIMATION_ELEMENTS = new Set(['set', 'animate', 'animatetransform', 'animatemotion']);

function invalid(message: string): AppError {
  return AppError.validation('logo', message);
}

/** The declared media type without parameters, when it is one we accept. */
export function logoType(contentType: string | undefined): LogoType | null {
  const bare = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return (LOGO_TYPES as readonly string[]).includes(bare) ? (bare as LogoType) : null;
}

/** Throws a 422 naming `logo` unless `bytes` really is a safe image of type `type`. */
export function assertValidLogo(type: LogoType, bytes: Buffer): void {
  if (bytes.length === 0) throw invalid('is empty');
  if (bytes.length > LOGO_MAX_BYTES) throw new AppError('payload_too_large', 'logo: must be at most 512 KB', [{ path: 'logo', message: 'must be at most 512 KB' }]);
  if (type === 'image/png') {
    if (!bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) throw invalid('is not a PNG image (its content does not start with the PNG signature)');
    assertDimensions(pngDimensions(bytes), 'PNG');
    return;
  }
  if (type === 'image/jpeg') {
    if (!bytes.subarray(0, JPEG_SIGNATURE.length).equals(JPEG_SIGNATURE)) throw invalid('is not a JPEG image (its content does not start with the JPEG marker)');
    assertDimensions(jpegDimensions(bytes), 'JPEG');
    return;
  }
  const problem = svgProblem(bytes);
  if (problem !== null) throw invalid(problem);
}

/**
 * A logo is printed a few centimetres wide; a small file that unpacks to a huge bitmap
 * would only cost memory every time a document is rendered.
 */
export const LOGO_MAX_PIXELS_PER_SIDE = 4096;

interface Dimensions {
  width: number;
  height: number;
}

function assertDimensions(dimensions: Dimensions | null, kind: string): void {
  if (dimensions === null) throw invalid(`is not a readable ${kind} image (its header is missing or damaged)`);
  const { width, height } = dimensions;
  if (width < 1 || height < 1) throw invalid(`is not a readable ${kind} image (it has no pixels)`);
  if (width > LOGO_MAX_PIXELS_PER_SIDE || height > LOGO_MAX_PIXELS_PER_SIDE) {
    throw invalid(`must be at most ${LOGO_MAX_PIXELS_PER_SIDE} × ${LOGO_MAX_PIXELS_PER_SIDE} pixels (this one is ${width} × ${height})`);
  }
}

/** The size in the IHDR chunk, which a PNG must start with right after its signature. */
function pngDimensions(bytes: Buffer): Dimensions | null {
  if (bytes.length < 33 || bytes.readUInt32BE(8) !== 13 || bytes.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The size in the first start-of-frame segment, found by walking the JPEG's marker segments. */
function jpegDimensions(bytes: Buffer): Dimensions | null {
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any frame header
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2) return null;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (offset + 9 > bytes.length) return null;
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return null;
}

/** XML character and predefined entity references, decoded so that checks see what a browser sees. */
function decodeReferences(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)))
    .replace(/&#([0-9]+);?/g, (_m, dec: string) => String.fromCodePoint(Math.min(parseInt(dec, 10), 0x10ffff)))
    .replace(/&(lt|gt|amp|quot|apos);/g, (_m, name: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[name] ?? '');
}

/** A reference that stays inside the file: a fragment, or an embedded raster/vector image. */
function isInternalReference(value: string): boolean {
  const v = value.trim();
  return v.startsWith('#') || /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(v);
}

/** CSS that loads something from elsewhere: @import, or url() to anything but a fragment or data image. */
function cssProblem(css: string): string | null {
  // Comments and escapes could hide a keyword from the checks below: refuse them outright.
  if (/\\/.test(css)) return 'must not contain CSS escapes';
  const bare = css.replace(/\/\*[\s\S]*?\*\//g, '');
  if (/@import/i.test(bare)) return 'must not import style sheets';
  for (const match of bare.matchAll(/url\s*\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
    if (!isInternalReference(match[2] ?? '')) return 'must not reference external resources (url())';
  }
  if (/url\s*\(/i.test(bare.replace(/url\s*\(\s*(['"]?)([^'")]*)\1\s*\)/gi, ''))) return 'must not reference external resources (url())';
  return null;
}

const localName = (name: string) => (name.includes(':') ? name.slice(name.lastIndexOf(':') + 1) : name).toLowerCase();

type Node = Record<string, unknown>;

/** Why this SVG is refused, or null when it is acceptable. */
export function svgProblem(bytes: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'is not a UTF-8 encoded SVG image';
  }
  if (text.includes('\u0000')) return 'is not a text SVG image';
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) return 'must not contain a DOCTYPE or entity declarations';
  if (XMLValidator.validate(text) !== true) return 'is not a well-formed SVG image';

  let tree: Node[];
  try {
    const parser = new XMLParser({
      preserveOrder: true,
      ignoreAttributes: false,
      attributeNamePrefix: '',
      allowBooleanAttributes: true,
      processEntities: false,
      parseTagValue: false,
      parseAttributeValue: false,
      trimValues: false,
    });
    tree = parser.parse(text) as Node[];
  } catch {
    return 'is not a well-formed SVG image';
  }

  let sawRoot = false;
  // Walked with an explicit stack: a deeply nested file cannot overflow the call stack.
  const stack: { nodes: Node[]; depth: number; parent: string | null }[] = [{ nodes: tree, depth: 0, parent: null }];
  while (stack.length > 0) {
    const { nodes, depth, parent } = stack.pop()!;
    for (const node of nodes) {
      for (const [key, value] of Object.entries(node)) {
        if (key === ':@') continue;
        if (key === '#text') {
          // CDATA arrives here as text too; decoding it as well only makes the check stricter.
          if (parent === 'style') {
            const problem = cssProblem(decodeReferences(String(value)));
            if (problem) return problem;
          }
          continue;
        }
        if (key.startsWith('?')) {
          if (key !== '?xml') return 'must not contain processing instructions such as xml-stylesheet';
          continue;
        }
        const name = localName(key);
        if (depth === 0) {
          if (name !== 'svg' || sawRoot) return 'is not an SVG image (its root element must be <svg>)';
          sawRoot = true;
        }
        if (FORBIDDEN_ELEMENTS.has(name)) return `must not contain <${key}> elements`;
        const attributes = (node[':@'] ?? {}) as Record<string, unknown>;
        const problem = attributesProblem(name, attributes);
        if (problem) return problem;
        if (Array.isArray(value)) stack.push({ nodes: value as Node[], depth: depth + 1, parent: name });
      }
    }
  }
  return sawRoot ? null : 'is not an SVG image (its root element must be <svg>)';
}

function attributesProblem(element: string, attributes: Record<string, unknown>): string | null {
  for (const [rawName, rawValue] of Object.entries(attributes)) {
    const name = localName(rawName);
    const value = decodeReferences(typeof rawValue === 'string' ? rawValue : '');
    if (name.startsWith('on')) return `must not contain event handler attributes (${rawName})`;
    if (name === 'href' && !isInternalReference(value)) return `must not reference external resources (${rawName}="${value.slice(0, 60)}")`;
    // Control characters and spaces inside a scheme are ignored by browsers: strip them before looking.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    if (/javascript:|vbscript:/i.test(value.replace(/[\s\u0000-\u001f]+/g, ''))) return `must not contain script URLs (${rawName})`;
    if (name === 'style') {
      const problem = cssProblem(value);
      if (problem) return problem;
    }
    if (ANIMATION_ELEMENTS.has(element) && name === 'attributename') {
      const target = localName(value.trim());
      if (target === 'href' || target.startsWith('on')) return `must not animate ${value.trim()}`;
    }
  }
  return null;
}

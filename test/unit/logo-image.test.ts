import { describe, expect, it } from 'vitest';
import { assertValidLogo, svgProblem } from '../../src/modules/organizations/logo-image.ts';
import { JPEG_IMAGE, pngImage, svgImage } from '../support/images.ts';

const svg = (inner: string) => svgProblem(svgImage(inner));
const raw = (text: string) => svgProblem(Buffer.from(text));

describe('SVG logos', () => {
  it('accepts ordinary drawings with internal references', () => {
    expect(svg('<rect width="10" height="10" fill="#123456"/><text x="1" y="9">Acme &amp; Co</text>')).toBeNull();
    expect(svg('<defs><clipPath id="c"><circle r="4"/></clipPath></defs><g clip-path="url(#c)"><use href="#c"/></g>')).toBeNull();
    expect(svg('<style>.a{fill:url("#g")}</style><image href="data:image/png;base64,AAAA"/>')).toBeNull();
    expect(raw('<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:rect/></svg:svg>')).toBeNull();
  });

  it.each([
    ['<script>alert(1)</script>', /<script>/],
    ['<svg:script xmlns:svg="http://www.w3.org/2000/svg">x</svg:script>', /svg:script/],
    ['<foreignObject/>', /foreignObject/],
    ['<rect onmouseover="x"/>', /event handler/],
    ['<rect xlink:onclick="x" xmlns:xlink="http://www.w3.org/1999/xlink"/>', /event handler/],
    ['<image href="http://evil.example/x.png"/>', /external resources/],
    ['<image href=" //evil.example/x.png"/>', /external resources/],
    ['<a href="&#x6A;avascript:alert(1)"/>', /external resources/],
    ['<rect fill="java&#10;script:x"/>', /script URLs/],
    ['<animate attributeName="onbegin" to="alert(1)"/>', /must not animate/],
    ['<style>rect{background:url(http://x/y)}</style>', /url\(\)/],
    ['<style>rect{background:u\\72l(http://x/y)}</style>', /escapes/],
    ['<style>@imp/**/ort "x.css";</style>', /import/],
    ['<style><![CDATA[ @import "http://x/a.css"; ]]></style>', /import/],
  ])('refuses %s', (inner, reason) => {
    expect(svg(inner)).toMatch(reason);
  });

  it('refuses DOCTYPEs, entities, processing instructions, other roots and non-XML', () => {
    expect(raw('<!DOCTYPE svg><svg/>')).toMatch(/DOCTYPE/);
    expect(raw('<!doctype svg><svg/>')).toMatch(/DOCTYPE/);
    expect(raw('<?xml-stylesheet href="a.css"?><svg/>')).toMatch(/processing instructions/);
    expect(raw('<html><svg/></html>')).toMatch(/root element/);
    expect(raw('hello')).toMatch(/well-formed|root element/);
    expect(svgProblem(Buffer.from([0xff, 0xfe, 0x3c, 0x00]))).toMatch(/UTF-8/);
    const deep = `<svg>${'<g>'.repeat(20000)}${'</g>'.repeat(20000)}</svg>`;
    expect(raw(deep)).not.toBeNull();
  });
});

describe('raster logos', () => {
  it('accepts real PNG and JPEG files', () => {
    expect(() => assertValidLogo('image/png', pngImage(200, 80))).not.toThrow();
    expect(() => assertValidLogo('image/jpeg', JPEG_IMAGE)).not.toThrow();
  });

  it('refuses mismatched, damaged and oversized images', () => {
    expect(() => assertValidLogo('image/jpeg', pngImage())).toThrow(/not a JPEG/);
    expect(() => assertValidLogo('image/png', JPEG_IMAGE)).toThrow(/not a PNG/);
    expect(() => assertValidLogo('image/png', pngImage().subarray(0, 20))).toThrow(/header/);
    expect(() => assertValidLogo('image/jpeg', JPEG_IMAGE.subarray(0, 30))).toThrow(/header/);
    expect(() => assertValidLogo('image/png', pngImage(4097, 1))).toThrow(/4096/);
    expect(() => assertValidLogo('image/png', Buffer.alloc(0))).toThrow(/empty/);
  });
});

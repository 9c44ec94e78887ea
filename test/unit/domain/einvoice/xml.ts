/**
 * Minimal typed access to fast-xml-parser output for the EN 16931 example tests. Every element
 * is parsed as an array (isArray) and every value kept as text (parseTagValue: false), so
 * "4.0000" and "0721-880X" survive untouched and a repeated element is never mistaken for a
 * single one.
 */

import { XMLParser } from 'fast-xml-parser';

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
});

export function parseXml(xml: string): XmlNode {
  return parser.parse(xml) as XmlNode;
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** All child elements called `name` (elements with only text come back as { '#text': … }). */
export function all(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => (isNode(item) ? item : { '#text': typeof item === 'string' ? item : '' }));
}

/** The first child element `name`, or undefined. */
export function one(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return all(node, name)[0];
}

/** Follows a path of element names, taking the first match at each step. */
export function at(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  return names.reduce<XmlNode | undefined>((current, name) => one(current, name), node);
}

/** Text content of the element at the path, trimmed; undefined when absent. */
export function text(node: XmlNode | undefined, ...names: string[]): string | undefined {
  const target = at(node, ...names);
  if (target === undefined) return undefined;
  const value = target['#text'];
  return typeof value === 'string' ? value.trim() : '';
}

/** Like text, but the element must exist. */
export function required(node: XmlNode | undefined, ...names: string[]): string {
  const value = text(node, ...names);
  if (value === undefined || value === '') throw new Error(`Missing element ${names.join('/')}`);
  return value;
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
}

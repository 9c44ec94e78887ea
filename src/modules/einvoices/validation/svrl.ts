/**
 * Reads the SVRL report the rule stylesheets produce: every svrl:failed-assert (a rule that
 * did not hold) and svrl:successful-report (a rule that reports a finding), with its rule id,
 * flag (fatal or warning), XPath location and message.
 */
import { XMLParser } from 'fast-xml-parser';

export interface RuleFinding {
  /** The rule id, e.g. "BR-CO-16". */
  rule: string;
  /** As the rule declares it: "fatal" (an error), "warning", or "information". */
  flag: string;
  /** XPath of the element the finding is about. */
  location: string;
  message: string;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  isArray: (name) => name === 'failed-assert' || name === 'successful-report' || name === 'text',
  textNodeName: '#text',
  processEntities: true,
});

type Node = Record<string, unknown>;

/** A scalar as text ('' for anything else). */
function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function textOf(node: Node): string {
  const parts = (node.text as unknown[] | undefined) ?? [];
  return parts
    .map((part) => (typeof part === 'object' && part !== null ? scalar((part as Node)['#text']) : scalar(part)))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function findingsOf(nodes: unknown): RuleFinding[] {
  if (!Array.isArray(nodes)) return [];
  return (nodes as Node[]).map((node) => ({
    rule: scalar(node.id) || 'unknown',
    flag: scalar(node.flag) || 'fatal',
    location: scalar(node.location),
    message: textOf(node),
  }));
}

export function readSvrl(svrl: string): RuleFinding[] {
  const report = (parser.parse(svrl) as Node)['schematron-output'] as Node | undefined;
  if (report === undefined) throw new Error('The rules produced no SVRL report');
  return [...findingsOf(report['failed-assert']), ...findingsOf(report['successful-report'])];
}
